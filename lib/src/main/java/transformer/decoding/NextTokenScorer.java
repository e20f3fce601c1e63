package transformer.decoding;

import org.ejml.simple.SimpleMatrix;

import transformer.model.DecoderOnlyLanguageModel;
import transformer.model.EncoderDecoder;
import transformer.model.TransformerConfig;

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

    /**
     * A decoder-only language model continuing a prompt: each prefix {@code <bos> y1 … yt} is read as
     * {@code <bos> prompt y1 … yt}, and the last position's row is the next-token distribution. So
     * {@code GreedyDecoder.search(NextTokenScorer.of(lm, prompt), 20)} generates a continuation.
     */
    static NextTokenScorer of(DecoderOnlyLanguageModel model, int[] prompt) {
        if (prompt == null) {
            throw new IllegalArgumentException("NextTokenScorer.of: prompt is null; pass new int[0] for no prompt");
        }
        for (int i = 0; i < prompt.length; i++) {
            if (prompt[i] < 0 || prompt[i] >= model.config().targetVocabSize() || prompt[i] == model.config().padId()) {
                throw new IllegalArgumentException("NextTokenScorer.of: prompt token " + i + " is id " + prompt[i]
                        + "; expected a non-pad id in 0.." + (model.config().targetVocabSize() - 1));
            }
        }
        model.setTraining(false);
        return prefixes -> {
            int b = prefixes.length;
            int n = prefixes[0].length + prompt.length;
            int[][] tokens = new int[b][n];
            for (int i = 0; i < b; i++) {
                tokens[i][0] = TransformerConfig.BOS_ID;
                System.arraycopy(prompt, 0, tokens[i], 1, prompt.length);
                System.arraycopy(prefixes[i], 1, tokens[i], 1 + prompt.length, prefixes[i].length - 1);
            }
            SimpleMatrix all = model.forward(tokens);
            SimpleMatrix last = new SimpleMatrix(b, all.getNumCols());
            for (int i = 0; i < b; i++) {
                last.insertIntoThis(i, 0, all.extractVector(true, i * n + n - 1));
            }
            return last;
        };
    }
}
