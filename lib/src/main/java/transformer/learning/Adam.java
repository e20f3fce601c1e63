package transformer.learning;

import java.util.ArrayList;
import java.util.List;

import transformer.layers.Parameter;

/**
 * The Adam optimiser (Kingma and Ba, 2015). For every scalar weight w with gradient g, at step t:
 * <pre>
 *   m ← β1·m + (1 − β1)·g          running mean of gradients (momentum)
 *   v ← β2·v + (1 − β2)·g²         running mean of squared gradients (scale)
 *   m̂ = m / (1 − β1^t),  v̂ = v / (1 − β2^t)      bias correction: m and v start at 0
 *   w ← w − lr · m̂ / (√v̂ + ε)
 * </pre>
 * Every weight thus moves by about lr, whatever the size of its gradient.
 *
 * <p><b>AdamW</b> (Loshchilov and Hutter, 2019; {@link #adamW}) adds <em>decoupled</em> weight decay
 * λ: before the step above, every weight matrix shrinks towards 0 by w ← w·(1 − lr·λ). The decay
 * is not added to the gradient, so Adam's scaling by √v̂ does not weaken it for weights with large
 * gradients. As in nanoGPT, only matrices decay (weights and embedding tables, more than one row and
 * column); vectors (biases, layer-norm gains) do not. This is PyTorch's {@code torch.optim.AdamW}.
 */
public final class Adam {

    private final List<Parameter> parameters;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final boolean[] decays;
    private final List<double[]> m = new ArrayList<>();
    private final List<double[]> v = new ArrayList<>();
    private int steps;

    public Adam(List<Parameter> parameters, double beta1, double beta2, double epsilon) {
        this(parameters, beta1, beta2, epsilon, 0.0);
    }

    private Adam(List<Parameter> parameters, double beta1, double beta2, double epsilon, double weightDecay) {
        if (parameters == null || parameters.isEmpty()) {
            throw new IllegalArgumentException("Adam: got no parameters to optimise; pass model.parameters()");
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam: β1 = " + beta1 + " and β2 = " + beta2
                    + "; expected both in [0, 1), e.g. 0.9 and 0.98");
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("Adam: ε is " + epsilon + "; expected a small number > 0, e.g. 1e-9");
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("Adam: weight decay λ is " + weightDecay
                    + "; expected a finite number ≥ 0, e.g. 0.1 as in nanoGPT");
        }
        this.parameters = List.copyOf(parameters);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        this.decays = new boolean[this.parameters.size()];
        for (int i = 0; i < this.parameters.size(); i++) {
            Parameter p = this.parameters.get(i);
            m.add(new double[p.size()]);
            v.add(new double[p.size()]);
            decays[i] = weightDecay > 0 && p.value().getNumRows() > 1 && p.value().getNumCols() > 1;
        }
    }

    /** AdamW: Adam with decoupled weight decay λ on every weight matrix (not on vectors). */
    public static Adam adamW(List<Parameter> parameters, double beta1, double beta2, double epsilon,
                             double weightDecay) {
        return new Adam(parameters, beta1, beta2, epsilon, weightDecay);
    }

    /** nanoGPT's Shakespeare setting: AdamW with β1 = 0.9, β2 = 0.99, ε = 10⁻⁸ (PyTorch's), λ = 0.1. */
    public static Adam nanoGpt(List<Parameter> parameters) {
        return adamW(parameters, 0.9, 0.99, 1e-8, 0.1);
    }

    /** The paper's setting: β1 = 0.9, β2 = 0.98, ε = 10⁻⁹. */
    public static Adam paper(List<Parameter> parameters) {
        return new Adam(parameters, 0.9, 0.98, 1e-9);
    }

    /** Moves every parameter against its gradient with learning rate {@code lr}. */
    public void step(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("Adam.step: learning rate is " + lr + "; expected a finite number ≥ 0");
        }
        steps++;
        double correction1 = 1 - Math.pow(beta1, steps);
        double correction2 = 1 - Math.pow(beta2, steps);
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            double[] w = p.value().getDDRM().data;
            double[] g = p.grad().getDDRM().data;
            double[] mi = m.get(i);
            double[] vi = v.get(i);
            if (decays[i]) {
                double shrink = 1 - lr * weightDecay;
                for (int k = 0; k < mi.length; k++) {
                    w[k] *= shrink;
                }
            }
            for (int k = 0; k < mi.length; k++) {
                mi[k] = beta1 * mi[k] + (1 - beta1) * g[k];
                vi[k] = beta2 * vi[k] + (1 - beta2) * g[k] * g[k];
                double mHat = mi[k] / correction1;
                double vHat = vi[k] / correction2;
                w[k] -= lr * mHat / (Math.sqrt(vHat) + epsilon);
            }
        }
    }

    /** Sets every gradient to zero, ready for the next backward pass. */
    public void zeroGrad() {
        for (Parameter p : parameters) {
            p.zeroGrad();
        }
    }

    /** λ, 0 for plain Adam. */
    public double weightDecay() {
        return weightDecay;
    }

    /** Whether {@code parameter} is decayed (a matrix, when λ > 0). */
    public boolean decays(Parameter parameter) {
        int i = parameters.indexOf(parameter);
        if (i < 0) {
            throw new IllegalArgumentException("Adam.decays: " + parameter + " is not one of this optimiser's parameters");
        }
        return decays[i];
    }

    /** How many steps have been taken (t). */
    public int steps() {
        return steps;
    }

    public List<Parameter> parameters() {
        return parameters;
    }
}
