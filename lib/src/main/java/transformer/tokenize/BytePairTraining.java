package transformer.tokenize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

import transformer.data.Vocabulary;

/**
 * Learning byte-pair merges, one merge at a time, so that a lesson can watch every step:
 *
 * <pre>
 *   BytePairTraining t = BytePairTraining.of("low lower lowest newer wider");
 *   t.pairCounts();        // every adjacent pair and how often it occurs, most frequent first
 *   Merge m = t.merge();   // merges the most frequent pair: "l" + "o" → "lo"
 *   t.words();             // each distinct chunk of the corpus, as its tokens so far
 *   t.tokenizer();         // a BytePairEncoding of the merges so far
 * </pre>
 *
 * The corpus is cut into chunks by {@link Pretokenizer} and each distinct chunk is kept once with
 * its count, so a pair's count is the sum, over the chunks it occurs in, of the chunk's count. A merge
 * does not recount the corpus: only the chunks that contain the merged pair are rewritten, and only
 * the counts of the pairs they lose and gain change. A priority queue, ordered by count and then by
 * the tie rule of {@link BytePairEncoding} (smaller left id, then smaller right id), gives the next
 * pair; entries whose count has changed since they were queued are skipped when they come up.
 */
public final class BytePairTraining {

    /** An adjacent pair of tokens and how often it occurs. */
    public record PairCount(String left, String right, long count) {
        @Override
        public String toString() {
            return Tokenizer.visible(left) + " " + Tokenizer.visible(right) + ": " + count;
        }
    }

    /** A distinct chunk of the corpus, how many times it occurs, and its tokens so far. */
    public record Word(String text, long count, List<String> tokens) {
        @Override
        public String toString() {
            List<String> shown = new ArrayList<>(tokens.size());
            tokens.forEach(t -> shown.add(Tokenizer.visible(t)));
            return String.join(" ", shown) + " (×" + count + ")";
        }
    }

    private record Candidate(long count, int left, int right) {
    }

    private static final Comparator<Candidate> ORDER = Comparator.comparingLong(Candidate::count).reversed()
            .thenComparingInt(Candidate::left).thenComparingInt(Candidate::right);

    private final int[] alphabet;
    private final List<String> texts = new ArrayList<>(Vocabulary.SPECIALS);
    private final Map<String, Integer> idOfText = new HashMap<>();
    private final String[] words;
    private final long[] weights;
    private final int[][] symbols;
    private final int[] lengths;
    private final int[] visited;
    private final Map<Long, Long> counts = new HashMap<>();
    private final Map<Long, IntList> where = new HashMap<>();
    private final PriorityQueue<Candidate> queue = new PriorityQueue<>(ORDER);
    private final List<int[]> merges = new ArrayList<>();
    private final List<Long> mergeCounts = new ArrayList<>();

    private BytePairTraining(String op, Collection<String> corpus) {
        alphabet = CharacterTokenizer.alphabet(op, corpus);
        Map<Integer, Integer> ids = new HashMap<>();
        for (int c : alphabet) {
            ids.put(c, texts.size());
            idOfText.put(Character.toString(c), texts.size());
            texts.add(Character.toString(c));
        }
        Map<String, long[]> chunkCounts = new LinkedHashMap<>();
        for (String text : corpus) {
            for (String chunk : Pretokenizer.chunks(text)) {
                chunkCounts.computeIfAbsent(chunk, k -> new long[1])[0]++;
            }
        }
        int n = chunkCounts.size();
        words = new String[n];
        weights = new long[n];
        symbols = new int[n][];
        lengths = new int[n];
        visited = new int[n];
        Arrays.fill(visited, -1);
        int w = 0;
        for (Map.Entry<String, long[]> e : chunkCounts.entrySet()) {
            words[w] = e.getKey();
            weights[w] = e.getValue()[0];
            symbols[w] = e.getKey().codePoints().map(ids::get).toArray();
            lengths[w] = symbols[w].length;
            for (int i = 0; i + 1 < lengths[w]; i++) {
                long key = BytePairEncoding.pair(symbols[w][i], symbols[w][i + 1]);
                counts.merge(key, weights[w], Long::sum);
                where.computeIfAbsent(key, k -> new IntList()).add(w);
            }
            w++;
        }
        counts.forEach((key, count) -> queue.add(candidate(key, count)));
    }

    /** Starts training on the {@code texts}; an empty corpus is an error. */
    public static BytePairTraining of(Collection<String> texts) {
        return new BytePairTraining("BytePairTraining.of", texts);
    }

    /** Starts training on one text. */
    public static BytePairTraining of(String text) {
        return of(List.of(text == null ? "" : text));
    }

    static BytePairTraining of(String op, Collection<String> texts) {
        return new BytePairTraining(op, texts);
    }

    private static Candidate candidate(long key, long count) {
        return new Candidate(count, (int) (key >>> 32), (int) key);
    }

    /** The number of tokens so far: the special tokens, the characters, and one per new merged text. */
    public int size() {
        return texts.size();
    }

    /** The number of merges so far (more than the new tokens when two merges spell the same text). */
    public int mergeCount() {
        return merges.size();
    }

    /** Whether some chunk still has two tokens, so that {@link #merge} can go on. */
    public boolean hasPair() {
        dropStale();
        return !queue.isEmpty();
    }

    private void dropStale() {
        while (!queue.isEmpty()) {
            Candidate top = queue.peek();
            Long now = counts.get(BytePairEncoding.pair(top.left(), top.right()));
            if (now != null && now == top.count()) {
                return;
            }
            queue.poll();
        }
    }

    /** Every adjacent pair in the corpus with its count, in the order merges pick them (most frequent first). */
    public List<PairCount> pairCounts() {
        List<Candidate> all = new ArrayList<>(counts.size());
        counts.forEach((key, count) -> all.add(candidate(key, count)));
        all.sort(ORDER);
        List<PairCount> out = new ArrayList<>(all.size());
        for (Candidate c : all) {
            out.add(new PairCount(texts.get(c.left()), texts.get(c.right()), c.count()));
        }
        return out;
    }

    /** Each distinct chunk of the corpus, in order of first appearance, with its count and its tokens so far. */
    public List<Word> words() {
        List<Word> out = new ArrayList<>(words.length);
        for (int w = 0; w < words.length; w++) {
            List<String> tokens = new ArrayList<>(lengths[w]);
            for (int i = 0; i < lengths[w]; i++) {
                tokens.add(texts.get(symbols[w][i]));
            }
            out.add(new Word(words[w], weights[w], List.copyOf(tokens)));
        }
        return out;
    }

    /**
     * Merges the most frequent pair (ties: smaller left id, then smaller right id) everywhere in the
     * corpus, and returns what it did.
     *
     * @throws IllegalStateException when no pair is left: every chunk is already a single token
     */
    public Merge merge() {
        dropStale();
        Candidate best = queue.poll();
        if (best == null) {
            throw new IllegalStateException("BytePairTraining.merge: no pair is left to merge; every chunk of the corpus"
                    + " is already one token (" + texts.size() + " tokens, " + merges.size() + " merges)");
        }
        int a = best.left(), b = best.right();
        String text = texts.get(a) + texts.get(b);
        Integer existing = idOfText.get(text);
        int z = existing != null ? existing : texts.size();
        if (existing == null) {
            idOfText.put(text, z);
            texts.add(text);
        }
        Map<Long, Long> delta = new HashMap<>();
        IntList affected = where.remove(BytePairEncoding.pair(a, b));
        int step = merges.size();
        for (int k = 0; k < affected.size; k++) {
            int w = affected.values[k];
            if (visited[w] == step) {
                continue;
            }
            visited[w] = step;
            int[] s = symbols[w];
            int n = lengths[w];
            if (!contains(s, n, a, b)) {
                continue; // an earlier merge took the pair apart in this chunk
            }
            long weight = weights[w];
            for (int i = 0; i + 1 < n; i++) {
                delta.merge(BytePairEncoding.pair(s[i], s[i + 1]), -weight, Long::sum);
            }
            n = replace(s, n, a, b, z);
            lengths[w] = n;
            for (int i = 0; i + 1 < n; i++) {
                long key = BytePairEncoding.pair(s[i], s[i + 1]);
                delta.merge(key, weight, Long::sum);
                if (s[i] == z || s[i + 1] == z) { // the chunk is already listed for the pairs it kept
                    where.computeIfAbsent(key, q -> new IntList()).add(w);
                }
            }
        }
        for (Map.Entry<Long, Long> e : delta.entrySet()) {
            if (e.getValue() == 0) {
                continue;
            }
            long now = counts.getOrDefault(e.getKey(), 0L) + e.getValue();
            if (now > 0) {
                counts.put(e.getKey(), now);
                queue.add(candidate(e.getKey(), now));
            } else {
                counts.remove(e.getKey());
            }
        }
        merges.add(new int[] {a, b, z});
        mergeCounts.add(best.count());
        return new Merge(a, b, z, best.count(), texts.get(a), texts.get(b));
    }

    /** The tokenizer of the merges so far. */
    public BytePairEncoding tokenizer() {
        long[] c = new long[mergeCounts.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = mergeCounts.get(i);
        }
        return new BytePairEncoding(alphabet, merges.toArray(new int[0][]), c);
    }

    private static boolean contains(int[] s, int n, int a, int b) {
        for (int i = 0; i + 1 < n; i++) {
            if (s[i] == a && s[i + 1] == b) {
                return true;
            }
        }
        return false;
    }

    /**
     * Replaces, left to right, every {@code a} followed by {@code b} in the first {@code n} symbols of
     * {@code s} with {@code z}, in place; returns the new length.
     */
    static int replace(int[] s, int n, int a, int b, int z) {
        int w = 0;
        for (int i = 0; i < n; ) {
            if (i + 1 < n && s[i] == a && s[i + 1] == b) {
                s[w++] = z;
                i += 2;
            } else {
                s[w++] = s[i++];
            }
        }
        return w;
    }

    /** A growable list of ints: the chunks a pair occurs in (a chunk may be listed more than once). */
    private static final class IntList {
        int[] values = new int[4];
        int size;

        void add(int v) {
            if (size > 0 && values[size - 1] == v) {
                return;
            }
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }
    }
}
