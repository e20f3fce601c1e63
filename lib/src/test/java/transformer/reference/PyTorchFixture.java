package transformer.reference;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.ejml.simple.SimpleMatrix;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import transformer.attention.AttentionMask;

/**
 * One JSON fixture written by {@code lib/src/test/pytorch/export_fixtures.py}, read into the kit's
 * shapes: a batch tensor (B, n, d) becomes the stacked (B·n) × d matrix the kit uses.
 */
final class PyTorchFixture {

    private final String name;
    private final JsonObject root;

    private PyTorchFixture(String name, JsonObject root) {
        this.name = name;
        this.root = root;
    }

    static PyTorchFixture load(String name) {
        String resource = "/pytorch/" + name + ".json";
        try (InputStream in = PyTorchFixture.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + resource
                        + "; run lib/src/test/pytorch/export_fixtures.py");
            }
            return new PyTorchFixture(name, JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                    .getAsJsonObject());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonObject root() {
        return root;
    }

    PyTorchFixture part(JsonObject object) {
        return new PyTorchFixture(name, object);
    }

    int integer(String key) {
        return root.get(key).getAsInt();
    }

    double number(String key) {
        return root.get(key).getAsDouble();
    }

    boolean has(String key) {
        return root.has(key) && !root.get(key).isJsonNull();
    }

    /** A 2-D array, or a 1-D array as one row. */
    SimpleMatrix matrix(String key) {
        return matrix(element(key));
    }

    /** A (B, n, d) array stacked into (B·n) × d. */
    SimpleMatrix stacked(String key) {
        JsonArray batch = element(key).getAsJsonArray();
        SimpleMatrix first = matrix(batch.get(0));
        SimpleMatrix out = new SimpleMatrix(batch.size() * first.getNumRows(), first.getNumCols());
        for (int b = 0; b < batch.size(); b++) {
            out.insertIntoThis(b * first.getNumRows(), 0, matrix(batch.get(b)));
        }
        return out;
    }

    /** The (i, j) slice of a 4-D array (for example batch item b, head h of (B, h, n_q, n_k) weights). */
    SimpleMatrix slice(String key, int i, int j) {
        return matrix(element(key).getAsJsonArray().get(i).getAsJsonArray().get(j));
    }

    /** Batch size of a (B, …) array. */
    int batchSize(String key) {
        return element(key).getAsJsonArray().size();
    }

    boolean[][] booleans(String key) {
        JsonArray rows = element(key).getAsJsonArray();
        boolean[][] out = new boolean[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            JsonArray row = rows.get(i).getAsJsonArray();
            out[i] = new boolean[row.size()];
            for (int j = 0; j < row.size(); j++) {
                out[i][j] = row.get(j).getAsBoolean();
            }
        }
        return out;
    }

    int[] integers(String key) {
        JsonArray values = element(key).getAsJsonArray();
        int[] out = new int[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).getAsInt();
        }
        return out;
    }

    /**
     * The kit's mask (true = may attend) from PyTorch's: {@code attnMaskKey} is n_q × n_k with true =
     * NOT allowed, {@code paddingKey} is B × n_k with true = padding; either may be absent or null.
     */
    AttentionMask mask(String attnMaskKey, String paddingKey, int batch, int nQ, int nK) {
        AttentionMask mask = AttentionMask.allowAll(batch, nQ, nK);
        if (attnMaskKey != null && has(attnMaskKey)) {
            boolean[][] blocked = booleans(attnMaskKey);
            boolean[][] allowed = new boolean[blocked.length][];
            for (int i = 0; i < blocked.length; i++) {
                allowed[i] = new boolean[blocked[i].length];
                for (int j = 0; j < blocked[i].length; j++) {
                    allowed[i][j] = !blocked[i][j];
                }
            }
            mask = mask.and(AttentionMask.of(allowed));
        }
        if (paddingKey != null && has(paddingKey)) {
            boolean[][] pad = booleans(paddingKey);
            int[][] tokens = new int[pad.length][];
            for (int b = 0; b < pad.length; b++) {
                tokens[b] = new int[pad[b].length];
                for (int j = 0; j < pad[b].length; j++) {
                    tokens[b][j] = pad[b][j] ? 0 : 1; // 0 plays the pad id
                }
            }
            mask = mask.and(AttentionMask.padding(tokens, 0, nQ));
        }
        return mask;
    }

    private JsonElement element(String key) {
        if (!root.has(key)) {
            throw new IllegalStateException("fixture " + name + " has no entry \"" + key + "\"");
        }
        return root.get(key);
    }

    private static SimpleMatrix matrix(JsonElement element) {
        JsonArray rows = element.getAsJsonArray();
        if (rows.size() > 0 && rows.get(0).isJsonPrimitive()) {
            SimpleMatrix row = new SimpleMatrix(1, rows.size());
            for (int j = 0; j < rows.size(); j++) {
                row.set(0, j, rows.get(j).getAsDouble());
            }
            return row;
        }
        int cols = rows.get(0).getAsJsonArray().size();
        SimpleMatrix m = new SimpleMatrix(rows.size(), cols);
        for (int i = 0; i < rows.size(); i++) {
            JsonArray row = rows.get(i).getAsJsonArray();
            for (int j = 0; j < cols; j++) {
                m.set(i, j, row.get(j).getAsDouble());
            }
        }
        return m;
    }
}
