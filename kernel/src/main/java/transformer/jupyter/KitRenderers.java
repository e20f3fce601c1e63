package transformer.jupyter;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import javax.imageio.ImageIO;

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
 * What the kit's values look like in a notebook, said once for both Java kernels. Each {@link Rendering}
 * names a type, the MIME type a front end should prefer, and how to make each form of the value; JJava
 * registers them through {@link KitDisplay}, IJava 1.3.0 through {@link IJavaDisplay}. Neither adapter
 * knows what a matrix or a chart is.
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
 * Every rendering also supplies {@code text/plain}, so consoles and text-only front ends still read it,
 * and no text form holds an identity hash: the same value reads the same on every run.
 */
public final class KitRenderers {

    public static final String HTML = "text/html";
    public static final String PNG = "image/png";
    public static final String TEXT = "text/plain";

    /**
     * How to show values of one type: {@code forms} maps each MIME type to the function that makes it
     * (base64 for images, as Jupyter carries them), in the order they are made; {@code preferred} are
     * the forms every output carries (plus {@code text/plain}); the others are made only on request.
     */
    public record Rendering<T>(Class<T> type, List<String> preferred, Map<String, Function<? super T, String>> forms) {

        public Rendering {
            preferred = List.copyOf(preferred);
            forms = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(forms));
            if (!forms.keySet().containsAll(preferred) || !forms.containsKey(TEXT)) {
                throw new IllegalArgumentException("Rendering of " + type.getSimpleName() + ": the forms "
                        + forms.keySet() + " must include the preferred " + preferred + " and " + TEXT);
            }
        }

        /** The forms made only when a front end asks for them. */
        public List<String> supported() {
            return forms.keySet().stream().filter(mime -> !preferred.contains(mime)).toList();
        }

        /** The value in the given form; used by the adapters, and by tests without a kernel. */
        public String render(String mime, Object value) {
            Function<? super T, String> form = forms.get(mime);
            if (form == null) {
                throw new IllegalArgumentException("Rendering of " + type.getSimpleName() + ": no " + mime
                        + " form; it has " + forms.keySet());
            }
            return form.apply(type.cast(value));
        }
    }

    private KitRenderers() {
    }

    /** Every rendering the kit registers, in the order a kernel registers them. */
    public static List<Rendering<?>> all() {
        return List.of(
                rendering(SimpleBase.class, HTML,
                        HTML, m -> MatrixTable.html((DMatrix) m.getMatrix()),
                        TEXT, m -> MatrixTable.text((DMatrix) m.getMatrix())),
                rendering(DMatrix.class, HTML,
                        HTML, MatrixTable::html,
                        TEXT, MatrixTable::text),
                rendering(LabeledMatrix.class, HTML,
                        HTML, LabeledMatrix::toHtml,
                        TEXT, LabeledMatrix::toString),
                rendering(Chart.class, PNG,
                        PNG, chart -> base64(Charts.png(chart)),
                        TEXT, chart -> "Chart: " + chart.getTitle() + " (" + chart.getWidth() + "x" + chart.getHeight() + ")"),
                rendering(BufferedImage.class, PNG,
                        PNG, image -> base64(png(image)),
                        TEXT, image -> "Image (" + image.getWidth() + "x" + image.getHeight() + ")"),
                rendering(Table.class, HTML,
                        HTML, Tables::html,
                        TEXT, Table::print),
                explorer());
    }

    /** Both forms by default, so the same output reads in JupyterLab (HTML) and in a static view (PNG). */
    private static Rendering<AttentionExplorer> explorer() {
        Map<String, Function<? super AttentionExplorer, String>> forms = new LinkedHashMap<>();
        forms.put(HTML, AttentionExplorer::html);
        forms.put(PNG, explorer -> base64(explorer.png()));
        forms.put(TEXT, AttentionExplorer::toString);
        return new Rendering<>(AttentionExplorer.class, List.of(HTML, PNG), forms);
    }

    private static <T> Rendering<T> rendering(Class<T> type, String preferred,
                                              String first, Function<? super T, String> firstForm,
                                              String second, Function<? super T, String> secondForm) {
        Map<String, Function<? super T, String>> forms = new LinkedHashMap<>();
        forms.put(first, firstForm);
        forms.put(second, secondForm);
        return new Rendering<>(type, List.of(preferred), forms);
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("KitRenderers: could not encode a " + image.getWidth() + "x"
                    + image.getHeight() + " image as PNG", e);
        }
        return out.toByteArray();
    }
}
