package transformer.jupyter;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

import javax.imageio.ImageIO;

import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.ejml.data.DMatrix;
import org.ejml.simple.SimpleBase;
import org.knowm.xchart.internal.chartpart.Chart;

import tech.tablesaw.api.Table;
import transformer.display.Charts;
import transformer.display.LabeledMatrix;
import transformer.display.MatrixTable;
import transformer.display.Tables;
import transformer.plot.AttentionExplorer;

/**
 * Teaches the Java kernel how to show the kit's values. JJava finds this class through
 * {@code META-INF/services/org.dflib.jjava.jupyter.Extension} when the jar joins the classpath.
 *
 * <ul>
 *   <li>an EJML matrix ({@code SimpleMatrix} or any dense {@code DMatrix}) shows as an HTML table
 *       with its shape in the caption;</li>
 *   <li>a {@link LabeledMatrix} shows as a table with token names on its rows and columns;</li>
 *   <li>an XChart chart shows as a PNG image;</li>
 *   <li>a {@code BufferedImage} (for example a grid of attention heads) shows as a PNG image whose
 *       text form names only its size, so that two runs give identical outputs;</li>
 *   <li>a Tablesaw table shows as an HTML table;</li>
 *   <li>an {@link AttentionExplorer} shows as its interactive HTML, with its PNG in the same output
 *       for front ends that show no HTML or run no scripts.</li>
 * </ul>
 * Every renderer also supplies {@code text/plain}, so consoles and text-only front ends still read it.
 */
public final class KitDisplay implements Extension {

    @Override
    public void install(BaseKernel kernel) {
        Renderer renderer = kernel.getRenderer();

        renderer.createRegistration(SimpleBase.class)
                .preferring(MIMEType.TEXT_HTML)
                .supporting(MIMEType.TEXT_PLAIN)
                .register((matrix, context) -> {
                    DMatrix data = (DMatrix) matrix.getMatrix();
                    context.renderIfRequested(MIMEType.TEXT_HTML, () -> MatrixTable.html(data));
                    context.renderIfRequested(MIMEType.TEXT_PLAIN, () -> MatrixTable.text(data));
                });

        renderer.createRegistration(DMatrix.class)
                .preferring(MIMEType.TEXT_HTML)
                .supporting(MIMEType.TEXT_PLAIN)
                .register((matrix, context) -> {
                    context.renderIfRequested(MIMEType.TEXT_HTML, () -> MatrixTable.html(matrix));
                    context.renderIfRequested(MIMEType.TEXT_PLAIN, () -> MatrixTable.text(matrix));
                });

        renderer.createRegistration(LabeledMatrix.class)
                .preferring(MIMEType.TEXT_HTML)
                .supporting(MIMEType.TEXT_PLAIN)
                .register((matrix, context) -> {
                    context.renderIfRequested(MIMEType.TEXT_HTML, () -> matrix.toHtml());
                    context.renderIfRequested(MIMEType.TEXT_PLAIN, () -> matrix.toString());
                });

        renderer.createRegistration(Chart.class)
                .preferring(MIMEType.IMAGE_PNG)
                .supporting(MIMEType.TEXT_PLAIN)
                .register((chart, context) -> {
                    context.renderIfRequested(MIMEType.IMAGE_PNG,
                            () -> Base64.getEncoder().encodeToString(Charts.png(chart)));
                    context.renderIfRequested(MIMEType.TEXT_PLAIN,
                            () -> "Chart: " + chart.getTitle() + " (" + chart.getWidth() + "x" + chart.getHeight() + ")");
                });

        renderer.createRegistration(BufferedImage.class)
                .preferring(MIMEType.IMAGE_PNG)
                .supporting(MIMEType.TEXT_PLAIN)
                .register((image, context) -> {
                    context.renderIfRequested(MIMEType.IMAGE_PNG, () -> Base64.getEncoder().encodeToString(png(image)));
                    context.renderIfRequested(MIMEType.TEXT_PLAIN,
                            () -> "Image (" + image.getWidth() + "x" + image.getHeight() + ")");
                });

        renderer.createRegistration(AttentionExplorer.class)
                .preferring(MIMEType.TEXT_HTML, MIMEType.IMAGE_PNG) // both by default: "supporting" types only on request
                .supporting(MIMEType.TEXT_PLAIN)
                .register((explorer, context) -> {
                    context.renderIfRequested(MIMEType.TEXT_HTML, explorer::html);
                    context.renderIfRequested(MIMEType.IMAGE_PNG, () -> Base64.getEncoder().encodeToString(explorer.png()));
                    context.renderIfRequested(MIMEType.TEXT_PLAIN, explorer::toString);
                });

        renderer.createRegistration(Table.class)
                .preferring(MIMEType.TEXT_HTML)
                .supporting(MIMEType.TEXT_PLAIN)
                .register((table, context) -> {
                    context.renderIfRequested(MIMEType.TEXT_HTML, () -> Tables.html(table));
                    context.renderIfRequested(MIMEType.TEXT_PLAIN, () -> table.print());
                });
    }

    private static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("KitDisplay: could not encode a " + image.getWidth() + "x"
                    + image.getHeight() + " image as PNG", e);
        }
        return out.toByteArray();
    }
}
