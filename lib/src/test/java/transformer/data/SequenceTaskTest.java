package transformer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SequenceTaskTest {

    @Test
    void theCopyTaskTargetIsItsSourceAndItsLengthsStayInRange() {
        for (Example e : new CopyTask(4, 2, 5).examples(200, 3)) {
            assertEquals(e.source(), e.target());
            assertTrue(e.source().size() >= 2 && e.source().size() <= 5);
            assertTrue(e.source().stream().allMatch(t -> t.compareTo("a") >= 0 && t.compareTo("d") <= 0));
        }
    }

    @Test
    void theReverseTaskTargetIsItsSourceBackwards() {
        for (Example e : new ReverseTask(6, 1, 8).examples(100, 3)) {
            List<String> reversed = new ArrayList<>(e.source());
            Collections.reverse(reversed);
            assertEquals(reversed, e.target());
        }
    }

    @Test
    void theDateTaskRewritesHumanDatesAsIsoDates() {
        Example e = DateTask.example(LocalDate.of(2026, 11, 21));
        assertEquals(List.of("2", "1", "Nov", "2", "0", "2", "6"), e.source());
        assertEquals(List.of("2", "0", "2", "6", "-", "1", "1", "-", "2", "1"), e.target());
        assertEquals(List.of("5", "Mar", "1999"), List.of(DateTask.humanText(LocalDate.of(1999, 3, 5)).split(" ")));
        assertEquals(DateTask.example(LocalDate.of(1999, 3, 5)).source(), DateTask.sourceTokens("5 Mar 1999"));
        for (Example x : DateTask.standard().examples(300, 11)) {
            LocalDate date = DateTask.parseTarget(x.target());
            assertEquals(DateTask.sourceTokens(DateTask.humanText(date)), x.source());
            assertTrue(x.source().stream().allMatch(DateTask.standard().vocabulary()::contains));
        }
    }

    @Test
    void theSameSeedGivesTheSameExamplesAndAnotherSeedDoesNot() {
        DateTask task = DateTask.standard();
        assertEquals(task.examples(20, 5), task.examples(20, 5));
        assertFalse(task.examples(20, 5).equals(task.examples(20, 6)));
    }

    @Test
    void heldOutSourcesNeverAppearInTraining() {
        Split split = DateTask.standard().split(2000, 300, 42);
        assertEquals(2000, split.train().size());
        assertEquals(300, split.heldOut().size());
        Set<List<String>> train = new HashSet<>();
        split.train().forEach(e -> train.add(e.source()));
        assertEquals(2000, train.size());
        assertTrue(split.heldOut().stream().noneMatch(e -> train.contains(e.source())));
    }

    @Test
    void askingForMoreDistinctExamplesThanATaskHasIsAnErrorThatSaysHowMany() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CopyTask(2, 2, 2).split(3, 2, 1));
        assertTrue(e.getMessage().contains("CopyTask.split") && e.getMessage().contains("found only 4")
                && e.getMessage().contains("5 (3 + 2)"), e.getMessage());
    }

    @Test
    void aUserSplitKeepsExamplesWithTheSameSourceOnOneSide() {
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            examples.add(new Example(List.of("s" + (i % 10)), List.of("t" + i)));
        }
        Split split = Split.of(examples, 0.3, 9);
        assertEquals(20, split.train().size() + split.heldOut().size());
        assertEquals(6, split.heldOut().size());
    }

    @Test
    void badTaskSettingsAndBadDatesAreRejectedWithTheValues() {
        IllegalArgumentException symbols = assertThrows(IllegalArgumentException.class, () -> new CopyTask(30, 1, 3));
        assertTrue(symbols.getMessage().contains("CopyTask") && symbols.getMessage().contains("30"), symbols.getMessage());
        IllegalArgumentException lengths = assertThrows(IllegalArgumentException.class, () -> new ReverseTask(5, 4, 2));
        assertTrue(lengths.getMessage().contains("ReverseTask") && lengths.getMessage().contains("4..2"),
                lengths.getMessage());
        IllegalArgumentException date = assertThrows(IllegalArgumentException.class,
                () -> DateTask.sourceTokens("31 Feb 2026"));
        assertTrue(date.getMessage().contains("DateTask.sourceTokens") && date.getMessage().contains("31 Feb 2026"),
                date.getMessage());
        IllegalArgumentException fraction = assertThrows(IllegalArgumentException.class,
                () -> Split.of(List.of(), 1.5, 1));
        assertTrue(fraction.getMessage().contains("Split.of") && fraction.getMessage().contains("1.5"),
                fraction.getMessage());
    }
}
