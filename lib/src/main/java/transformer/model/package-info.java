/**
 * Whole models, lessons 07, 08 and 12. All are built from a {@link transformer.model.TransformerConfig}
 * (an immutable record that checks its values; presets {@code tiny}, {@code small}, {@code paperBase};
 * special ids PAD = 0, BOS = 1, EOS = 2, UNK = 3) and a {@code long} seed: the same seed gives bit-identical
 * weights (Xavier uniform) and dropout masks. A new model is in training mode; call
 * {@code setTraining(false)} to switch dropout off for evaluation and decoding.
 *
 * <p>Token input is {@code int[][]}: B rows of equal length, padded with {@code config.padId()}; masks are
 * built inside from the pad id. Outputs are log-probabilities, one row per position (or per sequence for
 * the classifier), and {@code backward(dLogProbs)} adds into every parameter's gradient.
 * <ul>
 *   <li>{@link transformer.model.EncoderDecoder}: {@code forward(source, targetInput)} → (B·n_tgt) × targetVocab;
 *       {@code encode(source)} → memory; {@code decode(memory, source, targetInput)} → log-probabilities;
 *       {@code backward}; {@code encoderSelfAttention(b)}, {@code decoderSelfAttention(b)},
 *       {@code crossAttention(b)} → weights indexed [layer][head].</li>
 *   <li>{@link transformer.model.EncoderClassifier}: {@code forward(tokens)} → B × classes (BERT-like, mean-pooled).</li>
 *   <li>{@link transformer.model.DecoderOnlyLanguageModel}: {@code forward(tokens)} → (B·n) × vocab (GPT-like, causal).</li>
 * </ul>
 * Their parts: {@link transformer.model.EncoderLayer}, {@link transformer.model.Encoder},
 * {@link transformer.model.DecoderLayer}, {@link transformer.model.Decoder}, {@link transformer.model.Generator}.
 */
package transformer.model;
