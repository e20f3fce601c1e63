package transformer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class TimingTest {

    @Test
    void theMedianIsTheMiddleValueOrTheMeanOfTheTwoMiddleValues() {
        assertEquals(3.0, Timing.median(new double[] {9, 1, 3}));
        assertEquals(2.5, Timing.median(new double[] {4, 1, 2, 3}));
        assertEquals(7.0, Timing.median(new double[] {7}));
    }

    @Test
    void oneSlowRepeatDoesNotMoveTheMedian() {
        assertEquals(1.0, Timing.median(new double[] {1, 1, 1000, 1, 1}));
    }

    @Test
    void runsEveryWarmUpAndEveryCallOfEveryRepeat() {
        AtomicInteger calls = new AtomicInteger();
        Timing.medianPerCall(calls::incrementAndGet, 4, 2, 3);
        assertEquals((2 + 3) * 4, calls.get());
    }

    @Test
    void reportsTheTimeOfOneCallNotOfAWholeRepeat() {
        // Each call burns 2 ms of this thread's CPU time, so the figure does not depend on how busy the
        // machine is: one call costs about 2 ms of CPU, a whole repeat of 10 calls at least 20 ms.
        Timing.Seconds perCall = Timing.medianPerCall(burnCpu(2_000_000), 10, 0, 3);
        assertTrue(perCall.cpu() >= 0.002 && perCall.cpu() < 0.010, "CPU per call " + perCall.cpu());
        assertTrue(perCall.wall() >= 0.002, "a call cannot take less wall time than CPU time, got " + perCall.wall());
    }

    @Test
    void theThreadClockTicksFinelyEnoughForOneShortCall() {
        Timing.Seconds perCall = Timing.medianPerCall(burnCpu(1_000_000), 1, 1, 5);
        assertTrue(perCall.threadCpu() >= 0.001 && perCall.threadCpu() < 0.003, "thread CPU per call " + perCall.threadCpu());
    }

    @Test
    void badArgumentsAreRejectedWithTheirValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Timing.medianPerCall(() -> { }, 0, 1, 5));
        assertTrue(e.getMessage().contains("Timing.medianPerCall") && e.getMessage().contains("0 calls per repeat"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Timing.median(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> Timing.measure(null));
    }

    /** A call that spins until this thread has used {@code nanos} more nanoseconds of CPU time. */
    private static Runnable burnCpu(long nanos) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        return () -> {
            long end = threads.getCurrentThreadCpuTime() + nanos;
            while (threads.getCurrentThreadCpuTime() < end) {
                Thread.onSpinWait();
            }
        };
    }
}
