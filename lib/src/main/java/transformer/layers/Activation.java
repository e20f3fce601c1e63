package transformer.layers;

/** The non-linearity between the feed-forward network's two linear maps. */
public enum Activation {
    /** max(0, x): the paper's choice. */
    RELU,
    /** x·Φ(x) ({@link Gelu}): GPT's choice, a smooth ReLU. */
    GELU
}
