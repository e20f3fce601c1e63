import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;

import javax.imageio.ImageIO;

import org.ejml.simple.SimpleMatrix;

import transformer.attention.MultiHeadAttention;
import transformer.bench.Timing;
import transformer.display.Charts;
import transformer.plot.Curves;

/**
 * Time of one multi-head self-attention forward (d_model 64, 4 heads, one sequence) against the
 * sequence length n = 16 … 512: the median over repeats of the CPU time per call, measured with the
 * kit's {@link Timing} as lesson 04 does. Writes results/attention_scaling.csv and .png.
 */
public final class AttentionScaling {

    private static final int D_MODEL = 64;
    private static final int HEADS = 4;
    private static final int[] LENGTHS = {16, 32, 64, 128, 256, 512};
    private static final int WARMUPS = 2;
    private static final int REPEATS = 7;
    /** CPU seconds per repeat: the process CPU clock ticks every few milliseconds. */
    private static final double SECONDS_PER_REPEAT = 0.5;

    public static void main(String[] args) throws IOException {
        Path results = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
        Files.createDirectories(results);
        int threads = Threads.fromEnvironment();
        MultiHeadAttention attention = new MultiHeadAttention("attention", D_MODEL, HEADS, new SplittableRandom(42));

        double[] n = new double[LENGTHS.length];
        double[] cpuMs = new double[LENGTHS.length];
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(results.resolve("attention_scaling.csv")))) {
            csv.println("n,d_model,heads,threads,median_cpu_ms,median_wall_ms,calls_per_repeat,repeats");
            for (int i = 0; i < LENGTHS.length; i++) {
                SimpleMatrix x = SimpleMatrix.random_DDRM(LENGTHS[i], D_MODEL, -1, 1, new Random(LENGTHS[i]));
                Runnable forward = () -> attention.forward(x);
                callsForOneRepeat(forward); // the first calibration also warms up the JIT, so it runs slow
                int calls = callsForOneRepeat(forward);
                Timing.Seconds perCall = Timing.medianPerCall(forward, calls, WARMUPS, REPEATS);
                n[i] = LENGTHS[i];
                cpuMs[i] = perCall.cpu() * 1000;
                csv.printf(Locale.ROOT, "%d,%d,%d,%d,%.5f,%.5f,%d,%d%n", LENGTHS[i], D_MODEL, HEADS, threads,
                        cpuMs[i], perCall.wall() * 1000, calls, REPEATS);
                System.out.printf(Locale.ROOT, "attention forward  n = %4d  median CPU %9.4f ms  wall %9.4f ms%n",
                        LENGTHS[i], cpuMs[i], perCall.wall() * 1000);
            }
        }
        ImageIO.write(Charts.image(chart(n, cpuMs)), "png", results.resolve("attention_scaling.png").toFile());
        System.out.println("wrote " + results.resolve("attention_scaling.csv") + " and attention_scaling.png");
    }

    /** Doubles the number of calls until they take a measurable time, then scales to one repeat's length. */
    private static int callsForOneRepeat(Runnable task) {
        int calls = 1;
        while (true) {
            int k = calls;
            double cpu = Timing.measure(() -> {
                for (int c = 0; c < k; c++) {
                    task.run();
                }
            }).cpu();
            if (cpu >= 0.1) {
                return (int) Math.max(1, Math.ceil(k * SECONDS_PER_REPEAT / cpu));
            }
            calls *= 2;
        }
    }

    private static org.knowm.xchart.XYChart chart(double[] n, double[] ms) {
        double[] quadratic = new double[n.length];
        double[] linear = new double[n.length];
        int last = n.length - 1;
        for (int i = 0; i < n.length; i++) {
            quadratic[i] = ms[last] * (n[i] / n[last]) * (n[i] / n[last]);
            linear[i] = ms[last] * (n[i] / n[last]);
        }
        return Curves.titled("Self-attention forward time against sequence length")
                .xAxis("sequence length n").yAxis("CPU milliseconds per forward")
                .logX().logY()
                .series("measured (d_model 64, 4 heads)", n, ms)
                .guide("∝ n² (through the last point)", n, quadratic)
                .guide("∝ n (through the last point)", n, linear)
                .chart();
    }
}
