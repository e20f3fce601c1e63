package transformer.reference;

import java.util.List;

import org.ejml.simple.SimpleMatrix;

import transformer.attention.MultiHeadAttention;
import transformer.layers.LayerNorm;
import transformer.layers.Parameter;
import transformer.layers.PositionwiseFeedForward;

/**
 * Copies PyTorch's parameters into the kit's, by parameter name. PyTorch's {@code nn.Linear} keeps
 * W as out × in and computes x·Wᵀ + b; the kit's {@code Linear} keeps W as in × out and computes
 * x·W + b, so every weight is transposed. {@code in_proj_weight} stacks W_Q, W_K and W_V (each
 * d_model × d_model, out × in) on top of each other.
 */
final class PyTorchWeights {

    private final PyTorchFixture weights;

    PyTorchWeights(PyTorchFixture fixture) {
        this.weights = fixture.part(fixture.root().getAsJsonObject("weights"));
    }

    /** {@code prefix} is "" for a bare nn.MultiheadAttention, "self_attn." inside a layer. */
    void intoAttention(String prefix, MultiHeadAttention attention) {
        int d = attention.dModel();
        SimpleMatrix inProj = weights.matrix(prefix + "in_proj_weight");
        SimpleMatrix inBias = weights.matrix(prefix + "in_proj_bias");
        String[] names = {"W_Q", "W_K", "W_V"};
        String[] biases = {"b_Q", "b_K", "b_V"};
        for (int part = 0; part < 3; part++) {
            set(attention.parameters(), names[part], inProj.extractMatrix(part * d, (part + 1) * d, 0, d).transpose());
            set(attention.parameters(), biases[part], inBias.extractMatrix(0, 1, part * d, (part + 1) * d));
        }
        set(attention.parameters(), "W_O", weights.matrix(prefix + "out_proj.weight").transpose());
        set(attention.parameters(), "b_O", weights.matrix(prefix + "out_proj.bias"));
    }

    void intoFeedForward(PositionwiseFeedForward feedForward) {
        set(feedForward.parameters(), "W_1", weights.matrix("linear1.weight").transpose());
        set(feedForward.parameters(), "b_1", weights.matrix("linear1.bias"));
        set(feedForward.parameters(), "W_2", weights.matrix("linear2.weight").transpose());
        set(feedForward.parameters(), "b_2", weights.matrix("linear2.bias"));
    }

    /** A bare nn.LayerNorm's weight and bias into the kit's gain and bias. */
    void intoNorm(LayerNorm norm) {
        copy(weights.matrix("weight"), norm.gain());
        copy(weights.matrix("bias"), norm.bias());
    }

    /** A layer's "normK." into the kit layer's parameters named "….sublayerJ.norm.gain/bias". */
    void intoNorm(String torchPrefix, List<Parameter> parameters, String kitSublayer) {
        set(parameters, kitSublayer + ".norm.gain", weights.matrix(torchPrefix + "weight"));
        set(parameters, kitSublayer + ".norm.bias", weights.matrix(torchPrefix + "bias"));
    }

    /** The parameter whose name ends in "." + suffix gets the value. */
    private static void set(List<Parameter> parameters, String suffix, SimpleMatrix value) {
        Parameter match = null;
        for (Parameter p : parameters) {
            if (p.name().endsWith("." + suffix)) {
                if (match != null) {
                    throw new IllegalStateException("two parameters end in ." + suffix + ": " + match + ", " + p);
                }
                match = p;
            }
        }
        if (match == null) {
            throw new IllegalStateException("no parameter ends in ." + suffix + " among " + parameters);
        }
        copy(value, match);
    }

    private static void copy(SimpleMatrix value, Parameter into) {
        SimpleMatrix target = into.value();
        if (target.getNumRows() != value.getNumRows() || target.getNumCols() != value.getNumCols()) {
            throw new IllegalStateException(into + " cannot take a " + value.getNumRows() + "x" + value.getNumCols()
                    + " PyTorch value");
        }
        target.getDDRM().setTo(value.getDDRM());
    }
}
