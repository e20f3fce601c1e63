package transformer.plot;

import java.util.List;

import org.ejml.simple.SimpleMatrix;
import org.knowm.xchart.HeatMapChart;

import transformer.attention.AttentionMask;

/**
 * Attention weights as a heat map: one row per query token (the first query at the top), one column
 * per key token, and a colour scale fixed to 0..1 so that maps can be compared with each other.
 *
 * <pre>{@code
 * var tokens = List.of("the", "cat", "sat");
 * display(AttentionHeatmap.of("Self-attention", weights, tokens, tokens));
 * }</pre>
 */
public final class AttentionHeatmap {

    private AttentionHeatmap() {
    }

    /** Weights (n_q x n_k, each in [0, 1]) with the query tokens down the side and key tokens across. */
    public static HeatMapChart of(String title, SimpleMatrix weights, List<String> queryTokens, List<String> keyTokens) {
        return Heatmap.of("AttentionHeatmap.of", weights).title(title)
                .rows("query token", requireLabels("AttentionHeatmap.of", "query", queryTokens))
                .columns("key token", requireLabels("AttentionHeatmap.of", "key", keyTokens))
                .scale(ColourScale.WEIGHTS)
                .showValues(weights != null && weights.getNumCols() <= 8 && weights.getNumRows() <= 8)
                .chart();
    }

    /**
     * A mask as a heat map: {@code allowed[i][j]} is true when query i may attend to key j (the kit's
     * {@link AttentionMask} convention), drawn dark for "may attend" and light grey for "blocked".
     */
    public static HeatMapChart mask(String title, boolean[][] allowed, List<String> queryTokens, List<String> keyTokens) {
        return Heatmap.of("AttentionHeatmap.mask", toMatrix(allowed)).title(title)
                .rows("query token", requireLabels("AttentionHeatmap.mask", "query", queryTokens))
                .columns("key token", requireLabels("AttentionHeatmap.mask", "key", keyTokens))
                .scale(ColourScale.MASK)
                .chart();
    }

    /** One batch item of the kit's {@link AttentionMask}, dark where the query may attend. */
    public static HeatMapChart mask(String title, AttentionMask mask, int batchItem, List<String> queryTokens,
            List<String> keyTokens) {
        if (mask == null) {
            throw new IllegalArgumentException("AttentionHeatmap.mask: the mask is null; expected an AttentionMask");
        }
        SimpleMatrix grid = mask.toMatrix(batchItem);
        boolean[][] allowed = new boolean[grid.getNumRows()][grid.getNumCols()];
        for (int i = 0; i < allowed.length; i++) {
            for (int j = 0; j < allowed[i].length; j++) {
                allowed[i][j] = grid.get(i, j) > 0.5;
            }
        }
        return mask(title, allowed, queryTokens, keyTokens);
    }

    /** True/false as 1/0, checking that every row has the same length. */
    static SimpleMatrix toMatrix(boolean[][] allowed) {
        if (allowed == null || allowed.length == 0 || allowed[0].length == 0) {
            throw new IllegalArgumentException("AttentionHeatmap.mask: the mask is empty ("
                    + (allowed == null ? "null" : allowed.length + "x" + (allowed.length == 0 ? 0 : allowed[0].length))
                    + "); expected at least 1x1");
        }
        SimpleMatrix m = new SimpleMatrix(allowed.length, allowed[0].length);
        for (int i = 0; i < allowed.length; i++) {
            if (allowed[i].length != allowed[0].length) {
                throw new IllegalArgumentException(String.format(
                        "AttentionHeatmap.mask: row %d has %d entries but row 0 has %d; expected a rectangular mask",
                        i, allowed[i].length, allowed[0].length));
            }
            for (int j = 0; j < allowed[i].length; j++) {
                m.set(i, j, allowed[i][j] ? 1 : 0);
            }
        }
        return m;
    }

    private static List<String> requireLabels(String operation, String which, List<String> tokens) {
        if (tokens == null) {
            throw new IllegalArgumentException(operation + ": the " + which + " tokens are null; expected one label per "
                    + (which.equals("query") ? "row" : "column"));
        }
        return tokens;
    }
}
