package transformer.translation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Corpus BLEU (Papineni et al., 2002) as sacrebleu computes it by default, so that a score printed
 * here can be compared with published ones:
 * <ul>
 *   <li>hypotheses and references are cut into words by the {@code 13a} tokenizer (mteval-v13a's
 *       rules: punctuation apart, except a period or comma next to a digit), case kept;</li>
 *   <li>n-grams of 1 to 4 words; a hypothesis n-gram counts as correct at most as many times as it
 *       appears in <em>any one</em> of its references (the counts are clipped);</li>
 *   <li>matches and totals are summed over the whole corpus before dividing: one precision per order,
 *       never an average of sentence scores;</li>
 *   <li>an order with no match gets sacrebleu's {@code exp} smoothing, 100 / (2^k · total) for the
 *       k-th such order; with no match at all the score is 0;</li>
 *   <li>the brevity penalty exp(1 − r / c) when the corpus's hypothesis length c is below r, the sum
 *       over sentences of the reference length closest to each hypothesis (the shorter on a tie).</li>
 * </ul>
 * BLEU = BP · exp(¼ Σ log pₙ), on a scale of 0 to 100.
 *
 * <pre>{@code
 * Bleu.Score s = Bleu.corpus(List.of("Il est grand."), List.of(List.of("Il est grand.", "Il est très grand.")));
 * s.score();   // 100.0
 * }</pre>
 */
public final class Bleu {

    /** The highest n-gram order, as in sacrebleu's default. */
    public static final int MAX_ORDER = 4;

    private static final Pattern PUNCTUATION = Pattern.compile("([{-~\\[-` -&(-+:-@/])");
    private static final Pattern PERIOD_COMMA_AFTER = Pattern.compile("([^0-9])([.,])");
    private static final Pattern PERIOD_COMMA_BEFORE = Pattern.compile("([.,])([^0-9])");
    private static final Pattern DASH_AFTER_DIGIT = Pattern.compile("([0-9])(-)");

    /**
     * A corpus score and what it is made of, as sacrebleu reports it.
     *
     * @param score           BLEU, 0 to 100
     * @param correct         clipped n-gram matches for n = 1..4
     * @param total           hypothesis n-grams for n = 1..4
     * @param precisions      the (smoothed) precisions in percent, n = 1..4
     * @param brevityPenalty  BP, 0 to 1
     * @param hypothesisLength the corpus's hypothesis length in 13a words
     * @param referenceLength  the sum of the closest reference lengths
     */
    public record Score(double score, int[] correct, int[] total, double[] precisions, double brevityPenalty,
                        int hypothesisLength, int referenceLength) {

        public Score {
            correct = correct.clone();
            total = total.clone();
            precisions = precisions.clone();
        }

        /** Hypothesis length over reference length. */
        public double ratio() {
            return referenceLength == 0 ? 0 : (double) hypothesisLength / referenceLength;
        }

        /** In sacrebleu's format: {@code BLEU = 35.21 61.0/41.2/30.1/22.3 (BP = 1.000 ratio = 1.012 hyp_len = … ref_len = …)}. */
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "BLEU = %.2f %.1f/%.1f/%.1f/%.1f (BP = %.3f ratio = %.3f hyp_len = %d ref_len = %d)",
                    score, precisions[0], precisions[1], precisions[2], precisions[3], brevityPenalty, ratio(),
                    hypothesisLength, referenceLength);
        }
    }

    private Bleu() {
    }

    /**
     * Corpus BLEU of {@code hypotheses[i]} against every string in {@code references[i]} (one or more
     * references per sentence, as many as it has).
     */
    public static Score corpus(List<String> hypotheses, List<? extends List<String>> references) {
        if (hypotheses == null || references == null) {
            throw new IllegalArgumentException("Bleu.corpus: got " + (hypotheses == null ? "no hypotheses" : "hypotheses")
                    + " and " + (references == null ? "no references" : "references")
                    + "; expected one list of hypothesis strings and, for each, a list of its reference strings");
        }
        if (hypotheses.isEmpty() || hypotheses.size() != references.size()) {
            throw new IllegalArgumentException("Bleu.corpus: got " + hypotheses.size() + " hypotheses and references for "
                    + references.size() + " sentences; expected the same number, at least one");
        }
        int[] correct = new int[MAX_ORDER];
        int[] total = new int[MAX_ORDER];
        int hypothesisLength = 0;
        int referenceLength = 0;
        for (int i = 0; i < hypotheses.size(); i++) {
            String hypothesis = hypotheses.get(i);
            List<String> refs = references.get(i);
            if (hypothesis == null) {
                throw new IllegalArgumentException("Bleu.corpus: hypothesis " + i
                        + " is null; expected a string (\"\" for a sentence the system left empty)");
            }
            if (refs == null || refs.isEmpty()) {
                throw new IllegalArgumentException("Bleu.corpus: sentence " + i + " (\"" + hypothesis
                        + "\") has no references; expected at least one reference string per sentence");
            }
            Map<List<String>, Integer> best = new HashMap<>();
            int[] refLengths = new int[refs.size()];
            for (int r = 0; r < refs.size(); r++) {
                if (refs.get(r) == null) {
                    throw new IllegalArgumentException("Bleu.corpus: reference " + r + " of sentence " + i
                            + " is null; expected a string");
                }
                List<String> words = tokenize13a(refs.get(r));
                refLengths[r] = words.size();
                ngrams(words).forEach((gram, count) -> best.merge(gram, count, Math::max));
            }
            List<String> words = tokenize13a(hypothesis);
            hypothesisLength += words.size();
            referenceLength += closest(words.size(), refLengths);
            for (Map.Entry<List<String>, Integer> e : ngrams(words).entrySet()) {
                int n = e.getKey().size() - 1;
                total[n] += e.getValue();
                correct[n] += Math.min(e.getValue(), best.getOrDefault(e.getKey(), 0));
            }
        }
        return score(correct, total, hypothesisLength, referenceLength);
    }

    /** Corpus BLEU with one reference per sentence. */
    public static Score corpusSingle(List<String> hypotheses, List<String> references) {
        if (references == null) {
            throw new IllegalArgumentException("Bleu.corpusSingle: no references; expected one reference string per hypothesis");
        }
        List<List<String>> wrapped = new ArrayList<>(references.size());
        for (int i = 0; i < references.size(); i++) {
            if (references.get(i) == null) {
                throw new IllegalArgumentException("Bleu.corpusSingle: reference " + i + " is null; expected a string");
            }
            wrapped.add(List.of(references.get(i)));
        }
        return corpus(hypotheses, wrapped);
    }

    /** The score from summed statistics, exactly as sacrebleu's {@code compute_bleu} with {@code exp} smoothing. */
    static Score score(int[] correct, int[] total, int hypothesisLength, int referenceLength) {
        double bp = 1.0;
        if (hypothesisLength < referenceLength) {
            bp = hypothesisLength > 0 ? Math.exp(1 - (double) referenceLength / hypothesisLength) : 0.0;
        }
        double[] precisions = new double[MAX_ORDER];
        if (Arrays.stream(correct).allMatch(c -> c == 0)) {
            return new Score(0.0, correct, total, precisions, bp, hypothesisLength, referenceLength);
        }
        double smooth = 1.0;
        for (int n = 0; n < MAX_ORDER; n++) {
            if (total[n] == 0) {
                break;
            }
            if (correct[n] == 0) {
                smooth *= 2;
                precisions[n] = 100.0 / (smooth * total[n]);
            } else {
                precisions[n] = 100.0 * correct[n] / total[n];
            }
        }
        double logSum = 0;
        for (double p : precisions) {
            if (p == 0) {
                // An order the hypotheses are too short to have: BLEU is 0 (sacrebleu floors log 0 the same way).
                return new Score(0.0, correct, total, precisions, bp, hypothesisLength, referenceLength);
            }
            logSum += Math.log(p);
        }
        return new Score(bp * Math.exp(logSum / MAX_ORDER), correct, total, precisions, bp, hypothesisLength,
                referenceLength);
    }

    /**
     * The words BLEU counts: mteval-v13a's tokenization, as sacrebleu's {@code 13a}. Punctuation and
     * symbols become words of their own; a period or comma stays attached only between digits
     * ("3.5", "1,000"); apostrophes and hyphens stay inside words ("J'ai", "peut-être").
     */
    public static List<String> tokenize13a(String line) {
        if (line == null) {
            throw new IllegalArgumentException("Bleu.tokenize13a: line is null; expected a string");
        }
        String s = stripTrailingSpace(line);
        s = s.replace("<skipped>", "").replace("-\n", "").replace("\n", " ");
        if (s.indexOf('&') >= 0) {
            s = s.replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
        }
        s = " " + s + " ";
        s = PUNCTUATION.matcher(s).replaceAll(" $1 ");
        s = PERIOD_COMMA_AFTER.matcher(s).replaceAll("$1 $2 ");
        s = PERIOD_COMMA_BEFORE.matcher(s).replaceAll(" $1 $2");
        s = DASH_AFTER_DIGIT.matcher(s).replaceAll("$1 $2 ");
        return splitOnSpace(s);
    }

    /**
     * Scores corpora given as files, for comparing with other tools: each line of a file is a
     * hypothesis followed by its references, separated by tabs ({@code hypothesis<TAB>ref1<TAB>ref2…}).
     * Prints one line per file: the score to six decimals, then sacrebleu's summary.
     */
    public static void main(String[] args) throws java.io.IOException {
        if (args.length == 0) {
            throw new IllegalArgumentException("Bleu: expected one or more files of lines hypothesis<TAB>reference<TAB>…");
        }
        for (String name : args) {
            List<String> hypotheses = new ArrayList<>();
            List<List<String>> references = new ArrayList<>();
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(name),
                    java.nio.charset.StandardCharsets.UTF_8)) {
                String[] fields = line.split("\t", -1);
                if (fields.length < 2) {
                    throw new IllegalArgumentException("Bleu: line " + (hypotheses.size() + 1) + " of " + name
                            + " has no tab; expected hypothesis<TAB>reference[<TAB>reference…]");
                }
                hypotheses.add(fields[0]);
                references.add(List.of(fields).subList(1, fields.length));
            }
            Score s = corpus(hypotheses, references);
            System.out.println(String.format(Locale.ROOT, "%.6f", s.score()) + "\t" + s);
        }
    }

    private static int closest(int hypothesisLength, int[] refLengths) {
        int closestDiff = -1;
        int closestLength = -1;
        for (int length : refLengths) {
            int diff = Math.abs(hypothesisLength - length);
            if (closestDiff == -1 || diff < closestDiff) {
                closestDiff = diff;
                closestLength = length;
            } else if (diff == closestDiff && length < closestLength) {
                closestLength = length;
            }
        }
        return closestLength;
    }

    private static Map<List<String>, Integer> ngrams(List<String> words) {
        Map<List<String>, Integer> counts = new HashMap<>();
        for (int n = 1; n <= MAX_ORDER; n++) {
            for (int i = 0; i + n <= words.size(); i++) {
                counts.merge(List.copyOf(words.subList(i, i + n)), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** White space as Python's {@code str.split()} sees it: Java's, plus the no-break spaces and NEL. */
    static boolean isSpace(char c) {
        return Character.isWhitespace(c) || c == '\u00a0' || c == '\u2007' || c == '\u202f' || c == '\u0085';
    }

    private static String stripTrailingSpace(String s) {
        int end = s.length();
        while (end > 0 && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    private static List<String> splitOnSpace(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            while (i < s.length() && isSpace(s.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < s.length() && !isSpace(s.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(s.substring(start, i));
            }
        }
        return out;
    }
}
