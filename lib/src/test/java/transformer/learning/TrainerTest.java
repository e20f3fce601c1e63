package transformer.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import tech.tablesaw.api.Table;
import transformer.data.BatchStream;
import transformer.data.CopyTask;
import transformer.data.Vocabulary;

class TrainerTest {

    private static final CopyTask TASK = new CopyTask(5, 3, 6);

    private static Trainer trainer(BigramModel model) {
        return new Trainer(model, new LabelSmoothingLoss(0.1, Vocabulary.PAD), Adam.paper(model.parameters()),
                new NoamSchedule(16, 10, 1.0), 1.0);
    }

    private static BatchStream batches(long seed) {
        return new BatchStream(TASK.examples(200, 1), TASK.vocabulary(), 8, seed);
    }

    @Test
    void theLossFallsAndProgressIsReportedEveryKStepsWithHeldOutAccuracy() {
        BigramModel model = new BigramModel(TASK.vocabulary().size(), 3);
        List<Progress> reports = new ArrayList<>();
        TrainingHistory h = trainer(model).reportEvery(10, reports::add).evaluateWith(() -> model.training ? -1 : 0.5)
                .train(batches(4), 45);
        assertEquals(45, h.size());
        assertEquals(h.losses()[44], h.lossPerStep().get(44));
        assertEquals(45, h.learningRatePerStep().size());
        assertEquals(List.of(10, 20, 30, 40, 45), reports.stream().map(Progress::step).toList());
        assertEquals(0.5, reports.get(0).heldOutAccuracy(), "the evaluator runs in evaluation mode");
        assertTrue(h.recentLoss(5) < h.losses()[0] - 0.3, "loss " + h.losses()[0] + " → " + h.recentLoss(5));
        assertEquals(new NoamSchedule(16, 10, 1.0).learningRate(30), h.steps().get(29).learningRate());
        assertTrue(reports.get(4).tokens() > 0 && reports.get(4).stepsPerSecond() > 0);
        assertFalse(model.training, "the model is left in evaluation mode");
        Table table = h.toTable();
        assertEquals(45, table.rowCount());
        assertEquals(5, table.rowCount() - table.doubleColumn("held-out accuracy").countMissing());
    }

    @Test
    void theSameSeedsGiveBitIdenticalLosses() {
        double[] first = trainer(new BigramModel(TASK.vocabulary().size(), 3)).train(batches(4), 15).losses();
        double[] second = trainer(new BigramModel(TASK.vocabulary().size(), 3)).train(batches(4), 15).losses();
        assertArrayEquals(first, second);
        double[] other = trainer(new BigramModel(TASK.vocabulary().size(), 3)).train(batches(5), 15).losses();
        assertFalse(java.util.Arrays.equals(first, other));
    }

    @Test
    void trainingAgainContinuesTheStepCountAndTheSchedule() {
        Trainer t = trainer(new BigramModel(TASK.vocabulary().size(), 3));
        BatchStream stream = batches(4);
        t.train(stream, 5);
        TrainingHistory h = t.train(stream, 5);
        assertEquals(10, h.size());
        assertEquals(10, h.steps().get(9).step());
        assertEquals(10, t.steps());
    }

    @Test
    void anInterruptStopsTrainingWithinOneStepAndKeepsTheCompletedSteps() throws InterruptedException {
        BigramModel model = new BigramModel(TASK.vocabulary().size(), 3);
        CountDownLatch reachedFive = new CountDownLatch(1);
        AtomicReference<TrainingHistory> result = new AtomicReference<>();
        Trainer t = trainer(model).reportEvery(1, p -> {
            if (p.step() == 5) {
                reachedFive.countDown();
                try {
                    Thread.sleep(10_000); // the interrupt arrives while step 5 is being reported
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        Thread worker = new Thread(() -> result.set(t.train(batches(4), 1_000_000)));
        worker.start();
        assertTrue(reachedFive.await(10, TimeUnit.SECONDS));
        worker.interrupt();
        worker.join(5_000);
        assertFalse(worker.isAlive(), "the training thread should have stopped");
        assertEquals(5, result.get().size());
        assertTrue(result.get().wasInterrupted());
    }

    @Test
    void anInterruptDuringALongRunWithoutReportsAlsoStopsIt() throws InterruptedException {
        Trainer t = trainer(new BigramModel(TASK.vocabulary().size(), 3));
        AtomicReference<TrainingHistory> result = new AtomicReference<>();
        Thread worker = new Thread(() -> result.set(t.train(batches(4), Integer.MAX_VALUE / 2)));
        worker.start();
        Thread.sleep(300);
        worker.interrupt();
        worker.join(5_000);
        assertFalse(worker.isAlive(), "the training thread should have stopped");
        assertTrue(result.get().wasInterrupted() && result.get().size() > 0);
    }

    @Test
    void badTrainerSettingsAreRejectedWithTheValue() {
        BigramModel model = new BigramModel(TASK.vocabulary().size(), 3);
        IllegalArgumentException norm = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(model, new LabelSmoothingLoss(0, 0), Adam.paper(model.parameters()),
                        LearningRateSchedule.constant(1e-3), 0));
        assertTrue(norm.getMessage().contains("Trainer") && norm.getMessage().contains("0.0"), norm.getMessage());
        IllegalArgumentException steps = assertThrows(IllegalArgumentException.class,
                () -> trainer(model).train(batches(1), 0));
        assertTrue(steps.getMessage().contains("Trainer.train") && steps.getMessage().contains("steps is 0"),
                steps.getMessage());
        IllegalArgumentException every = assertThrows(IllegalArgumentException.class,
                () -> trainer(model).reportEvery(0, p -> { }));
        assertTrue(every.getMessage().contains("Trainer.reportEvery") && every.getMessage().contains("every 0"),
                every.getMessage());
    }
}
