package transformer.plot;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.ejml.simple.SimpleMatrix;

import transformer.attention.AttentionMask;
import transformer.attention.MultiHeadAttention;
import transformer.decoding.AttentionMaps;
import transformer.model.DecoderLayer;
import transformer.model.EncoderDecoder;
import transformer.model.EncoderLayer;

/**
 * Attention maps to explore by hand, in the notebook's output itself: a <b>head view</b> (the query
 * tokens in one column, the key tokens in another, a line per pair whose strength is the weight;
 * hover, focus or click a token to isolate it; pick the layer and the heads), a <b>model view</b>
 * (every layer and head as a thumbnail; click one to enlarge it) and a <b>heat-map view</b> (the
 * exact weight of a cell on hover, blocked positions hatched).
 *
 * <pre>{@code
 * AttentionExplorer.of(mha, tokens)                              // a MultiHeadAttention's last forward
 * AttentionExplorer.of(decoded.attention(), source, written)     // the AttentionMaps of a decoded sentence
 * AttentionExplorer.of(model, sourceTokens, decoderInputTokens)  // a model's last forward: all three attentions
 * }</pre>
 *
 * In a notebook it shows as HTML with its own small script and styles (no network, no extension),
 * and, in the same output, as a PNG of every map ({@link #image()}), which front ends that show no
 * HTML or run no scripts display instead. JupyterLab runs the script only in outputs it trusts: those
 * of cells run in the session, or of a notebook marked trusted; elsewhere the HTML shows the picture.
 * The weights are kept to four decimals, which is what the heat-map view shows.
 */
public final class AttentionExplorer {

    /** The view the explorer opens with; the learner can switch. */
    public enum View { HEAD, MODEL, HEATMAP }

    /**
     * One kind of attention over one sequence (or a pair): {@code weights} indexed [layer][head], each
     * n_q × n_k with rows for the query tokens; {@code allowed[i][j]} says whether query i could
     * attend to key j ({@code null}: nothing was blocked).
     */
    public record Attention(String name, List<List<SimpleMatrix>> weights, List<String> queryTokens,
            List<String> keyTokens, boolean[][] allowed) {

        public Attention {
            String op = "AttentionExplorer.Attention(\"" + name + "\")";
            if (weights == null || weights.isEmpty()) {
                throw new IllegalArgumentException(op + ": got no layers; expected a list of layers, each a list of heads");
            }
            if (queryTokens == null || keyTokens == null) {
                throw new IllegalArgumentException(op + ": the " + (queryTokens == null ? "query" : "key")
                        + " tokens are null; expected one label per " + (queryTokens == null ? "row" : "column"));
            }
            weights = weights.stream().map(List::copyOf).toList();
            queryTokens = List.copyOf(queryTokens);
            keyTokens = List.copyOf(keyTokens);
            int heads = weights.get(0).size();
            for (int l = 0; l < weights.size(); l++) {
                List<SimpleMatrix> layer = weights.get(l);
                if (layer.size() != heads || heads == 0) {
                    throw new IllegalArgumentException(String.format("%s: layer %d has %d heads but layer 1 has %d; "
                            + "expected the same number of heads (at least 1) in every layer", op, l + 1, layer.size(), heads));
                }
                for (int h = 0; h < heads; h++) {
                    SimpleMatrix w = layer.get(h);
                    if (w == null || w.getNumRows() != queryTokens.size() || w.getNumCols() != keyTokens.size()) {
                        throw new IllegalArgumentException(String.format("%s: layer %d, head %d is %s but there are %d query "
                                + "and %d key tokens; expected one row per query token and one column per key token",
                                op, l + 1, h + 1, w == null ? "null" : w.getNumRows() + "x" + w.getNumCols(),
                                queryTokens.size(), keyTokens.size()));
                    }
                }
            }
            int keys = keyTokens.size();
            if (allowed != null && (allowed.length != queryTokens.size()
                    || java.util.Arrays.stream(allowed).anyMatch(row -> row == null || row.length != keys))) {
                throw new IllegalArgumentException(String.format("%s: the mask is not %dx%d; expected one row per query "
                        + "token and one column per key token, or null when nothing is blocked",
                        op, queryTokens.size(), keyTokens.size()));
            }
        }

        public int layers() { return weights.size(); }

        public int heads() { return weights.get(0).size(); }
    }

    private static final String SCRIPT = resource("attention-explorer.js");
    private static final String STYLE = resource("attention-explorer.css");

    private final String title;
    private final List<Attention> attentions;
    private final View view;
    private final int kind;
    private final int layer;
    private final int[] heads;

    private AttentionExplorer(String title, List<Attention> attentions, View view, int kind, int layer, int[] heads) {
        this.title = title;
        this.attentions = attentions;
        this.view = view;
        this.kind = kind;
        this.layer = layer;
        this.heads = heads;
    }

    /** Any attention maps: one or more kinds, each with its layers, heads, tokens and mask. */
    public static AttentionExplorer of(String title, List<Attention> attentions) {
        if (attentions == null || attentions.isEmpty()) {
            throw new IllegalArgumentException("AttentionExplorer.of(\"" + title + "\"): got no attention; "
                    + "expected at least one AttentionExplorer.Attention");
        }
        return new AttentionExplorer(title == null ? "Attention" : title, List.copyOf(attentions), View.HEAD, 0, 0, null);
    }

    /** A {@link MultiHeadAttention}'s last forward (batch item 0), its mask included: self-attention over {@code tokens}. */
    public static AttentionExplorer of(MultiHeadAttention attention, List<String> tokens) {
        return of(attention, tokens, tokens);
    }

    /** A {@link MultiHeadAttention}'s last forward (batch item 0): queries from one sequence, keys from another. */
    public static AttentionExplorer of(MultiHeadAttention attention, List<String> queryTokens, List<String> keyTokens) {
        if (attention == null) {
            throw new IllegalArgumentException("AttentionExplorer.of: the MultiHeadAttention is null");
        }
        List<SimpleMatrix> weights = attention.weights(0);
        String name = attention.heads() + "-head attention";
        return of(name, List.of(new Attention(name, List.of(weights), queryTokens, keyTokens,
                allowed(attention.lastMask(), 0, weights.get(0)))));
    }

    /**
     * The attention of one decoded sentence: the encoder's self-attention over {@code sourceTokens},
     * the decoder's (causal) self-attention over {@code <bos>} + {@code outputTokens}, and the
     * cross-attention, whose rows are labelled with the token each position writes
     * ({@code outputTokens} + {@code <eos>}). {@code outputTokens} is what was produced, without {@code <eos>}.
     */
    public static AttentionExplorer of(AttentionMaps maps, List<String> sourceTokens, List<String> outputTokens) {
        if (maps == null || sourceTokens == null || outputTokens == null) {
            throw new IllegalArgumentException("AttentionExplorer.of: got " + (maps == null ? "no AttentionMaps"
                    : sourceTokens == null ? "no source tokens" : "no output tokens")
                    + "; expected the maps, the source tokens and the tokens produced (without <eos>)");
        }
        List<String> decoderInput = new ArrayList<>(List.of("<bos>"));
        decoderInput.addAll(outputTokens);
        List<String> written = new ArrayList<>(outputTokens);
        written.add("<eos>");
        int n = decoderInput.size();
        boolean[][] causal = new boolean[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                causal[i][j] = true;
            }
        }
        return of("Attention while writing " + String.join(" ", outputTokens), List.of(
                new Attention("Encoder self-attention", maps.encoderSelf(), sourceTokens, sourceTokens, null),
                new Attention("Decoder self-attention", maps.decoderSelf(), decoderInput, decoderInput, causal),
                new Attention("Cross-attention", maps.cross(), written, sourceTokens, null)));
    }

    /**
     * A model's last forward (batch item 0): encoder self-attention over {@code sourceTokens}, decoder
     * self-attention over {@code targetInputTokens} and cross-attention, with the masks the model used
     * (padding and causal).
     */
    public static AttentionExplorer of(EncoderDecoder model, List<String> sourceTokens, List<String> targetInputTokens) {
        if (model == null) {
            throw new IllegalArgumentException("AttentionExplorer.of: the EncoderDecoder is null");
        }
        List<List<SimpleMatrix>> encoder = model.encoderSelfAttention(0);
        List<List<SimpleMatrix>> decoder = model.decoderSelfAttention(0);
        List<List<SimpleMatrix>> cross = model.crossAttention(0);
        EncoderLayer firstEncoder = model.encoder().layers().get(0);
        DecoderLayer firstDecoder = model.decoder().layers().get(0);
        return of("Attention of the model's last forward pass", List.of(
                new Attention("Encoder self-attention", encoder, sourceTokens, sourceTokens,
                        allowed(firstEncoder.selfAttention().lastMask(), 0, encoder.get(0).get(0))),
                new Attention("Decoder self-attention", decoder, targetInputTokens, targetInputTokens,
                        allowed(firstDecoder.selfAttention().lastMask(), 0, decoder.get(0).get(0))),
                new Attention("Cross-attention", cross, targetInputTokens, sourceTokens,
                        allowed(firstDecoder.crossAttention().lastMask(), 0, cross.get(0).get(0)))));
    }

    /** The same explorer with another title. */
    public AttentionExplorer title(String newTitle) {
        return new AttentionExplorer(newTitle, attentions, view, kind, layer, heads);
    }

    /** The same explorer, opening on another view. */
    public AttentionExplorer view(View newView) {
        return new AttentionExplorer(title, attentions, newView, kind, layer, heads);
    }

    /** The same explorer, opening on the attention of that name (for example {@code "Cross-attention"}). */
    public AttentionExplorer attention(String name) {
        for (int a = 0; a < attentions.size(); a++) {
            if (attentions.get(a).name().equals(name)) {
                return new AttentionExplorer(title, attentions, view, a, layer, heads);
            }
        }
        throw new IllegalArgumentException("AttentionExplorer.attention: there is no attention called \"" + name
                + "\"; this explorer has " + attentions.stream().map(a -> "\"" + a.name() + "\"").toList());
    }

    /**
     * The same explorer, opening on layer {@code l} (counting from 1) and only the given heads (from 1;
     * none: all) of the attention it opens on.
     */
    public AttentionExplorer select(int l, int... headNumbers) {
        Attention first = attentions.get(kind);
        if (l < 1 || l > first.layers()) {
            throw new IllegalArgumentException("AttentionExplorer.select: layer " + l + " does not exist; "
                    + "the layers are 1 to " + first.layers());
        }
        for (int h : headNumbers) {
            if (h < 1 || h > first.heads()) {
                throw new IllegalArgumentException("AttentionExplorer.select: head " + h + " does not exist; "
                        + "the heads are 1 to " + first.heads());
            }
        }
        return new AttentionExplorer(title, attentions, view, kind, l - 1, headNumbers.length == 0 ? null : headNumbers.clone());
    }

    public String title() { return title; }

    public List<Attention> attentions() { return attentions; }

    /** The whole explorer as one HTML fragment: styles, data, script, and the PNG as the picture shown without script. */
    public String html() {
        String png = Base64.getEncoder().encodeToString(png());
        return "<div class=\"tx-ax\">"
                + "<style>" + STYLE + "</style>"
                + "<div class=\"tx-ax-fallback\"><img alt=\"" + escape(title) + ": every attention map as heat maps\" "
                + "src=\"data:image/png;base64," + png + "\"><p>A static picture. The interactive attention explorer needs "
                + "JavaScript, which JupyterLab runs only in a trusted notebook: run the cell, or trust the notebook.</p></div>"
                + "<script type=\"application/json\">" + json() + "</script>"
                + "<script>" + SCRIPT + "</script>"
                + "</div>";
    }

    /** Every map as heat maps, one row of panels per attention and layer, for front ends without HTML. */
    public BufferedImage image() {
        return ExplorerPicture.draw(title, attentions);
    }

    /** {@link #image()} encoded as PNG. */
    public byte[] png() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BufferedImage image = image();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ImageWriteParam smallest = writer.getDefaultWriteParam();
        smallest.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        smallest.setCompressionQuality(0f); // the strongest deflate: half the bytes of the default for these flat colours
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), smallest);
        } catch (IOException e) {
            throw new UncheckedIOException("AttentionExplorer.png: could not encode a " + image.getWidth() + "x"
                    + image.getHeight() + " picture", e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** What a text-only front end shows: the title and the shape of every attention. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("AttentionExplorer: ").append(title);
        for (Attention a : attentions) {
            s.append(String.format("%n  %s: %d layer%s × %d head%s, %d query × %d key tokens", a.name(), a.layers(),
                    a.layers() == 1 ? "" : "s", a.heads(), a.heads() == 1 ? "" : "s", a.queryTokens().size(),
                    a.keyTokens().size()));
        }
        return s.toString();
    }

    /** The data the script reads: weights in units of 1/10000, row by row, and the mask as a string of 0 and 1. */
    String json() {
        StringBuilder s = new StringBuilder("{\"title\":").append(quote(title))
                .append(",\"view\":\"").append(view.name().toLowerCase()).append("\",\"kind\":").append(kind)
                .append(",\"layer\":").append(layer)
                .append(",\"heads\":");
        if (heads == null) {
            s.append("null");
        } else {
            s.append('[');
            for (int i = 0; i < heads.length; i++) {
                s.append(i > 0 ? "," : "").append(heads[i] - 1);
            }
            s.append(']');
        }
        s.append(",\"kinds\":[");
        for (int a = 0; a < attentions.size(); a++) {
            Attention at = attentions.get(a);
            s.append(a > 0 ? "," : "").append("{\"name\":").append(quote(at.name()))
                    .append(",\"q\":").append(strings(at.queryTokens())).append(",\"k\":").append(strings(at.keyTokens()));
            if (at.allowed() != null) {
                s.append(",\"mask\":\"");
                for (boolean[] row : at.allowed()) {
                    for (boolean ok : row) {
                        s.append(ok ? '1' : '0');
                    }
                }
                s.append('"');
            }
            s.append(",\"w\":[");
            for (int l = 0; l < at.layers(); l++) {
                s.append(l > 0 ? "," : "").append('[');
                for (int h = 0; h < at.heads(); h++) {
                    s.append(h > 0 ? "," : "").append('[');
                    double[] data = at.weights().get(l).get(h).getDDRM().data;
                    int cells = at.queryTokens().size() * at.keyTokens().size();
                    for (int i = 0; i < cells; i++) {
                        s.append(i > 0 ? "," : "").append(Math.round(Math.max(0, Math.min(1, data[i])) * 10000));
                    }
                    s.append(']');
                }
                s.append(']');
            }
            s.append("]}");
        }
        return s.append("]}").toString();
    }

    /** Which pairs a mask allowed for one batch item, or null when it blocked nothing. */
    private static boolean[][] allowed(AttentionMask mask, int batchItem, SimpleMatrix shape) {
        if (mask == null) {
            return null;
        }
        boolean[][] grid = new boolean[shape.getNumRows()][shape.getNumCols()];
        boolean blocked = false;
        for (int i = 0; i < grid.length; i++) {
            for (int j = 0; j < grid[i].length; j++) {
                grid[i][j] = mask.allows(batchItem, i, j);
                blocked |= !grid[i][j];
            }
        }
        return blocked ? grid : null;
    }

    private static String strings(List<String> tokens) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < tokens.size(); i++) {
            s.append(i > 0 ? "," : "").append(quote(tokens.get(i)));
        }
        return s.append(']').toString();
    }

    /** A JSON string that is also safe inside a script element: no '<', '>' or '&' appear as such. */
    static String quote(String text) {
        StringBuilder s = new StringBuilder("\"");
        for (char c : String.valueOf(text).toCharArray()) {
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        s.append(String.format("\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        return s.append('"').toString();
    }

    private static String escape(String text) {
        return String.valueOf(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** A resource next to this class, without its comment lines and indentation: what every output carries. */
    private static String resource(String name) {
        try (InputStream in = AttentionExplorer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("AttentionExplorer: the resource " + name + " is missing from the kit's jar");
            }
            StringBuilder s = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("//") && !trimmed.startsWith("/*") && !trimmed.startsWith("*")) {
                    s.append(trimmed).append('\n');
                }
            }
            return s.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("AttentionExplorer: could not read " + name, e);
        }
    }
}
