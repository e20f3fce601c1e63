import org.ejml.concurrency.EjmlConcurrency;

/** The number of threads both sides of a benchmark may use: BENCH_THREADS, default 1. */
final class Threads {

    private Threads() {
    }

    /** Reads BENCH_THREADS and lets the kit's products and EJML's thread pool use that many threads. */
    static int fromEnvironment() {
        String value = System.getenv().getOrDefault("BENCH_THREADS", "1");
        int threads = Integer.parseInt(value.trim());
        if (threads < 1) {
            throw new IllegalArgumentException("BENCH_THREADS is " + value + "; expected 1 or more");
        }
        transformer.compute.Threads.set(threads);
        EjmlConcurrency.setMaxThreads(threads);
        EjmlConcurrency.USE_CONCURRENT = threads > 1;
        return threads;
    }
}
