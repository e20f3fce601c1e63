package transformer.tokenize;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import transformer.data.Vocabulary;

/**
 * Byte-pair encoding (Sennrich, Haddow and Birch 2016, "Neural Machine Translation of Rare Words with
 * Subword Units"): start from single characters, and merge the pair of adjacent tokens that occurs
 * most often in the corpus into a new token, again and again, until the vocabulary has the size
 * asked for. Frequent words end up as one token, rare words as a few frequent pieces, and no word is
 * ever unknown. {@link BytePairTraining} learns the merges, and can be run one merge at a time.
 *
 * <h2>Choices, and why</h2>
 * <ul>
 *   <li><b>Characters, not bytes.</b> The merges start from the corpus's characters (Unicode code
 *       points), as in Sennrich et al., not from the 256 bytes of UTF-8 as in GPT-2 and minbpe. Every
 *       token is then a whole string that a lesson can print and a {@link Vocabulary} can hold
 *       ("é" is one token, never two halves of its UTF-8 bytes), and the alphabet of these corpora is
 *       small (under 120 characters). The price: a character never seen in training becomes
 *       {@code <unk>}, where byte-level BPE could still spell it.</li>
 *   <li><b>Merges stay inside words.</b> Text is first cut by {@link Pretokenizer} (GPT-2's split:
 *       words with the space before them, numbers, punctuation, white space); pairs are counted and
 *       merged only inside a chunk. Chunks concatenate back to the text, so decoding is exact.</li>
 *   <li><b>Deterministic.</b> Of pairs that occur equally often, the one whose left token has the
 *       smaller id wins, then the one whose right token has the smaller id. Characters get ids in
 *       code-point order. The same corpus and size always give the same merges, on any machine.</li>
 *   <li><b>One id per string.</b> Two different merges can spell the same text ("a"+"bc" and
 *       "ab"+"c"). The second then reuses the first one's id instead of adding a duplicate token, as
 *       Hugging Face's tokenizers do, so the vocabulary's strings are distinct.</li>
 *   <li><b>Encoding replays the merges in the order they were learned</b>, inside each chunk, so a
 *       training chunk is split exactly as training split it.</li>
 * </ul>
 *
 * <pre>
 *   BytePairEncoding bpe = BytePairEncoding.train(sentences, 2000);   // the English and French sentences
 *   int[] ids = bpe.encode("The cat sleeps.");                // decode(ids) gives the text back
 *   List&lt;String&gt; pieces = bpe.tokens("The cat sleeps.");   // [The, ␣cat, ␣sleep, s, .]
 *   new Example(bpe.tokens(english), bpe.tokens(french));    // with bpe.vocabulary() for Batch
 *   bpe.save(file);  Tokenizer.load(file);                    // bit for bit
 * </pre>
 */
public final class BytePairEncoding implements Tokenizer {

    private static final int CACHE_LIMIT = 200_000;

    private final int[] alphabet;
    private final int[] mergeLeft;
    private final int[] mergeRight;
    private final int[] mergeId;
    private final long[] mergeCount;
    private final List<String> texts = new ArrayList<>();
    private final Map<Integer, Integer> characterIds = new HashMap<>();
    private final Map<Long, int[]> ranks = new HashMap<>();
    private final Vocabulary vocabulary;
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();

    /**
     * A tokenizer from its characters (code points, increasing) and its merges (each
     * {@code left right id}, in the order learned) with the count of each pair when it was merged.
     * Checks everything: a loaded file is built through here too.
     */
    BytePairEncoding(int[] alphabet, int[][] merges, long[] counts) {
        String op = "BytePairEncoding";
        this.alphabet = alphabet.clone();
        texts.addAll(Vocabulary.SPECIALS);
        Map<String, Integer> idOfText = new HashMap<>();
        for (int i = 0; i < alphabet.length; i++) {
            if (!Character.isValidCodePoint(alphabet[i]) || (i > 0 && alphabet[i] <= alphabet[i - 1])) {
                throw new IllegalArgumentException(op + ": character " + i + " is code point " + alphabet[i]
                        + "; expected valid code points in increasing order, each once");
            }
            characterIds.put(alphabet[i], texts.size());
            idOfText.put(Character.toString(alphabet[i]), texts.size());
            texts.add(Character.toString(alphabet[i]));
        }
        int m = merges.length;
        if (counts.length != m) {
            throw new IllegalArgumentException(op + ": " + m + " merges but " + counts.length + " counts; expected one count per merge");
        }
        mergeLeft = new int[m];
        mergeRight = new int[m];
        mergeId = new int[m];
        mergeCount = new long[m];
        for (int r = 0; r < m; r++) {
            int[] merge = merges[r];
            int left = merge[0], right = merge[1], id = merge[2];
            int first = Vocabulary.SPECIALS.size();
            if (left < first || left >= texts.size() || right < first || right >= texts.size()) {
                throw new IllegalArgumentException(op + ": merge " + r + " joins ids " + left + " and " + right
                        + "; expected ids of ordinary tokens made before it, in " + first + ".." + (texts.size() - 1));
            }
            String text = texts.get(left) + texts.get(right);
            Integer existing = idOfText.get(text);
            int expected = existing != null ? existing : texts.size();
            if (id != expected) {
                throw new IllegalArgumentException(op + ": merge " + r + " makes \"" + Tokenizer.visible(text)
                        + "\" with id " + id + "; expected id " + expected
                        + (existing != null ? " (the token already spelled so)" : " (the next new id)"));
            }
            if (existing == null) {
                idOfText.put(text, id);
                texts.add(text);
            }
            mergeLeft[r] = left;
            mergeRight[r] = right;
            mergeId[r] = id;
            mergeCount[r] = counts[r];
            if (counts[r] < 1) {
                throw new IllegalArgumentException(op + ": merge " + r + " records a count of " + counts[r]
                        + "; a merged pair occurred at least once");
            }
            long key = pair(left, right);
            int[] before = ranks.get(key);
            int[] now = before == null ? new int[1] : Arrays.copyOf(before, before.length + 1);
            now[now.length - 1] = r;
            ranks.put(key, now);
        }
        vocabulary = Vocabulary.of(texts.subList(Vocabulary.SPECIALS.size(), texts.size()));
        if (vocabulary.size() != texts.size()) {
            throw new IllegalArgumentException(op + ": a token is spelled like a special token "
                    + Vocabulary.SPECIALS + "; the vocabulary would lose ids");
        }
    }

    /**
     * Learns merges from the {@code texts} until the vocabulary has {@code vocabularySize} tokens
     * (special tokens and characters included), or until no pair is left to merge (every chunk of the
     * corpus is then one token; {@link #size()} says how far it got).
     *
     * @throws IllegalArgumentException for an empty corpus, or a size smaller than the 4 special
     *         tokens plus the corpus's characters
     */
    public static BytePairEncoding train(Collection<String> texts, int vocabularySize) {
        BytePairTraining training = BytePairTraining.of("BytePairEncoding.train", texts);
        if (vocabularySize < training.size()) {
            throw new IllegalArgumentException("BytePairEncoding.train: a vocabulary of " + vocabularySize
                    + " tokens cannot hold the " + Vocabulary.SPECIALS.size() + " special tokens and the corpus's "
                    + (training.size() - Vocabulary.SPECIALS.size()) + " characters; expected a size of at least "
                    + training.size());
        }
        while (training.size() < vocabularySize && training.hasPair()) {
            training.merge();
        }
        return training.tokenizer();
    }

    /** {@link #train(Collection, int)} on one text. */
    public static BytePairEncoding train(String text, int vocabularySize) {
        return train(List.of(text == null ? "" : text), vocabularySize);
    }

    static long pair(int left, int right) {
        return ((long) left << 32) | (right & 0xffffffffL);
    }

    @Override
    public int[] encode(String text) {
        if (text == null) {
            throw new IllegalArgumentException("BytePairEncoding.encode: got null; expected a text (it may be empty)");
        }
        List<String> chunks = Pretokenizer.chunks(text);
        int[][] parts = new int[chunks.size()][];
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            parts[i] = encodeChunk(chunks.get(i));
            n += parts[i].length;
        }
        int[] out = new int[n];
        int at = 0;
        for (int[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    /** One chunk: its characters, then every merge that applies, in the order learned. */
    private int[] encodeChunk(String chunk) {
        int[] cached = cache.get(chunk);
        if (cached != null) {
            return cached;
        }
        int[] s = chunk.codePoints().map(c -> characterIds.getOrDefault(c, Vocabulary.UNK)).toArray();
        int n = s.length;
        int minRank = 0;
        while (n >= 2) {
            int best = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < n; i++) {
                int[] r = ranks.get(pair(s[i], s[i + 1]));
                if (r != null) {
                    for (int rank : r) {
                        if (rank >= minRank && rank < best) {
                            best = rank;
                            break;
                        }
                    }
                }
            }
            if (best == Integer.MAX_VALUE) {
                break;
            }
            n = BytePairTraining.replace(s, n, mergeLeft[best], mergeRight[best], mergeId[best]);
            minRank = best + 1;
        }
        int[] out = Arrays.copyOf(s, n);
        if (cache.size() < CACHE_LIMIT) {
            cache.put(chunk, out);
        }
        return out;
    }

    @Override
    public String decode(int[] ids) {
        Checks.ids("BytePairEncoding.decode", ids, texts.size());
        StringBuilder out = new StringBuilder();
        for (int id : ids) {
            out.append(texts.get(id));
        }
        return out.toString();
    }

    @Override
    public List<String> tokens(String text) {
        int[] ids = encode(text);
        List<String> out = new ArrayList<>(ids.length);
        for (int id : ids) {
            out.add(texts.get(id));
        }
        return out;
    }

    @Override
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** The characters, as code points, in id order (the first has id 4). */
    public int[] alphabet() {
        return alphabet.clone();
    }

    /** The merges, in the order they were learned. */
    public List<Merge> merges() {
        List<Merge> out = new ArrayList<>(mergeId.length);
        for (int r = 0; r < mergeId.length; r++) {
            out.add(new Merge(mergeLeft[r], mergeRight[r], mergeId[r], mergeCount[r], texts.get(mergeLeft[r]),
                    texts.get(mergeRight[r])));
        }
        return out;
    }

    int[][] mergeRows() {
        int[][] out = new int[mergeId.length][];
        for (int r = 0; r < mergeId.length; r++) {
            out[r] = new int[] {mergeLeft[r], mergeRight[r], mergeId[r]};
        }
        return out;
    }

    long[] mergeCounts() {
        return mergeCount.clone();
    }

    @Override
    public void save(Path file) {
        TokenizerFile.write(this, file);
    }

    @Override
    public String toString() {
        return "BytePairEncoding(" + size() + " tokens: 4 special, " + alphabet.length + " characters, "
                + mergeId.length + " merges)";
    }
}
