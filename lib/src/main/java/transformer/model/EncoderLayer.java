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
 * One encoder layer: self-attention, then the position-wise feed-forward network, each wrapped in a
 * {@link SublayerConnection} (residual + layer norm + dropout, post- or pre-norm as configured).
 * With a causal mask the same layer is a GPT block (see {@link DecoderOnlyLanguageModel}).
 */
public final class EncoderLayer implements HasParameters {
    private final MultiHeadAttention selfAttention;
    private final PositionwiseFeedForward feedForward;
    private final SublayerConnection attentionConnection;
    private final SublayerConnection feedForwardConnection;
    private int batchSize;
    private AttentionMask mask;

    /** Self-attention: the same x gives queries, keys and values; its gradient is the sum of both paths. */
    private final Sublayer selfAttentionStep = new Sublayer() {
        @Override
        public SimpleMatrix forward(SimpleMatrix x) {
            return selfAttention.forward(x, x, batchSize, mask);
        }

        @Override
        public SimpleMatrix backward(SimpleMatrix dOut) {
            return selfAttention.backward(dOut).sum();
        }
    };

    /**
     * Parameters under {@code name}: {@code .selfAttention.*}, {@code .sublayer0.norm.*},
     * {@code .feedForward.*}, {@code .sublayer1.norm.*}.
     */
    public EncoderLayer(String name, TransformerConfig config, SplittableRandom initRandom,
                        SplittableRandom dropoutRandom) {
        this.selfAttention = new MultiHeadAttention(name + ".selfAttention", config.dModel(), config.heads(), initRandom);
        this.feedForward = new PositionwiseFeedForward(name + ".feedForward", config.dModel(), config.dFF(), initRandom);
        this.attentionConnection = new SublayerConnection(name + ".sublayer0", config.dModel(), config.dropout(),
                config.normPlacement(), dropoutRandom);
        this.feedForwardConnection = new SublayerConnection(name + ".sublayer1", config.dModel(), config.dropout(),
                config.normPlacement(), dropoutRandom);
    }

    /** A layer from its four parts (a {@link GPT} block passes bias-free ones with GELU). */
    public EncoderLayer(MultiHeadAttention selfAttention, PositionwiseFeedForward feedForward,
                        SublayerConnection attentionConnection, SublayerConnection feedForwardConnection) {
        if (selfAttention == null || feedForward == null || attentionConnection == null || feedForwardConnection == null) {
            throw new IllegalArgumentException("EncoderLayer: got self-attention " + selfAttention + ", feed-forward "
                    + feedForward + " and connections " + attentionConnection + ", " + feedForwardConnection
                    + "; all four parts are needed");
        }
        this.selfAttention = selfAttention;
        this.feedForward = feedForward;
        this.attentionConnection = attentionConnection;
        this.feedForwardConnection = feedForwardConnection;
    }

    /** x is (B·n) × d_model; {@code mask} has batch size B (or 1) and n × n grids, or is null. */
    public SimpleMatrix forward(SimpleMatrix x, int batchSize, AttentionMask mask) {
        this.batchSize = batchSize;
        this.mask = mask;
        SimpleMatrix attended = attentionConnection.forward(x, selfAttentionStep);
        return feedForwardConnection.forward(attended, feedForward);
    }

    public SimpleMatrix backward(SimpleMatrix dOut) {
        return attentionConnection.backward(feedForwardConnection.backward(dOut));
    }

    public MultiHeadAttention selfAttention() { return selfAttention; }

    public PositionwiseFeedForward feedForward() { return feedForward; }

    public void setTraining(boolean training) {
        attentionConnection.setTraining(training);
        feedForwardConnection.setTraining(training);
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(selfAttention.parameters());
        all.addAll(attentionConnection.parameters());
        all.addAll(feedForward.parameters());
        all.addAll(feedForwardConnection.parameters());
        return all;
    }
}
