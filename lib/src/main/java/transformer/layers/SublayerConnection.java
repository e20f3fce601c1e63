package transformer.layers;

import java.util.List;
import java.util.SplittableRandom;
import org.ejml.simple.SimpleMatrix;

/**
 * A residual connection around a sublayer, with a layer norm and dropout, in one of two orders:
 * <pre>
 *   POST_NORM (the paper):  y = norm(x + dropout(sublayer(x)))
 *   PRE_NORM:               y = x + dropout(sublayer(norm(x)))
 * </pre>
 * Backward follows the same two paths in reverse: the residual path passes the gradient straight
 * through, and the sublayer path adds its own gradient to it.
 */
public final class SublayerConnection implements HasParameters {
    private final LayerNorm norm;
    private final Dropout dropout;
    private final NormPlacement placement;
    private Sublayer sublayer; // the one used by the last forward

    /** A connection whose layer norm is called {@code name + ".norm"}. */
    public SublayerConnection(String name, int dModel, double dropoutP, NormPlacement placement,
                              SplittableRandom dropoutRandom) {
        this(new LayerNorm(name + ".norm", dModel), dropoutP, placement, dropoutRandom);
    }

    /** A connection around a given layer norm (e.g. one {@link LayerNorm#withoutBias}). */
    public SublayerConnection(LayerNorm norm, double dropoutP, NormPlacement placement,
                              SplittableRandom dropoutRandom) {
        if (placement == null || norm == null) {
            throw new IllegalArgumentException("SublayerConnection: norm placement is " + placement + " and norm is "
                    + norm + "; choose NormPlacement.POST_NORM or PRE_NORM and pass a LayerNorm");
        }
        this.norm = norm;
        this.dropout = new Dropout(dropoutP, dropoutRandom);
        this.placement = placement;
    }

    public NormPlacement placement() { return placement; }

    public LayerNorm norm() { return norm; }

    public void setTraining(boolean training) { dropout.setTraining(training); }

    public SimpleMatrix forward(SimpleMatrix x, Sublayer sublayer) {
        Require.shape("SublayerConnection.forward", "input", x, -1, norm.d());
        this.sublayer = sublayer;
        if (placement == NormPlacement.POST_NORM) {
            SimpleMatrix sum = x.plus(dropout.forward(sublayer.forward(x)));
            return norm.forward(sum);
        }
        return x.plus(dropout.forward(sublayer.forward(norm.forward(x))));
    }

    public SimpleMatrix backward(SimpleMatrix dOut) {
        if (sublayer == null) {
            throw new IllegalStateException("SublayerConnection.backward: call forward first");
        }
        if (placement == NormPlacement.POST_NORM) {
            SimpleMatrix dSum = norm.backward(dOut);
            SimpleMatrix throughSublayer = sublayer.backward(dropout.backward(dSum));
            return throughSublayer.plus(dSum);
        }
        SimpleMatrix throughSublayer = norm.backward(sublayer.backward(dropout.backward(dOut)));
        return throughSublayer.plus(dOut);
    }

    @Override
    public List<Parameter> parameters() {
        return norm.parameters();
    }
}
