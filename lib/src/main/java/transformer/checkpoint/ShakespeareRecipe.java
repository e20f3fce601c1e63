package transformer.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import transformer.bench.Timing;
import transformer.data.Batch;
import transformer.data.TextWindows;
import transformer.learning.Adam;
import transformer.learning.CosineSchedule;
import transformer.learning.LabelSmoothingLoss;
import transformer.learning.Trainable;
import transformer.learning.Trainer;
import transformer.learning.TrainingHistory;
import transformer.model.GPT;
import transformer.tokenize.CharacterTokenizer;

/**
 * nanoGPT's CPU recipe for tiny Shakespeare (its README's command for a laptop), every setting in one
 * place: characters as tokens, a 90 / 10 split, block 64, batch 12, 4 layers, 4 heads, d_model 128,
 * dropout 0, 2000 steps of AdamW (1e-3, β 0.9 / 0.99, weight decay 0.1 on matrices) with 100 warm-up
 * steps and cosine decay to 1e-4, clipping at norm 1. {@link CourseCheckpoints} trains the shipped
 * model with it; {@code benchmarks/src/ShakespeareBenchmark.java} times it beside PyTorch.
 *
 * <p>The tokens are the corpus's 65 distinct characters in code-point order, numbered from 0 as
 * nanoGPT numbers them: {@link CharacterTokenizer}'s alphabet without the kit's four special tokens,
 * since a model that reads windows of running text needs no padding, start or end marker.
 */
public final class ShakespeareRecipe {
    public static final int BLOCK_SIZE = 64;
    public static final int BATCH_SIZE = 12;
    public static final int D_MODEL = 128;
    public static final int HEADS = 4;
    public static final int LAYERS = 4;
    public static final int STEPS = 2000;
    /** nanoGPT's eval_interval: the losses are measured every this many steps. */
    public static final int EVAL_EVERY = 250;
    /** nanoGPT's eval_iters on the CPU: each measured loss is the mean over this many random batches. */
    public static final int EVAL_BATCHES = 20;
    public static final long SEED = 1337;

    private ShakespeareRecipe() {
    }

    /** The text as token ids, its characters (one per id), and the first 90 % for training, the rest held out. */
    public record Corpus(List<String> characters, int[] train, int[] heldOut) {
        /** The ids of a text made of the corpus's characters. */
        public int[] encode(String text) {
            int[] ids = new int[text.length()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = characters.indexOf(String.valueOf(text.charAt(i)));
                if (ids[i] < 0) {
                    throw new IllegalArgumentException("ShakespeareRecipe.Corpus.encode: character '" + text.charAt(i)
                            + "' at " + i + " is not one of the corpus's " + characters.size() + " characters");
                }
            }
            return ids;
        }

        public String decode(int[] ids) {
            StringBuilder s = new StringBuilder();
            for (int id : ids) {
                s.append(characters.get(id));
            }
            return s.toString();
        }
    }

    /** The corpus of a text: its distinct characters, in code-point order, and the 90 / 10 split. */
    public static Corpus corpus(String text) {
        if (text == null || text.length() < 10 * (BLOCK_SIZE + 1)) {
            throw new IllegalArgumentException("ShakespeareRecipe.corpus: got " + (text == null ? "no text" : text.length()
                    + " characters") + "; expected at least " + 10 * (BLOCK_SIZE + 1)
                    + " so that the held-out tenth holds a window of " + BLOCK_SIZE + " characters and its target");
        }
        List<String> characters = new ArrayList<>();
        for (int c : CharacterTokenizer.of(text).alphabet()) {
            characters.add(Character.toString(c));
        }
        Corpus whole = new Corpus(characters, new int[0], new int[0]);
        int[] ids = whole.encode(text);
        int split = (int) (ids.length * 0.9);
        return new Corpus(characters, java.util.Arrays.copyOfRange(ids, 0, split),
                java.util.Arrays.copyOfRange(ids, split, ids.length));
    }

    /** The recipe's model for a vocabulary of {@code vocabularySize} characters. */
    public static GPT model(int vocabularySize, long seed) {
        return new GPT(GPT.config(vocabularySize, D_MODEL, HEADS, LAYERS, BLOCK_SIZE), seed);
    }

    /** AdamW, warm-up and cosine decay over {@code steps}, clipping at 1, cross-entropy over every position. */
    public static Trainer trainer(GPT model, int steps) {
        return new Trainer(Trainable.of(model), new LabelSmoothingLoss(0, -1), Adam.nanoGpt(model.parameters()),
                CosineSchedule.nanoGpt(steps), 1.0);
    }

    /** The mean cross-entropy over {@code batches} random windows of {@code ids}, with the model in evaluation mode. */
    public static double loss(GPT model, int[] ids, int batches, long seed) {
        model.setTraining(false);
        TextWindows windows = new TextWindows(ids, Math.min(BLOCK_SIZE, model.config().maxLength()), BATCH_SIZE, seed);
        LabelSmoothingLoss loss = new LabelSmoothingLoss(0, -1);
        double total = 0;
        for (int b = 0; b < batches; b++) {
            Batch batch = windows.next();
            total += loss.forward(model.forward(batch.targetInput()), batch.targetOutput());
        }
        return total / batches;
    }

    /** {@code count} characters sampled after {@code prompt} at the given temperature and top-k (0: all). */
    public static String sample(GPT model, Corpus corpus, String prompt, int count, double temperature, int topK,
                                long seed) {
        return corpus.decode(model.generate(corpus.encode(prompt), count, temperature, topK, new SplittableRandom(seed)));
    }

    /** One measurement: the step, the mean train and held-out losses, and a sample of 200 characters. */
    public record Point(int step, double trainLoss, double heldOutLoss, String sample) {
    }

    /** A finished run: the model, its history, the measurements, and the CPU and wall seconds of training alone. */
    public record Run(GPT model, TrainingHistory history, List<Point> points, double trainingCpuSeconds,
                      double trainingWallSeconds) {
    }

    /**
     * Trains the recipe's model for {@code steps}, measuring both losses and a sample every
     * {@code evalEvery} steps and at the end; {@code log} gets one line per measurement.
     */
    public static Run train(Corpus corpus, int steps, int evalEvery, long seed, Consumer<String> log) {
        GPT model = model(corpus.characters().size(), seed);
        Trainer trainer = trainer(model, steps);
        TextWindows batches = new TextWindows(corpus.train(), BLOCK_SIZE, BATCH_SIZE, seed);
        List<Point> points = new ArrayList<>();
        double cpu = 0;
        double wall = 0;
        for (int step = 0; ; step = Math.min(steps, step + evalEvery)) {
            Point p = new Point(step, loss(model, corpus.train(), EVAL_BATCHES, 1),
                    loss(model, corpus.heldOut(), EVAL_BATCHES, 2), sample(model, corpus, "\n", 200, 0.8, 0, seed));
            points.add(p);
            log.accept(String.format(Locale.ROOT, "step %d: train loss %.4f, val loss %.4f", step, p.trainLoss(),
                    p.heldOutLoss()));
            if (step == steps) {
                break;
            }
            int chunk = Math.min(evalEvery, steps - step);
            Timing.Seconds t = Timing.measure(() -> trainer.train(batches, chunk));
            cpu += t.cpu();
            wall += t.wall();
        }
        return new Run(model, trainer.history(), points, cpu, wall);
    }

    /** The step, learning rate and batch loss of every step, and the measured losses where they were measured. */
    public static String curveCsv(Run run) {
        Map<Integer, Point> measured = new LinkedHashMap<>();
        for (Point p : run.points()) {
            measured.put(p.step(), p);
        }
        StringBuilder csv = new StringBuilder("step,learning rate,batch loss,train loss,val loss\n");
        Point first = measured.get(0);
        if (first != null) {
            csv.append("0,,,").append(first.trainLoss()).append(',').append(first.heldOutLoss()).append('\n');
        }
        for (TrainingHistory.Step s : run.history().steps()) {
            Point p = measured.get(s.step());
            csv.append(s.step()).append(',').append(s.learningRate()).append(',').append(s.loss()).append(',')
                    .append(p == null ? "" : String.valueOf(p.trainLoss())).append(',')
                    .append(p == null ? "" : String.valueOf(p.heldOutLoss())).append('\n');
        }
        return csv.toString();
    }

    /** The samples of a run, each after a line {@code === step N}. */
    public static String samplesText(Run run) {
        StringBuilder s = new StringBuilder();
        for (Point p : run.points()) {
            s.append("=== step ").append(p.step()).append('\n').append(p.sample()).append('\n');
        }
        return s.toString();
    }

    /** Reads a file written from {@link #samplesText}: the sample after each step, in order. */
    public static Map<Integer, String> readSamples(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("ShakespeareRecipe.readSamples: could not read " + file, e);
        }
        Map<Integer, String> samples = new LinkedHashMap<>();
        String[] parts = text.split("(^|\n)=== step ");
        for (String part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            int newline = part.indexOf('\n');
            String body = part.substring(newline + 1);
            samples.put(Integer.parseInt(part.substring(0, newline).trim()),
                    body.endsWith("\n") ? body.substring(0, body.length() - 1) : body);
        }
        return samples;
    }
}
