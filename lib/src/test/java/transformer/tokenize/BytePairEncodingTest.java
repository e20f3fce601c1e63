package transformer.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import transformer.data.Batch;
import transformer.data.CourseData;
import transformer.data.Example;
import transformer.data.Vocabulary;

class BytePairEncodingTest {

    private static List<String> merged(BytePairEncoding bpe) {
        List<String> out = new ArrayList<>();
        for (Merge m : bpe.merges()) {
            out.add(m.leftText() + "+" + m.rightText() + "=" + m.id() + "×" + m.count());
        }
        return out;
    }

    /**
     * Worked by hand: "aaabdaaabac" is one chunk; a b c d get ids 4 5 6 7. Pair counts: aa 4 (two
     * runs of three a's), ab 2, and ac ba bd da once each. Merge aa (id 8): aa a b d aa a b a c.
     * Now "aa a" and "a b" both occur twice: the tie goes to the smaller left id, a (4) before aa (8),
     * so ab (id 9). Then aa+ab (id 10) twice: aaab d aaab a c. Every pair left occurs once; the
     * smallest left id is a (4): ac (id 11).
     */
    @Test
    void learnsTheMergesWorkedByHandAndBreaksTiesBySmallerIds() {
        BytePairTraining t = BytePairTraining.of("aaabdaaabac");
        assertEquals("[a a: 4, a b: 2, a c: 1, b a: 1, b d: 1, d a: 1]", t.pairCounts().toString());
        BytePairEncoding bpe = BytePairEncoding.train("aaabdaaabac", 12);
        assertEquals(List.of("a+a=8×4", "a+b=9×2", "aa+ab=10×2", "a+c=11×1"), merged(bpe));
        assertArrayEquals(new int[] {10, 7, 10, 11}, bpe.encode("aaabdaaabac"));
        assertEquals(List.of("aaab", "d", "aaab", "ac"), bpe.tokens("aaabdaaabac"));
        assertEquals(List.of("<pad>", "<bos>", "<eos>", "<unk>", "a", "b", "c", "d", "aa", "ab", "aaab", "ac"),
                bpe.vocabulary().tokens());
    }

    @Test
    void countsPairsInsideChunksOnlyWeightedByHowOftenEachChunkOccurs() {
        // Chunks: "low", " low", " low", " lower": "w" + " " never meet, " l" occurs 3 times.
        BytePairTraining t = BytePairTraining.of("low low low lower");
        assertEquals(List.of("low", " low", " lower"), t.words().stream().map(BytePairTraining.Word::text).toList());
        assertEquals(List.of(1L, 2L, 1L), t.words().stream().map(BytePairTraining.Word::count).toList());
        Map<String, Long> counts = new HashMap<>();
        t.pairCounts().forEach(p -> counts.put(p.left() + "|" + p.right(), p.count()));
        assertEquals(Map.of("l|o", 4L, "o|w", 4L, " |l", 3L, "w|e", 1L, "e|r", 1L), counts);
        Merge first = t.merge();
        assertEquals("lo", first.text());
        assertEquals(4, first.count());
        assertEquals(List.of(" ", "lo", "w", "e", "r"), t.words().get(2).tokens());
        assertEquals(4, t.pairCounts().get(0).count()); // lo w, 4 times
        assertEquals("lo", t.pairCounts().get(0).left());
    }

    @Test
    void incrementalCountsGiveTheSameMergesAsRecountingEverythingEachStep() {
        List<String> lines = CourseData.lines(CourseData.FRA_ENG).subList(20_000, 22_000);
        BytePairEncoding fast = BytePairEncoding.train(lines, 600);
        assertEquals(merged(fast).subList(0, 400), NaiveBpe.merges(lines, 400));
    }

    @Test
    void theSameCorpusInAnyOrderGivesTheSameMerges() {
        List<String> lines = new ArrayList<>(CourseData.lines(CourseData.FRA_ENG).subList(0, 5000));
        BytePairEncoding first = BytePairEncoding.train(lines, 800);
        Collections.shuffle(lines, new Random(3));
        BytePairEncoding shuffled = BytePairEncoding.train(lines, 800);
        assertEquals(merged(first), merged(shuffled));
        assertEquals(first.vocabulary().tokens(), shuffled.vocabulary().tokens());
    }

    @Test
    void roundTripsBothWholeCorporaAndSplitsEachTrainingChunkAsTrainingDid() {
        for (String name : List.of(CourseData.FRA_ENG, CourseData.SHAKESPEARE)) {
            String text = CourseData.text(name);
            BytePairTraining training = BytePairTraining.of(text);
            while (training.size() < 2000 && training.hasPair()) {
                training.merge();
            }
            BytePairEncoding bpe = training.tokenizer();
            assertEquals(2000, bpe.size(), name);
            int[] ids = bpe.encode(text);
            assertEquals(text, bpe.decode(ids), name + ": decode(encode(text))");
            assertTrue(ids.length < text.length() / 2, name + ": " + ids.length + " tokens for " + text.length() + " characters");
            for (BytePairTraining.Word w : training.words()) {
                assertEquals(w.tokens(), bpe.tokens(w.text()), name + ": chunk \"" + w.text() + "\"");
            }
        }
    }

    @Test
    void itsTokensAndVocabularyGoStraightIntoExamplesAndBatches() {
        BytePairEncoding bpe = BytePairEncoding.train(CourseData.lines(CourseData.FRA_ENG).subList(0, 3000), 500);
        String english = "I'm hungry.", french = "J'ai faim.";
        Example e = new Example(bpe.tokens(english), bpe.tokens(french));
        Batch batch = Batch.of(List.of(e), bpe.vocabulary());
        assertArrayEquals(bpe.encode(english), batch.source()[0]);
        int[] out = batch.targetOutput()[0];
        assertEquals(Vocabulary.EOS, out[out.length - 1]);
        assertEquals(french, bpe.decodeOutput(out));
        assertEquals(Vocabulary.SPECIALS, bpe.vocabulary().tokens().subList(0, 4));
    }

    @Test
    void anUnseenCharacterIsUnknownAndDecodesAsItsName() {
        BytePairEncoding bpe = BytePairEncoding.train("the cat sat", 12);
        int[] ids = bpe.encode("the dog");
        assertEquals(Vocabulary.UNK, ids[ids.length - 2]); // "g" (the "o" is unseen too)
        assertEquals(" <unk><unk><unk>", bpe.decode(new int[] {bpe.vocabulary().id(" "), 3, 3, 3}));
        assertEquals("t", bpe.decode(new int[] {bpe.vocabulary().id("t")}));
    }

    @Test
    void twoMergesThatSpellTheSameTextShareOneId() {
        int[] abc = {'a', 'b', 'c'}; // ids 4 5 6
        BytePairEncoding bpe = new BytePairEncoding(abc, new int[][] {{4, 5, 7}, {5, 6, 8}, {7, 6, 9}, {4, 8, 9}},
                new long[] {3, 2, 2, 1});
        assertEquals(10, bpe.size());
        assertEquals(List.of("abc"), bpe.tokens("abc"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BytePairEncoding(abc,
                new int[][] {{4, 5, 7}, {5, 6, 8}, {7, 6, 9}, {4, 8, 10}}, new long[] {3, 2, 2, 1}));
        assertTrue(e.getMessage().contains("merge 3 makes \"abc\" with id 10; expected id 9 (the token already spelled so)"),
                e.getMessage());
    }

    @Test
    void stopsWhenEveryChunkIsOneToken() {
        BytePairEncoding bpe = BytePairEncoding.train("ab ab", 1000);
        // a b ␣ → merges a+b, ␣+ab: "ab" and " ab" are then single tokens.
        assertEquals(List.of("a+b=7×2", " +ab=8×1"), merged(bpe));
        BytePairTraining t = BytePairTraining.of("ab");
        t.merge();
        assertEquals(false, t.hasPair());
        IllegalStateException e = assertThrows(IllegalStateException.class, t::merge);
        assertTrue(e.getMessage().contains("no pair is left to merge"), e.getMessage());
    }

    @Test
    void badInputGetsErrorsThatSayWhatWouldFit() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> BytePairEncoding.train(List.of("", ""), 100));
        assertTrue(empty.getMessage().contains("BytePairEncoding.train: the corpus is empty (2 texts, no character)"),
                empty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BytePairEncoding.train(List.of(), 100));
        assertThrows(IllegalArgumentException.class, () -> BytePairEncoding.train((String) null, 100));
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> BytePairEncoding.train("the cat", 8));
        assertTrue(small.getMessage().contains("a vocabulary of 8 tokens cannot hold the 4 special tokens and the corpus's 6"
                + " characters; expected a size of at least 10"), small.getMessage());
        BytePairEncoding bpe = BytePairEncoding.train("the cat", 10);
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> bpe.decode(new int[] {4, 10}));
        assertTrue(unknown.getMessage().contains("BytePairEncoding.decode: id 10 at position 1 is not a token of this"
                + " tokenizer of 10 tokens; expected ids in 0..9"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> bpe.decode(new int[] {-1}));
        assertThrows(IllegalArgumentException.class, () -> bpe.encode(null));
    }

    /** The textbook algorithm, slow and plain: count every pair of every chunk, merge the best, repeat. */
    private static final class NaiveBpe {
        static List<String> merges(List<String> texts, int count) {
            Map<String, Long> chunkCounts = new java.util.LinkedHashMap<>();
            for (String t : texts) {
                for (String c : Pretokenizer.chunks(t)) {
                    chunkCounts.merge(c, 1L, Long::sum);
                }
            }
            java.util.TreeSet<Integer> alphabet = new java.util.TreeSet<>();
            texts.forEach(t -> t.codePoints().forEach(alphabet::add));
            List<String> tokens = new ArrayList<>(Vocabulary.SPECIALS);
            Map<String, Integer> ids = new HashMap<>();
            for (int c : alphabet) {
                ids.put(Character.toString(c), tokens.size());
                tokens.add(Character.toString(c));
            }
            List<List<Integer>> words = new ArrayList<>();
            List<Long> weights = new ArrayList<>();
            chunkCounts.forEach((c, n) -> {
                words.add(new ArrayList<>(c.codePoints().mapToObj(p -> ids.get(Character.toString(p))).toList()));
                weights.add(n);
            });
            List<String> out = new ArrayList<>();
            for (int step = 0; step < count; step++) {
                Map<List<Integer>, Long> pairs = new HashMap<>();
                for (int w = 0; w < words.size(); w++) {
                    List<Integer> s = words.get(w);
                    for (int i = 0; i + 1 < s.size(); i++) {
                        pairs.merge(List.of(s.get(i), s.get(i + 1)), weights.get(w), Long::sum);
                    }
                }
                List<Integer> best = null;
                long bestCount = 0;
                for (Map.Entry<List<Integer>, Long> e : pairs.entrySet()) {
                    List<Integer> p = e.getKey();
                    long n = e.getValue();
                    if (best == null || n > bestCount || (n == bestCount && (p.get(0) < best.get(0)
                            || (p.get(0).equals(best.get(0)) && p.get(1) < best.get(1))))) {
                        best = p;
                        bestCount = n;
                    }
                }
                String text = tokens.get(best.get(0)) + tokens.get(best.get(1));
                int z = ids.computeIfAbsent(text, k -> {
                    tokens.add(k);
                    return tokens.size() - 1;
                });
                for (List<Integer> s : words) {
                    for (int i = 0; i + 1 < s.size(); i++) {
                        if (s.get(i).equals(best.get(0)) && s.get(i + 1).equals(best.get(1))) {
                            s.set(i, z);
                            s.remove(i + 1);
                        }
                    }
                }
                out.add(tokens.get(best.get(0)) + "+" + tokens.get(best.get(1)) + "=" + z + "×" + bestCount);
            }
            return out;
        }
    }
}
