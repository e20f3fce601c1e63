package transformer.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;

class HeadGridTest {

    private static final List<String> TOKENS = List.of("<s>", "I", "have", "a", "cat");

    private static SimpleMatrix uniform(int n) {
        SimpleMatrix w = new SimpleMatrix(n, n);
        w.fill(1.0 / n);
        return w;
    }

    private static List<SimpleMatrix> heads(int h, int n) {
        List<SimpleMatrix> heads = new ArrayList<>();
        for (int i = 0; i < h; i++) {
            heads.add(uniform(n));
        }
        return heads;
    }

    @Test
    void laysOutOneRowPerLayerAndOneColumnPerHead() {
        BufferedImage one = HeadGrid.of("one", List.of(heads(1, 5)), TOKENS, TOKENS);
        BufferedImage grid = HeadGrid.of("two layers", List.of(heads(3, 5), heads(3, 5)), TOKENS, TOKENS);
        int panelWidth = one.getWidth() - 90;
        int panelHeight = one.getHeight() - 44;
        assertEquals(3 * panelWidth + 90, grid.getWidth());
        assertEquals(2 * panelHeight + 44, grid.getHeight());
    }

    @Test
    void wrapsManyWidePanelsIntoBalancedRows() {
        List<String> twenty = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            twenty.add("tok" + i);
        }
        BufferedImage grid = HeadGrid.heads("eight heads", heads(8, 20), twenty, twenty);
        assertTrue(grid.getWidth() <= 1000, "width " + grid.getWidth());
        assertTrue(grid.getHeight() > grid.getWidth() / 3, "the panels should wrap into several rows");
    }

    @Test
    void rejectsLayersWithDifferentNumbersOfHeads() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> HeadGrid.of("t", List.of(heads(4, 5), heads(3, 5)), TOKENS, TOKENS));
        assertTrue(e.getMessage().contains("layer 2 has 3 heads but layer 1 has 4"), e.getMessage());
    }

    @Test
    void namesThePanelWhoseWeightsDoNotMatchTheTokens() {
        List<SimpleMatrix> heads = heads(2, 5);
        heads.set(1, uniform(4));
        var e = assertThrows(IllegalArgumentException.class, () -> HeadGrid.heads("t", heads, TOKENS, TOKENS));
        assertTrue(e.getMessage().contains("head 2") && e.getMessage().contains("4x4"), e.getMessage());
    }
    @Test
    void aWrappedGridIsWideEnoughForItsTitle() {
        String title = "A long title for a grid of four heads that wrap into two rows of two panels each, and then some";
        BufferedImage grid = HeadGrid.heads(title, heads(4, 20), twentyTokens(), twentyTokens());
        java.awt.Graphics2D g = grid.createGraphics();
        int titleWidth = g.getFontMetrics(PlotStyle.TITLE_FONT.deriveFont(18f)).stringWidth(title);
        g.dispose();
        assertTrue(grid.getWidth() >= titleWidth, "width " + grid.getWidth() + " for a title " + titleWidth + " wide");
    }

    private static List<String> twentyTokens() {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            tokens.add("tok" + i);
        }
        return tokens;
    }
}
