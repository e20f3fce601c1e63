import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import transformer.checkpoint.CourseCheckpoints;
import transformer.checkpoint.ShakespeareRecipe;
import transformer.data.CourseData;

/**
 * nanoGPT's CPU recipe for tiny Shakespeare in the kit ({@link ShakespeareRecipe}, the code that
 * trains the shipped checkpoint), timed: benchmarks/nanogpt_shakespeare.py runs the same recipe in
 * PyTorch and prints the same figures.
 *
 * <pre>
 *   java -cp … ShakespeareBenchmark [--iters 2000] [--out benchmarks/results] [--save notebooks/checkpoints]
 * </pre>
 * Threads: BENCH_THREADS (default 1). Prints the losses every 250 steps (20 batches of each split),
 * the final held-out loss on 200 and on 20 batches, the CPU and wall time of training alone and of
 * the whole run, and a sample; writes results/shakespeare_kit_&lt;threads&gt;t.csv, and with --save the
 * checkpoint, curve and samples that {@code make checkpoints} writes.
 */
public final class ShakespeareBenchmark {

    public static void main(String[] args) throws IOException {
        int iters = Integer.parseInt(option(args, "--iters", String.valueOf(ShakespeareRecipe.STEPS)));
        Path out = Path.of(option(args, "--out", "benchmarks/results"));
        String save = option(args, "--save", null);
        int threads = Threads.fromEnvironment();
        long cpu0 = cpuNanos();
        long wall0 = System.nanoTime();
        ShakespeareRecipe.Corpus corpus = ShakespeareRecipe.corpus(CourseData.text(CourseData.SHAKESPEARE));
        System.out.printf(Locale.ROOT, "kit, float64, %d thread(s); %d characters, %d train / %d val tokens%n",
                threads, corpus.characters().size(), corpus.train().length, corpus.heldOut().length);
        ShakespeareRecipe.Run run = ShakespeareRecipe.train(corpus, iters, ShakespeareRecipe.EVAL_EVERY,
                ShakespeareRecipe.SEED, System.out::println);
        double val200 = ShakespeareRecipe.loss(run.model(), corpus.heldOut(), 200, 3);
        double val20 = ShakespeareRecipe.loss(run.model(), corpus.heldOut(), 20, 3);
        double totalCpu = (cpuNanos() - cpu0) / 1e9;
        double totalWall = (System.nanoTime() - wall0) / 1e9;
        int parameters = run.model().parameters().stream().mapToInt(p -> p.size()).sum();
        System.out.printf(Locale.ROOT, "%d parameters%n", parameters);
        System.out.printf(Locale.ROOT, "final val loss: %.4f (200 batches), %.4f (20 batches)%n", val200, val20);
        System.out.printf(Locale.ROOT, "training %d steps: CPU %.1f s, wall %.1f s; whole run with evaluation: CPU %.1f s, wall %.1f s%n",
                iters, run.trainingCpuSeconds(), run.trainingWallSeconds(), totalCpu, totalWall);
        System.out.println("sample (temperature 0.8, top-k 10):\n"
                + ShakespeareRecipe.sample(run.model(), corpus, "\n", 300, 0.8, 10, ShakespeareRecipe.SEED));
        StringBuilder csv = new StringBuilder("step,train loss,val loss\n");
        for (ShakespeareRecipe.Point p : run.points()) {
            csv.append(p.step()).append(',').append(p.trainLoss()).append(',').append(p.heldOutLoss()).append('\n');
        }
        csv.append('\n').append("final val loss (200 batches),").append(val200).append('\n')
                .append("final val loss (20 batches),").append(val20).append('\n')
                .append(String.format(Locale.ROOT, "training CPU s,%.2f%ntraining wall s,%.2f%n",
                        run.trainingCpuSeconds(), run.trainingWallSeconds()));
        Files.createDirectories(out);
        Path file = out.resolve("shakespeare_kit_" + threads + "t.csv");
        Files.writeString(file, csv);
        System.out.println("wrote " + file);
        if (save != null) {
            CourseCheckpoints.writeShakespeare(run, Path.of(save));
        }
    }

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
