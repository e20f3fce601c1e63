package transformer.compute;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * How many threads the kit's products may use: the CPUs the JVM sees, unless the system property
 * {@code transformer.threads} or {@link #set} says otherwise. Results never depend on it: work is
 * split by output entries, and each entry is summed in the same order by whichever thread owns it.
 */
public final class Threads {
    private static volatile int count = initialCount();
    private static ExecutorService pool; // count − 1 daemon workers; the caller runs one part itself
    private static int poolSize;

    private Threads() {
    }

    private static int initialCount() {
        String property = System.getProperty("transformer.threads");
        if (property == null || property.isBlank()) {
            return Math.max(1, Runtime.getRuntime().availableProcessors());
        }
        try {
            int n = Integer.parseInt(property.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("transformer.threads is \"" + property + "\"; expected a whole number, 1 or more");
    }

    /** The number of threads products may use. */
    public static int count() {
        return count;
    }

    /** Lets products use {@code threads} threads (1: only the caller's). */
    public static void set(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("Threads.set: got " + threads + " threads; expected 1 or more");
        }
        count = threads;
    }

    /** Runs {@code part.accept(0 … parts − 1)}, the parts on up to {@link #count} threads; returns when all are done. */
    static void run(int parts, IntConsumer part) {
        if (parts == 1) {
            part.accept(0);
            return;
        }
        ExecutorService workers = workers(parts - 1);
        List<Future<?>> pending = new ArrayList<>(parts - 1);
        for (int i = 1; i < parts; i++) {
            int index = i;
            pending.add(workers.submit(() -> part.accept(index)));
        }
        part.accept(0);
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("a matrix product was interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a matrix product failed on a worker thread", e.getCause());
            }
        }
    }

    private static synchronized ExecutorService workers(int needed) {
        if (pool == null || poolSize < needed) {
            if (pool != null) {
                pool.shutdown();
            }
            poolSize = needed;
            pool = Executors.newFixedThreadPool(needed, r -> {
                Thread t = new Thread(r, "transformer-compute");
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }
}
