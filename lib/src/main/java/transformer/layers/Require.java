package transformer.layers;

import org.ejml.simple.SimpleMatrix;

/**
 * The input checks every public entry point of the kit shares. Each failure is an
 * {@link IllegalArgumentException} that names the operation, what it got, and what would fit.
 */
public final class Require {
    private Require() {
    }

    /** Checks that {@code m} is {@code rows x cols}; a negative expected size means "any". */
    public static void shape(String operation, String what, SimpleMatrix m, int rows, int cols) {
        if (m == null) {
            throw new IllegalArgumentException(operation + ": " + what + " is null; expected a "
                    + describe(rows) + " x " + describe(cols) + " matrix");
        }
        boolean rowsOk = rows < 0 || m.getNumRows() == rows;
        boolean colsOk = cols < 0 || m.getNumCols() == cols;
        if (!rowsOk || !colsOk) {
            throw new IllegalArgumentException(operation + ": " + what + " is " + m.getNumRows() + "x"
                    + m.getNumCols() + "; expected " + describe(rows) + " x " + describe(cols));
        }
        if (m.getNumRows() == 0 || m.getNumCols() == 0) {
            throw new IllegalArgumentException(operation + ": " + what + " is empty ("
                    + m.getNumRows() + "x" + m.getNumCols() + "); it needs at least one row and column");
        }
    }

    /** Checks that every entry of {@code m} is a finite number (no NaN, no ±∞). */
    public static void finite(String operation, String what, SimpleMatrix m) {
        double[] data = m.getDDRM().data;
        int n = m.getNumElements();
        for (int k = 0; k < n; k++) {
            if (!Double.isFinite(data[k])) {
                int cols = m.getNumCols();
                throw new IllegalArgumentException(operation + ": " + what + " has " + data[k]
                        + " at row " + (k / cols) + ", column " + (k % cols) + "; every entry must be finite");
            }
        }
    }

    /** Shape and finiteness together: the usual check for an activation entering a layer. */
    public static void activations(String operation, String what, SimpleMatrix m, int rows, int cols) {
        shape(operation, what, m, rows, cols);
        finite(operation, what, m);
    }

    /**
     * Checks a batch of token ids: non-empty, every row the same non-zero length, every id in
     * [0, vocabularySize). Returns the common row length.
     */
    public static int tokens(String operation, String what, int[][] tokens, int vocabularySize) {
        if (tokens == null || tokens.length == 0) {
            throw new IllegalArgumentException(operation + ": " + what
                    + " is an empty batch; expected at least one row of token ids");
        }
        int[] first = tokens[0];
        if (first == null || first.length == 0) {
            throw new IllegalArgumentException(operation + ": " + what
                    + " row 0 is empty; every sequence needs at least one token");
        }
        int n = first.length;
        for (int b = 0; b < tokens.length; b++) {
            int[] row = tokens[b];
            if (row == null || row.length != n) {
                throw new IllegalArgumentException(operation + ": " + what + " is ragged: row " + b
                        + " has " + (row == null ? "no array" : row.length + " tokens") + " but row 0 has " + n
                        + "; pad every row to the same length");
            }
            for (int i = 0; i < n; i++) {
                int id = row[i];
                if (id < 0 || id >= vocabularySize) {
                    throw new IllegalArgumentException(operation + ": " + what + "[" + b + "][" + i
                            + "] is token id " + id + ", outside the vocabulary of size " + vocabularySize
                            + "; expected 0 <= id < " + vocabularySize);
                }
            }
        }
        return n;
    }

    /** Checks that a size or count is at least 1. */
    public static void positive(String operation, String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(operation + ": " + what + " is " + value
                    + "; it must be at least 1");
        }
    }

    /** Checks that {@code rows} splits into {@code batchSize} sequences of equal length; returns that length. */
    public static int sequenceLength(String operation, String what, SimpleMatrix m, int batchSize) {
        positive(operation, "batch size", batchSize);
        if (m.getNumRows() % batchSize != 0) {
            throw new IllegalArgumentException(operation + ": " + what + " has " + m.getNumRows()
                    + " rows, which do not split into " + batchSize + " sequences of equal length;"
                    + " expected (batch size * n) rows");
        }
        return m.getNumRows() / batchSize;
    }

    private static String describe(int size) {
        return size < 0 ? "any" : Integer.toString(size);
    }
}
