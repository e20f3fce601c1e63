package transformer.decoding;

import org.ejml.simple.SimpleMatrix;

import transformer.model.EncoderDecoder;

/**
 * What a decoder searches over: for each prefix of output tokens (all starting with {@code <bos>} and
 * of one length), the log-probabilities of every possible next token, one row per prefix (B × V).
 * {@link #of(EncoderDecoder, int[])} asks a trained model; a hand-made table works too, which is how
 * lesson 11 shows a case where beam search beats greedy decoding.
 */
@FunctionalInterface
public interface NextTokenScorer {

    SimpleMatrix nextLogProbs(int[][] prefixes);

    /**
     * The model's next-token log-probabilities for one source sentence. The source is encoded once;
     * each call runs the decoder over the whole prefix (no caching, so every step is the plain
     * teacher-forced computation) and keeps the last position's row.
     */
    static NextTokenScorer of(EncoderDecoder model, int[] source) {
        model.setTraining(false);
        int[][] oneSource = {source.clone()};
        SimpleMatrix memory = model.encode(oneSource);
        return prefixes -> {
            int b = prefixes.length;
            int n = prefixes[0].length;
            int[][] sources = new int[b][];
            SimpleMatrix tiled = memory;
            for (int i = 0; i < b; i++) {
                sources[i] = oneSource[0];
                if (i > 0) {
                    tiled = tiled.concatRows(memory);
                }
            }
            SimpleMatrix all = model.decode(tiled, sources, prefixes);
            SimpleMatrix last = new SimpleMatrix(b, all.getNumCols());
            for (int i = 0; i < b; i++) {
                last.insertIntoThis(i, 0, all.extractVector(true, i * n + n - 1));
            }
            return last;
        };
    }
}
