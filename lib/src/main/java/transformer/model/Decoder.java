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
 * A stack of N {@link DecoderLayer}s, all reading the same encoder memory (pre-norm adds a final
 * {@link LayerNorm}). Backward sums the memory gradients of every layer.
 */
public final class Decoder implements HasParameters {
    private final List<DecoderLayer> layers = new ArrayList<>();
    private final LayerNorm finalNorm; // null for post-norm

    /** Layers called {@code name + ".layers.i"}; the pre-norm final norm is {@code name + ".norm"}. */
    public Decoder(String name, TransformerConfig config, SplittableRandom initRandom, SplittableRandom dropoutRandom) {
        for (int i = 0; i < config.layers(); i++) {
            layers.add(new DecoderLayer(name + ".layers." + i, config, initRandom, dropoutRandom));
        }
        finalNorm = config.normPlacement() == NormPlacement.PRE_NORM ? new LayerNorm(name + ".norm", config.dModel()) : null;
    }

    public SimpleMatrix forward(SimpleMatrix x, SimpleMatrix memory, int batchSize, AttentionMask selfMask,
                                AttentionMask memoryMask) {
        SimpleMatrix h = x;
        for (DecoderLayer layer : layers) {
            h = layer.forward(h, memory, batchSize, selfMask, memoryMask);
        }
        return finalNorm == null ? h : finalNorm.forward(h);
    }

    public DecoderLayer.Gradients backward(SimpleMatrix dOut) {
        SimpleMatrix d = finalNorm == null ? dOut : finalNorm.backward(dOut);
        SimpleMatrix dMemory = null;
        for (int i = layers.size() - 1; i >= 0; i--) {
            DecoderLayer.Gradients g = layers.get(i).backward(d);
            d = g.dInput();
            dMemory = dMemory == null ? g.dMemory() : dMemory.plus(g.dMemory());
        }
        return new DecoderLayer.Gradients(d, dMemory);
    }

    public List<DecoderLayer> layers() { return List.copyOf(layers); }

    /** The last forward's masked self-attention weights of one batch item, [layer][head]. */
    public List<List<SimpleMatrix>> selfAttentionWeights(int batchItem) {
        List<List<SimpleMatrix>> all = new ArrayList<>();
        for (DecoderLayer layer : layers) {
            all.add(layer.selfAttention().weights(batchItem));
        }
        return all;
    }

    /** The last forward's cross-attention weights (n_tgt × n_src) of one batch item, [layer][head]. */
    public List<List<SimpleMatrix>> crossAttentionWeights(int batchItem) {
        List<List<SimpleMatrix>> all = new ArrayList<>();
        for (DecoderLayer layer : layers) {
            all.add(layer.crossAttention().weights(batchItem));
        }
        return all;
    }

    public void setTraining(boolean training) {
        for (DecoderLayer layer : layers) {
            layer.setTraining(training);
        }
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (DecoderLayer layer : layers) {
            all.addAll(layer.parameters());
        }
        if (finalNorm != null) {
            all.addAll(finalNorm.parameters());
        }
        return all;
    }
}
