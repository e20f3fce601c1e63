/**
 * Tokenizers: how text becomes the token ids a model reads, and back.
 *
 * <ul>
 *   <li>{@link transformer.tokenize.CharacterTokenizer}: every character is a token;</li>
 *   <li>{@link transformer.tokenize.BytePairEncoding}: subword tokens learned from a corpus by
 *       merging the most frequent adjacent pair, again and again (Sennrich et al. 2016), trained by
 *       {@link transformer.tokenize.BytePairTraining}, which can also be run one merge at a time;</li>
 *   <li>{@link transformer.tokenize.Pretokenizer}: the split into chunks that keeps merges inside words.</li>
 * </ul>
 *
 * Every tokenizer has the kit's special tokens at their fixed ids ({@code <pad>} 0, {@code <bos>} 1,
 * {@code <eos>} 2, {@code <unk>} 3) and gives a {@link transformer.data.Vocabulary} whose ids are its
 * own, so its tokens go straight into {@link transformer.data.Example}, {@link transformer.data.Batch}
 * and the models. Text never produces {@code <pad>}, {@code <bos>} or {@code <eos>}: {@code Batch}
 * adds those.
 */
package transformer.tokenize;
