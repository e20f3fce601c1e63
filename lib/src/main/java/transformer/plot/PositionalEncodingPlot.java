package transformer.plot;

import org.ejml.simple.SimpleMatrix;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;

/**
 * Pictures of a positional-encoding table (one row per position, one column per dimension of
 * d_model): the whole table as a heat map, a few dimensions as curves over the positions, and how
 * similar the encodings of two positions are.
 */
public final class PositionalEncodingPlot {

    private PositionalEncodingPlot() {
    }

    /** The table as a heat map, position 0 at the top, blue for negative and red for positive values. */
    public static HeatMapChart table(String title, SimpleMatrix encodings) {
        return Heatmap.of("PositionalEncodingPlot.table", encodings).title(title)
                .rows("position", null).columns("dimension", null)
                .scale(ColourScale.DIVERGING).chart();
    }

    /**
     * Chosen dimensions (columns) as curves over the positions. For the sinusoidal encoding even
     * dimensions are sines and odd ones cosines, and the wavelength grows with the dimension.
     */
    public static XYChart dimensions(String title, SimpleMatrix encodings, int... dimensions) {
        String op = "PositionalEncodingPlot.dimensions";
        requireTable(op, encodings);
        if (dimensions == null || dimensions.length == 0) {
            throw new IllegalArgumentException(op + ": got no dimensions; expected one or more of 0.."
                    + (encodings.getNumCols() - 1));
        }
        int positions = encodings.getNumRows();
        double[] x = new double[positions];
        for (int p = 0; p < positions; p++) {
            x[p] = p;
        }
        Curves curves = Curves.titled(title).xAxis("position").yAxis("encoding value").markers(positions <= 30);
        for (int d : dimensions) {
            if (d < 0 || d >= encodings.getNumCols()) {
                throw new IllegalArgumentException(String.format("%s: dimension %d is outside the %dx%d table; "
                        + "expected 0..%d", op, d, positions, encodings.getNumCols(), encodings.getNumCols() - 1));
            }
            double[] y = new double[positions];
            for (int p = 0; p < positions; p++) {
                y[p] = encodings.get(p, d);
            }
            curves.series("dimension " + d, x, y);
        }
        return curves.chart();
    }

    /** The dot product of every pair of positions' encodings: largest near the diagonal, falling with distance. */
    public static HeatMapChart similarity(String title, SimpleMatrix encodings) {
        requireTable("PositionalEncodingPlot.similarity", encodings);
        SimpleMatrix dots = encodings.mult(encodings.transpose());
        return Heatmap.of("PositionalEncodingPlot.similarity", dots).title(title)
                .rows("position", null).columns("position", null)
                .scale(ColourScale.SEQUENTIAL).chart();
    }

    private static void requireTable(String op, SimpleMatrix encodings) {
        if (encodings == null || encodings.getNumRows() == 0 || encodings.getNumCols() == 0) {
            throw new IllegalArgumentException(op + ": the table is "
                    + (encodings == null ? "null" : "empty (" + encodings.getNumRows() + "x" + encodings.getNumCols() + ")")
                    + "; expected positions x d_model");
        }
    }
}
