package transformer.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.LinearGradientPaint;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import org.ejml.simple.SimpleMatrix;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;

/**
 * Several attention maps over the same tokens side by side, one panel per head (and one row of
 * panels per layer), with one shared 0..1 colour bar. The result is a picture, not a chart.
 *
 * <pre>{@code
 * display(HeadGrid.of("Encoder self-attention", weightsByLayerAndHead, tokens, tokens));
 * }</pre>
 */
public final class HeadGrid {

    /** One panel: its title (for example "layer 1 · head 3") and its n_q x n_k weights. */
    public record Panel(String title, SimpleMatrix weights) {
    }

    private static final int COLOUR_BAR_BAND = 90;
    private static final int TITLE_BAND = 44;
    /** The widest picture, colour bar included, that a notebook shows at full size without shrinking its labels. */
    private static final int MAX_WIDTH = 1000;

    private HeadGrid() {
    }

    /** One row per layer, one panel per head, titled "layer l · head h" (counting from 1). */
    public static BufferedImage of(String title, List<List<SimpleMatrix>> weightsByLayerAndHead,
            List<String> queryTokens, List<String> keyTokens) {
        if (weightsByLayerAndHead == null || weightsByLayerAndHead.isEmpty()) {
            throw new IllegalArgumentException("HeadGrid.of: got no layers; expected a list of layers, each a list of heads");
        }
        List<Panel> panels = new ArrayList<>();
        int heads = weightsByLayerAndHead.get(0).size();
        for (int l = 0; l < weightsByLayerAndHead.size(); l++) {
            List<SimpleMatrix> layer = weightsByLayerAndHead.get(l);
            if (layer == null || layer.size() != heads || heads == 0) {
                throw new IllegalArgumentException(String.format("HeadGrid.of: layer %d has %s heads but layer 1 has %d; "
                        + "expected the same number of heads (at least 1) in every layer",
                        l + 1, layer == null ? "no" : layer.size(), heads));
            }
            for (int h = 0; h < heads; h++) {
                panels.add(new Panel("layer " + (l + 1) + " · head " + (h + 1), layer.get(h)));
            }
        }
        return of(title, panels, heads, queryTokens, keyTokens);
    }

    /** One panel per head of a single layer, titled "head h" (counting from 1), all in one row. */
    public static BufferedImage heads(String title, List<SimpleMatrix> weightsByHead,
            List<String> queryTokens, List<String> keyTokens) {
        if (weightsByHead == null || weightsByHead.isEmpty()) {
            throw new IllegalArgumentException("HeadGrid.heads: got no heads; expected one weight matrix per head");
        }
        List<Panel> panels = new ArrayList<>();
        for (int h = 0; h < weightsByHead.size(); h++) {
            panels.add(new Panel("head " + (h + 1), weightsByHead.get(h)));
        }
        return of(title, panels, panels.size(), queryTokens, keyTokens);
    }

    /**
     * Any panels, filled in rows of {@code columns} panels; rows that would make the picture wider
     * than about 1000 pixels (the width of a notebook's output area) are wrapped so that the labels stay readable.
     */
    public static BufferedImage of(String title, List<Panel> panels, int columns,
            List<String> queryTokens, List<String> keyTokens) {
        if (panels == null || panels.isEmpty() || columns < 1) {
            throw new IllegalArgumentException(String.format("HeadGrid.of: got %s panels in %d columns; "
                    + "expected at least one panel and one column", panels == null ? "no" : panels.size(), columns));
        }
        List<BufferedImage> pictures = new ArrayList<>();
        for (Panel panel : panels) {
            HeatMapChart chart = Heatmap.of("HeadGrid.of(\"" + panel.title() + "\")", panel.weights())
                    .title(panel.title())
                    .rows("query token", queryTokens).columns("key token", keyTokens)
                    .scale(ColourScale.WEIGHTS).compact().chart();
            pictures.add(BitmapEncoder.getBufferedImage(chart));
        }
        int panelWidth = pictures.get(0).getWidth();
        int panelHeight = pictures.get(0).getHeight();
        int cols = Math.min(columns, panels.size());
        int fitting = Math.max(1, (MAX_WIDTH - COLOUR_BAR_BAND) / panelWidth);
        if (cols > fitting) { // wrap into balanced rows rather than a picture too wide to read
            int wrappedRows = (panels.size() + fitting - 1) / fitting;
            cols = (panels.size() + wrappedRows - 1) / wrappedRows;
        }
        int rows = (panels.size() + cols - 1) / cols;
        Font titleFont = PlotStyle.TITLE_FONT.deriveFont(18f);
        Graphics2D measure = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        int titleWidth = measure.getFontMetrics(titleFont).stringWidth(title);
        measure.dispose();
        int width = Math.max(cols * panelWidth + COLOUR_BAR_BAND, titleWidth + 40); // wrapped grids are narrow: never clip the title
        BufferedImage grid = new BufferedImage(width, TITLE_BAND + rows * panelHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(titleFont);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(title, (grid.getWidth() - fm.stringWidth(title)) / 2, TITLE_BAND - 14);
        for (int i = 0; i < pictures.size(); i++) {
            g.drawImage(pictures.get(i), (i % cols) * panelWidth, TITLE_BAND + (i / cols) * panelHeight, null);
        }
        drawColourBar(g, cols * panelWidth + 20, TITLE_BAND + 40, Math.min(320, rows * panelHeight - 80));
        g.dispose();
        return grid;
    }

    /** A vertical bar of the {@link ColourScale#WEIGHTS} colours, 1 at the top and 0 at the bottom. */
    private static void drawColourBar(Graphics2D g, int x, int y, int height) {
        Color[] colours = ColourScale.WEIGHTS.colours();
        float[] fractions = new float[colours.length];
        Color[] topDown = new Color[colours.length];
        for (int i = 0; i < colours.length; i++) {
            fractions[i] = i / (float) (colours.length - 1);
            topDown[i] = colours[colours.length - 1 - i];
        }
        g.setPaint(new LinearGradientPaint(x, y, x, y + height, fractions, topDown));
        g.fillRect(x, y, 22, height);
        g.setColor(Color.GRAY);
        g.drawRect(x, y, 22, height);
        g.setColor(Color.BLACK);
        g.setFont(PlotStyle.TICK_FONT);
        g.drawString("1.0", x + 28, y + 10);
        g.drawString("0.5", x + 28, y + height / 2 + 5);
        g.drawString("0.0", x + 28, y + height);
        g.setFont(PlotStyle.TICK_FONT.deriveFont(Font.ITALIC));
        g.drawString("weight", x - 4, y - 12);
    }
}
