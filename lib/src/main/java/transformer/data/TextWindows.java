package transformer.data;

import java.util.Iterator;
import java.util.SplittableRandom;

/**
 * An endless supply of batches of random windows from one long run of token ids, as nanoGPT's
 * {@code get_batch}: each of the B windows starts at a random offset i and holds x_i … x_{i+n−1},
 * its target x_{i+1} … x_{i+n} ({@link Batch#windows}). The same seed gives the same windows.
 */
public final class TextWindows implements Iterator<Batch> {

    private final int[] ids;
    private final int blockSize;
    private final int batchSize;
    private final SplittableRandom random;

    public TextWindows(int[] ids, int blockSize, int batchSize, long seed) {
        if (ids == null || blockSize < 1 || batchSize < 1 || ids.length < blockSize + 1) {
            throw new IllegalArgumentException("TextWindows: got " + (ids == null ? "no" : ids.length) + " tokens, block size "
                    + blockSize + " and batch size " + batchSize + "; expected block and batch sizes ≥ 1 and more"
                    + " tokens than the block size (a window and its target one token later)");
        }
        this.ids = ids;
        this.blockSize = blockSize;
        this.batchSize = batchSize;
        this.random = new SplittableRandom(seed);
    }

    public int blockSize() { return blockSize; }

    public int batchSize() { return batchSize; }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public Batch next() {
        int[][] inputs = new int[batchSize][];
        int[][] targets = new int[batchSize][];
        for (int b = 0; b < batchSize; b++) {
            int start = random.nextInt(ids.length - blockSize);
            inputs[b] = java.util.Arrays.copyOfRange(ids, start, start + blockSize);
            targets[b] = java.util.Arrays.copyOfRange(ids, start + 1, start + blockSize + 1);
        }
        return Batch.windows(inputs, targets);
    }
}
