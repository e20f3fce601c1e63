package transformer.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Several examples padded to common lengths, as the models take them. Training uses <em>teacher
 * forcing</em>: the decoder reads the true target shifted right by one,
 * {@code <bos> y1 … yn}, and at every position must predict the next true token,
 * {@code y1 … yn <eos>}. Every row is padded with {@link Vocabulary#PAD} to the longest row.
 *
 * <pre>
 * source        21 Nov 2026 &lt;pad&gt;
 * targetInput   &lt;bos&gt; 2 0 2 6 - 1 1 - 2 1
 * targetOutput  2 0 2 6 - 1 1 - 2 1 &lt;eos&gt;
 * </pre>
 */
public final class Batch {

    private final int[][] source;
    private final int[][] targetInput;
    private final int[][] targetOutput;
    private final int[] sourceLengths;
    private final int[] targetLengths;
    private final int tokenCount;

    private Batch(List<int[]> sources, List<int[]> targets) {
        if (sources.isEmpty() || sources.size() != targets.size()) {
            throw new IllegalArgumentException("Batch.of: got " + sources.size() + " sources and " + targets.size()
                    + " targets; expected the same number, at least one");
        }
        int b = sources.size();
        sourceLengths = new int[b];
        targetLengths = new int[b];
        List<int[]> inputs = new ArrayList<>(b);
        List<int[]> outputs = new ArrayList<>(b);
        int tokens = 0;
        for (int i = 0; i < b; i++) {
            int[] target = targets.get(i);
            sourceLengths[i] = sources.get(i).length;
            targetLengths[i] = target.length + 1;
            int[] in = new int[target.length + 1];
            int[] out = new int[target.length + 1];
            in[0] = Vocabulary.BOS;
            System.arraycopy(target, 0, in, 1, target.length);
            System.arraycopy(target, 0, out, 0, target.length);
            out[target.length] = Vocabulary.EOS;
            inputs.add(in);
            outputs.add(out);
            tokens += out.length;
        }
        source = pad("Batch.of: source", sources);
        targetInput = pad("Batch.of: target", inputs);
        targetOutput = pad("Batch.of: target", outputs);
        tokenCount = tokens;
    }

    /** A batch from token-id sequences (targets without {@code <bos>} or {@code <eos>}; they are added here). */
    public static Batch of(List<int[]> sources, List<int[]> targets) {
        return new Batch(sources, targets);
    }

    /** A batch from examples, encoded with one vocabulary. */
    public static Batch of(List<Example> examples, Vocabulary vocabulary) {
        List<int[]> sources = new ArrayList<>(examples.size());
        List<int[]> targets = new ArrayList<>(examples.size());
        for (Example e : examples) {
            sources.add(vocabulary.encode(e.source()));
            targets.add(vocabulary.encode(e.target()));
        }
        return new Batch(sources, targets);
    }

    /**
     * Rows padded with {@link Vocabulary#PAD} to the longest row. Every row must be non-empty and
     * hold no {@code PAD} of its own, so that padding can always be told apart from content.
     */
    public static int[][] pad(String operation, List<int[]> rows) {
        int n = 0;
        for (int i = 0; i < rows.size(); i++) {
            int[] row = rows.get(i);
            if (row.length == 0) {
                throw new IllegalArgumentException(operation + " sequence " + i
                        + " is empty; every sequence needs at least one token");
            }
            for (int j = 0; j < row.length; j++) {
                if (row[j] < 0 || row[j] == Vocabulary.PAD) {
                    throw new IllegalArgumentException(operation + " sequence " + i + " has id " + row[j]
                            + " at position " + j + "; expected ids ≥ 1 (0 is <pad>, added only by padding)");
                }
            }
            n = Math.max(n, row.length);
        }
        int[][] out = new int[rows.size()][n];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, out[i], 0, rows.get(i).length);
        }
        return out;
    }

    /** Number of examples, B. */
    public int size() {
        return source.length;
    }

    /** Source ids, B × n_src, padded. */
    public int[][] source() {
        return copy(source);
    }

    /** Decoder input: {@code <bos>} followed by the target, B × n_tgt, padded. */
    public int[][] targetInput() {
        return copy(targetInput);
    }

    /** What the decoder must predict: the target followed by {@code <eos>}, B × n_tgt, padded. */
    public int[][] targetOutput() {
        return copy(targetOutput);
    }

    /** Real (unpadded) length of each source. */
    public int[] sourceLengths() {
        return sourceLengths.clone();
    }

    /** Real length of each target input and output (target length + 1). */
    public int[] targetLengths() {
        return targetLengths.clone();
    }

    /** Number of real (non-pad) tokens the decoder must predict: the loss is averaged over these. */
    public int tokenCount() {
        return tokenCount;
    }

    private static int[][] copy(int[][] rows) {
        int[][] out = new int[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i].clone();
        }
        return out;
    }

    @Override
    public String toString() {
        return "Batch(" + size() + " examples, source " + size() + "×" + source[0].length + ", target "
                + size() + "×" + targetInput[0].length + ", " + tokenCount + " target tokens)";
    }
}
