package transformer.display;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** Turns an XChart chart into pixels, the same way in a notebook, a test or a script. */
public final class Charts {

    private Charts() {
    }

    /** The chart drawn at its own width and height. */
    public static BufferedImage image(Chart<?, ?> chart) {
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** The chart as PNG bytes. */
    public static byte[] png(Chart<?, ?> chart) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image(chart), "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Charts.png: could not encode the chart as PNG", e);
        }
        return bytes.toByteArray();
    }
}
