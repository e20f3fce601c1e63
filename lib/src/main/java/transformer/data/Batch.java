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
 *
 * A decoder-only language model reads single sequences ({@link #sequences}); a classifier reads
 * sequences with one label each ({@link #labelled}).
 */
public final class Batch {

    private final int[][] source;
    private final int[][] targetInput;
    private final int[][] targetOutput;
    private final int[] sourceLengths;
    private final int[] targetLengths;
    private final int tokenCount;
    private final int[] labels;

    private Batch(int[][] tokens, int[] labels) {
        this.source = tokens;
        this.labels = labels;
        this.targetInput = null;
        this.targetOutput = null;
        this.sourceLengths = new int[tokens.length];
        for (int b = 0; b < tokens.length; b++) {
            int n = 0;
            while (n < tokens[b].length && tokens[b][n] != Vocabulary.PAD) {
                n++;
            }
            sourceLengths[b] = n;
        }
        this.targetLengths = null;
        this.tokenCount = labels.length;
    }

    private Batch(int[][] inputs, int[][] targets, String op) {
        labels = null;
        int n = inputs.length == 0 ? 0 : inputs[0].length;
        if (inputs.length == 0 || inputs.length != targets.length || n == 0) {
            throw new IllegalArgumentException(op + ": got " + inputs.length + " inputs and " + targets.length
                    + " targets; expected the same number of windows, at least one, each with at least one token");
        }
        for (int b = 0; b < inputs.length; b++) {
            if (inputs[b].length != n || targets[b].length != n) {
                throw new IllegalArgumentException(op + ": window " + b + " has " + inputs[b].length + " input and "
                        + targets[b].length + " target tokens; every window must have " + n + " of each");
            }
        }
        source = copy(inputs);
        targetInput = copy(inputs);
        targetOutput = copy(targets);
        sourceLengths = new int[inputs.length];
        targetLengths = new int[inputs.length];
        java.util.Arrays.fill(sourceLengths, n);
        java.util.Arrays.fill(targetLengths, n);
        tokenCount = inputs.length * n;
    }

    private Batch(List<int[]> sources, List<int[]> targets) {
        labels = null;
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

    /**
     * Single sequences, for a decoder-only language model: the source is the sequence itself, the
     * target input is {@code <bos>} + sequence and the target output is sequence + {@code <eos>}.
     */
    public static Batch sequences(List<int[]> sequences) {
        return new Batch(sequences, sequences);
    }

    /**
     * Windows of running text, as GPT trains on them: input x_i … x_{i+n−1} and target
     * x_{i+1} … x_{i+n}, the same text one token later. Nothing is added or padded (every id, 0
     * included, is a real token): {@link #targetInput} is the inputs and {@link #targetOutput} the targets.
     */
    public static Batch windows(int[][] inputs, int[][] targets) {
        if (inputs == null || targets == null) {
            throw new IllegalArgumentException("Batch.windows: inputs and targets are both needed");
        }
        return new Batch(inputs, targets, "Batch.windows");
    }

    /** Sequences with one class label each (0, 1, …), for a classifier. Only source and labels are set. */
    public static Batch labelled(List<int[]> sequences, int[] labels) {
        if (sequences == null || labels == null || sequences.isEmpty() || sequences.size() != labels.length) {
            throw new IllegalArgumentException("Batch.labelled: got " + (sequences == null ? 0 : sequences.size())
                    + " sequences and " + (labels == null ? 0 : labels.length)
                    + " labels; expected one label per sequence, at least one");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException("Batch.labelled: label " + i + " is " + labels[i]
                        + "; classes are numbered 0, 1, 2, …");
            }
        }
        return new Batch(pad("Batch.labelled:", sequences), labels.clone());
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
        return copy(requireTargets("targetInput", targetInput));
    }

    /** What the decoder must predict: the target followed by {@code <eos>}, B × n_tgt, padded. */
    public int[][] targetOutput() {
        return copy(requireTargets("targetOutput", targetOutput));
    }

    /** Whether this batch has class labels (made by {@link #labelled}) rather than target sequences. */
    public boolean hasLabels() {
        return labels != null;
    }

    /** One class label per sequence. */
    public int[] labels() {
        if (labels == null) {
            throw new IllegalStateException("Batch.labels: this batch holds target sequences, not labels;"
                    + " make a classification batch with Batch.labelled");
        }
        return labels.clone();
    }

    private static int[][] requireTargets(String what, int[][] rows) {
        if (rows == null) {
            throw new IllegalStateException("Batch." + what + ": this batch holds class labels, not target sequences;"
                    + " use labels()");
        }
        return rows;
    }

    /** Real (unpadded) length of each source. */
    public int[] sourceLengths() {
        return sourceLengths.clone();
    }

    /** Real length of each target input and output (target length + 1). */
    public int[] targetLengths() {
        return requireTargets("targetLengths", new int[][] {targetLengths})[0].clone();
    }

    /** Number of real (non-pad) tokens the decoder must predict (or of labels): the loss is averaged over these. */
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
        if (labels != null) {
            return "Batch(" + size() + " labelled sequences, " + size() + "×" + source[0].length + ")";
        }
        return "Batch(" + size() + " examples, source " + size() + "×" + source[0].length + ", target "
                + size() + "×" + targetInput[0].length + ", " + tokenCount + " target tokens)";
    }
}
