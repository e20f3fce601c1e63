import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

import org.ejml.simple.SimpleMatrix;

import transformer.layers.NormPlacement;
import transformer.bench.Timing;
import transformer.learning.Adam;
import transformer.learning.LabelSmoothingLoss;
import transformer.model.EncoderDecoder;
import transformer.model.TransformerConfig;
import transformer.position.PositionKind;

/**
 * Training steps per second of the kit's EncoderDecoder on a copy task: forward, label-smoothed
 * loss, backward, Adam step. Writes results/training_java_&lt;threads&gt;t.csv; benchmarks/pytorch_training.py runs
 * the same configurations in PyTorch and compares.
 */
public final class TrainingThroughput {

    /**
     * One benchmark configuration (the PyTorch script lists the same ones): the model, a batch of
     * {@code batch} sequences of {@code length} tokens on each side, and how many steps to time:
     * {@code warmups} untimed, then {@code repeats} repeats of {@code steps} steps.
     */
    record Setup(String name, int dModel, int heads, int layers, int dFF, int batch, int length, int vocab,
                 int warmups, int steps, int repeats) {
    }

    static final Setup[] SETUPS = {
        new Setup("tiny", 32, 4, 2, 128, 32, 10, 20, 5, 20, 5),
        new Setup("small", 64, 4, 2, 256, 64, 12, 20, 5, 20, 5),
        new Setup("medium", 128, 4, 2, 512, 32, 32, 100, 3, 5, 5),
        new Setup("large", 256, 8, 4, 1024, 32, 32, 500, 2, 2, 3),
        new Setup("base", 512, 8, 6, 2048, 32, 32, 1000, 1, 1, 3), // the paper's base model, 2 x 1024 tokens
    };
    static final double DROPOUT = 0.1;

    public static void main(String[] args) throws IOException {
        Path results = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
        Files.createDirectories(results);
        int threads = Threads.fromEnvironment();
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(results.resolve("training_java_" + threads + "t.csv")))) {
            csv.println("config,threads,steps,repeat,cpu_seconds,wall_seconds,target_tokens_per_step");
            for (Setup setup : SETUPS) {
                run(setup, threads, csv);
            }
        }
    }

    private static void run(Setup s, int threads, PrintWriter csv) {
        TransformerConfig config = new TransformerConfig(s.vocab(), s.vocab(), s.dModel(), s.heads(), s.layers(),
                s.dFF(), DROPOUT, 64, NormPlacement.POST_NORM, PositionKind.SINUSOIDAL, TransformerConfig.PAD_ID);
        EncoderDecoder model = new EncoderDecoder(config, 7);
        model.setTraining(true);
        LabelSmoothingLoss loss = new LabelSmoothingLoss(0.1, TransformerConfig.PAD_ID);
        Adam adam = Adam.paper(model.parameters());
        int[][][] batch = copyBatch(s, new SplittableRandom(11));
        Runnable steps = () -> {
            for (int i = 0; i < s.steps(); i++) {
                step(model, loss, adam, batch);
            }
        };
        for (int i = 0; i < s.warmups(); i++) {
            step(model, loss, adam, batch);
        }
        double[] cpu = new double[s.repeats()];
        double[] wall = new double[s.repeats()];
        for (int r = 0; r < s.repeats(); r++) {
            Timing.Seconds t = Timing.measure(steps);
            cpu[r] = t.cpu();
            wall[r] = t.wall();
            csv.printf(Locale.ROOT, "%s,%d,%d,%d,%.6f,%.6f,%d%n", s.name(), threads, s.steps(), r, t.cpu(), t.wall(),
                    s.batch() * s.length());
        }
        System.out.printf(Locale.ROOT, "kit     %-6s %8.3f s CPU, %8.3f s wall per step  (medians of %d x %d steps)%n",
                s.name(), Timing.median(cpu) / s.steps(), Timing.median(wall) / s.steps(), s.repeats(), s.steps());
    }

    private static void step(EncoderDecoder model, LabelSmoothingLoss loss, Adam adam, int[][][] batch) {
        SimpleMatrix logProbs = model.forward(batch[0], batch[1]);
        loss.forward(logProbs, batch[2]);
        adam.zeroGrad();
        model.backward(loss.backward());
        adam.step(1e-3);
    }

    /** Source, decoder input (BOS + target without its last token) and target, for copying random tokens. */
    static int[][][] copyBatch(Setup s, SplittableRandom random) {
        int[][] source = new int[s.batch()][s.length()];
        int[][] input = new int[s.batch()][s.length()];
        int[][] target = new int[s.batch()][s.length()];
        for (int b = 0; b < s.batch(); b++) {
            for (int i = 0; i < s.length(); i++) {
                source[b][i] = 4 + random.nextInt(s.vocab() - 4); // ids 0..3 are PAD, BOS, EOS, UNK
                target[b][i] = source[b][i];
                input[b][i] = i == 0 ? TransformerConfig.BOS_ID : source[b][i - 1];
            }
        }
        return new int[][][] {source, input, target};
    }
}
