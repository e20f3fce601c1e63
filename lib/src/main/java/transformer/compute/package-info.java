/**
 * The kit's fast arithmetic: the matrix product every layer runs through, packed into cache-sized
 * panels, computed in register tiles on the CPU's vector unit, and split across threads. No lesson
 * opens this package; {@link transformer.layers.MatrixProduct} is its front door.
 *
 * <p>Every entry of a product is summed in one fixed order, c_ij ← (…((c_ij + a_i0·b_0j) + a_i1·b_1j)
 * …) + a_i,m−1·b_m−1,j, each product rounded before it is added (no fused multiply-add), whichever
 * path computes it: the vector tiles, the plain Java fallback, one thread or several. So results are
 * the same bits on every run, at every thread count, with or without the Vector API, and the same
 * bits as EJML's {@code CommonOps_DDRM} products into a zeroed result.
 *
 * <p>The vector tiles use {@code jdk.incubator.vector}, which the JVM loads only when started with
 * {@code --add-modules jdk.incubator.vector} (the course's kernels, Maven and the scripts pass it).
 * Without it the same loops run in plain Java, slower but with the same results.
 */
package transformer.compute;
