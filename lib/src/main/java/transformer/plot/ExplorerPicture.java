package transformer.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The still picture of an {@link AttentionExplorer}: for every attention, one row of small heat maps
 * per layer, one per head, in the {@link ColourScale#WEIGHTS} colours, blocked cells hatched grey.
 * Drawn directly rather than through XChart, so that dozens of panels stay fast and small; the
 * picture keeps {@value #STEPS} + 1 shades of the scale and 32 greys in a palette, which makes its PNG
 * about a third of the size of a full-colour one (the exact weights are in the interactive views).
 */
final class ExplorerPicture {

    private static final Font TITLE = PlotStyle.TITLE_FONT;
    private static final Font HEADING = PlotStyle.AXIS_TITLE_FONT.deriveFont(Font.BOLD);
    private static final Font LABEL = PlotStyle.TICK_FONT.deriveFont(11f);
    private static final Color BLOCKED = new Color(0xE0E0E0);
    private static final Color HATCH = new Color(0x9E9E9E);
    private static final int GAP = 12;
    private static final int MARGIN = 12;
    private static final int BAR = 70;
    /** The weight scale in the picture: steps of 1/STEPS, finer than the eye tells apart in a cell. */
    private static final int STEPS = 64;

    private ExplorerPicture() {
    }

    static BufferedImage draw(String title, List<AttentionExplorer.Attention> attentions) {
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics labels = pg.getFontMetrics(LABEL);
        int longest = 0;
        int heads = 1;
        int rows = 0;
        for (AttentionExplorer.Attention a : attentions) {
            for (String t : a.queryTokens()) longest = Math.max(longest, labels.stringWidth(t));
            for (String t : a.keyTokens()) longest = Math.max(longest, labels.stringWidth(t));
            heads = Math.max(heads, a.heads());
            rows += a.layers();
        }
        pg.dispose();
        longest = Math.min(longest, 90);
        int panel = 0;
        for (AttentionExplorer.Attention a : attentions) {
            int n = Math.max(a.queryTokens().size(), a.keyTokens().size());
            panel = Math.max(panel, cellSize(n) * n);
        }
        int labelBand = longest + 6;
        int rowHeight = 18 + panel + labelBand + GAP;
        int width = MARGIN + labelBand + heads * (panel + GAP) + BAR;
        int height = 40 + attentions.size() * 28 + rows * rowHeight + MARGIN;

        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(TITLE);
        g.drawString(title, MARGIN, 28);
        int y = 40;
        for (AttentionExplorer.Attention a : attentions) {
            g.setFont(HEADING);
            g.setColor(Color.BLACK);
            g.drawString(a.name() + " (rows: query tokens, columns: key tokens)", MARGIN, y + 18);
            y += 28;
            int aCell = cellSize(Math.max(a.queryTokens().size(), a.keyTokens().size()));
            for (int l = 0; l < a.layers(); l++) {
                int x = MARGIN + labelBand;
                for (int h = 0; h < a.heads(); h++) {
                    g.setFont(LABEL);
                    g.setColor(Color.BLACK);
                    g.drawString("layer " + (l + 1) + " · head " + (h + 1), x, y + 13);
                    drawPanel(g, a, l, h, x, y + 18, aCell, h == 0, labelBand);
                    x += panel + GAP;
                }
                y += rowHeight;
            }
        }
        drawColourBar(g, width - BAR + 10, 60);
        g.dispose();
        return indexed(image);
    }

    /** A weight's colour, rounded to the picture's steps so that every cell's colour is in the palette. */
    private static Color shade(double weight) {
        return ColourScale.WEIGHTS.colourAt(Math.rint(Math.max(0, Math.min(1, weight)) * STEPS) / STEPS);
    }

    /**
     * The picture with a palette: the scale's shades, 32 greys (black text antialiased on white, the
     * frames, the hatching) and the blocked grey; each pixel takes the nearest of them.
     */
    private static BufferedImage indexed(BufferedImage rgb) {
        int[] palette = new int[STEPS + 1 + 32 + 1];
        int n = 0;
        for (int k = 0; k <= STEPS; k++) {
            palette[n++] = shade(k / (double) STEPS).getRGB() & 0xFFFFFF;
        }
        for (int k = 0; k < 32; k++) {
            int v = Math.round(k * 255f / 31);
            palette[n++] = v << 16 | v << 8 | v;
        }
        palette[n++] = BLOCKED.getRGB() & 0xFFFFFF;
        IndexColorModel model = new IndexColorModel(8, n, palette, 0, false, -1, java.awt.image.DataBuffer.TYPE_BYTE);
        BufferedImage out = new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_BYTE_INDEXED, model);
        byte[] pixels = ((java.awt.image.DataBufferByte) out.getRaster().getDataBuffer()).getData();
        Map<Integer, Byte> nearest = new HashMap<>();
        int width = rgb.getWidth();
        for (int y = 0; y < rgb.getHeight(); y++) {
            for (int x = 0; x < width; x++) {
                int c = rgb.getRGB(x, y) & 0xFFFFFF;
                pixels[y * width + x] = nearest.computeIfAbsent(c, colour -> closest(palette, colour));
            }
        }
        return out;
    }

    private static byte closest(int[] palette, int colour) {
        int best = 0;
        long bestDistance = Long.MAX_VALUE;
        for (int k = 0; k < palette.length; k++) {
            long dr = (palette[k] >> 16 & 0xFF) - (colour >> 16 & 0xFF);
            long dg = (palette[k] >> 8 & 0xFF) - (colour >> 8 & 0xFF);
            long db = (palette[k] & 0xFF) - (colour & 0xFF);
            long d = dr * dr + dg * dg + db * db;
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return (byte) best;
    }

    /** Cells of 7 to 16 pixels, so that a panel is at most about 150 pixels wide. */
    private static int cellSize(int tokens) {
        return Math.max(7, Math.min(16, 150 / tokens));
    }

    private static void drawPanel(Graphics2D g, AttentionExplorer.Attention a, int layer, int head, int x0, int y0,
            int cell, boolean rowLabels, int labelBand) {
        double[] w = a.weights().get(layer).get(head).getDDRM().data;
        int nq = a.queryTokens().size();
        int nk = a.keyTokens().size();
        for (int i = 0; i < nq; i++) {
            for (int j = 0; j < nk; j++) {
                int x = x0 + j * cell;
                int y = y0 + i * cell;
                if (a.allowed() != null && !a.allowed()[i][j]) {
                    g.setColor(BLOCKED);
                    g.fillRect(x, y, cell, cell);
                    g.setColor(HATCH);
                    g.drawLine(x, y + cell - 1, x + cell - 1, y);
                } else {
                    g.setColor(shade(w[i * nk + j]));
                    g.fillRect(x, y, cell, cell);
                }
            }
        }
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1));
        g.drawRect(x0, y0, nk * cell, nq * cell);
        g.setFont(LABEL);
        FontMetrics fm = g.getFontMetrics();
        g.setColor(Color.BLACK);
        if (rowLabels) {
            for (int i = 0; i < nq; i++) {
                String t = fit(a.queryTokens().get(i), fm, labelBand - 6);
                g.drawString(t, x0 - 4 - fm.stringWidth(t), y0 + i * cell + cell / 2 + fm.getAscent() / 2 - 1);
            }
        }
        AffineTransform saved = g.getTransform();
        for (int j = 0; j < nk; j++) {
            String t = fit(a.keyTokens().get(j), fm, labelBand - 6);
            g.setTransform(saved);
            g.translate(x0 + j * cell + cell / 2 + fm.getAscent() / 2 - 1, y0 + nq * cell + 4 + fm.stringWidth(t));
            g.rotate(-Math.PI / 2);
            g.drawString(t, 0, 0);
        }
        g.setTransform(saved);
    }

    private static String fit(String token, FontMetrics fm, int width) {
        if (fm.stringWidth(token) <= width) {
            return token;
        }
        String t = token;
        while (t.length() > 1 && fm.stringWidth(t + "…") > width) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "…";
    }

    private static void drawColourBar(Graphics2D g, int x, int y) {
        int height = 160;
        for (int k = 0; k < height; k++) {
            g.setColor(shade(1 - k / (double) (height - 1)));
            g.drawLine(x, y + k, x + 16, y + k);
        }
        g.setColor(Color.GRAY);
        g.drawRect(x, y, 16, height);
        g.setColor(Color.BLACK);
        g.setFont(LABEL);
        g.drawString("1", x + 22, y + 10);
        g.drawString("0", x + 22, y + height);
        g.drawString("weight", x - 6, y - 8);
        g.setColor(BLOCKED);
        g.fillRect(x, y + height + 14, 16, 16);
        g.setColor(HATCH);
        g.drawLine(x, y + height + 29, x + 15, y + height + 14);
        g.setColor(Color.BLACK);
        g.drawString("blocked", x - 6, y + height + 46);
    }
}
