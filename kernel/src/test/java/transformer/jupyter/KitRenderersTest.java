package transformer.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import transformer.display.LabeledMatrix;

/** The one description of how the kit's values show, as each kernel's renderer ends up using it. */
class KitRenderersTest {

    private static final List<String> MIMES = List.of(KitRenderers.TEXT, KitRenderers.HTML, KitRenderers.PNG);
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G'};

    private static List<Object> samples() {
        XYChart chart = new XYChartBuilder().width(200).height(120).title("a line").build();
        chart.addSeries("y", new double[] {0, 1, 2}, new double[] {0, 1, 4});
        SimpleMatrix m = new SimpleMatrix(new double[][] {{1, 2}, {3, 4}});
        return List.of(m, m.getDDRM(), new LabeledMatrix("w", m, List.of("a", "b"), List.of("c", "d")), chart,
                new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB), Table.create("t", IntColumn.create("n", 1, 2)));
    }

    /** What JJava's renderer makes of a value once {@link KitDisplay} has registered the kit. */
    private static Map<String, Object> jjava(Object value) {
        var renderer = new org.dflib.jjava.jupyter.kernel.display.Renderer();
        KitDisplay.install(renderer);
        var data = renderer.render(value);
        Map<String, Object> forms = new java.util.TreeMap<>();
        for (String mime : MIMES) {
            Object form = data.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.parse(mime));
            if (form != null) forms.put(mime, form);
        }
        return forms;
    }

    /** What IJava 1.3.0's renderer makes of it once {@link IJavaDisplay} has registered the kit. */
    private static Map<String, Object> ijava(Object value) {
        var renderer = new io.github.spencerpark.jupyter.kernel.display.Renderer();
        IJavaDisplay.install(renderer);
        var data = renderer.render(value);
        Map<String, Object> forms = new java.util.TreeMap<>();
        for (String mime : MIMES) {
            Object form = data.getData(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.parse(mime));
            if (form != null) forms.put(mime, form);
        }
        return forms;
    }

    @Test
    void bothKernelsShowEveryKitValueTheSameWay() {
        for (Object value : samples()) {
            Map<String, Object> j = jjava(value), i = ijava(value);
            assertEquals(j, i, "the two kernels render a " + value.getClass().getSimpleName() + " differently");
            assertTrue(j.containsKey(KitRenderers.TEXT), value.getClass().getSimpleName() + " has no text form");
            assertTrue(j.containsKey(KitRenderers.HTML) || j.containsKey(KitRenderers.PNG),
                    value.getClass().getSimpleName() + " shows only as text: " + j.keySet());
        }
    }

    @Test
    void chartsAndImagesArePngsWhoseTextIsTheSameOnEveryRun() {
        for (Object value : samples().subList(3, 5)) {
            Map<String, Object> once = ijava(value), again = ijava(value);
            byte[] png = Base64.getDecoder().decode((String) once.get(KitRenderers.PNG));
            for (int k = 0; k < PNG_SIGNATURE.length; k++) {
                assertEquals(PNG_SIGNATURE[k], png[k], "not a PNG");
            }
            String text = (String) once.get(KitRenderers.TEXT);
            assertEquals(text, again.get(KitRenderers.TEXT));
            assertFalse(text.contains("@"), "an identity hash in the text form: " + text);
        }
        assertEquals("Image (30x20)", ijava(samples().get(4)).get(KitRenderers.TEXT));
    }

    @Test
    void anAttentionExplorerCarriesItsHtmlAndItsPngInOneOutput() {
        var mha = new transformer.attention.MultiHeadAttention("mha", 8, 2, new java.util.SplittableRandom(5));
        var x = SimpleMatrix.random_DDRM(3, 8, -1, 1, new java.util.Random(5));
        mha.forward(x, x, transformer.attention.AttentionMask.causal(3));
        var explorer = transformer.plot.AttentionExplorer.of(mha, List.of("the", "cat", "sat"));
        Map<String, Object> i = ijava(explorer);
        assertEquals(jjava(explorer), i);
        assertEquals(java.util.Set.of(KitRenderers.TEXT, KitRenderers.HTML, KitRenderers.PNG), i.keySet());
    }

    @Test
    void matricesAndTablesAreHtmlTables() {
        assertTrue(((String) ijava(samples().get(0)).get(KitRenderers.HTML)).contains("2 × 2"));
        assertTrue(((String) ijava(samples().get(2)).get(KitRenderers.HTML)).contains("<th"));
        assertTrue(((String) ijava(samples().get(5)).get(KitRenderers.HTML)).contains("<table"));
    }

    @Test
    void aRenderingNamesTheFormsItLacks() {
        var rendering = KitRenderers.all().get(0);
        var e = assertThrows(IllegalArgumentException.class, () -> rendering.render("image/svg+xml", new SimpleMatrix(1, 1)));
        assertTrue(e.getMessage().contains("image/svg+xml") && e.getMessage().contains("text/html"), e.getMessage());
    }
}
