package transformer.model;

import transformer.layers.NormPlacement;
import transformer.position.PositionKind;

/**
 * The hyperparameters of a Transformer, checked when the record is made.
 *
 * @param sourceVocabSize number of source token ids (an encoder-only model reads this one)
 * @param targetVocabSize number of target token ids (the generator's output; a decoder-only model reads this one)
 * @param dModel          width of every position's vector
 * @param heads           attention heads h; d_model must be a multiple of h (d_k = d_model / h)
 * @param layers          N, the number of encoder layers and of decoder layers
 * @param dFF             hidden width of the position-wise feed-forward network
 * @param dropout         dropout probability p, 0 ≤ p &lt; 1
 * @param maxLength       longest sequence the positional encoding covers
 * @param normPlacement   post-norm (the paper) or pre-norm
 * @param positions       sinusoidal (the paper) or learned (BERT) positions
 * @param padId           the id of the padding token, masked out of attention
 */
public record TransformerConfig(int sourceVocabSize, int targetVocabSize, int dModel, int heads, int layers,
                                int dFF, double dropout, int maxLength, NormPlacement normPlacement,
                                PositionKind positions, int padId) {

    /** Padding; the data package's {@code Vocabulary} gives it id 0. */
    public static final int PAD_ID = 0;
    /** Beginning of sequence: the first token of every decoder input. */
    public static final int BOS_ID = 1;
    /** End of sequence. */
    public static final int EOS_ID = 2;
    /** Unknown token. */
    public static final int UNK_ID = 3;

    public TransformerConfig {
        requireAtLeast1("sourceVocabSize", sourceVocabSize);
        requireAtLeast1("targetVocabSize", targetVocabSize);
        requireAtLeast1("dModel", dModel);
        requireAtLeast1("heads", heads);
        requireAtLeast1("layers", layers);
        requireAtLeast1("dFF", dFF);
        requireAtLeast1("maxLength", maxLength);
        if (dModel % heads != 0) {
            throw new IllegalArgumentException("TransformerConfig: dModel " + dModel + " is not divisible by heads "
                    + heads + "; each head gets dModel / heads features, so choose e.g. heads = "
                    + largestDivisorAtMost(dModel, heads));
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("TransformerConfig: dropout is " + dropout
                    + "; expected a probability 0 <= dropout < 1 (the paper uses 0.1)");
        }
        if (normPlacement == null) {
            throw new IllegalArgumentException("TransformerConfig: normPlacement is null;"
                    + " choose NormPlacement.POST_NORM (the paper) or PRE_NORM");
        }
        if (positions == null) {
            throw new IllegalArgumentException("TransformerConfig: positions is null;"
                    + " choose PositionKind.SINUSOIDAL (the paper) or LEARNED");
        }
        int smallestVocab = Math.min(sourceVocabSize, targetVocabSize);
        if (padId < 0 || padId >= smallestVocab) {
            throw new IllegalArgumentException("TransformerConfig: padId is " + padId
                    + "; it must be a token id in both vocabularies, 0 <= padId < " + smallestVocab);
        }
    }

    /** d_model 32, 4 heads, 2 layers, d_ff 128, dropout 0.1, max length 64, post-norm, sinusoidal, PAD = 0. */
    public static TransformerConfig tiny(int vocabSize) {
        return tiny(vocabSize, vocabSize);
    }

    public static TransformerConfig tiny(int sourceVocabSize, int targetVocabSize) {
        return new TransformerConfig(sourceVocabSize, targetVocabSize, 32, 4, 2, 128, 0.1, 64,
                NormPlacement.POST_NORM, PositionKind.SINUSOIDAL, PAD_ID);
    }

    /** d_model 64, 4 heads, 2 layers, d_ff 256, dropout 0.1, max length 64, post-norm, sinusoidal, PAD = 0. */
    public static TransformerConfig small(int vocabSize) {
        return small(vocabSize, vocabSize);
    }

    public static TransformerConfig small(int sourceVocabSize, int targetVocabSize) {
        return new TransformerConfig(sourceVocabSize, targetVocabSize, 64, 4, 2, 256, 0.1, 64,
                NormPlacement.POST_NORM, PositionKind.SINUSOIDAL, PAD_ID);
    }

    /** The paper's base model: d_model 512, 8 heads, 6 layers, d_ff 2048, dropout 0.1 (for parameter counts). */
    public static TransformerConfig paperBase(int sourceVocabSize, int targetVocabSize) {
        return new TransformerConfig(sourceVocabSize, targetVocabSize, 512, 8, 6, 2048, 0.1, 512,
                NormPlacement.POST_NORM, PositionKind.SINUSOIDAL, PAD_ID);
    }

    /** Width of each attention head, d_model / h. */
    public int dK() {
        return dModel / heads;
    }

    public TransformerConfig withDropout(double p) {
        return new TransformerConfig(sourceVocabSize, targetVocabSize, dModel, heads, layers, dFF, p, maxLength,
                normPlacement, positions, padId);
    }

    public TransformerConfig withNormPlacement(NormPlacement placement) {
        return new TransformerConfig(sourceVocabSize, targetVocabSize, dModel, heads, layers, dFF, dropout,
                maxLength, placement, positions, padId);
    }

    public TransformerConfig withPositions(PositionKind kind) {
        return new TransformerConfig(sourceVocabSize, targetVocabSize, dModel, heads, layers, dFF, dropout,
                maxLength, normPlacement, kind, padId);
    }

    public TransformerConfig withLayers(int n) {
        return new TransformerConfig(sourceVocabSize, targetVocabSize, dModel, heads, n, dFF, dropout, maxLength,
                normPlacement, positions, padId);
    }

    public TransformerConfig withMaxLength(int length) {
        return new TransformerConfig(sourceVocabSize, targetVocabSize, dModel, heads, layers, dFF, dropout, length,
                normPlacement, positions, padId);
    }

    private static void requireAtLeast1(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("TransformerConfig: " + field + " is " + value + "; it must be at least 1");
        }
    }

    private static int largestDivisorAtMost(int n, int limit) {
        for (int h = limit; h > 1; h--) {
            if (n % h == 0) {
                return h;
            }
        }
        return 1;
    }
}
