package transformer.benchmark;

import java.util.SplittableRandom;
import org.ejml.simple.SimpleMatrix;
import transformer.layers.Parameter;
import transformer.model.EncoderDecoder;
import transformer.model.TransformerConfig;

/**
 * Times one training step (forward, backward, a plain SGD update) of the EncoderDecoder at
 * d_model 64, 4 heads, 2 layers, d_ff 256, batch 64, length 12 — the configuration the PyTorch
 * float64 comparison uses. Run: {@code mvn -pl lib test-compile exec:java
 * -Dexec.mainClass=transformer.benchmark.TrainingStepBenchmark -Dexec.classpathScope=test}.
 */
public final class TrainingStepBenchmark {
    private TrainingStepBenchmark() {
    }

    public static void main(String[] args) {
        int vocab = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        int batch = 64;
        int length = 12;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        TransformerConfig config = TransformerConfig.small(vocab);
        EncoderDecoder model = new EncoderDecoder(config, 1);
        SplittableRandom random = new SplittableRandom(2);
        int[][] source = new int[batch][length];
        int[][] target = new int[batch][length];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < length; i++) {
                source[b][i] = 4 + random.nextInt(vocab - 4);
                target[b][i] = i == 0 ? TransformerConfig.BOS_ID : 4 + random.nextInt(vocab - 4);
            }
        }
        SimpleMatrix dLogProbs = new SimpleMatrix(batch * length, vocab);
        for (int r = 0; r < batch * length; r++) {
            dLogProbs.set(r, 4 + random.nextInt(vocab - 4), -1.0 / (batch * length)); // cross-entropy gradient
        }
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long[] wall = new long[steps];
        long cpuTotal = 0;
        long threadCpuTotal = 0;
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        int warmup = steps / 2;
        for (int step = 0; step < warmup + steps; step++) {
            long cpuStart = os.getProcessCpuTime();
            long threadStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            model.zeroGrad();
            model.forward(source, target);
            model.backward(dLogProbs);
            for (Parameter p : model.parameters()) {
                p.value().getDDRM().data[0] -= 1e-3 * p.grad().getDDRM().data[0];
            }
            long elapsed = System.nanoTime() - start;
            if (step >= warmup) {
                wall[step - warmup] = elapsed;
                cpuTotal += os.getProcessCpuTime() - cpuStart;
                threadCpuTotal += threads.getCurrentThreadCpuTime() - threadStart;
            }
        }
        java.util.Arrays.sort(wall);
        System.out.printf("training step (vocab %d, %d parameters): wall median %.2f ms, best %.2f ms;"
                        + " process CPU %.2f ms per step (this thread %.2f ms); over %d steps%n",
                vocab, model.parameterCount(), wall[steps / 2] / 1e6, wall[0] / 1e6, cpuTotal / 1e6 / steps,
                threadCpuTotal / 1e6 / steps, steps);
    }
}
