package transformer.model;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.simple.SimpleMatrix;
import transformer.attention.AttentionMask;
import transformer.layers.HasParameters;
import transformer.layers.LayerNorm;
import transformer.layers.NormPlacement;
import transformer.layers.Parameter;

/**
 * A stack of N {@link EncoderLayer}s. With pre-norm the residual stream is never normalised inside
 * the layers, so the stack ends with one more {@link LayerNorm}; with post-norm it does not need one.
 */
public final class Encoder implements HasParameters {
    private final List<EncoderLayer> layers = new ArrayList<>();
    private final LayerNorm finalNorm; // null for post-norm

    /** Layers called {@code name + ".layers.i"}; the pre-norm final norm is {@code name + ".norm"}. */
    public Encoder(String name, TransformerConfig config, SplittableRandom initRandom, SplittableRandom dropoutRandom) {
        for (int i = 0; i < config.layers(); i++) {
            layers.add(new EncoderLayer(name + ".layers." + i, config, initRandom, dropoutRandom));
        }
        finalNorm = config.normPlacement() == NormPlacement.PRE_NORM ? new LayerNorm(name + ".norm", config.dModel()) : null;
    }

    /** x is (B·n) × d_model; returns the same shape (the "memory" the decoder attends to). */
    public SimpleMatrix forward(SimpleMatrix x, int batchSize, AttentionMask mask) {
        SimpleMatrix h = x;
        for (EncoderLayer layer : layers) {
            h = layer.forward(h, batchSize, mask);
        }
        return finalNorm == null ? h : finalNorm.forward(h);
    }

    public SimpleMatrix backward(SimpleMatrix dOut) {
        SimpleMatrix d = finalNorm == null ? dOut : finalNorm.backward(dOut);
        for (int i = layers.size() - 1; i >= 0; i--) {
            d = layers.get(i).backward(d);
        }
        return d;
    }

    public List<EncoderLayer> layers() { return List.copyOf(layers); }

    /** The last forward's self-attention weights of one batch item, indexed [layer][head]. */
    public List<List<SimpleMatrix>> selfAttentionWeights(int batchItem) {
        List<List<SimpleMatrix>> all = new ArrayList<>();
        for (EncoderLayer layer : layers) {
            all.add(layer.selfAttention().weights(batchItem));
        }
        return all;
    }

    public void setTraining(boolean training) {
        for (EncoderLayer layer : layers) {
            layer.setTraining(training);
        }
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (EncoderLayer layer : layers) {
            all.addAll(layer.parameters());
        }
        if (finalNorm != null) {
            all.addAll(finalNorm.parameters());
        }
        return all;
    }
}
