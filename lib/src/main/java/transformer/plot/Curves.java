package transformer.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Named curves over one x axis, for the experiments of the lessons (variance against d_k, time
 * against sequence length …), with logarithmic axes on request.
 *
 * <pre>{@code
 * XYChart chart = Curves.titled("Variance of q·k grows with d_k").xAxis("d_k").yAxis("variance")
 *         .logX().logY()
 *         .series("unscaled", dk, varianceRaw)
 *         .series("scaled by 1/√d_k", dk, varianceScaled)
 *         .chart();
 * }</pre>
 */
public final class Curves {

    private record Series(String name, double[] x, double[] y, boolean guide) {
    }

    private final String title;
    private String xAxis = "x";
    private String yAxis = "y";
    private boolean logX;
    private boolean logY;
    private Boolean markers;
    private Double yMin;
    private Double yMax;
    private final List<Series> series = new ArrayList<>();

    private Curves(String title) {
        this.title = Objects.requireNonNull(title, "title");
    }

    /** Starts a chart with this title; add at least one {@link #series} and finish with {@link #chart()}. */
    public static Curves titled(String title) {
        return new Curves(title);
    }

    public Curves xAxis(String title) {
        this.xAxis = Objects.requireNonNull(title, "title");
        return this;
    }

    public Curves yAxis(String title) {
        this.yAxis = Objects.requireNonNull(title, "title");
        return this;
    }

    /** A logarithmic x axis: every x must be positive. */
    public Curves logX() {
        this.logX = true;
        return this;
    }

    /** A logarithmic y axis: every y must be positive. */
    public Curves logY() {
        this.logY = true;
        return this;
    }

    /** Fixes the y range, for example 0..1 for accuracies. */
    public Curves yRange(double min, double max) {
        if (!(min < max)) {
            throw new IllegalArgumentException("Curves.yRange: got min " + min + " and max " + max + "; expected min < max");
        }
        this.yMin = min;
        this.yMax = max;
        return this;
    }

    /** Dots on every point; by default only curves with at most 30 points get them. */
    public Curves markers(boolean show) {
        this.markers = show;
        return this;
    }

    /** One named curve through the points (x[i], y[i]). */
    public Curves series(String name, double[] x, double[] y) {
        return add(name, x, y, false);
    }

    /** A dashed guide line without dots, for comparisons such as "∝ n²" or "y = d_k". */
    public Curves guide(String name, double[] x, double[] y) {
        return add(name, x, y, true);
    }

    private Curves add(String name, double[] x, double[] y, boolean guide) {
        String op = "Curves." + (guide ? "guide" : "series") + "(\"" + name + "\")";
        if (x == null || y == null || x.length != y.length || x.length == 0) {
            throw new IllegalArgumentException(String.format("%s: got %s x values and %s y values; expected the same "
                    + "number, at least 1", op, x == null ? "null" : x.length, y == null ? "null" : y.length));
        }
        for (Series s : series) {
            if (s.name.equals(name)) {
                throw new IllegalArgumentException(op + ": a series with this name already exists; expected distinct names");
            }
        }
        check(op, "x", x, logX);
        check(op, "y", y, logY);
        series.add(new Series(name, x.clone(), y.clone(), guide));
        return this;
    }

    /** One named curve over x = 1, 2, 3 … (for example one value per training step). */
    public Curves series(String name, double[] y) {
        double[] x = new double[y == null ? 0 : y.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
        }
        return series(name, x, y);
    }

    /** The finished chart, 720 x 440 pixels. */
    public XYChart chart() {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("Curves.chart: \"" + title + "\" has no series; add one with series(name, x, y)");
        }
        XYChart chart = new XYChartBuilder().width(720).height(440).title(title)
                .xAxisTitle(xAxis).yAxisTitle(yAxis).build();
        var styler = chart.getStyler();
        PlotStyle.apply(styler);
        styler.setLegendPosition(LegendPosition.OutsideE);
        styler.setLegendVisible(series.size() > 1);
        styler.setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
        styler.setXAxisLogarithmic(logX);
        styler.setYAxisLogarithmic(logY);
        if (logX) { // ticks at 1, 2 and 5 of every decade when there are few decades, else at the decades
            styler.setXAxisLogarithmicDecadeOnly(decades(true) > FEW_DECADES);
            styler.setXAxisTickLabelsFormattingFunction(Curves::logTickLabel);
        }
        if (logY) {
            styler.setYAxisLogarithmicDecadeOnly(decades(false) > FEW_DECADES);
            styler.setYAxisTickLabelsFormattingFunction(Curves::logTickLabel);
        }
        styler.setPlotGridLinesColor(new java.awt.Color(0xE6E6E6));
        styler.setPlotBorderVisible(false);
        if (yMin != null) {
            styler.setYAxisMin(yMin);
            styler.setYAxisMax(yMax);
        }
        double largestY = 0;
        for (Series s : series) {
            var drawn = chart.addSeries(s.name, s.x, s.y);
            boolean dots = !s.guide && (markers != null ? markers : s.x.length <= 30);
            drawn.setMarker(dots ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            if (s.guide) {
                drawn.setLineStyle(SeriesLines.DASH_DASH);
            }
            for (double v : s.y) {
                largestY = Math.max(largestY, Math.abs(v));
            }
        }
        if (!logY && largestY > 0 && largestY < 1e-2) {
            styler.setYAxisDecimalPattern("0.##E0"); // learning rates: 5E-4 rather than .0005
        }
        keepRoundTicks(chart);
        return chart;
    }

    /**
     * XChart puts the x ticks on the data's own x values when they are equally spaced, which for
     * steps 1..500 gives ticks such as 1, 23, 45. One invisible point between the first two x values
     * breaks the even spacing, so XChart picks round ticks (0, 100, 200 …) instead.
     */
    private void keepRoundTicks(XYChart chart) {
        Series first = series.get(0);
        if (logX || first.x.length <= 20) {
            return;
        }
        var helper = chart.addSeries("\u200B", new double[] {(first.x[0] + first.x[1]) / 2}, new double[] {first.y[0]});
        helper.setMarker(SeriesMarkers.NONE);
        helper.setLineStyle(SeriesLines.NONE);
        helper.setShowInLegend(false);
    }

    /** Up to this many decades a logarithmic axis is labelled at 1, 2 and 5 of each; wider ones only at the decades. */
    static final double FEW_DECADES = 3;

    /** How many decades the data span on the x (or y) axis: log10(largest / smallest). */
    private double decades(boolean xAxis) {
        double smallest = Double.POSITIVE_INFINITY;
        double largest = 0;
        for (Series s : series) {
            for (double v : xAxis ? s.x : s.y) {
                smallest = Math.min(smallest, v);
                largest = Math.max(largest, v);
            }
        }
        return Math.log10(largest / smallest);
    }

    /** "20", "500", "0.05" for 1, 2 or 5 times a power of ten; blank for the ticks in between. */
    static String logTickLabel(double value) {
        double mantissa = value / Math.pow(10, Math.floor(Math.log10(value) + 1e-9));
        for (int m : new int[] {1, 2, 5}) {
            if (Math.abs(mantissa - m) < 1e-6) {
                return value >= 1e-3 && value < 1e6 ? new java.text.DecimalFormat("0.###").format(value)
                        : String.format(java.util.Locale.ROOT, "%.0e", value);
            }
        }
        return "";
    }

    private static void check(String op, String axis, double[] values, boolean logarithmic) {
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!Double.isFinite(v) || (logarithmic && v <= 0)) {
                throw new IllegalArgumentException(String.format("%s: %s[%d] of %d is %s; expected %s numbers",
                        op, axis, i, values.length, v, logarithmic ? "positive (the axis is logarithmic)" : "finite"));
            }
        }
    }
}
