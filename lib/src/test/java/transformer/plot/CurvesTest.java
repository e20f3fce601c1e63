package transformer.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

import transformer.display.Charts;

class CurvesTest {

    static List<String> namesInLegend(XYChart chart) {
        return chart.getSeriesCollection().stream().filter(s -> s.isShowInLegend()).map(s -> s.getName()).toList();
    }

    private static final double[] LENGTHS = {16, 32, 64, 128, 256, 512};

    @Test
    void drawsNamedSeriesOnLogarithmicAxes() {
        double[] time = new double[LENGTHS.length];
        for (int i = 0; i < time.length; i++) {
            time[i] = LENGTHS[i] * LENGTHS[i] * 1e-6;
        }
        XYChart chart = Curves.titled("time").xAxis("n").yAxis("ms").logX().logY()
                .series("attention", LENGTHS, time).series("n", LENGTHS, LENGTHS).chart();
        assertTrue(chart.getStyler().isXAxisLogarithmic() && chart.getStyler().isYAxisLogarithmic());
        assertEquals(List.of("attention", "n"), namesInLegend(chart));
        BufferedImage image = Charts.image(chart);
        assertEquals(720, image.getWidth());
        assertEquals(440, image.getHeight());
    }

    @Test
    void drawsGuidesDashedAndWithoutDots() {
        XYChart chart = Curves.titled("t").series("measured", LENGTHS, LENGTHS).guide("∝ n", LENGTHS, LENGTHS).chart();
        assertEquals(org.knowm.xchart.style.markers.SeriesMarkers.NONE.getClass(),
                chart.getSeries("∝ n").getMarker().getClass());
        assertEquals(org.knowm.xchart.style.lines.SeriesLines.DASH_DASH, chart.getSeries("∝ n").getLineStyle());
        assertEquals(org.knowm.xchart.style.markers.SeriesMarkers.CIRCLE.getClass(),
                chart.getSeries("measured").getMarker().getClass());
    }

    @Test
    void labelsLogarithmicTicksAtOneTwoAndFiveOfEachDecade() {
        assertEquals("20", Curves.logTickLabel(20));
        assertEquals("500", Curves.logTickLabel(500));
        assertEquals("0.05", Curves.logTickLabel(0.05));
        assertEquals("", Curves.logTickLabel(300));
        assertEquals("1e-05", Curves.logTickLabel(1e-5));
    }

    @Test
    void labelsOnlyTheDecadesWhenALogarithmicAxisSpansMany() {
        double[] h = new double[12];
        double[] error = new double[12];
        for (int i = 0; i < h.length; i++) {
            h[i] = Math.pow(10, -1 - i);
            error[i] = 1e-3 * Math.pow(10, -i / 2.0);
        }
        XYChart wide = Curves.titled("error").logX().logY().series("e", h, error).chart();
        assertTrue(wide.getStyler().isXAxisLogarithmicDecadeOnly(), "11 decades of x: one tick per decade");
        assertTrue(wide.getStyler().isYAxisLogarithmicDecadeOnly(), "5.5 decades of y: one tick per decade");
        XYChart narrow = Curves.titled("time").logX().logY().series("t", LENGTHS, LENGTHS).chart();
        assertFalse(narrow.getStyler().isXAxisLogarithmicDecadeOnly(), "16..512: ticks at 1, 2 and 5 of each decade");
        assertFalse(narrow.getStyler().isYAxisLogarithmicDecadeOnly());
    }

    @Test
    void rejectsNonPositiveValuesOnALogarithmicAxis() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Curves.titled("t").logY().series("s", new double[] {1, 2}, new double[] {1, 0}));
        assertTrue(e.getMessage().contains("y[1] of 2 is 0.0") && e.getMessage().contains("logarithmic"), e.getMessage());
    }

    @Test
    void rejectsSeriesWhoseLengthsDiffer() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Curves.titled("t").series("s", new double[] {1, 2, 3}, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("Curves.series(\"s\")") && e.getMessage().contains("3 x values and 2 y"),
                e.getMessage());
    }

    @Test
    void refusesAChartWithoutSeries() {
        assertThrows(IllegalArgumentException.class, () -> Curves.titled("empty").chart());
    }

    @Test
    void drawsALossCurveWithoutLegendForOneRun() {
        List<Double> losses = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            losses.add(2.0 * Math.exp(-i / 50.0));
        }
        XYChart chart = TrainingCurves.loss(losses);
        assertFalse(chart.getStyler().isLegendVisible());
        assertEquals("step", chart.getXAxisTitle());
        assertEquals(300, chart.getSeries("loss").getXData().length);
        assertEquals(720, Charts.image(chart).getWidth());
    }

    @Test
    void keepsTheOrderOfSchedulesGivenInAnOrderedMap() {
        Map<String, List<Double>> schedules = new LinkedHashMap<>();
        schedules.put("warm-up 4000", List.of(1e-4, 2e-4, 3e-4));
        schedules.put("constant", List.of(1e-4, 1e-4, 1e-4));
        XYChart chart = TrainingCurves.learningRates(schedules);
        assertEquals(List.of("warm-up 4000", "constant"), namesInLegend(chart));
        assertEquals(440, Charts.image(chart).getHeight());
    }

    @Test
    void rejectsANaNLossNamingTheStep() {
        List<Double> losses = List.of(2.0, 1.5, Double.NaN);
        var e = assertThrows(IllegalArgumentException.class, () -> TrainingCurves.loss(losses));
        assertTrue(e.getMessage().contains("NaN at step 3 of 3"), e.getMessage());
    }

    @Test
    void drawsAccuracyOnAFixedZeroToOneAxisAndRejectsPercentages() {
        XYChart chart = TrainingCurves.accuracy(List.of(0.1, 0.5, 0.9));
        assertEquals(1.0, chart.getStyler().getYAxisMax());
        var e = assertThrows(IllegalArgumentException.class, () -> TrainingCurves.accuracy(List.of(10.0, 50.0)));
        assertTrue(e.getMessage().contains("between 0 and 1"), e.getMessage());
    }
}
