package transformer.plot;

import java.awt.Color;
import java.awt.Font;

import org.knowm.xchart.style.Styler;

/** The look every plot of the kit shares: a white background and fonts readable in a notebook. */
final class PlotStyle {

    static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    static final Font AXIS_TITLE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

    private PlotStyle() {
    }

    static void apply(Styler styler) {
        styler.setChartTitleFont(TITLE_FONT);
        styler.setLegendFont(TICK_FONT);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendBorderColor(Color.LIGHT_GRAY);
        styler.setAntiAlias(true);
        if (styler instanceof org.knowm.xchart.style.AxesChartStyler axes) {
            axes.setAxisTitleFont(AXIS_TITLE_FONT);
            axes.setAxisTickLabelsFont(TICK_FONT);
        }
    }
}
