package transformer.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.HeatMapChart;

import transformer.display.Charts;

class AttentionHeatmapTest {

    private static final List<String> TOKENS = List.of("the", "cat", "sat", "on", "the", "mat");

    private static SimpleMatrix uniform(int rows, int cols) {
        SimpleMatrix w = new SimpleMatrix(rows, cols);
        w.fill(1.0 / cols);
        return w;
    }

    /** Rows (from the top) of the picture that hold the darkest colour of the WEIGHTS scale. */
    private static List<Integer> rowsOfDarkestBlue(BufferedImage image) {
        Color darkest = ColourScale.WEIGHTS.colours()[4];
        List<Integer> rows = new ArrayList<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                Color c = new Color(image.getRGB(x, y));
                if (Math.abs(c.getRed() - darkest.getRed()) + Math.abs(c.getGreen() - darkest.getGreen())
                        + Math.abs(c.getBlue() - darkest.getBlue()) < 12) {
                    rows.add(y);
                    break;
                }
            }
        }
        return rows;
    }

    @Test
    void drawsTheFirstQueryAsTheTopRow() {
        SimpleMatrix weights = new SimpleMatrix(6, 6);
        weights.set(0, 2, 1.0); // only the first query has a full weight; the legend's top is the same colour
        BufferedImage image = Charts.image(AttentionHeatmap.of("first row on top", weights, TOKENS, TOKENS));
        List<Integer> dark = rowsOfDarkestBlue(image);
        HeatMapChart reference = AttentionHeatmap.of("no dark cell", new SimpleMatrix(6, 6), TOKENS, TOKENS);
        List<Integer> legendOnly = rowsOfDarkestBlue(Charts.image(reference));
        dark.removeAll(legendOnly);
        assertTrue(!dark.isEmpty(), "the full weight should be drawn somewhere besides the legend");
        int plotTop = image.getHeight() / 10;
        int firstRowBottom = plotTop + image.getHeight() / 5;
        assertTrue(dark.stream().allMatch(y -> y < firstRowBottom),
                "cells of row 0 should sit near the top, got rows " + dark + " in a picture " + image.getHeight() + " high");
    }

    @Test
    void keepsEveryTokenAsItsOwnLabelEvenWhenTokensRepeat() {
        HeatMapChart chart = AttentionHeatmap.of("repeats", uniform(6, 6), TOKENS, TOKENS);
        var series = chart.getHeatMapSeries();
        assertEquals(6, series.getXData().size());
        assertEquals(6, series.getYData().size());
        assertEquals("the", series.getXData().get(0));
        assertEquals("mat", series.getYData().get(0), "XChart's first y label is drawn at the bottom: the last query");
        assertEquals(1, chart.getStyler().getXAxisTickMarkSpacingHint(), "no label may be thinned out");
    }

    @Test
    void rendersAtTheChartsOwnSizeWhichGrowsWithTheNumberOfTokens() {
        List<String> twenty = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            twenty.add("token" + i);
        }
        HeatMapChart small = AttentionHeatmap.of("small", uniform(3, 3), TOKENS.subList(0, 3), TOKENS.subList(0, 3));
        HeatMapChart large = AttentionHeatmap.of("large", uniform(20, 20), twenty, twenty);
        BufferedImage image = Charts.image(large);
        assertEquals(large.getWidth(), image.getWidth());
        assertEquals(large.getHeight(), image.getHeight());
        assertTrue(large.getWidth() > small.getWidth() + 200 && large.getHeight() > small.getHeight() + 200);
        assertTrue(large.getWidth() < 1400 && large.getHeight() < 1400, "20 tokens should still fit a notebook");
    }

    @Test
    void choosesWhiteTextOnDarkCellsAndDarkTextOnLightOnes() {
        assertEquals(Color.WHITE, ColourScale.textColourOn(ColourScale.WEIGHTS.colourAt(1.0)), "navy, weight 1");
        assertEquals(Color.WHITE, ColourScale.textColourOn(ColourScale.WEIGHTS.colourAt(0.75)), "mid blue, weight 0.75");
        assertTrue(ColourScale.luminance(ColourScale.textColourOn(ColourScale.WEIGHTS.colourAt(0.0))) < 0.05, "near-white, weight 0");
        assertTrue(ColourScale.luminance(ColourScale.textColourOn(ColourScale.SEQUENTIAL.colourAt(0.1))) < 0.05, "pale yellow");
        assertEquals(Color.WHITE, ColourScale.textColourOn(ColourScale.SEQUENTIAL.colourAt(1.0)), "dark brown");
    }

    @Test
    void writesEachValueInAColourThatStandsOutFromItsCell() {
        SimpleMatrix weights = new SimpleMatrix(new double[][] {{1.0, 0.0}, {0.5, 0.5}});
        HeatMapChart chart = AttentionHeatmap.of("values", weights, List.of("a", "b"), List.of("a", "b"));
        BufferedImage image = Charts.image(chart);
        var cells = (CellValuesChart) chart;
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                Color cell = cells.cellColour(i, j);
                Color text = cells.textColour(i, j);
                double contrast = contrast(cell, text);
                assertTrue(contrast >= 4.5, "cell (" + i + ", " + j + "): text contrast " + contrast + " is below WCAG's 4.5");
                var box = cells.cellBounds(i, j);
                int textPixels = 0;
                for (int y = (int) box.getY() + 2; y < box.getMaxY() - 2; y++) {
                    for (int x = (int) box.getX() + 2; x < box.getMaxX() - 2; x++) {
                        if (contrast(new Color(image.getRGB(x, y)), cell) > 3) {
                            textPixels++;
                        }
                    }
                }
                assertTrue(textPixels > 20, "cell (" + i + ", " + j + ") should show its value in strong contrast, found "
                        + textPixels + " contrasting pixels");
            }
        }
        Color navy = new Color(image.getRGB((int) cells.cellBounds(0, 0).getX() + 3, (int) cells.cellBounds(0, 0).getY() + 3));
        assertTrue(contrast(navy, ColourScale.WEIGHTS.colourAt(1.0)) < 1.1, "the cell of weight 1 is drawn navy, got " + navy);
    }

    private static double contrast(Color a, Color b) {
        double la = ColourScale.luminance(a);
        double lb = ColourScale.luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    @Test
    void drawsAWeightOfExactlyOne() {
        SimpleMatrix weights = new SimpleMatrix(2, 2);
        weights.set(0, 0, 1.0);
        weights.set(1, 1, 1.0);
        BufferedImage image = Charts.image(AttentionHeatmap.of("identity", weights, List.of("a", "b"), List.of("a", "b")));
        assertTrue(image.getWidth() > 0);
    }

    @Test
    void rejectsLabelsThatDoNotMatchTheMatrix() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> AttentionHeatmap.of("t", uniform(4, 5), TOKENS.subList(0, 3), TOKENS.subList(0, 5)));
        assertTrue(e.getMessage().startsWith("AttentionHeatmap.of"), e.getMessage());
        assertTrue(e.getMessage().contains("4x5") && e.getMessage().contains("got 3"), e.getMessage());
    }

    @Test
    void rejectsNaNWeightsNamingWhereTheyAre() {
        SimpleMatrix weights = uniform(3, 3);
        weights.set(1, 2, Double.NaN);
        var e = assertThrows(IllegalArgumentException.class,
                () -> AttentionHeatmap.of("t", weights, TOKENS.subList(0, 3), TOKENS.subList(0, 3)));
        assertTrue(e.getMessage().contains("NaN at (1, 2)") && e.getMessage().contains("3x3"), e.getMessage());
    }

    @Test
    void rejectsAnEmptyMatrix() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> AttentionHeatmap.of("t", new SimpleMatrix(0, 3), List.of(), TOKENS.subList(0, 3)));
        assertTrue(e.getMessage().contains("AttentionHeatmap.of") && e.getMessage().contains("0x3"), e.getMessage());
    }

    @Test
    void rejectsWeightsOutsideZeroToOne() {
        SimpleMatrix scores = uniform(2, 2).scale(3);
        var e = assertThrows(IllegalArgumentException.class,
                () -> AttentionHeatmap.of("t", scores, List.of("a", "b"), List.of("a", "b")));
        assertTrue(e.getMessage().contains("[0, 1]") && e.getMessage().contains("Heatmap.of"), e.getMessage());
    }

    @Test
    void drawsAMaskWithBothColoursNamedInTheLegend() {
        boolean[][] causal = {{true, false, false}, {true, true, false}, {true, true, true}};
        HeatMapChart chart = AttentionHeatmap.mask("causal", causal, TOKENS.subList(0, 3), TOKENS.subList(0, 3));
        assertEquals("may attend", chart.getStyler().getHeatMapDecimalValueFormatter().apply(1.0));
        assertEquals("blocked", chart.getStyler().getHeatMapDecimalValueFormatter().apply(0.0));
        BufferedImage image = Charts.image(chart);
        assertEquals(chart.getWidth(), image.getWidth());
    }

    @Test
    void drawsTheKitsAttentionMaskCellForCell() {
        var mask = transformer.attention.AttentionMask.causal(3);
        HeatMapChart chart = AttentionHeatmap.mask("causal", mask, 0, TOKENS.subList(0, 3), TOKENS.subList(0, 3));
        List<Number[]> cells = new ArrayList<>(chart.getHeatMapSeries().getHeatData());
        for (Number[] cell : cells) {
            int key = cell[0].intValue();
            int query = 2 - cell[1].intValue(); // row 0 is drawn on top, as XChart's last y category
            assertEquals(key <= query ? 1.0 : 0.0, cell[2].doubleValue(), 1e-6, "query " + query + ", key " + key);
        }
        assertEquals(9, cells.size());
    }

    @Test
    void rejectsARaggedMask() {
        boolean[][] ragged = {{true, false}, {true}};
        var e = assertThrows(IllegalArgumentException.class,
                () -> AttentionHeatmap.mask("m", ragged, List.of("a", "b"), List.of("a", "b")));
        assertTrue(e.getMessage().contains("row 1 has 1"), e.getMessage());
    }
}
