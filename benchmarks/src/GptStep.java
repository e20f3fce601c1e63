import java.util.Locale;

import transformer.bench.Timing;
import transformer.checkpoint.ShakespeareRecipe;
import transformer.data.CourseData;
import transformer.data.TextWindows;
import transformer.learning.Trainer;
import transformer.model.GPT;

/**
 * Training steps of nanoGPT's recipe alone, without its evaluations: the recipe's GPT, trainer (AdamW,
 * warm-up and cosine schedule, clipping) and batches of 12 windows of 64 characters, 5 steps of
 * warm-up, then {@code steps} timed steps (default 30). benchmarks/nanogpt_step.py times the same
 * model's steps in PyTorch.
 *
 * <pre>
 *   BENCH_THREADS=1 java --add-modules jdk.incubator.vector -cp … GptStep [steps]
 * </pre>
 */
public final class GptStep {

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int threads = Threads.fromEnvironment();
        ShakespeareRecipe.Corpus corpus = ShakespeareRecipe.corpus(CourseData.text(CourseData.SHAKESPEARE));
        GPT model = ShakespeareRecipe.model(corpus.characters().size(), ShakespeareRecipe.SEED);
        Trainer trainer = ShakespeareRecipe.trainer(model, ShakespeareRecipe.STEPS);
        TextWindows batches = new TextWindows(corpus.train(), ShakespeareRecipe.BLOCK_SIZE, ShakespeareRecipe.BATCH_SIZE,
                ShakespeareRecipe.SEED);
        trainer.train(batches, 5);
        Timing.Seconds t = Timing.measure(() -> trainer.train(batches, steps));
        System.out.printf(Locale.ROOT, "kit float64, %d thread(s): %.1f ms CPU (process), %.1f ms CPU (this thread),"
                + " %.1f ms wall per step (%d steps)%n", threads, 1000 * t.cpu() / steps, 1000 * t.threadCpu() / steps,
                1000 * t.wall() / steps, steps);
    }
}
