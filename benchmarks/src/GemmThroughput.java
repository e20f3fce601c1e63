import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

import transformer.bench.Timing;
import transformer.compute.Gemm;
import transformer.layers.MatrixProduct;

/**
 * GFLOP/s of the kit's MatrixProduct (and of EJML's CommonOps_DDRM, the kit's products before it) at
 * the shapes the kit's models multiply, in the three forms a linear layer runs: Y = X·W, ∂W += Xᵀ·dY,
 * dX = dY·Wᵀ. Also the machine's float64 peak on one core, measured with independent vector
 * fused multiply-adds. Writes results/gemm_java_&lt;threads&gt;t.csv; benchmarks/pytorch_gemm.py runs the same shapes
 * in PyTorch's BLAS.
 */
public final class GemmThroughput {

    /** n × m times m × p: one layer's product for a batch of n rows. */
    record Shape(String model, String layer, int n, int m, int p) {
    }

    static final Shape[] SHAPES = {
        new Shape("tiny", "attention W", 320, 32, 32),
        new Shape("tiny", "feed-forward W1", 320, 32, 128),
        new Shape("small", "attention W", 768, 64, 64),
        new Shape("small", "feed-forward W1", 768, 64, 256),
        new Shape("nanoGPT", "attention W", 768, 128, 128),
        new Shape("nanoGPT", "MLP c_fc", 768, 128, 512),
        new Shape("nanoGPT", "MLP c_proj", 768, 512, 128),
        new Shape("nanoGPT", "lm head", 768, 128, 65),
        new Shape("base", "attention W", 2048, 512, 512),
        new Shape("base", "feed-forward W1", 2048, 512, 2048),
        new Shape("base", "feed-forward W2", 2048, 2048, 512),
    };

    public static void main(String[] args) throws IOException {
        Path results = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
        Files.createDirectories(results);
        int threads = Threads.fromEnvironment();
        double peak = peak();
        System.out.printf(Locale.ROOT, "vector API: %s; float64 peak of one core (independent vector FMAs): %.1f GFLOP/s%n",
                Gemm.vectorised() ? "yes" : "no (plain Java)", peak);
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(results.resolve("gemm_java_" + threads + "t.csv")))) {
            csv.println("model,layer,form,n,m,p,threads,kit_gflops,ejml_gflops,peak_gflops_one_core");
            System.out.printf(Locale.ROOT, "%-8s %-16s %-8s %18s %10s %10s%n", "model", "layer", "form", "shape", "kit", "EJML");
            for (Shape s : SHAPES) {
                for (String form : new String[] {"X·W", "Xᵀ·dY", "dY·Wᵀ"}) {
                    double[] g = measure(s, form, threads);
                    String shape = s.n() + "x" + s.m() + "x" + s.p();
                    System.out.printf(Locale.ROOT, "%-8s %-16s %-8s %18s %10.1f %10.1f%n", s.model(), s.layer(), form,
                            shape, g[0], g[1]);
                    csv.printf(Locale.ROOT, "%s,%s,%s,%d,%d,%d,%d,%.3f,%.3f,%.3f%n", s.model(), s.layer(), form, s.n(),
                            s.m(), s.p(), threads, g[0], g[1], peak);
                }
            }
        }
    }

    /** GFLOP/s of the kit and of EJML, from the median of 5 repeats (thread CPU at 1 thread, wall above). */
    private static double[] measure(Shape s, String form, int threads) {
        SplittableRandom random = new SplittableRandom(1);
        DMatrixRMaj x = random(s.n(), s.m(), random);
        DMatrixRMaj w = random(s.m(), s.p(), random);
        DMatrixRMaj y = random(s.n(), s.p(), random);
        DMatrixRMaj dw = new DMatrixRMaj(s.m(), s.p());
        DMatrixRMaj dx = new DMatrixRMaj(s.n(), s.m());
        Runnable kit;
        Runnable ejml;
        switch (form) {
            case "X·W" -> {
                kit = () -> MatrixProduct.multiply(x, w, y);
                ejml = () -> CommonOps_DDRM.mult(x, w, y);
            }
            case "Xᵀ·dY" -> {
                kit = () -> MatrixProduct.multiplyTransposeAAdd(x, y, dw);
                ejml = () -> CommonOps_DDRM.multAddTransA(x, y, dw);
            }
            default -> {
                kit = () -> MatrixProduct.multiplyTransposeB(y, w, dx);
                ejml = () -> CommonOps_DDRM.multTransB(y, w, dx);
            }
        }
        double flops = 2.0 * s.n() * s.m() * s.p();
        int calls = (int) Math.max(1, Math.min(2000, 0.2e9 / flops)); // about 0.2 GFLOP per repeat
        return new double[] {gflops(kit, calls, flops, threads), gflops(ejml, calls, flops, threads)};
    }

    private static double gflops(Runnable task, int calls, double flops, int threads) {
        Timing.Seconds t = Timing.medianPerCall(task, calls, 3, 5);
        double seconds = threads == 1 ? t.threadCpu() : t.wall();
        return flops / seconds / 1e9;
    }

    private static DMatrixRMaj random(int rows, int cols, SplittableRandom random) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = random.nextGaussian();
        }
        return m;
    }

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    /** Float64 GFLOP/s of one core: 12 independent chains of vector FMAs (2 flops per lane each). */
    static double peak() {
        double[] sink = new double[S.length()];
        int iterations = 20_000_000;
        Runnable loop = () -> {
            DoubleVector x = DoubleVector.broadcast(S, 1.0000001);
            DoubleVector y = DoubleVector.broadcast(S, 0.9999999);
            DoubleVector a0 = DoubleVector.broadcast(S, 0.1), a1 = a0.add(0.1), a2 = a0.add(0.2), a3 = a0.add(0.3);
            DoubleVector a4 = a0.add(0.4), a5 = a0.add(0.5), a6 = a0.add(0.6), a7 = a0.add(0.7);
            DoubleVector a8 = a0.add(0.8), a9 = a0.add(0.9), a10 = a0.add(1.0), a11 = a0.add(1.1);
            for (int i = 0; i < iterations; i++) {
                a0 = a0.fma(x, y); a1 = a1.fma(x, y); a2 = a2.fma(x, y); a3 = a3.fma(x, y);
                a4 = a4.fma(x, y); a5 = a5.fma(x, y); a6 = a6.fma(x, y); a7 = a7.fma(x, y);
                a8 = a8.fma(x, y); a9 = a9.fma(x, y); a10 = a10.fma(x, y); a11 = a11.fma(x, y);
            }
            a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                    .intoArray(sink, 0);
        };
        Timing.Seconds t = Timing.medianPerCall(loop, 1, 2, 5);
        return 12.0 * 2 * S.length() * iterations / t.threadCpu() / 1e9;
    }
}
