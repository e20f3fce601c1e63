package transformer.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import transformer.data.BatchStream;
import transformer.data.CourseData;
import transformer.data.DateTask;
import transformer.data.ReverseTask;
import transformer.data.SequenceTask;
import transformer.data.Split;
import transformer.data.Vocabulary;
import transformer.decoding.GreedyDecoder;
import transformer.layers.NormPlacement;
import transformer.learning.Adam;
import transformer.learning.LabelSmoothingLoss;
import transformer.learning.NoamSchedule;
import transformer.learning.Trainable;
import transformer.learning.Trainer;
import transformer.learning.TrainingHistory;
import transformer.model.EncoderDecoder;
import transformer.model.GPT;
import transformer.model.TransformerConfig;
import transformer.position.PositionKind;
import transformer.translation.CourseTranslator;

/**
 * The trained models the lessons load instead of training for minutes: every setting that made them,
 * in one place, and {@link #main} to make them again. Seeds fix everything, so a second run writes
 * the same bytes.
 *
 * <pre>
 *   make checkpoints      # java transformer.checkpoint.CourseCheckpoints notebooks/checkpoints
 *   java … CourseCheckpoints notebooks/checkpoints shakespeare     # only the Shakespeare model
 * </pre>
 *
 * <ul>
 *   <li>{@value #REVERSE}: reverses a string of letters;</li>
 *   <li>{@value #DATES}: "21 Nov 2026" → "2026-11-21", post-norm (the paper's order);</li>
 *   <li>{@value #DATES_PRE_NORM}: the same model, data, seeds and steps, with pre-norm;</li>
 *   <li>{@value #DATES_TRAINING}: the training loss and learning rate of both date models, per step;</li>
 *   <li>the capstone's English → French translator, its two tokenizers and its training log
 *       ({@link transformer.translation.CourseTranslator});</li>
 *   <li>{@value #SHAKESPEARE}: a character-level {@link GPT} of tiny Shakespeare, trained with nanoGPT's
 *       CPU recipe ({@link ShakespeareRecipe}: 2000 steps, seed {@value ShakespeareRecipe#SEED});</li>
 *   <li>{@value #SHAKESPEARE_TRAINING}: its learning rate and batch loss per step, and the train and
 *       held-out losses every {@value ShakespeareRecipe#EVAL_EVERY} steps;</li>
 *   <li>{@value #SHAKESPEARE_SAMPLES}: what it wrote at each of those steps.</li>
 * </ul>
 *
 * A second argument picks one group: {@code course} (the task models above), {@code translator}
 * (several minutes of CPU) or {@code shakespeare} (about 15 minutes); without it, all are made.
 */
public final class CourseCheckpoints {

    public static final String REVERSE = "reverse.ckpt";
    public static final String DATES = "dates.ckpt";
    public static final String DATES_PRE_NORM = "dates-pre-norm.ckpt";
    public static final String DATES_TRAINING = "dates-training.csv";
    public static final String SHAKESPEARE = "shakespeare.ckpt";
    public static final String SHAKESPEARE_TRAINING = "shakespeare-training.csv";
    public static final String SHAKESPEARE_SAMPLES = "shakespeare-samples.txt";

    /** The folder the files live in, next to the notebooks. */
    public static final String FOLDER = "checkpoints";

    public static final int DATE_STEPS = 1000;
    public static final int REVERSE_STEPS = 800;
    public static final int BATCH_SIZE = 32;
    public static final long SEED = 7;

    private CourseCheckpoints() {
    }

    /** The date task's examples: 3000 for training, 200 held out (never seen in training). */
    public static Split dateSplit() {
        return DateTask.standard().split(3000, 200, 1);
    }

    /** Strings of 3 to 8 letters from a..h, reversed: 2000 for training, 200 held out. */
    public static ReverseTask reverseTask() {
        return new ReverseTask(8, 3, 8);
    }

    public static Split reverseSplit() {
        return reverseTask().split(2000, 200, 1);
    }

    /** d_model 32, 4 heads, 2 layers, d_ff 64, dropout 0.1, sinusoidal positions, max length 16. */
    public static TransformerConfig config(Vocabulary vocabulary, NormPlacement placement) {
        return new TransformerConfig(vocabulary.size(), vocabulary.size(), 32, 4, 2, 64, 0.1, 16, placement,
                PositionKind.SINUSOIDAL, TransformerConfig.PAD_ID);
    }

    /** Adam (the paper's β and ε), Noam schedule (warm-up 100 steps, factor 0.5), clipping at norm 1. */
    public static Trainer trainer(EncoderDecoder model, double labelSmoothing) {
        return new Trainer(Trainable.of(model), new LabelSmoothingLoss(labelSmoothing, Vocabulary.PAD),
                Adam.paper(model.parameters()), new NoamSchedule(model.config().dModel(), 100, 0.5), 1.0);
    }

    /**
     * The file {@code name} in a {@value #FOLDER} folder: looked for in {@code start}/checkpoints,
     * {@code start}/notebooks/checkpoints, then the same in every parent folder. A notebook passes its
     * working directory, which works from {@code notebooks/} and from {@code notebooks/solutions/}.
     */
    public static Path find(Path start, String name) {
        if (start == null || name == null || name.isBlank()) {
            throw new IllegalArgumentException("CourseCheckpoints.find: got start " + start + " and name " + name
                    + "; expected a folder and a file name such as \"" + DATES + "\"");
        }
        List<Path> tried = new ArrayList<>();
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            for (Path candidate : List.of(dir.resolve(FOLDER).resolve(name),
                    dir.resolve("notebooks").resolve(FOLDER).resolve(name))) {
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
                tried.add(candidate);
            }
        }
        throw new IllegalArgumentException("CourseCheckpoints.find: no file " + name + " in " + tried
                + "; run `make checkpoints` in the repository to make it");
    }

    /** {@link #find(Path, String)} from the current working directory (a notebook's folder). */
    public static Path find(String name) {
        return find(Path.of(""), name);
    }

    /**
     * Trains every shipped model (or one group: {@code course}, {@code translator}, {@code shakespeare})
     * into the folder given first.
     */
    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2
                || (args.length == 2 && !List.of("course", "translator", "shakespeare").contains(args[1]))) {
            throw new IllegalArgumentException("CourseCheckpoints: got " + List.of(args) + "; expected the output folder,"
                    + " e.g. notebooks/checkpoints, optionally followed by course, translator or shakespeare");
        }
        Path folder = Path.of(args[0]);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("CourseCheckpoints: could not create " + folder, e);
        }
        if (args.length == 1 || args[1].equals("course")) {
            trainTaskModels(folder);
        }
        if (args.length == 1 || args[1].equals("translator")) {
            CourseTranslator.train(folder);
        }
        if (args.length == 1 || args[1].equals("shakespeare")) {
            writeShakespeare(trainShakespeare(System.out::println), folder);
        }
    }

    /** nanoGPT's recipe on the shipped tiny Shakespeare, with the recipe's seed. */
    public static ShakespeareRecipe.Run trainShakespeare(java.util.function.Consumer<String> log) {
        ShakespeareRecipe.Corpus corpus = ShakespeareRecipe.corpus(CourseData.text(CourseData.SHAKESPEARE));
        return ShakespeareRecipe.train(corpus, ShakespeareRecipe.STEPS, ShakespeareRecipe.EVAL_EVERY,
                ShakespeareRecipe.SEED, log);
    }

    /** Writes {@value #SHAKESPEARE}, {@value #SHAKESPEARE_TRAINING} and {@value #SHAKESPEARE_SAMPLES} of a run. */
    public static void writeShakespeare(ShakespeareRecipe.Run run, Path folder) {
        ShakespeareRecipe.Corpus corpus = ShakespeareRecipe.corpus(CourseData.text(CourseData.SHAKESPEARE));
        ShakespeareRecipe.Point last = run.points().get(run.points().size() - 1);
        Checkpoint.save(run.model(), corpus.characters(), String.format(Locale.ROOT,
                "tiny Shakespeare, nanoGPT's CPU recipe: %d steps, seed %d; held-out loss %.4f (%d batches)",
                last.step(), ShakespeareRecipe.SEED, last.heldOutLoss(), ShakespeareRecipe.EVAL_BATCHES),
                folder.resolve(SHAKESPEARE));
        try {
            Files.writeString(folder.resolve(SHAKESPEARE_TRAINING), ShakespeareRecipe.curveCsv(run), StandardCharsets.UTF_8);
            Files.writeString(folder.resolve(SHAKESPEARE_SAMPLES), ShakespeareRecipe.samplesText(run), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("CourseCheckpoints: could not write the Shakespeare files into " + folder, e);
        }
        System.out.println(String.format(Locale.ROOT, "%s: held-out loss %.4f, training %.0f s CPU, %.0f s wall",
                folder.resolve(SHAKESPEARE), last.heldOutLoss(), run.trainingCpuSeconds(), run.trainingWallSeconds()));
    }

    private static void trainTaskModels(Path folder) {
        train(reverseTask(), reverseSplit(), NormPlacement.POST_NORM, 0.0, REVERSE_STEPS, folder.resolve(REVERSE),
                "ReverseTask(8 letters, length 3..8): " + REVERSE_STEPS + " steps, post-norm");
        DateTask dates = DateTask.standard();
        TrainingHistory post = train(dates, dateSplit(), NormPlacement.POST_NORM, 0.1, DATE_STEPS,
                folder.resolve(DATES), "DateTask: " + DATE_STEPS + " steps, post-norm");
        TrainingHistory pre = train(dates, dateSplit(), NormPlacement.PRE_NORM, 0.1, DATE_STEPS,
                folder.resolve(DATES_PRE_NORM), "DateTask: " + DATE_STEPS + " steps, pre-norm");
        StringBuilder csv = new StringBuilder("step,learning rate,post-norm loss,pre-norm loss\n");
        for (int i = 0; i < post.size(); i++) {
            csv.append(post.steps().get(i).step()).append(',').append(post.learningRates()[i]).append(',')
                    .append(post.losses()[i]).append(',').append(pre.losses()[i]).append('\n');
        }
        try {
            Files.writeString(folder.resolve(DATES_TRAINING), csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("CourseCheckpoints: could not write " + folder.resolve(DATES_TRAINING), e);
        }
    }

    private static TrainingHistory train(SequenceTask task, Split split, NormPlacement placement, double smoothing,
            int steps, Path file, String description) {
        Vocabulary v = task.vocabulary();
        EncoderDecoder model = new EncoderDecoder(config(v, placement), SEED);
        TrainingHistory history = trainer(model, smoothing).train(new BatchStream(split.train(), v, BATCH_SIZE, SEED), steps);
        double accuracy = new GreedyDecoder(model, 12).exactMatch(split.heldOut(), v);
        Checkpoint.save(model, v, v, description, file);
        System.out.println(String.format(Locale.ROOT, "%s: final loss %.4f, held-out exact match %.1f%%, %.0f s",
                file, history.recentLoss(50), 100 * accuracy, history.seconds()));
        return history;
    }
}
