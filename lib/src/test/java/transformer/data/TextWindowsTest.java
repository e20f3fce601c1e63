package transformer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TextWindowsTest {

    @Test
    void eachTargetIsItsWindowOneTokenLaterAndTheSeedFixesTheWindows() {
        int[] ids = new int[100];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i % 7; // id 0 is a real token here
        }
        Batch a = new TextWindows(ids, 8, 3, 5).next();
        Batch b = new TextWindows(ids, 8, 3, 5).next();
        assertEquals(3, a.size());
        assertEquals(24, a.tokenCount());
        for (int w = 0; w < 3; w++) {
            int[] x = a.targetInput()[w];
            int[] y = a.targetOutput()[w];
            assertEquals(8, x.length);
            for (int i = 0; i < 8; i++) {
                assertEquals((x[i] + 1) % 7, y[i], "target " + i + " of window " + w);
            }
            assertArrayEquals(x, b.targetInput()[w]);
        }
    }

    @Test
    void rejectsAnIdRunNoLongerThanTheBlock() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TextWindows(new int[8], 8, 2, 1));
        assertTrue(e.getMessage().contains("more tokens than the block size"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Batch.windows(new int[][] {{1, 2}}, new int[][] {{2}}));
        assertTrue(e.getMessage().contains("window 0"), e.getMessage());
    }
}
