package transformer.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;

import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;

import transformer.display.Charts;

class PositionalEncodingPlotTest {

    /** The paper's table, computed here so that the plots are tested without the position package. */
    private static SimpleMatrix sinusoids(int positions, int dModel) {
        SimpleMatrix pe = new SimpleMatrix(positions, dModel);
        for (int p = 0; p < positions; p++) {
            for (int i = 0; i < dModel / 2; i++) {
                double angle = p / Math.pow(10000, 2.0 * i / dModel);
                pe.set(p, 2 * i, Math.sin(angle));
                pe.set(p, 2 * i + 1, Math.cos(angle));
            }
        }
        return pe;
    }

    @Test
    void drawsTheTableWithASymmetricDivergingScaleAndRoundAxisNumbers() {
        HeatMapChart chart = PositionalEncodingPlot.table("PE", sinusoids(50, 64));
        assertEquals(-1.0, chart.getStyler().getMin());
        assertEquals(1.0, chart.getStyler().getMax());
        var yLabels = chart.getHeatMapSeries().getYData();
        assertEquals("0", yLabels.get(yLabels.size() - 1).toString(), "position 0 is labelled, at the top");
        assertEquals("", yLabels.get(yLabels.size() - 2).toString().replace("\u200B", ""));
        BufferedImage image = Charts.image(chart);
        assertEquals(chart.getWidth(), image.getWidth());
        assertEquals(chart.getHeight(), image.getHeight());
    }

    @Test
    void drawsChosenDimensionsAsNamedCurvesOverThePositions() {
        XYChart chart = PositionalEncodingPlot.dimensions("curves", sinusoids(40, 16), 0, 1, 6);
        assertTrue(CurvesTest.namesInLegend(chart).containsAll(java.util.List.of("dimension 0", "dimension 1", "dimension 6")));
        assertEquals(40, chart.getSeries("dimension 6").getXData().length);
        assertEquals(chart.getWidth(), Charts.image(chart).getWidth());
    }

    @Test
    void drawsTheSimilarityOfEveryPairOfPositions() {
        HeatMapChart chart = PositionalEncodingPlot.similarity("similarity", sinusoids(20, 16));
        assertEquals(20, chart.getHeatMapSeries().getXData().size());
        assertEquals(chart.getHeight(), Charts.image(chart).getHeight());
    }

    @Test
    void rejectsADimensionOutsideTheTable() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> PositionalEncodingPlot.dimensions("t", sinusoids(10, 8), 8));
        assertTrue(e.getMessage().contains("dimension 8") && e.getMessage().contains("10x8")
                && e.getMessage().contains("0..7"), e.getMessage());
    }

    @Test
    void rejectsAnEmptyTable() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> PositionalEncodingPlot.table("t", new SimpleMatrix(0, 8)));
        assertTrue(e.getMessage().contains("PositionalEncodingPlot.table") && e.getMessage().contains("0x8"), e.getMessage());
    }
}
