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
    /** Set while a thread runs a part: work it starts inside runs on that thread (no waiting on the pool). */
    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);

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

    /**
     * Runs {@code task.accept(i)} for i = 0 … n − 1, in {@link #count} contiguous ranges on as many
     * threads; returns when all are done. The tasks must write to places of their own.
     */
    public static void forEach(int n, IntConsumer task) {
        int parts = Math.min(n, count);
        if (parts <= 1) {
            for (int i = 0; i < n; i++) {
                task.accept(i);
            }
            return;
        }
        run(parts, part -> {
            for (int i = part * n / parts, end = (part + 1) * n / parts; i < end; i++) {
                task.accept(i);
            }
        });
    }

    /** Runs {@code part.accept(0 … parts − 1)}, the parts on up to {@code parts} threads; returns when all are done. */
    static void run(int parts, IntConsumer part) {
        if (parts == 1 || INSIDE.get()) {
            for (int i = 0; i < parts; i++) {
                part.accept(i);
            }
            return;
        }
        ExecutorService workers = workers(parts - 1);
        List<Future<?>> pending = new ArrayList<>(parts - 1);
        for (int i = 1; i < parts; i++) {
            int index = i;
            pending.add(workers.submit(() -> inside(part, index)));
        }
        inside(part, 0);
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

    private static void inside(IntConsumer part, int index) {
        INSIDE.set(true);
        try {
            part.accept(index);
        } finally {
            INSIDE.set(false);
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
