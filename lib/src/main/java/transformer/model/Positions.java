package transformer.model;

import java.util.List;
import java.util.SplittableRandom;
import transformer.layers.Parameter;
import transformer.position.LearnedPositionEmbedding;
import transformer.position.PositionalEncoding;
import transformer.position.SinusoidalPositionalEncoding;

/** Builds the positional encoding a config asks for, and lists its parameters (none for sinusoidal). */
final class Positions {
    private Positions() {
    }

    static PositionalEncoding create(String name, TransformerConfig config, SplittableRandom initRandom) {
        return switch (config.positions()) {
            case SINUSOIDAL -> new SinusoidalPositionalEncoding(config.maxLength(), config.dModel());
            case LEARNED -> new LearnedPositionEmbedding(name, config.maxLength(), config.dModel(), initRandom);
        };
    }

    static List<Parameter> parametersOf(PositionalEncoding encoding) {
        return encoding instanceof LearnedPositionEmbedding learned ? learned.parameters() : List.of();
    }
}
