package transformer.decoding;

import transformer.model.TransformerConfig;

/** The check every decoder makes of a source sentence before encoding it. */
final class Sources {

    private Sources() {
    }

    static void check(String operation, int[] source, TransformerConfig config) {
        if (source == null || source.length == 0) {
            throw new IllegalArgumentException(operation + " source is "
                    + (source == null ? "null" : "empty") + "; expected at least one token id");
        }
        if (source.length > config.maxLength()) {
            throw new IllegalArgumentException(operation + " source has " + source.length
                    + " tokens but the model's maxLength is " + config.maxLength());
        }
        for (int i = 0; i < source.length; i++) {
            if (source[i] < 0 || source[i] >= config.sourceVocabSize() || source[i] == config.padId()) {
                throw new IllegalArgumentException(operation + " source token " + i + " is id " + source[i]
                        + "; expected a non-pad id in 0.." + (config.sourceVocabSize() - 1)
                        + " (pad is " + config.padId() + ")");
            }
        }
    }
}
