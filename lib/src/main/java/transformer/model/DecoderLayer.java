package transformer.model;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.simple.SimpleMatrix;
import transformer.attention.AttentionMask;
import transformer.attention.MultiHeadAttention;
import transformer.layers.HasParameters;
import transformer.layers.Parameter;
import transformer.layers.PositionwiseFeedForward;
import transformer.layers.Sublayer;
import transformer.layers.SublayerConnection;

/**
 * One decoder layer, three sublayers each with residual + norm + dropout:
 * <ol>
 *   <li>masked self-attention: position i sees target positions ≤ i only (the causal mask), because
 *       at inference the later tokens do not exist yet;</li>
 *   <li>cross-attention: queries from the decoder, keys = values = the encoder's memory, so each
 *       target position can look up the source positions it needs;</li>
 *   <li>the position-wise feed-forward network.</li>
 * </ol>
 * Backward returns the gradient of the decoder input and of the memory.
 */
public final class DecoderLayer implements HasParameters {
    private final MultiHeadAttention selfAttention;
    private final MultiHeadAttention crossAttention;
    private final PositionwiseFeedForward feedForward;
    private final SublayerConnection selfAttentionConnection;
    private final SublayerConnection crossAttentionConnection;
    private final SublayerConnection feedForwardConnection;
    private int batchSize;
    private AttentionMask selfMask;
    private AttentionMask memoryMask;
    private SimpleMatrix memory;
    private SimpleMatrix dMemory; // filled by the cross-attention step's backward

    /** ∂loss/∂(decoder input) and ∂loss/∂memory. */
    public record Gradients(SimpleMatrix dInput, SimpleMatrix dMemory) {
    }

    private final Sublayer selfAttentionStep = new Sublayer() {
        @Override
        public SimpleMatrix forward(SimpleMatrix x) {
            return selfAttention.forward(x, x, batchSize, selfMask);
        }

        @Override
        public SimpleMatrix backward(SimpleMatrix dOut) {
            return selfAttention.backward(dOut).sum();
        }
    };

    private final Sublayer crossAttentionStep = new Sublayer() {
        @Override
        public SimpleMatrix forward(SimpleMatrix x) {
            return crossAttention.forward(x, memory, batchSize, memoryMask);
        }

        @Override
        public SimpleMatrix backward(SimpleMatrix dOut) {
            MultiHeadAttention.InputGradients g = crossAttention.backward(dOut);
            dMemory = g.dKeyValueInput();
            return g.dQueryInput();
        }
    };

    /**
     * Parameters under {@code name}: {@code .selfAttention.*}, {@code .sublayer0.norm.*},
     * {@code .crossAttention.*}, {@code .sublayer1.norm.*}, {@code .feedForward.*}, {@code .sublayer2.norm.*}.
     */
    public DecoderLayer(String name, TransformerConfig config, SplittableRandom initRandom,
                        SplittableRandom dropoutRandom) {
        int d = config.dModel();
        this.selfAttention = new MultiHeadAttention(name + ".selfAttention", d, config.heads(), initRandom);
        this.crossAttention = new MultiHeadAttention(name + ".crossAttention", d, config.heads(), initRandom);
        this.feedForward = new PositionwiseFeedForward(name + ".feedForward", d, config.dFF(), initRandom);
        this.selfAttentionConnection = new SublayerConnection(name + ".sublayer0", d, config.dropout(),
                config.normPlacement(), dropoutRandom);
        this.crossAttentionConnection = new SublayerConnection(name + ".sublayer1", d, config.dropout(),
                config.normPlacement(), dropoutRandom);
        this.feedForwardConnection = new SublayerConnection(name + ".sublayer2", d, config.dropout(),
                config.normPlacement(), dropoutRandom);
    }

    /**
     * x is (B·n_tgt) × d_model, memory is (B·n_src) × d_model; {@code selfMask} is n_tgt × n_tgt
     * (causal and target padding), {@code memoryMask} is n_tgt × n_src (source padding).
     */
    public SimpleMatrix forward(SimpleMatrix x, SimpleMatrix memory, int batchSize, AttentionMask selfMask,
                                AttentionMask memoryMask) {
        this.batchSize = batchSize;
        this.selfMask = selfMask;
        this.memoryMask = memoryMask;
        this.memory = memory;
        SimpleMatrix h = selfAttentionConnection.forward(x, selfAttentionStep);
        h = crossAttentionConnection.forward(h, crossAttentionStep);
        return feedForwardConnection.forward(h, feedForward);
    }

    public Gradients backward(SimpleMatrix dOut) {
        SimpleMatrix d = feedForwardConnection.backward(dOut);
        d = crossAttentionConnection.backward(d); // also sets dMemory
        d = selfAttentionConnection.backward(d);
        return new Gradients(d, dMemory);
    }

    public MultiHeadAttention selfAttention() { return selfAttention; }

    public MultiHeadAttention crossAttention() { return crossAttention; }

    public PositionwiseFeedForward feedForward() { return feedForward; }

    public void setTraining(boolean training) {
        selfAttentionConnection.setTraining(training);
        crossAttentionConnection.setTraining(training);
        feedForwardConnection.setTraining(training);
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(selfAttention.parameters());
        all.addAll(selfAttentionConnection.parameters());
        all.addAll(crossAttention.parameters());
        all.addAll(crossAttentionConnection.parameters());
        all.addAll(feedForward.parameters());
        all.addAll(feedForwardConnection.parameters());
        return all;
    }
}
