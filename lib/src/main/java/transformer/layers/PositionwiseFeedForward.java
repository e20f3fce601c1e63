package transformer.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.simple.SimpleMatrix;

/**
 * The position-wise feed-forward network FFN(x) = max(0, x·W_1 + b_1)·W_2 + b_2, applied to every
 * position (row) with the same weights. W_1 is d_model × d_ff, W_2 is d_ff × d_model.
 * Without the ReLU in the middle, the two linear maps would collapse into one.
 *
 * <p>GPT's variant ({@link Activation#GELU}, no biases) is FFN(x) = GELU(x·W_1)·W_2; backward
 * multiplies the hidden gradient by GELU'(h) where ReLU passes it or stops it.
 */
public final class PositionwiseFeedForward implements HasParameters, Sublayer {
    private final Linear first;
    private final Linear second;
    private final Activation activation;
    private boolean[] active; // where the ReLU let its input through in the last forward
    private double[] preActivation; // GELU's input h of the last forward
    private double[] cdf; // Φ(h) of the last forward, so that backward needs no second erf

    /** Parameters {@code name + ".W_1"}, {@code ".b_1"}, {@code ".W_2"}, {@code ".b_2"}. */
    public PositionwiseFeedForward(String name, int dModel, int dFF, SplittableRandom random) {
        this.first = new Linear(name + ".first", name + ".W_1", name + ".b_1", dModel, dFF, random);
        this.second = new Linear(name + ".second", name + ".W_2", name + ".b_2", dFF, dModel, random);
        this.activation = Activation.RELU;
    }

    /**
     * A network with the given activation, with or without biases; W_1 starts from {@code init},
     * W_2 (which writes into the residual stream) from {@code outputInit}.
     */
    public PositionwiseFeedForward(String name, int dModel, int dFF, Activation activation, boolean bias,
                                   WeightInit init, WeightInit outputInit, SplittableRandom random) {
        if (activation == null) {
            throw new IllegalArgumentException("PositionwiseFeedForward " + name
                    + ": activation is null; choose Activation.RELU (the paper) or GELU (GPT)");
        }
        this.first = new Linear(name + ".first", name + ".W_1", bias ? name + ".b_1" : null, dModel, dFF, init, random);
        this.second = new Linear(name + ".second", name + ".W_2", bias ? name + ".b_2" : null, dFF, dModel,
                outputInit, random);
        this.activation = activation;
    }

    public Activation activation() { return activation; }

    public int dModel() { return first.dIn(); }

    public int dFF() { return first.dOut(); }

    @Override
    public SimpleMatrix forward(SimpleMatrix x) {
        SimpleMatrix hidden = first.forward(x);
        double[] h = hidden.getDDRM().data;
        if (activation == Activation.GELU) {
            preActivation = h.clone();
            cdf = new double[h.length];
            for (int k = 0; k < h.length; k++) {
                cdf[k] = Gelu.cdf(h[k]);
                h[k] = Gelu.value(h[k], cdf[k]);
            }
            return second.forward(hidden);
        }
        active = new boolean[hidden.getNumElements()];
        for (int k = 0; k < active.length; k++) {
            active[k] = h[k] > 0;
            if (!active[k]) {
                h[k] = 0;
            }
        }
        return second.forward(hidden);
    }

    @Override
    public SimpleMatrix backward(SimpleMatrix dOut) {
        SimpleMatrix dHidden = second.backward(dOut);
        double[] dh = dHidden.getDDRM().data;
        if (activation == Activation.GELU) {
            for (int k = 0; k < dh.length; k++) {
                dh[k] *= Gelu.derivative(preActivation[k], cdf[k]);
            }
            return first.backward(dHidden);
        }
        for (int k = 0; k < active.length; k++) {
            if (!active[k]) {
                dh[k] = 0; // ReLU passes gradient only where its input was positive
            }
        }
        return first.backward(dHidden);
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(first.parameters());
        all.addAll(second.parameters());
        return all;
    }
}
