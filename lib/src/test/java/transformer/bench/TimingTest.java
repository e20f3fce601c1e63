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
        Runnable spinTwoMilliseconds = () -> {
            long end = System.nanoTime() + 2_000_000;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        };
        Timing.Seconds perCall = Timing.medianPerCall(spinTwoMilliseconds, 10, 0, 3);
        assertTrue(perCall.wall() >= 0.002 && perCall.wall() < 0.015, "wall per call " + perCall.wall());
        assertTrue(perCall.cpu() > 0, "a busy loop uses CPU time, got " + perCall.cpu());
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
}
