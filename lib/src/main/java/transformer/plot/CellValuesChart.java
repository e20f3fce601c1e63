package transformer.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;

import org.ejml.simple.SimpleMatrix;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.style.Styler;

/**
 * A heat map that writes each value in its cell, in the colour that reads on that cell: white on
 * dark cells, near-black on light ones. XChart writes every value in one colour, which vanishes on
 * the dark end of a scale, so this chart draws the values itself once XChart has drawn the cells.
 */
final class CellValuesChart extends HeatMapChart {

    static final Font VALUE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private final SimpleMatrix values;
    private final ColourScale scale;
    private final double low;
    private final double high;
    private final DecimalFormat format = new DecimalFormat("0.00");

    /** {@code values} row 0 is drawn at the top; {@code range} is the scale's {min, max}. */
    CellValuesChart(int width, int height, SimpleMatrix values, ColourScale scale, double[] range) {
        super(width, height, Styler.ChartTheme.XChart); // what HeatMapChartBuilder gives by default
        this.values = values.copy();
        this.scale = scale;
        this.low = range[0];
        this.high = range[1];
    }

    /** The colour of cell (i, j), row 0 at the top, as the scale fills it. */
    Color cellColour(int i, int j) {
        return scale.colourAt((values.get(i, j) - low) / (high - low));
    }

    /** The colour its value is written in. */
    Color textColour(int i, int j) {
        return ColourScale.textColourOn(cellColour(i, j));
    }

    /** Where cell (i, j) was drawn in the last picture: the plot area split evenly, row 0 at the top. */
    Rectangle2D cellBounds(int i, int j) {
        Rectangle2D plotArea = plot.getBounds();
        double w = plotArea.getWidth() / values.getNumCols();
        double h = plotArea.getHeight() / values.getNumRows();
        return new Rectangle2D.Double(plotArea.getX() + j * w, plotArea.getY() + i * h, w, h);
    }

    @Override
    public void paint(Graphics2D g, int width, int height) {
        super.paint(g, width, height); // the cells, axes and legend; XChart's own values are switched off
        FontRenderContext context = new FontRenderContext(null, true, false);
        for (int i = 0; i < values.getNumRows(); i++) {
            for (int j = 0; j < values.getNumCols(); j++) {
                TextLayout text = new TextLayout(format.format(values.get(i, j)), VALUE_FONT, context);
                Rectangle2D box = text.getBounds();
                Rectangle2D cell = cellBounds(i, j);
                g.setColor(textColour(i, j));
                text.draw(g, (float) (cell.getCenterX() - box.getWidth() / 2 - box.getX()),
                        (float) (cell.getCenterY() + box.getHeight() / 2));
            }
        }
    }
}
