package transformer.position;

/** How a model tells positions apart. */
public enum PositionKind {
    /** The paper's fixed sine/cosine table ({@link SinusoidalPositionalEncoding}). */
    SINUSOIDAL,
    /** A trained table, one vector per position, as in BERT ({@link LearnedPositionEmbedding}). */
    LEARNED
}
