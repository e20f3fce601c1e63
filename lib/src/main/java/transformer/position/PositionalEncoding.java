package transformer.position;

import org.ejml.simple.SimpleMatrix;

/**
 * Something that adds position information to a stacked batch of embeddings: row r of a
 * (B·n) × d_model input is position r mod n of its sequence.
 */
public interface PositionalEncoding {

    /** Returns x + P, where P's row r is the vector of position r mod {@code sequenceLength}. */
    SimpleMatrix forward(SimpleMatrix x, int sequenceLength);

    /** ∂loss/∂x for the last forward (x + P passes the gradient straight through). */
    SimpleMatrix backward(SimpleMatrix dOut);

    /** The longest sequence this encoding has a vector for. */
    int maxLength();
}
