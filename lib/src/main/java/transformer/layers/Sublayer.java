package transformer.layers;

import org.ejml.simple.SimpleMatrix;

/**
 * The function a {@link SublayerConnection} wraps (self-attention, cross-attention or the
 * feed-forward network): a forward pass and the matching backward pass, for one input x.
 */
public interface Sublayer {
    SimpleMatrix forward(SimpleMatrix x);

    /** Given ∂loss/∂output of the last forward, returns ∂loss/∂x (and adds into parameter gradients). */
    SimpleMatrix backward(SimpleMatrix dOut);
}
