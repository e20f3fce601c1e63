package transformer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class BatchTest {

    @Test
    void targetsAreShiftedForTeacherForcingAndEveryRowIsPadded() {
        Batch b = Batch.of(List.of(new int[] {5, 6, 7}, new int[] {8}), List.of(new int[] {9, 10}, new int[] {11, 12, 13}));
        assertArrayEquals(new int[][] {{5, 6, 7}, {8, 0, 0}}, b.source());
        assertArrayEquals(new int[][] {{1, 9, 10, 0}, {1, 11, 12, 13}}, b.targetInput());
        assertArrayEquals(new int[][] {{9, 10, 2, 0}, {11, 12, 13, 2}}, b.targetOutput());
        assertArrayEquals(new int[] {3, 1}, b.sourceLengths());
        assertArrayEquals(new int[] {3, 4}, b.targetLengths());
        assertEquals(7, b.tokenCount());
    }

    @Test
    void aBatchOfExamplesUsesTheVocabularyIds() {
        Vocabulary v = Vocabulary.of(List.of("a", "b"));
        Batch b = Batch.of(List.of(new Example(List.of("a", "b"), List.of("b"))), v);
        assertArrayEquals(new int[][] {{4, 5}}, b.source());
        assertArrayEquals(new int[][] {{1, 5}}, b.targetInput());
        assertArrayEquals(new int[][] {{5, 2}}, b.targetOutput());
    }

    @Test
    void aBatchHandsOutCopiesSoCallersCannotChangeIt() {
        Batch b = Batch.of(List.of(new int[] {5}), List.of(new int[] {6}));
        b.source()[0][0] = 99;
        assertEquals(5, b.source()[0][0]);
    }

    @Test
    void paddingIdsInsideASequenceAreRejectedWithThePosition() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Batch.of(List.of(new int[] {5, 0, 6}), List.of(new int[] {7})));
        assertTrue(e.getMessage().contains("Batch.of") && e.getMessage().contains("id 0")
                && e.getMessage().contains("position 1"), e.getMessage());
    }

    @Test
    void mismatchedSourceAndTargetCountsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Batch.of(List.of(new int[] {5}, new int[] {6}), List.of(new int[] {7})));
        assertTrue(e.getMessage().contains("Batch.of") && e.getMessage().contains("2 sources")
                && e.getMessage().contains("1 targets"), e.getMessage());
    }

    @Test
    void aBatchStreamVisitsEveryExampleOncePerEpochAndRepeatsWithTheSameSeed() {
        CopyTask task = new CopyTask(5, 3, 3);
        List<Example> examples = task.examples(10, 1);
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        BatchStream a = new BatchStream(examples, task.vocabulary(), 4, 7);
        BatchStream b = new BatchStream(examples, task.vocabulary(), 4, 7);
        int rows = 0;
        for (int i = 0; i < 3; i++) {
            Batch x = a.next();
            rows += x.size();
            first.add(java.util.Arrays.deepToString(x.source()));
            second.add(java.util.Arrays.deepToString(b.next().source()));
        }
        assertEquals(10, rows);
        assertEquals(first, second);
        assertEquals(1, a.epoch());
        a.next();
        assertEquals(2, a.epoch());
        assertNotEquals(first.get(0), java.util.Arrays.deepToString(new BatchStream(examples, task.vocabulary(), 4, 8)
                .next().source()));
    }

    @Test
    void aLanguageModelBatchReadsEachSequenceAfterBosAndPredictsItThenEos() {
        Batch b = Batch.sequences(List.of(new int[] {5, 6}, new int[] {7}));
        assertArrayEquals(new int[][] {{1, 5, 6}, {1, 7, 0}}, b.targetInput());
        assertArrayEquals(new int[][] {{5, 6, 2}, {7, 2, 0}}, b.targetOutput());
        assertFalse(b.hasLabels());
    }

    @Test
    void aClassificationBatchHasLabelsAndNoTargetSequences() {
        Batch b = Batch.labelled(List.of(new int[] {5, 6, 7}, new int[] {8}), new int[] {1, 0});
        assertTrue(b.hasLabels());
        assertArrayEquals(new int[] {1, 0}, b.labels());
        assertArrayEquals(new int[][] {{5, 6, 7}, {8, 0, 0}}, b.source());
        assertArrayEquals(new int[] {3, 1}, b.sourceLengths());
        IllegalStateException e = assertThrows(IllegalStateException.class, b::targetInput);
        assertTrue(e.getMessage().contains("class labels"), e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Batch.labelled(List.of(new int[] {5}), new int[] {-2}));
        assertTrue(bad.getMessage().contains("Batch.labelled") && bad.getMessage().contains("-2"), bad.getMessage());
    }
}
