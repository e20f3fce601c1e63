package transformer.model;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.simple.SimpleMatrix;
import transformer.attention.AttentionMask;
import transformer.layers.Dropout;
import transformer.layers.Embedding;
import transformer.layers.HasParameters;
import transformer.layers.Parameter;
import transformer.layers.Require;
import transformer.position.PositionalEncoding;

/**
 * The whole Transformer of "Attention Is All You Need":
 * <pre>
 *   memory   = Encoder(dropout(SourceEmbedding(source)·√d_model + PE))
 *   logProbs = Generator(Decoder(dropout(TargetEmbedding(targetInput)·√d_model + PE), memory))
 * </pre>
 * Tokens come as {@code int[][]}: B rows of equal length, padded with {@code config.padId()}.
 * Activations are stacked (B·n) × d_model; the output is (B·n_tgt) × targetVocab log-probabilities,
 * row b·n_tgt + i predicting the token after {@code targetInput[b][i]}.
 *
 * <p>Masks are built inside from the pad id: source padding for the encoder's self-attention and for
 * the keys of cross-attention; causal AND target padding for the decoder's self-attention.
 *
 * <p>Training: {@code zeroGrad(); lp = forward(src, tgtIn); backward(dLoss/dlp);} then an optimiser
 * step on {@link #parameters()}. Decoding: {@code memory = encode(src)} once, then
 * {@code decode(memory, src, prefix)} for each longer prefix. Call {@code setTraining(false)} for
 * evaluation and decoding (a new model is in training mode, so dropout is on).
 */
public final class EncoderDecoder implements HasParameters {
    private final TransformerConfig config;
    private final Embedding sourceEmbedding;
    private final Embedding targetEmbedding;
    private final PositionalEncoding sourcePositions;
    private final PositionalEncoding targetPositions;
    private final Dropout sourceDropout;
    private final Dropout targetDropout;
    private final Encoder encoder;
    private final Decoder decoder;
    private final Generator generator;
    private boolean training = true;

    private SimpleMatrix encodedMemory; // output of the last encode
    private SimpleMatrix decodedMemory; // memory used by the last decode

    /** Same config and seed ⇒ bit-identical weights (Xavier uniform) and dropout masks. */
    public EncoderDecoder(TransformerConfig config, long seed) {
        if (config == null) {
            throw new IllegalArgumentException("EncoderDecoder: config is null; try TransformerConfig.tiny(vocabSize)");
        }
        this.config = config;
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom init = root.split();
        SplittableRandom drop = root.split();
        int d = config.dModel();
        sourceEmbedding = new Embedding("sourceEmbedding", config.sourceVocabSize(), d, init);
        targetEmbedding = new Embedding("targetEmbedding", config.targetVocabSize(), d, init);
        sourcePositions = Positions.create("sourcePositions", config, init);
        targetPositions = Positions.create("targetPositions", config, init);
        sourceDropout = new Dropout(config.dropout(), drop);
        targetDropout = new Dropout(config.dropout(), drop);
        encoder = new Encoder("encoder", config, init, drop);
        decoder = new Decoder("decoder", config, init, drop);
        generator = new Generator("generator", d, config.targetVocabSize(), init);
    }

    /** Teacher-forced pass: log-probabilities (B·n_tgt) × targetVocab of the next target token. */
    public SimpleMatrix forward(int[][] source, int[][] targetInput) {
        return decode(encode(source), source, targetInput);
    }

    /** Runs the encoder: returns the memory, (B·n_src) × d_model. */
    public SimpleMatrix encode(int[][] source) {
        int n = Require.tokens("EncoderDecoder.encode", "source", source, config.sourceVocabSize());
        requireLength("EncoderDecoder.encode", "source", n);
        SimpleMatrix x = sourceEmbedding.forward(source);
        x = sourceDropout.forward(sourcePositions.forward(x, n));
        encodedMemory = encoder.forward(x, source.length, AttentionMask.padding(source, config.padId()));
        return encodedMemory;
    }

    /**
     * Runs the decoder on {@code targetInput} (starting with BOS) against a memory from
     * {@link #encode}; returns log-probabilities (B·n_tgt) × targetVocab.
     */
    public SimpleMatrix decode(SimpleMatrix memory, int[][] source, int[][] targetInput) {
        String op = "EncoderDecoder.decode";
        int nSource = Require.tokens(op, "source", source, config.sourceVocabSize());
        int n = Require.tokens(op, "target input", targetInput, config.targetVocabSize());
        requireLength(op, "target input", n);
        int batch = source.length;
        if (targetInput.length != batch) {
            throw new IllegalArgumentException(op + ": target input has " + targetInput.length
                    + " rows but source has " + batch + "; they must be the same batch");
        }
        Require.shape(op, "memory (from encode(source))", memory, batch * nSource, config.dModel());
        SimpleMatrix y = targetEmbedding.forward(targetInput);
        y = targetDropout.forward(targetPositions.forward(y, n));
        AttentionMask selfMask = AttentionMask.causal(n).and(AttentionMask.padding(targetInput, config.padId()));
        AttentionMask memoryMask = AttentionMask.padding(source, config.padId(), n);
        decodedMemory = memory;
        return generator.forward(decoder.forward(y, memory, batch, selfMask, memoryMask));
    }

    /**
     * Backpropagates ∂loss/∂logProbs of the last {@link #forward} (or encode + decode with that
     * memory) through every layer, adding into every parameter's gradient.
     */
    public void backward(SimpleMatrix dLogProbs) {
        if (decodedMemory == null) {
            throw new IllegalStateException("EncoderDecoder.backward: call forward(source, targetInput) first");
        }
        DecoderLayer.Gradients g = decoder.backward(generator.backward(dLogProbs));
        targetEmbedding.backward(targetPositions.backward(targetDropout.backward(g.dInput())));
        if (decodedMemory != encodedMemory) {
            throw new IllegalStateException("EncoderDecoder.backward: the last decode used a memory that did not come"
                    + " from the last encode, so the encoder cannot be backpropagated; use forward(source, targetInput)");
        }
        SimpleMatrix dSource = encoder.backward(g.dMemory());
        sourceEmbedding.backward(sourcePositions.backward(sourceDropout.backward(dSource)));
    }

    public TransformerConfig config() { return config; }

    /** Turns dropout on (training) or off (evaluation, decoding). */
    public void setTraining(boolean training) {
        this.training = training;
        sourceDropout.setTraining(training);
        targetDropout.setTraining(training);
        encoder.setTraining(training);
        decoder.setTraining(training);
    }

    public boolean isTraining() { return training; }

    /** Encoder self-attention weights of the last encode, [layer][head], each n_src × n_src. */
    public List<List<SimpleMatrix>> encoderSelfAttention(int batchItem) {
        return encoder.selfAttentionWeights(batchItem);
    }

    /** Decoder (masked) self-attention weights of the last decode, [layer][head], each n_tgt × n_tgt. */
    public List<List<SimpleMatrix>> decoderSelfAttention(int batchItem) {
        return decoder.selfAttentionWeights(batchItem);
    }

    /** Cross-attention weights of the last decode, [layer][head], each n_tgt × n_src (rows: target positions). */
    public List<List<SimpleMatrix>> crossAttention(int batchItem) {
        return decoder.crossAttentionWeights(batchItem);
    }

    public Encoder encoder() { return encoder; }

    public Decoder decoder() { return decoder; }

    public Generator generator() { return generator; }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(sourceEmbedding.parameters());
        all.addAll(targetEmbedding.parameters());
        all.addAll(Positions.parametersOf(sourcePositions));
        all.addAll(Positions.parametersOf(targetPositions));
        all.addAll(encoder.parameters());
        all.addAll(decoder.parameters());
        all.addAll(generator.parameters());
        return all;
    }

    private void requireLength(String op, String what, int n) {
        if (n > config.maxLength()) {
            throw new IllegalArgumentException(op + ": " + what + " has length " + n + " but maxLength is "
                    + config.maxLength() + "; use shorter sequences or config.withMaxLength(" + n + ")");
        }
    }
}
