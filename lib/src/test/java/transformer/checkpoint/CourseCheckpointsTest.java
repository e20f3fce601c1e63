package transformer.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import transformer.data.DateTask;
import transformer.data.Vocabulary;
import transformer.decoding.GreedyDecoder;
import transformer.layers.NormPlacement;
import transformer.model.EncoderDecoder;

/**
 * The checkpoints committed under notebooks/checkpoints/ are what lessons 10–12 load: if a format or
 * model change stops them loading, or changes what they compute, this fails before a notebook does.
 * (Maven runs these tests in lib/, so {@link CourseCheckpoints#find} finds the folder one level up.)
 */
class CourseCheckpointsTest {

    private static Path shipped(String name) {
        return CourseCheckpoints.find(Path.of(""), name);
    }

    @Test
    void everyShippedCheckpointLoadsWithTheSettingsThatMadeIt() {
        Vocabulary dates = DateTask.standard().vocabulary();
        Vocabulary letters = CourseCheckpoints.reverseTask().vocabulary();
        record Shipped(String file, Vocabulary vocabulary, NormPlacement placement) {
        }
        for (Shipped s : List.of(new Shipped(CourseCheckpoints.REVERSE, letters, NormPlacement.POST_NORM),
                new Shipped(CourseCheckpoints.DATES, dates, NormPlacement.POST_NORM),
                new Shipped(CourseCheckpoints.DATES_PRE_NORM, dates, NormPlacement.PRE_NORM))) {
            Checkpoint c = Checkpoint.read(shipped(s.file()));
            assertEquals(CourseCheckpoints.config(s.vocabulary(), s.placement()), c.config(), s.file());
            assertEquals(s.vocabulary().tokens(), c.sourceVocabulary().tokens(), s.file());
            assertEquals(s.vocabulary().tokens(), c.targetVocabulary().tokens(), s.file());
            EncoderDecoder model = c.toEncoderDecoder();
            assertEquals(c.parameters().size(), model.parameters().size(), s.file());
        }
    }

    @Test
    void theShippedDateModelsWriteHeldOutDatesCorrectly() {
        Vocabulary v = DateTask.standard().vocabulary();
        for (String file : List.of(CourseCheckpoints.DATES, CourseCheckpoints.DATES_PRE_NORM)) {
            EncoderDecoder model = Checkpoint.load(shipped(file));
            double accuracy = new GreedyDecoder(model, 12).exactMatch(CourseCheckpoints.dateSplit().heldOut(), v);
            assertTrue(accuracy >= 0.95, file + ": held-out exact match " + accuracy);
        }
    }

    @Test
    void theShippedReverseModelReversesMostHeldOutStrings() {
        EncoderDecoder model = Checkpoint.load(shipped(CourseCheckpoints.REVERSE));
        double accuracy = new GreedyDecoder(model, 12).exactMatch(CourseCheckpoints.reverseSplit().heldOut(),
                CourseCheckpoints.reverseTask().vocabulary());
        assertTrue(accuracy >= 0.9, "held-out exact match " + accuracy);
    }

    @Test
    void theTrainingLogHasOneRowPerStepOfBothDateRuns() throws IOException {
        List<String> lines = Files.readAllLines(shipped(CourseCheckpoints.DATES_TRAINING));
        assertEquals("step,learning rate,post-norm loss,pre-norm loss", lines.get(0));
        assertEquals(CourseCheckpoints.DATE_STEPS + 1, lines.size());
        assertTrue(lines.get(CourseCheckpoints.DATE_STEPS).startsWith(CourseCheckpoints.DATE_STEPS + ","));
    }

    @Test
    void findLooksNextToTheNotebookAndInEveryFolderAbove(@TempDir Path root) throws IOException {
        Path folder = Files.createDirectories(root.resolve("notebooks").resolve("checkpoints"));
        Path file = Files.writeString(folder.resolve("m.ckpt"), "x");
        Path solutions = Files.createDirectories(root.resolve("notebooks").resolve("solutions"));
        assertEquals(file, CourseCheckpoints.find(root.resolve("notebooks"), "m.ckpt"));
        assertEquals(file, CourseCheckpoints.find(solutions, "m.ckpt"));
        assertEquals(file, CourseCheckpoints.find(root, "m.ckpt"));
    }

    @Test
    void aMissingCheckpointSaysHowToMakeIt(@TempDir Path root) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CourseCheckpoints.find(root, "nowhere.ckpt"));
        assertTrue(e.getMessage().contains("nowhere.ckpt") && e.getMessage().contains("make checkpoints"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CourseCheckpoints.find(root, " "));
    }
}
