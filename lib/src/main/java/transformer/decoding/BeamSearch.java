package transformer.decoding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.ejml.simple.SimpleMatrix;

import transformer.model.EncoderDecoder;
import transformer.model.TransformerConfig;

/**
 * Beam search: keep the {@code width} most probable partial outputs (the beam) instead of one. At each
 * step every partial output is extended by every token; of all the extensions, the best ones ending
 * in {@code <eos>} are finished, and the best {@code width} others go on. It stops when {@code width}
 * outputs have finished or the outputs reach {@code maxLength} tokens.
 *
 * <p>Summed log-probabilities favour short outputs (each token can only lower the sum), so finished
 * outputs are ranked by the GNMT length penalty: score / lp(len) with lp(len) = ((5 + len) / 6)^α,
 * where len counts the generated tokens including {@code <eos>}. α = 0 ranks by raw log-probability.
 * With width 1 it makes exactly the choices of {@link GreedyDecoder}.
 */
public final class BeamSearch {

    /** A finished output: tokens without {@code <bos>} and {@code <eos>}, its log-probability and its normalised score. */
    public record Hypothesis(int[] tokens, double logProb, double normalisedScore, boolean endedWithEos) {

        @Override
        public String toString() {
            return String.format("%s%s  log-prob %.4f  normalised %.4f", Arrays.toString(tokens),
                    endedWithEos ? " <eos>" : " (no <eos>)", logProb, normalisedScore);
        }
    }

    /** Finished outputs, best normalised score first, and the attention maps of the best one. */
    public record Result(List<Hypothesis> hypotheses, AttentionMaps attention) {

        public Result {
            hypotheses = List.copyOf(hypotheses);
        }

        public Hypothesis best() {
            return hypotheses.get(0);
        }
    }

    private final EncoderDecoder model;
    private final int width;
    private final int maxLength;
    private final double alpha;

    public BeamSearch(EncoderDecoder model, int width, int maxLength, double alpha) {
        if (model == null) {
            throw new IllegalArgumentException("BeamSearch: model is null");
        }
        checkSettings("BeamSearch", width, maxLength, alpha);
        if (maxLength >= model.config().maxLength()) {
            throw new IllegalArgumentException("BeamSearch: max length is " + maxLength
                    + "; expected less than the model's maxLength " + model.config().maxLength()
                    + " (the decoder input is <bos> plus the output)");
        }
        this.model = model;
        this.width = width;
        this.maxLength = maxLength;
        this.alpha = alpha;
    }

    /** Searches for the best outputs for one source sentence (token ids, no padding). */
    public Result decode(int[] source) {
        Sources.check("BeamSearch.decode:", source, model.config());
        List<Hypothesis> found = search(NextTokenScorer.of(model, source), width, maxLength, alpha);
        return new Result(found, AttentionMaps.of(model, source, found.get(0).tokens()));
    }

    /** GNMT's length penalty ((5 + len) / 6)^α. */
    public static double lengthPenalty(int length, double alpha) {
        return Math.pow((5.0 + length) / 6.0, alpha);
    }

    /** Beam search over any scorer; returns up to {@code width} outputs, best normalised score first. */
    public static List<Hypothesis> search(NextTokenScorer scorer, int width, int maxLength, double alpha) {
        checkSettings("BeamSearch.search", width, maxLength, alpha);
        List<int[]> alive = new ArrayList<>(List.of(new int[0]));
        List<Double> aliveScores = new ArrayList<>(List.of(0.0));
        List<Hypothesis> finished = new ArrayList<>();
        for (int t = 0; t < maxLength && finished.size() < width && !alive.isEmpty(); t++) {
            int[][] prefixes = new int[alive.size()][];
            for (int i = 0; i < alive.size(); i++) {
                prefixes[i] = withBos(alive.get(i));
            }
            SimpleMatrix logProbs = scorer.nextLogProbs(prefixes);
            List<double[]> candidates = new ArrayList<>(); // {score, beam index, token}
            for (int i = 0; i < alive.size(); i++) {
                for (int c = 0; c < logProbs.getNumCols(); c++) {
                    double score = aliveScores.get(i) + logProbs.get(i, c);
                    if (c != TransformerConfig.PAD_ID && c != TransformerConfig.BOS_ID && score > Double.NEGATIVE_INFINITY) {
                        candidates.add(new double[] {score, i, c});
                    }
                }
            }
            candidates.sort(Comparator.<double[]>comparingDouble(x -> -x[0])
                    .thenComparingDouble(x -> x[1]).thenComparingDouble(x -> x[2]));
            List<int[]> nextAlive = new ArrayList<>();
            List<Double> nextScores = new ArrayList<>();
            for (int rank = 0; rank < candidates.size() && nextAlive.size() < width; rank++) {
                double[] cand = candidates.get(rank);
                int[] tokens = alive.get((int) cand[1]);
                int token = (int) cand[2];
                if (token == TransformerConfig.EOS_ID) {
                    if (rank < width) {
                        finished.add(hypothesis(tokens, cand[0], true, alpha));
                    }
                } else {
                    int[] longer = Arrays.copyOf(tokens, tokens.length + 1);
                    longer[tokens.length] = token;
                    nextAlive.add(longer);
                    nextScores.add(cand[0]);
                }
            }
            alive = nextAlive;
            aliveScores = nextScores;
        }
        if (finished.size() < width) {
            for (int i = 0; i < alive.size(); i++) {
                finished.add(hypothesis(alive.get(i), aliveScores.get(i), false, alpha));
            }
        }
        finished.sort(Comparator.comparingDouble(h -> -h.normalisedScore()));
        return finished.subList(0, Math.min(width, finished.size()));
    }

    private static Hypothesis hypothesis(int[] tokens, double logProb, boolean ended, double alpha) {
        int length = tokens.length + (ended ? 1 : 0);
        return new Hypothesis(tokens, logProb, logProb / lengthPenalty(length, alpha), ended);
    }

    private static int[] withBos(int[] tokens) {
        int[] prefix = new int[tokens.length + 1];
        prefix[0] = TransformerConfig.BOS_ID;
        System.arraycopy(tokens, 0, prefix, 1, tokens.length);
        return prefix;
    }

    private static void checkSettings(String operation, int width, int maxLength, double alpha) {
        if (width < 1) {
            throw new IllegalArgumentException(operation + ": beam width is " + width + "; expected at least 1");
        }
        if (maxLength < 1) {
            throw new IllegalArgumentException(operation + ": max length is " + maxLength + "; expected at least 1");
        }
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException(operation + ": length-penalty α is " + alpha
                    + "; expected a finite number ≥ 0 (GNMT used 0.6–0.7)");
        }
    }
}
