/**
 * Positions, lesson 06: the paper's {@link transformer.position.SinusoidalPositionalEncoding}
 * (PE(pos, 2i) = sin(pos / 10000^(2i/d_model)), PE(pos, 2i+1) = cos of the same; {@code shift(k)} is the
 * rotation with PE(pos+k) = PE(pos)·M_k) and BERT-style {@link transformer.position.LearnedPositionEmbedding}.
 * Both implement {@link transformer.position.PositionalEncoding}: add position r mod n to row r of a
 * stacked batch. A {@link transformer.position.PositionKind} in the model's config picks one.
 */
package transformer.position;
