package transformer.decoding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.ejml.simple.SimpleMatrix;

import transformer.data.Batch;
import transformer.data.Example;
import transformer.data.Vocabulary;
import transformer.model.EncoderDecoder;
import transformer.model.TransformerConfig;

/**
 * Greedy decoding: start from {@code <bos>}, and at every step append the single most probable next
 * token, until the model writes {@code <eos>} or the output reaches {@code maxLength} tokens. Every
 * step's choice and its probability are recorded. It never chooses {@code <pad>} or {@code <bos>},
 * which cannot appear inside an output. Ties go to the smaller token id.
 *
 * <p>This is where training and use differ: in training the decoder always saw the true previous
 * tokens (teacher forcing); here it sees its own, mistakes included.
 */
public final class GreedyDecoder {

    /** One decoding step: the position written, the token chosen and the probability the model gave it. */
    public record Step(int position, int token, double probability) {
    }

    /**
     * A decoded output: the tokens (without {@code <bos>} and {@code <eos>}), every step (the last one
     * is the {@code <eos>} if the model wrote it), the summed log-probability of all steps, and every
     * attention map of the final output ({@code null} when decoding a bare {@link NextTokenScorer}).
     */
    public record Result(int[] tokens, List<Step> steps, boolean endedWithEos, double logProb, AttentionMaps attention) {

        @Override
        public String toString() {
            return "GreedyDecoder.Result(" + Arrays.toString(tokens) + (endedWithEos ? " <eos>" : " (no <eos>)")
                    + ", log-prob " + logProb + ")";
        }
    }

    private final EncoderDecoder model;
    private final int maxLength;

    public GreedyDecoder(EncoderDecoder model, int maxLength) {
        if (model == null) {
            throw new IllegalArgumentException("GreedyDecoder: model is null");
        }
        if (maxLength < 1 || maxLength >= model.config().maxLength()) {
            throw new IllegalArgumentException("GreedyDecoder: max length is " + maxLength
                    + "; expected 1 ≤ max length < the model's maxLength " + model.config().maxLength()
                    + " (the decoder input is <bos> plus the output)");
        }
        this.model = model;
        this.maxLength = maxLength;
    }

    /** Decodes one source sentence (token ids, no padding) step by step. */
    public Result decode(int[] source) {
        Sources.check("GreedyDecoder.decode:", source, model.config());
        Result r = search(NextTokenScorer.of(model, source), maxLength);
        return new Result(r.tokens(), r.steps(), r.endedWithEos(), r.logProb(),
                AttentionMaps.of(model, source, r.tokens()));
    }

    /** Greedy decoding over any scorer, for example a hand-made table of next-token probabilities. */
    public static Result search(NextTokenScorer scorer, int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("GreedyDecoder.search: max length is " + maxLength + "; expected at least 1");
        }
        List<Integer> output = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        double logProb = 0;
        boolean ended = false;
        while (output.size() < maxLength && !ended) {
            SimpleMatrix row = scorer.nextLogProbs(new int[][] {withBos(output)});
            int best = argmax(row, 0);
            logProb += row.get(0, best);
            steps.add(new Step(output.size(), best, Math.exp(row.get(0, best))));
            if (best == TransformerConfig.EOS_ID) {
                ended = true;
            } else {
                output.add(best);
            }
        }
        return new Result(output.stream().mapToInt(Integer::intValue).toArray(), steps, ended, logProb, null);
    }

    /**
     * Decodes many sources at once (one batch, one decoder pass per step): the outputs only, for
     * measuring accuracy quickly. Each output is what {@link #decode} would give, up to rounding.
     */
    public List<int[]> decodeAll(List<int[]> sources) {
        if (sources == null || sources.isEmpty()) {
            throw new IllegalArgumentException("GreedyDecoder.decodeAll: got no sources; expected at least one");
        }
        for (int i = 0; i < sources.size(); i++) {
            Sources.check("GreedyDecoder.decodeAll: source " + i + ":", sources.get(i), model.config());
        }
        int[][] source = Batch.pad("GreedyDecoder.decodeAll:", sources);
        model.setTraining(false);
        SimpleMatrix memory = model.encode(source);
        int b = source.length;
        List<List<Integer>> outputs = new ArrayList<>();
        boolean[] done = new boolean[b];
        for (int i = 0; i < b; i++) {
            outputs.add(new ArrayList<>());
        }
        for (int t = 0; t < maxLength; t++) {
            int[][] prefixes = new int[b][];
            for (int i = 0; i < b; i++) {
                prefixes[i] = withBos(outputs.get(i));
            }
            SimpleMatrix logProbs = model.decode(memory, source, padRows(prefixes, t + 1));
            boolean all = true;
            for (int i = 0; i < b; i++) {
                if (done[i]) {
                    continue;
                }
                int best = argmax(logProbs, i * (t + 1) + t);
                if (best == TransformerConfig.EOS_ID) {
                    done[i] = true;
                } else {
                    outputs.get(i).add(best);
                    all = false;
                }
            }
            if (all) {
                break;
            }
        }
        List<int[]> out = new ArrayList<>(b);
        for (List<Integer> o : outputs) {
            out.add(o.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }

    /** The fraction of examples whose whole decoded output equals the target, token for token. */
    public double exactMatch(List<Example> examples, Vocabulary vocabulary) {
        if (examples == null || examples.isEmpty()) {
            throw new IllegalArgumentException("GreedyDecoder.exactMatch: got no examples; expected at least one");
        }
        int correct = 0;
        int chunk = 64;
        for (int from = 0; from < examples.size(); from += chunk) {
            List<Example> part = examples.subList(from, Math.min(examples.size(), from + chunk));
            List<int[]> sources = new ArrayList<>();
            part.forEach(e -> sources.add(vocabulary.encode(e.source())));
            List<int[]> outputs = decodeAll(sources);
            for (int i = 0; i < part.size(); i++) {
                if (Arrays.equals(outputs.get(i), vocabulary.encode(part.get(i).target()))) {
                    correct++;
                }
            }
        }
        return correct / (double) examples.size();
    }

    private static int[] withBos(List<Integer> output) {
        int[] prefix = new int[output.size() + 1];
        prefix[0] = TransformerConfig.BOS_ID;
        for (int i = 0; i < output.size(); i++) {
            prefix[i + 1] = output.get(i);
        }
        return prefix;
    }

    /** Rows of finished outputs are shorter; pad them (their predictions are ignored). */
    private static int[][] padRows(int[][] prefixes, int n) {
        int[][] out = new int[prefixes.length][n];
        for (int i = 0; i < prefixes.length; i++) {
            System.arraycopy(prefixes[i], 0, out[i], 0, Math.min(n, prefixes[i].length));
        }
        return out;
    }

    /** The most probable token of one row, skipping pad and bos; ties go to the smaller id. */
    static int argmax(SimpleMatrix logProbs, int row) {
        int best = -1;
        for (int c = 0; c < logProbs.getNumCols(); c++) {
            if (c == TransformerConfig.PAD_ID || c == TransformerConfig.BOS_ID) {
                continue;
            }
            if (best < 0 || logProbs.get(row, c) > logProbs.get(row, best)) {
                best = c;
            }
        }
        return best;
    }
}
