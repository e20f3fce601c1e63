package transformer.attention;

import org.ejml.simple.SimpleMatrix;

/**
 * Who may look at whom: for each batch item an n_q × n_k grid in which {@code true} means
 * <em>query i may attend to key j</em>. Blocked scores become −∞ before the softmax, so they get
 * weight 0; a query whose whole row is blocked gets weights of 0 and output 0.
 *
 * <p>A mask with batch size 1 applies to every batch item (like {@link #causal(int)}), so it can be
 * combined with a per-item padding mask by {@link #and(AttentionMask)}.
 */
public final class AttentionMask {
    private final int batchSize;
    private final int queryLength;
    private final int keyLength;
    private final boolean[] allowed; // index (b·n_q + i)·n_k + j

    private AttentionMask(int batchSize, int queryLength, int keyLength, boolean[] allowed) {
        this.batchSize = batchSize;
        this.queryLength = queryLength;
        this.keyLength = keyLength;
        this.allowed = allowed;
    }

    /** A single grid (batch size 1); {@code grid[i][j]} says whether query i may attend to key j. */
    public static AttentionMask of(boolean[][] grid) {
        if (grid == null || grid.length == 0 || grid[0] == null || grid[0].length == 0) {
            throw new IllegalArgumentException("AttentionMask.of: the grid is empty; expected n_q rows of n_k booleans");
        }
        int nq = grid.length;
        int nk = grid[0].length;
        boolean[] allowed = new boolean[nq * nk];
        for (int i = 0; i < nq; i++) {
            if (grid[i] == null || grid[i].length != nk) {
                throw new IllegalArgumentException("AttentionMask.of: row " + i + " has "
                        + (grid[i] == null ? "no array" : grid[i].length + " entries") + " but row 0 has " + nk
                        + "; every row needs one entry per key");
            }
            System.arraycopy(grid[i], 0, allowed, i * nk, nk);
        }
        return new AttentionMask(1, nq, nk, allowed);
    }

    /** Every query may attend to every key. */
    public static AttentionMask allowAll(int batchSize, int queryLength, int keyLength) {
        requireSizes("AttentionMask.allowAll", batchSize, queryLength, keyLength);
        boolean[] allowed = new boolean[batchSize * queryLength * keyLength];
        java.util.Arrays.fill(allowed, true);
        return new AttentionMask(batchSize, queryLength, keyLength, allowed);
    }

    /** The look-ahead mask for a sequence of length n: position i may attend to positions j ≤ i. */
    public static AttentionMask causal(int n) {
        requireSizes("AttentionMask.causal", 1, n, n);
        boolean[] allowed = new boolean[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                allowed[i * n + j] = true;
            }
        }
        return new AttentionMask(1, n, n, allowed);
    }

    /**
     * The padding mask: in batch item b every one of the {@code queryLength} queries may attend to
     * key j exactly when {@code keyTokens[b][j] != padId}.
     */
    public static AttentionMask padding(int[][] keyTokens, int padId, int queryLength) {
        if (keyTokens == null || keyTokens.length == 0 || keyTokens[0] == null || keyTokens[0].length == 0) {
            throw new IllegalArgumentException("AttentionMask.padding: key tokens are empty;"
                    + " expected a batch of equal-length rows of token ids");
        }
        int batch = keyTokens.length;
        int nk = keyTokens[0].length;
        requireSizes("AttentionMask.padding", batch, queryLength, nk);
        boolean[] allowed = new boolean[batch * queryLength * nk];
        for (int b = 0; b < batch; b++) {
            if (keyTokens[b] == null || keyTokens[b].length != nk) {
                throw new IllegalArgumentException("AttentionMask.padding: key tokens are ragged: row " + b
                        + " has " + (keyTokens[b] == null ? "no array" : keyTokens[b].length + " tokens")
                        + " but row 0 has " + nk);
            }
            for (int i = 0; i < queryLength; i++) {
                int base = (b * queryLength + i) * nk;
                for (int j = 0; j < nk; j++) {
                    allowed[base + j] = keyTokens[b][j] != padId;
                }
            }
        }
        return new AttentionMask(batch, queryLength, nk, allowed);
    }

    /** Padding mask for self-attention: queries and keys are the same tokens. */
    public static AttentionMask padding(int[][] tokens, int padId) {
        int n = tokens == null || tokens.length == 0 || tokens[0] == null ? 0 : tokens[0].length;
        return padding(tokens, padId, n);
    }

    /** Padding mask for one unbatched sequence attending to itself. */
    public static AttentionMask padding(int[] tokens, int padId) {
        return padding(new int[][] {tokens}, padId);
    }

    /**
     * Allowed where both masks allow. Sizes must match; a mask with batch size 1 is applied to
     * every item of the other.
     */
    public AttentionMask and(AttentionMask other) {
        if (other == null) {
            throw new IllegalArgumentException("AttentionMask.and: the other mask is null");
        }
        boolean batchesFit = batchSize == other.batchSize || batchSize == 1 || other.batchSize == 1;
        if (!batchesFit || queryLength != other.queryLength || keyLength != other.keyLength) {
            throw new IllegalArgumentException("AttentionMask.and: cannot combine a mask of " + describe()
                    + " with one of " + other.describe() + "; grids must match and batch sizes be equal or 1");
        }
        int batch = Math.max(batchSize, other.batchSize);
        boolean[] allowed = new boolean[batch * queryLength * keyLength];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < queryLength; i++) {
                for (int j = 0; j < keyLength; j++) {
                    allowed[(b * queryLength + i) * keyLength + j] = allows(b, i, j) && other.allows(b, i, j);
                }
            }
        }
        return new AttentionMask(batch, queryLength, keyLength, allowed);
    }

    /** Whether query i of batch item b may attend to key j (a batch-size-1 mask answers for every b). */
    public boolean allows(int b, int i, int j) {
        int item = batchSize == 1 ? 0 : b;
        return allowed[(item * queryLength + i) * keyLength + j];
    }

    public int batchSize() { return batchSize; }

    public int queryLength() { return queryLength; }

    public int keyLength() { return keyLength; }

    /** The grid of batch item b as a matrix of 1 (may attend) and 0 (blocked), for heat maps. */
    public SimpleMatrix toMatrix(int b) {
        if (b < 0 || (batchSize > 1 && b >= batchSize)) {
            throw new IllegalArgumentException("AttentionMask.toMatrix: batch item " + b
                    + " does not exist; the mask has batch size " + batchSize);
        }
        SimpleMatrix m = new SimpleMatrix(queryLength, keyLength);
        for (int i = 0; i < queryLength; i++) {
            for (int j = 0; j < keyLength; j++) {
                m.set(i, j, allows(b, i, j) ? 1 : 0);
            }
        }
        return m;
    }

    /** Throws unless this mask fits attention over {@code batch} items of n_q queries and n_k keys. */
    public void requireFits(String operation, int batch, int nq, int nk) {
        if ((batchSize != batch && batchSize != 1) || queryLength != nq || keyLength != nk) {
            throw new IllegalArgumentException(operation + ": mask is " + describe() + " but the attention has "
                    + batch + " item(s) of " + nq + " queries x " + nk + " keys; expected a mask of batch "
                    + batch + " (or 1) x " + nq + " x " + nk);
        }
    }

    private String describe() {
        return "batch " + batchSize + " x " + queryLength + " queries x " + keyLength + " keys";
    }

    private static void requireSizes(String operation, int batch, int nq, int nk) {
        if (batch < 1 || nq < 1 || nk < 1) {
            throw new IllegalArgumentException(operation + ": sizes batch=" + batch + ", queries=" + nq
                    + ", keys=" + nk + " must all be at least 1");
        }
    }

    @Override
    public String toString() {
        return "AttentionMask(" + describe() + ")";
    }
}
