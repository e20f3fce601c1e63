package transformer.layers;

/** Where a {@link SublayerConnection} puts its layer norm. */
public enum NormPlacement {
    /** The paper's order: norm(x + dropout(sublayer(x))). */
    POST_NORM,
    /** x + dropout(sublayer(norm(x))); the stack then needs one final norm. Trains more easily when deep. */
    PRE_NORM
}
