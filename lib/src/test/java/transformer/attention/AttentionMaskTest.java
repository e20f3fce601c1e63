package transformer.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AttentionMaskTest {

    @Test
    void causalMaskLetsPositionISeeOnlyPositionsUpToI() {
        AttentionMask mask = AttentionMask.causal(4);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(j <= i, mask.allows(0, i, j), "query " + i + ", key " + j);
            }
        }
    }

    @Test
    void paddingMaskBlocksPadKeysForEveryQueryOfItsOwnBatchItem() {
        AttentionMask mask = AttentionMask.padding(new int[][] {{5, 6, 0}, {7, 0, 0}}, 0, 2);
        assertEquals(2, mask.batchSize());
        assertEquals(2, mask.queryLength());
        assertEquals(3, mask.keyLength());
        for (int i = 0; i < 2; i++) {
            assertTrue(mask.allows(0, i, 1));
            assertFalse(mask.allows(0, i, 2));
            assertTrue(mask.allows(1, i, 0));
            assertFalse(mask.allows(1, i, 1));
        }
    }

    @Test
    void andCombinesACausalMaskWithEveryItemOfAPaddingMask() {
        AttentionMask combined = AttentionMask.causal(3).and(AttentionMask.padding(new int[][] {{1, 4, 0}, {1, 0, 0}}, 0));
        assertEquals(2, combined.batchSize());
        assertTrue(combined.allows(0, 1, 1));
        assertFalse(combined.allows(0, 1, 2)); // future
        assertFalse(combined.allows(0, 2, 2)); // padding
        assertFalse(combined.allows(1, 2, 1)); // padding of item 1
        assertTrue(combined.allows(1, 2, 0));
        assertEquals(1.0, combined.toMatrix(0).get(2, 1), 0);
        assertEquals(0.0, combined.toMatrix(0).get(0, 1), 0);
    }
}
