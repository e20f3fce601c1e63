package transformer.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * Timing the way a benchmark should: a few warm-up runs first (the JIT compiles the hot loops, the
 * caches fill), then several repeats, each of which calls the task enough times to be measurable, and
 * the <em>median</em> of the repeats, which one slow repeat (a garbage collection, another program)
 * cannot drag.
 *
 * <p>Each measurement reads three clocks: wall time, what you wait for; the CPU time of the whole
 * process; and the CPU time of the thread that runs the task. On a machine shared with other work the
 * wall clock also counts time spent waiting for a core; the CPU clocks do not, so they are the fairer
 * figures there. The process clock counts every thread (worker threads, but also the JIT compiler and
 * the garbage collector) and on Linux may tick only every 10 ms, so measure long repeats with it. The
 * thread clock ticks in nanoseconds but sees only the calling thread: use it for single-threaded work,
 * such as the kit's attention in lesson 04.
 *
 * <pre>{@code
 * Timing.Seconds perCall = Timing.medianPerCall(() -> attention.forward(q, k, v), 10, 2, 5);
 * System.out.println(perCall.wall() * 1000 + " ms per forward");
 * }</pre>
 */
public final class Timing {

    /** A duration in seconds: wall time, CPU time of the process, CPU time of the measuring thread. */
    public record Seconds(double wall, double cpu, double threadCpu) {
    }

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private Timing() {
    }

    /** Runs the task once and returns how long it took. */
    public static Seconds measure(Runnable task) {
        if (task == null) {
            throw new IllegalArgumentException("Timing.measure: the task is null; expected something to run");
        }
        long cpu = OS.getProcessCpuTime();
        long thread = THREADS.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        task.run();
        return new Seconds((System.nanoTime() - wall) / 1e9, (OS.getProcessCpuTime() - cpu) / 1e9,
                (THREADS.getCurrentThreadCpuTime() - thread) / 1e9);
    }

    /**
     * Calls the task {@code callsPerRepeat} times per repeat: {@code warmups} repeats that are thrown
     * away, then {@code repeats} measured ones. Returns the median time of one call, on each clock.
     */
    public static Seconds medianPerCall(Runnable task, int callsPerRepeat, int warmups, int repeats) {
        if (task == null || callsPerRepeat < 1 || warmups < 0 || repeats < 1) {
            throw new IllegalArgumentException("Timing.medianPerCall: got " + (task == null ? "no task" : "a task")
                    + ", " + callsPerRepeat + " calls per repeat, " + warmups + " warm-ups and " + repeats
                    + " repeats; expected a task, calls >= 1, warm-ups >= 0 and repeats >= 1");
        }
        Runnable batch = () -> {
            for (int c = 0; c < callsPerRepeat; c++) {
                task.run();
            }
        };
        for (int w = 0; w < warmups; w++) {
            batch.run();
        }
        double[] wall = new double[repeats];
        double[] cpu = new double[repeats];
        double[] thread = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            Seconds s = measure(batch);
            wall[r] = s.wall() / callsPerRepeat;
            cpu[r] = s.cpu() / callsPerRepeat;
            thread[r] = s.threadCpu() / callsPerRepeat;
        }
        return new Seconds(median(wall), median(cpu), median(thread));
    }

    /** The middle value (the mean of the two middle values for an even count). */
    public static double median(double[] values) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("Timing.median: got " + (values == null ? "null" : "no values")
                    + "; expected at least one value");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
