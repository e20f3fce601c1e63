package transformer.plot;

import java.awt.Color;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * How a heat map turns numbers into colours. The scale decides both the colours and the range
 * they span, so that two maps drawn with the same scale can be compared by eye.
 */
public enum ColourScale {

    /** Attention weights: fixed range 0 to 1, white for 0 and dark blue for 1. */
    WEIGHTS(new Color[] {
            new Color(0xF7FBFF), new Color(0xC6DBEF), new Color(0x6BAED6),
            new Color(0x2171B5), new Color(0x08306B)}),

    /** Any matrix: the colours span its smallest to its largest value, light to dark. */
    SEQUENTIAL(new Color[] {
            new Color(0xFFFFE5), new Color(0xFEC44F), new Color(0xEC7014),
            new Color(0xCC4C02), new Color(0x662506)}),

    /** Signed values: blue below zero, white at zero, red above, symmetric around zero. */
    DIVERGING(new Color[] {
            new Color(0x2166AC), new Color(0x92C5DE), new Color(0xF7F7F7),
            new Color(0xF4A582), new Color(0xB2182B)}),

    /** Masks: 0 (blocked) light grey, 1 (may attend) dark green. */
    MASK(new Color[] {new Color(0xE0E0E0), new Color(0x1B7837)});

    private final Color[] colours;

    ColourScale(Color[] colours) {
        this.colours = colours;
    }

    Color[] colours() {
        return colours.clone();
    }

    /**
     * The colour of a cell whose value sits at {@code fraction} of the way from the bottom of the
     * range (0) to its top (1): linear between neighbouring colours, as XChart fills the cells.
     */
    Color colourAt(double fraction) {
        double f = Math.max(0, Math.min(1, fraction)) * (colours.length - 1);
        int low = Math.min((int) f, colours.length - 2);
        double t = f - low;
        Color a = colours[low];
        Color b = colours[low + 1];
        return new Color((int) (a.getRed() + t * (b.getRed() - a.getRed())),
                (int) (a.getGreen() + t * (b.getGreen() - a.getGreen())),
                (int) (a.getBlue() + t * (b.getBlue() - a.getBlue())));
    }

    /**
     * The text colour that reads best on {@code background}: white on dark cells, near-black on
     * light ones. It compares the cell's relative luminance (WCAG 2) with 0.179, where black and white
     * text have the same contrast ratio.
     */
    static Color textColourOn(Color background) {
        return luminance(background) < 0.179 ? Color.WHITE : new Color(0x1A1A1A);
    }

    /** Relative luminance of a colour as WCAG 2 defines it: 0 for black, 1 for white. */
    static double luminance(Color c) {
        return 0.2126 * linear(c.getRed()) + 0.7152 * linear(c.getGreen()) + 0.0722 * linear(c.getBlue());
    }

    private static double linear(int channel) {
        double v = channel / 255.0;
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    /** The range {min, max} this scale uses for values whose own range is [lowest, highest]. */
    double[] range(double lowest, double highest) {
        return switch (this) {
            case WEIGHTS, MASK -> new double[] {0, 1};
            case SEQUENTIAL -> lowest < highest ? new double[] {round(lowest, RoundingMode.FLOOR), round(highest, RoundingMode.CEILING)}
                    : new double[] {lowest - 0.5, highest + 0.5};
            case DIVERGING -> {
                double bound = round(Math.max(Math.abs(lowest), Math.abs(highest)), RoundingMode.CEILING);
                yield bound > 0 ? new double[] {-bound, bound} : new double[] {-1, 1};
            }
        };
    }

    /** Two significant digits, rounded outwards, so that the legend reads 15 … 32 rather than 14.517234 … 32. */
    private static double round(double value, RoundingMode direction) {
        return value == 0 ? 0 : BigDecimal.valueOf(value).round(new MathContext(2, direction)).doubleValue();
    }
}
