package transformer.plot;

import java.awt.FontMetrics;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

import org.ejml.simple.SimpleMatrix;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * A matrix drawn as coloured cells, with row 0 at the top as it is printed, row labels down the
 * left and column labels along the bottom. With labels every label is shown and the picture grows
 * with the number of rows and columns; without labels the rows and columns are numbered from 0 and
 * only some numbers are shown.
 *
 * <pre>{@code
 * HeatMapChart chart = Heatmap.of(peTable).title("Positional encoding")
 *         .rows("position", null).columns("dimension", null)
 *         .scale(ColourScale.DIVERGING).chart();
 * }</pre>
 */
public final class Heatmap {

    private static final int LEGEND_WIDTH = 110;

    private final String operation;
    private final SimpleMatrix values;
    private String title = "Heat map";
    private String rowAxis = "row";
    private String columnAxis = "column";
    private List<String> rowLabels;
    private List<String> columnLabels;
    private ColourScale scale = ColourScale.SEQUENTIAL;
    private boolean showValues;
    private boolean compact;

    private Heatmap(String operation, SimpleMatrix values) {
        this.operation = operation;
        this.values = values;
    }

    /** Starts a heat map of {@code values}; finish with {@link #chart()}. */
    public static Heatmap of(SimpleMatrix values) {
        return new Heatmap("Heatmap", values);
    }

    static Heatmap of(String operation, SimpleMatrix values) {
        return new Heatmap(operation, values);
    }

    /** The chart's title, shown above the cells. */
    public Heatmap title(String title) {
        this.title = Objects.requireNonNull(title, "title");
        return this;
    }

    /** The y axis: its title and one label per row, top row first (null numbers the rows). */
    public Heatmap rows(String axisTitle, List<String> labels) {
        this.rowAxis = Objects.requireNonNull(axisTitle, "axisTitle");
        this.rowLabels = labels == null ? null : List.copyOf(labels);
        return this;
    }

    /** The x axis: its title and one label per column, left first (null numbers the columns). */
    public Heatmap columns(String axisTitle, List<String> labels) {
        this.columnAxis = Objects.requireNonNull(axisTitle, "axisTitle");
        this.columnLabels = labels == null ? null : List.copyOf(labels);
        return this;
    }

    /** How values become colours; {@link ColourScale#SEQUENTIAL} unless set. */
    public Heatmap scale(ColourScale scale) {
        this.scale = Objects.requireNonNull(scale, "scale");
        return this;
    }

    /** Writes each value in its cell, rounded to two decimals, white on dark cells: readable for up to about 10 columns. */
    public Heatmap showValues(boolean show) {
        this.showValues = show;
        return this;
    }

    /** Smaller cells and no legend, for a panel among several that share one colour bar. */
    Heatmap compact() {
        this.compact = true;
        return this;
    }

    /** Checks the matrix and labels and builds the chart. */
    public HeatMapChart chart() {
        int rows = checkedRows();
        int cols = values.getNumCols();
        double[] lowHigh = checkedRange();
        double[] range = scale.range(lowHigh[0], lowHigh[1]);

        List<String> xLabels = columnLabels != null ? columnLabels : numbers(cols, 40);
        List<String> yLabels = new ArrayList<>(rowLabels != null ? rowLabels : numbers(rows, 24));
        Collections.reverse(yLabels); // XChart draws its first y category at the bottom
        Layout layout = new Layout(xLabels, yLabels, columnLabels != null || rowLabels != null, compact);

        HeatMapChart chart = showValues
                ? new CellValuesChart(layout.width, layout.height, clamped(range), scale, range)
                : new HeatMapChart(layout.width, layout.height, Styler.ChartTheme.XChart);
        chart.setTitle(title);
        chart.setXAxisTitle(columnAxis);
        chart.setYAxisTitle(rowAxis);
        var styler = chart.getStyler();
        PlotStyle.apply(styler);
        styler.setLegendPosition(LegendPosition.OutsideE);
        styler.setLegendVisible(!compact);
        styler.setRangeColors(scale.colours());
        styler.setMin(range[0]);
        styler.setMax(range[1]);
        styler.setPlotContentSize(1.0);
        styler.setXAxisTickMarkSpacingHint(1); // every label we pass is drawn (numbered axes pass blanks)
        styler.setYAxisTickMarkSpacingHint(1);
        styler.setXAxisLabelRotation(layout.rotateX ? 90 : 0);
        styler.setShowValue(false); // CellValuesChart writes them, each in a colour that reads on its cell
        styler.setPiecewise(scale == ColourScale.MASK);
        styler.setSplitNumber(2);
        styler.setPiecewiseRanged(false);
        if (scale == ColourScale.MASK) { // names the two colours in the legend
            styler.setHeatMapDecimalValueFormatter(v -> v < 0.5 ? "blocked" : "may attend");
        }
        styler.setGradientColorColumnHeight(Math.max(60, layout.plotHeight - 30));

        // XChart 4.0.3 fails on a value equal to the top of the range, so the top is kept just out of reach.
        double top = range[1] - (range[1] - range[0]) * 1e-9;
        List<Number[]> cells = new ArrayList<>(rows * cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double v = Math.max(range[0], Math.min(top, values.get(i, j)));
                cells.add(new Number[] {j, rows - 1 - i, v});
            }
        }
        chart.addSeries(title, distinct(xLabels), distinct(yLabels), cells);
        return chart;
    }

    /** The values as the cells show them: held inside the scale's range. */
    private SimpleMatrix clamped(double[] range) {
        SimpleMatrix out = values.copy();
        for (int i = 0; i < out.getNumElements(); i++) {
            out.set(i, Math.max(range[0], Math.min(range[1], out.get(i))));
        }
        return out;
    }

    private int checkedRows() {
        if (values == null) {
            throw new IllegalArgumentException(operation + ": the matrix is null; expected an n x m matrix");
        }
        int rows = values.getNumRows();
        int cols = values.getNumCols();
        if (rows == 0 || cols == 0) {
            throw new IllegalArgumentException(String.format(
                    "%s: the matrix is empty (%dx%d); expected at least 1x1", operation, rows, cols));
        }
        if ((rowLabels != null && rowLabels.size() != rows) || (columnLabels != null && columnLabels.size() != cols)) {
            throw new IllegalArgumentException(String.format(
                    "%s: the matrix is %dx%d but got %s %s labels and %s %s labels; expected %d and %d",
                    operation, rows, cols, count(rowLabels), rowAxis, count(columnLabels), columnAxis, rows, cols));
        }
        return rows;
    }

    private double[] checkedRange() {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < values.getNumRows(); i++) {
            for (int j = 0; j < values.getNumCols(); j++) {
                double v = values.get(i, j);
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(String.format(
                            "%s: the %dx%d matrix holds %s at (%d, %d); expected finite numbers only",
                            operation, values.getNumRows(), values.getNumCols(), v, i, j));
                }
                if (scale == ColourScale.WEIGHTS && (v < -1e-9 || v > 1 + 1e-9)) {
                    throw new IllegalArgumentException(String.format(
                            "%s: the %dx%d weights hold %s at (%d, %d); attention weights lie in [0, 1] "
                                    + "(draw other matrices with Heatmap.of(...))",
                            operation, values.getNumRows(), values.getNumCols(), v, i, j));
                }
                low = Math.min(low, v);
                high = Math.max(high, v);
            }
        }
        return new double[] {low, high};
    }

    private static String count(List<String> labels) {
        return labels == null ? "no" : String.valueOf(labels.size());
    }

    /**
     * Row or column numbers 0, step, 2·step … with blanks between, the step a round number chosen so
     * that labels stay about {@code minPixels} apart when the axis is about 480 pixels long.
     */
    private static List<String> numbers(int n, int minPixels) {
        int step = roundStep(n * minPixels / 480.0);
        return IntStream.range(0, n).mapToObj(i -> i % step == 0 ? String.valueOf(i) : "").toList();
    }

    /** The smallest of 1, 2, 5, 10, 20, 50 … that is at least {@code atLeast}. */
    private static int roundStep(double atLeast) {
        for (int decade = 1; ; decade *= 10) {
            for (int m : new int[] {1, 2, 5}) {
                if (decade * m >= atLeast) {
                    return decade * m;
                }
            }
        }
    }

    /**
     * XChart treats equal labels as one category, but a sentence can hold the same token twice. A
     * zero-width space per earlier repeat keeps every label distinct without changing how it looks.
     */
    static List<String> distinct(List<String> labels) {
        List<String> out = new ArrayList<>(labels.size());
        for (String label : labels) {
            String unique = label;
            while (out.contains(unique)) {
                unique = unique + "\u200B";
            }
            out.add(unique);
        }
        return out;
    }

    /** Pixel sizes: labelled maps get a fixed cell size so every label fits; numbered maps a fixed plot. */
    private static final class Layout {
        final int width;
        final int height;
        final int plotHeight;
        final boolean rotateX;

        Layout(List<String> xLabels, List<String> yLabels, boolean labelled, boolean compact) {
            FontMetrics metrics = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB)
                    .createGraphics().getFontMetrics(PlotStyle.TICK_FONT);
            int widestX = xLabels.stream().mapToInt(metrics::stringWidth).max().orElse(0);
            int widestY = yLabels.stream().mapToInt(metrics::stringWidth).max().orElse(0);
            int lineHeight = metrics.getHeight();
            int most = Math.max(xLabels.size(), yLabels.size());
            int cell = compact ? Math.max(lineHeight + 4, Math.min(36, 300 / most))
                    : Math.max(lineHeight + 6, Math.min(48, 640 / most));
            int plotWidth = labelled ? cell * xLabels.size() : 560;
            plotHeight = labelled ? cell * yLabels.size() : Math.max(240, Math.min(480, 12 * yLabels.size()));
            rotateX = labelled && widestX > cell - 6;
            int xLabelBand = rotateX ? widestX : lineHeight;
            width = Math.max(compact ? 200 : 320, plotWidth + widestY + (compact ? 0 : LEGEND_WIDTH) + 80);
            height = Math.max(compact ? 160 : 240, plotHeight + xLabelBand + 110);
        }
    }
}
