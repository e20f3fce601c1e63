package transformer.layers;

import java.util.List;
import org.ejml.simple.SimpleMatrix;

/**
 * Layer normalisation of every row (position) on its own, as PyTorch defines it:
 * <pre>
 *   μ = mean(x)   σ² = mean((x − μ)²)   (biased: divide by d)
 *   x̂ = (x − μ) / √(σ² + ε)              y = γ ⊙ x̂ + β
 * </pre>
 * with a learned gain γ (starts at 1) and bias β (starts at 0), both 1 × d. Backward, per row, with
 * g = γ ⊙ dy:  dx = (g − mean(g) − x̂·mean(g ⊙ x̂)) / √(σ² + ε);  dγ += Σ dy ⊙ x̂;  dβ += Σ dy.
 * {@link #withoutBias} drops β (y = γ ⊙ x̂), as GPT-2-style models without biases do.
 */
public final class LayerNorm implements HasParameters {
    /** PyTorch's default ε. */
    public static final double DEFAULT_EPS = 1e-5;

    private final Parameter gain;
    private final Parameter bias; // null without a bias
    private final double eps;
    private final String name;
    private double[] normalized; // x̂ of the last forward, row-major
    private double[] inverseStd; // 1/√(σ²+ε) per row

    public LayerNorm(String name, int d) {
        this(name, d, DEFAULT_EPS);
    }

    /** Parameters {@code name + ".gain"} (γ) and {@code name + ".bias"} (β). */
    public LayerNorm(String name, int d, double eps) {
        this(name, d, eps, true);
    }

    /** y = γ ⊙ x̂ with no β; the one parameter is {@code name + ".gain"}. */
    public static LayerNorm withoutBias(String name, int d) {
        return new LayerNorm(name, d, DEFAULT_EPS, false);
    }

    private LayerNorm(String name, int d, double eps, boolean withBias) {
        Require.positive("LayerNorm " + name, "d", d);
        if (!(eps > 0) || !Double.isFinite(eps)) {
            throw new IllegalArgumentException("LayerNorm " + name + ": eps is " + eps
                    + "; it must be a small positive number such as 1e-5");
        }
        this.name = name;
        this.eps = eps;
        this.gain = Parameter.constant(name + ".gain", 1, d, 1.0);
        this.bias = withBias ? Parameter.constant(name + ".bias", 1, d, 0.0) : null;
    }

    public int d() { return gain.value().getNumCols(); }

    public double eps() { return eps; }

    public Parameter gain() { return gain; }

    /** β, or null for a norm made {@link #withoutBias}. */
    public Parameter bias() { return bias; }

    /** Normalises each row of an m × d input; returns m × d. */
    public SimpleMatrix forward(SimpleMatrix x) {
        int d = d();
        Require.activations("LayerNorm.forward (" + name + ")", "input", x, -1, d);
        int rows = x.getNumRows();
        double[] in = x.getDDRM().data;
        double[] g = gain.value().getDDRM().data;
        double[] b = bias == null ? new double[d] : bias.value().getDDRM().data;
        normalized = new double[rows * d];
        inverseStd = new double[rows];
        SimpleMatrix y = new SimpleMatrix(rows, d);
        double[] out = y.getDDRM().data;
        for (int r = 0, base = 0; r < rows; r++, base += d) {
            double mean = 0;
            for (int c = 0; c < d; c++) {
                mean += in[base + c];
            }
            mean /= d;
            double variance = 0;
            for (int c = 0; c < d; c++) {
                double centered = in[base + c] - mean;
                variance += centered * centered;
            }
            variance /= d;
            double inv = 1.0 / Math.sqrt(variance + eps);
            inverseStd[r] = inv;
            for (int c = 0; c < d; c++) {
                double xHat = (in[base + c] - mean) * inv;
                normalized[base + c] = xHat;
                out[base + c] = g[c] * xHat + b[c];
            }
        }
        return y;
    }

    /** Adds into γ's and β's gradients; returns ∂loss/∂x. */
    public SimpleMatrix backward(SimpleMatrix dOut) {
        if (normalized == null) {
            throw new IllegalStateException("LayerNorm.backward (" + name + "): call forward first");
        }
        int d = d();
        int rows = inverseStd.length;
        Require.shape("LayerNorm.backward (" + name + ")", "output gradient", dOut, rows, d);
        double[] dy = dOut.getDDRM().data;
        double[] g = gain.value().getDDRM().data;
        double[] dGain = gain.grad().getDDRM().data;
        double[] dBias = bias == null ? new double[d] : bias.grad().getDDRM().data; // a scratch row without β
        SimpleMatrix dx = new SimpleMatrix(rows, d);
        double[] dxData = dx.getDDRM().data;
        for (int r = 0, base = 0; r < rows; r++, base += d) {
            double meanG = 0;
            double meanGxHat = 0;
            for (int c = 0; c < d; c++) {
                double xHat = normalized[base + c];
                double gradXHat = dy[base + c] * g[c];
                dGain[c] += dy[base + c] * xHat;
                dBias[c] += dy[base + c];
                meanG += gradXHat;
                meanGxHat += gradXHat * xHat;
            }
            meanG /= d;
            meanGxHat /= d;
            double inv = inverseStd[r];
            for (int c = 0; c < d; c++) {
                double xHat = normalized[base + c];
                dxData[base + c] = (dy[base + c] * g[c] - meanG - xHat * meanGxHat) * inv;
            }
        }
        return dx;
    }

    @Override
    public List<Parameter> parameters() {
        return bias == null ? List.of(gain) : List.of(gain, bias);
    }
}
