package transformer.learning;

import java.util.List;

import transformer.layers.Parameter;

/**
 * Clipping by global norm: treat all gradients as one long vector g. If ‖g‖ exceeds {@code maxNorm},
 * scale every gradient by maxNorm / ‖g‖ so the direction is kept and only the length shrinks. This
 * tames the rare huge step that can throw training off (as PyTorch's {@code clip_grad_norm_}).
 */
public final class GradientClipping {

    private GradientClipping() {
    }

    /** ‖g‖ = √(Σ over all parameters and entries of g²). */
    public static double globalNorm(List<Parameter> parameters) {
        double sum = 0;
        for (Parameter p : parameters) {
            double[] g = p.grad().getDDRM().data;
            int n = p.size();
            for (int k = 0; k < n; k++) {
                sum += g[k] * g[k];
            }
        }
        return Math.sqrt(sum);
    }

    /** Scales the gradients down to norm {@code maxNorm} if they are longer; returns the norm before clipping. */
    public static double clipByGlobalNorm(List<Parameter> parameters, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("GradientClipping.clipByGlobalNorm: max norm is " + maxNorm
                    + "; expected a number > 0 (use Double.POSITIVE_INFINITY for no clipping)");
        }
        double norm = globalNorm(parameters);
        if (Double.isNaN(norm)) {
            throw new IllegalArgumentException("GradientClipping.clipByGlobalNorm: a gradient holds NaN; "
                    + "the loss or a backward pass produced it");
        }
        if (norm > maxNorm) {
            double scale = maxNorm / (norm + 1e-6);
            for (Parameter p : parameters) {
                double[] g = p.grad().getDDRM().data;
                int n = p.size();
                for (int k = 0; k < n; k++) {
                    g[k] *= scale;
                }
            }
        }
        return norm;
    }
}
