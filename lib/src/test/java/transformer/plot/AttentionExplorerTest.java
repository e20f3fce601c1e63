package transformer.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;

import transformer.attention.AttentionMask;
import transformer.attention.MultiHeadAttention;
import transformer.decoding.AttentionMaps;
import transformer.model.EncoderDecoder;
import transformer.model.TransformerConfig;

class AttentionExplorerTest {

    private static final List<String> WORDS = List.of("the", "cat", "sat", "on", "a", "mat");

    private static MultiHeadAttention causalSelfAttention() {
        MultiHeadAttention mha = new MultiHeadAttention("mha", 8, 2, new SplittableRandom(5));
        SimpleMatrix x = SimpleMatrix.random_DDRM(6, 8, -1, 1, new Random(5));
        mha.forward(x, x, AttentionMask.causal(6));
        return mha;
    }

    /** The numbers of layer l, head h of attention a in the explorer's data (units of 1/10000), in a model of {@code heads} heads. */
    private static int[] weightsInData(String json, int a, int heads, int l, int h) {
        String kind = json.split("\"w\":\\[")[a + 1];
        Matcher m = Pattern.compile("\\[(\\d+(?:,\\d+)*)\\]").matcher(kind.substring(0, kind.indexOf("]]]") + 1));
        for (int index = 0; m.find(); index++) {
            if (index == l * heads + h) {
                return java.util.Arrays.stream(m.group(1).split(",")).mapToInt(Integer::parseInt).toArray();
            }
        }
        throw new AssertionError("no layer " + l + " head " + h + " in " + kind);
    }

    @Test
    void carriesEveryWeightOfTheLastForwardToFourDecimalsWithItsMask() {
        MultiHeadAttention mha = causalSelfAttention();
        AttentionExplorer explorer = AttentionExplorer.of(mha, WORDS);
        String json = explorer.json();
        for (int h = 0; h < 2; h++) {
            int[] data = weightsInData(json, 0, 2, 0, h);
            SimpleMatrix w = mha.weights(0, h);
            assertEquals(36, data.length);
            for (int i = 0; i < 6; i++) {
                for (int j = 0; j < 6; j++) {
                    assertEquals(Math.round(w.get(i, j) * 10000), data[i * 6 + j], "head " + h + " cell " + i + "," + j);
                }
            }
        }
        StringBuilder causal = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                causal.append(j <= i ? '1' : '0');
            }
        }
        assertTrue(json.contains("\"mask\":\"" + causal + "\""), json);
    }

    @Test
    void leavesOutTheMaskWhenNothingWasBlocked() {
        MultiHeadAttention mha = new MultiHeadAttention("mha", 8, 2, new SplittableRandom(5));
        mha.forward(SimpleMatrix.random_DDRM(6, 8, -1, 1, new Random(5)));
        assertFalse(AttentionExplorer.of(mha, WORDS).json().contains("\"mask\""));
    }

    @Test
    void showsTheThreeAttentionsOfADecodedSentenceWithTheDecodersCausalMask() {
        EncoderDecoder model = new EncoderDecoder(TransformerConfig.tiny(9), 3);
        AttentionMaps maps = AttentionMaps.of(model, new int[] {4, 5, 6, 7}, new int[] {8, 5, 4});
        AttentionExplorer explorer = AttentionExplorer.of(maps, List.of("a", "b", "c", "d"), List.of("x", "b", "a"));
        List<AttentionExplorer.Attention> kinds = explorer.attentions();
        assertEquals(List.of("Encoder self-attention", "Decoder self-attention", "Cross-attention"),
                kinds.stream().map(AttentionExplorer.Attention::name).toList());
        assertEquals(List.of("<bos>", "x", "b", "a"), kinds.get(1).queryTokens());
        assertEquals(List.of("x", "b", "a", "<eos>"), kinds.get(2).queryTokens());
        assertEquals(List.of("a", "b", "c", "d"), kinds.get(2).keyTokens());
        boolean[][] causal = kinds.get(1).allowed();
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(j <= i, causal[i][j]);
                if (j > i) {
                    assertEquals(0.0, maps.decoderSelf().get(0).get(0).get(i, j), "the model blocked it too");
                }
            }
        }
        assertEquals(maps.layers(), kinds.get(0).layers());
        assertEquals(maps.heads(), kinds.get(0).heads());
    }

    @Test
    void takesTheMasksTheModelUsedPaddingIncluded() {
        EncoderDecoder model = new EncoderDecoder(TransformerConfig.tiny(9), 3);
        model.setTraining(false);
        model.forward(new int[][] {{4, 5, 0}, {4, 5, 6}}, new int[][] {{1, 7, 8}, {1, 7, 0}});
        AttentionExplorer explorer = AttentionExplorer.of(model, List.of("a", "b", "<pad>"), List.of("<bos>", "x", "y"));
        boolean[][] encoder = explorer.attentions().get(0).allowed();
        boolean[][] cross = explorer.attentions().get(2).allowed();
        for (int i = 0; i < 3; i++) {
            assertTrue(encoder[i][0] && encoder[i][1] && !encoder[i][2], "the padded source position is blocked for query " + i);
            assertTrue(cross[i][1] && !cross[i][2]);
        }
        assertFalse(explorer.attentions().get(1).allowed()[0][1], "the decoder's causal mask");
    }

    @Test
    void rejectsTokensThatDoNotFitTheWeights() {
        MultiHeadAttention mha = causalSelfAttention();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AttentionExplorer.of(mha, WORDS.subList(0, 5)));
        assertTrue(e.getMessage().contains("layer 1, head 1 is 6x6 but there are 5 query and 5 key tokens"), e.getMessage());
        List<List<SimpleMatrix>> ragged = List.of(mha.weights(0), List.of(mha.weights(0, 0)));
        e = assertThrows(IllegalArgumentException.class,
                () -> new AttentionExplorer.Attention("ragged", ragged, WORDS, WORDS, null));
        assertTrue(e.getMessage().contains("layer 2 has 1 heads but layer 1 has 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AttentionExplorer.of(mha, WORDS).select(2));
        assertTrue(e.getMessage().contains("layer 2 does not exist; the layers are 1 to 1"), e.getMessage());
    }

    @Test
    void htmlCarriesItsOwnScriptStylesAndPictureAndNoAddress() {
        List<String> hostile = new ArrayList<>(WORDS);
        hostile.set(1, "</script><b>&");
        String html = AttentionExplorer.of(causalSelfAttention(), hostile).html();
        assertTrue(html.startsWith("<div class=\"tx-ax\">") && html.endsWith("</div>"));
        assertTrue(html.contains("<style>") && html.contains("<script>(function"));
        assertTrue(html.contains("src=\"data:image/png;base64,"), "the picture shown where scripts do not run");
        assertFalse(Pattern.compile("https?://").matcher(html.replace("http://www.w3.org/2000/svg", "")).find(),
                "nothing to fetch from the network");
        assertEquals(2, html.split("</script>", -1).length - 1, "a token cannot close the data's script element");
        assertTrue(html.contains("\\u003c/script\\u003e\\u003cb\\u003e\\u0026"));
    }

    @Test
    void pictureHasARowOfPanelsPerLayerAndDecodesAsPng() throws Exception {
        EncoderDecoder model = new EncoderDecoder(TransformerConfig.tiny(9), 3);
        AttentionMaps maps = AttentionMaps.of(model, new int[] {4, 5, 6, 7}, new int[] {8, 5, 4});
        AttentionExplorer all = AttentionExplorer.of(maps, List.of("a", "b", "c", "d"), List.of("x", "b", "a"));
        AttentionExplorer.Attention cross = all.attentions().get(2);
        AttentionExplorer one = AttentionExplorer.of("cross", List.of(new AttentionExplorer.Attention("Cross-attention",
                cross.weights().subList(0, 1), cross.queryTokens(), cross.keyTokens(), null)));
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(all.png()));
        assertEquals(all.image().getWidth(), decoded.getWidth());
        assertEquals(all.image().getHeight(), decoded.getHeight());
        int rowHeight = (all.image().getHeight() - one.image().getHeight() - 2 * 28) / (3 * maps.layers() - 1);
        assertTrue(rowHeight > 40, "each further layer adds a row of panels: " + rowHeight);
    }

    @Test
    void opensOnTheAttentionLayerAndHeadsAskedFor() {
        EncoderDecoder model = new EncoderDecoder(TransformerConfig.tiny(9), 3);
        AttentionMaps maps = AttentionMaps.of(model, new int[] {4, 5, 6, 7}, new int[] {8, 5, 4});
        AttentionExplorer all = AttentionExplorer.of(maps, List.of("a", "b", "c", "d"), List.of("x", "b", "a"));
        String json = all.attention("Cross-attention").select(2, 1).json();
        assertTrue(json.contains("\"kind\":2,\"layer\":1,\"heads\":[0]"), json.substring(0, 120));
        assertTrue(all.json().contains("\"kind\":0,\"layer\":0,\"heads\":null"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> all.attention("cross"));
        assertTrue(e.getMessage().contains("no attention called \"cross\"; this explorer has [\"Encoder self-attention\", "
                + "\"Decoder self-attention\", \"Cross-attention\"]"), e.getMessage());
    }

    @Test
    void pictureKeepsAPaletteWhichMakesItsPngSmallerThanFullColour() throws Exception {
        EncoderDecoder model = new EncoderDecoder(TransformerConfig.tiny(9), 3);
        AttentionMaps maps = AttentionMaps.of(model, new int[] {4, 5, 6, 7}, new int[] {8, 5, 4});
        AttentionExplorer explorer = AttentionExplorer.of(maps, List.of("a", "b", "c", "d"), List.of("x", "b", "a"));
        BufferedImage picture = explorer.image();
        assertEquals(BufferedImage.TYPE_BYTE_INDEXED, picture.getType());
        BufferedImage rgb = new BufferedImage(picture.getWidth(), picture.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.createGraphics().drawImage(picture, 0, 0, null);
        java.io.ByteArrayOutputStream full = new java.io.ByteArrayOutputStream();
        ImageIO.write(rgb, "png", full);
        assertTrue(explorer.png().length < full.size(), explorer.png().length + " bytes, full colour " + full.size());
    }

    @Test
    void textFormNamesEveryAttentionAndItsShape() {
        String text = AttentionExplorer.of(causalSelfAttention(), WORDS).toString();
        assertEquals("AttentionExplorer: 2-head attention" + System.lineSeparator()
                + "  2-head attention: 1 layer × 2 heads, 6 query × 6 key tokens", text);
    }
}
