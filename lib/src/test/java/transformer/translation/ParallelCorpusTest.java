package transformer.translation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import transformer.data.Batch;
import transformer.data.Example;
import transformer.data.LengthBuckets;

class ParallelCorpusTest {

    @TempDir
    Path dir;

    private static ParallelCorpus small() {
        List<ParallelCorpus.Pair> pairs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            for (int k = 0; k <= i % 3; k++) {
                pairs.add(new ParallelCorpus.Pair("sentence " + i, "phrase " + i + " version " + k));
            }
        }
        return ParallelCorpus.of(pairs);
    }

    @Test
    void groupsEveryTranslationOfASourceAndKeepsGroupsWholeInTheSplit() {
        ParallelCorpus corpus = small();
        assertEquals(40, corpus.size());
        assertEquals(14 * 1 + 13 * 2 + 13 * 3, corpus.pairCount());
        assertEquals(List.of("phrase 2 version 0", "phrase 2 version 1", "phrase 2 version 2"),
                corpus.groups().get(2).translations());
        ParallelCorpus.Split split = corpus.split(0.25, 1);
        assertEquals(10, split.heldOut().size());
        assertEquals(30, split.train().size());
        Set<String> train = new HashSet<>(split.train().sources());
        for (ParallelCorpus.Group g : split.heldOut().groups()) {
            assertTrue(!train.contains(g.source()), g.source() + " is on both sides");
            assertEquals(corpus.groups().stream().filter(x -> x.source().equals(g.source())).findFirst().orElseThrow(), g);
        }
        assertEquals(corpus.pairCount(), split.train().pairCount() + split.heldOut().pairCount());
        assertEquals(split.heldOut().references(), corpus.split(0.25, 1).heldOut().references(), "same seed, same split");
        assertTrue(!split.heldOut().sources().equals(corpus.split(0.25, 2).heldOut().sources()), "another seed, another split");
    }

    @Test
    void theShippedCorpusSplitsAsTheLessonSays() {
        ParallelCorpus.Split split = CourseTranslator.split();
        assertEquals(49196, split.train().size() + split.heldOut().size());
        assertEquals(76036, split.train().pairCount() + split.heldOut().pairCount());
        assertEquals(2460, split.heldOut().size());
        Set<String> train = new HashSet<>(split.train().sources());
        assertTrue(split.heldOut().sources().stream().noneMatch(train::contains));
    }

    @Test
    void readsTabSeparatedPairsAndRejectsBadLines() throws IOException {
        Path good = Files.writeString(dir.resolve("pairs.txt"), "Go.\tVa !\tCC-BY\nGo.\tMarche.\n\nHi.\tSalut !\n");
        ParallelCorpus c = ParallelCorpus.readTabSeparated(good);
        assertEquals(2, c.size());
        assertEquals(List.of("Va !", "Marche."), c.groups().get(0).translations());
        Path bad = Files.writeString(dir.resolve("bad.txt"), "Go.\tVa !\nHello\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ParallelCorpus.readTabSeparated(bad));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("source<TAB>translation"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ParallelCorpus.readTabSeparated(dir.resolve("missing.txt")));
        Path empty = Files.writeString(dir.resolve("empty.txt"), "\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ParallelCorpus.readTabSeparated(empty))
                .getMessage().contains("no pairs"));
    }

    @Test
    void badArgumentsAreErrorsThatSayWhatWouldFit() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> small().split(1.0, 1)).getMessage()
                .contains("strictly between 0 and 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ParallelCorpus.of(List.of())).getMessage()
                .contains("at least one"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ParallelCorpus.of(List.of(new ParallelCorpus.Pair("a", " ")))).getMessage().contains("pair 0"));
        ParallelCorpus one = ParallelCorpus.of(List.of(new ParallelCorpus.Pair("a", "b")));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> one.split(0.5, 1)).getMessage()
                .contains("at least 2 distinct sources"));
        assertThrows(IllegalArgumentException.class, () -> one.first(0));
    }

    @Test
    void lengthBucketsCoverEveryExampleOncePerPassWithLessPadding() {
        List<Example> examples = new ArrayList<>();
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < 1000; i++) {
            int n = 1 + r.nextInt(20);
            List<String> tokens = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                tokens.add("t" + i);
            }
            examples.add(new Example(List.of("s" + i), tokens));
        }
        List<List<Example>> seen = new ArrayList<>();
        LengthBuckets buckets = new LengthBuckets(examples, 32, 10, 7, e -> e.target().size(), part -> {
            seen.add(part);
            return Batch.of(List.of(new int[] {4}), List.of(new int[] {5}));
        });
        int perPass = buckets.batchesPerEpoch();
        for (int i = 0; i < perPass; i++) {
            buckets.next();
        }
        assertEquals(1, buckets.epoch());
        Set<Example> once = new HashSet<>();
        int padded = 0;
        int real = 0;
        for (List<Example> part : seen) {
            int longest = part.stream().mapToInt(e -> e.target().size()).max().orElseThrow();
            for (Example e : part) {
                assertTrue(once.add(e), "an example came twice in one pass");
                padded += longest;
                real += e.target().size();
            }
        }
        assertEquals(examples.size(), once.size());
        // Random batches of 32 lengths 1..20 pad to about 1.8 times the real tokens; sorted pools to about 1.1.
        assertTrue(padded < 1.2 * real, "padding " + padded + " for " + real + " tokens");
        buckets.next();
        assertEquals(2, buckets.epoch());
        assertThrows(IllegalArgumentException.class, () -> new LengthBuckets(List.of(), 32, 10, 7, e -> 1, p -> null));
    }
}
