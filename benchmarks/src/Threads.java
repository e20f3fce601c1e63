import org.ejml.concurrency.EjmlConcurrency;

/** The number of threads both sides of a benchmark may use: BENCH_THREADS, default 1. */
final class Threads {

    private Threads() {
    }

    /** Reads BENCH_THREADS and gives EJML's thread pool that many threads (1: none of its own). */
    static int fromEnvironment() {
        String value = System.getenv().getOrDefault("BENCH_THREADS", "1");
        int threads = Integer.parseInt(value.trim());
        if (threads < 1) {
            throw new IllegalArgumentException("BENCH_THREADS is " + value + "; expected 1 or more");
        }
        EjmlConcurrency.setMaxThreads(threads);
        EjmlConcurrency.USE_CONCURRENT = threads > 1;
        return threads;
    }
}
