package transformer;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;
import transformer.attention.AttentionMask;
import transformer.attention.MultiHeadAttention;
import transformer.attention.ScaledDotProductAttention;
import transformer.layers.Dropout;
import transformer.layers.Embedding;
import transformer.layers.LayerNorm;
import transformer.layers.Linear;
import transformer.layers.NormPlacement;
import transformer.layers.SublayerConnection;
import transformer.learning.GradientCheck;
import transformer.model.DecoderOnlyLanguageModel;
import transformer.model.EncoderClassifier;
import transformer.model.EncoderDecoder;
import transformer.model.Generator;
import transformer.model.TransformerConfig;
import transformer.position.LearnedPositionEmbedding;
import transformer.position.PositionKind;
import transformer.position.SinusoidalPositionalEncoding;
import transformer.testing.Fixtures;

/**
 * Every public entry point refuses bad input with an IllegalArgumentException whose message names
 * the operation and the offending shape or value, so that a learner knows what to fix.
 */
class BadInputTest {
    private static final SplittableRandom RANDOM = new SplittableRandom(1);

    private static DynamicTest rejects(String description, Executable call, String... mustMention) {
        return dynamicTest(description, () -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
            for (String fragment : mustMention) {
                assertTrue(e.getMessage().contains(fragment),
                        "message should mention '" + fragment + "' but was: " + e.getMessage());
            }
        });
    }

    private static SimpleMatrix m(int rows, int cols) {
        return Fixtures.gaussian(rows, cols, rows * 31L + cols);
    }

    private static SimpleMatrix withNaN(int rows, int cols) {
        SimpleMatrix x = m(rows, cols);
        x.set(rows - 1, cols - 1, Double.NaN);
        return x;
    }

    @TestFactory
    Stream<DynamicTest> layersRejectBadInput() {
        Linear linear = new Linear("proj", 4, 3, RANDOM);
        Embedding embedding = new Embedding("emb", 10, 4, RANDOM);
        LayerNorm norm = new LayerNorm("ln", 4);
        return Stream.of(
                rejects("Linear.forward: input with the wrong width", () -> linear.forward(m(5, 3)),
                        "Linear.forward", "5x3", "any x 4"),
                rejects("Linear.forward: NaN in the input", () -> linear.forward(withNaN(2, 4)),
                        "Linear.forward", "NaN", "row 1, column 3"),
                rejects("Linear.forward: an empty matrix", () -> linear.forward(new SimpleMatrix(0, 4)),
                        "Linear.forward", "empty", "0x4"),
                rejects("Linear.forward: null input", () -> linear.forward(null), "Linear.forward", "null"),
                rejects("Linear.backward: gradient of the wrong shape", () -> {
                    linear.forward(m(2, 4));
                    linear.backward(m(2, 4));
                }, "Linear.backward", "2x4", "2 x 3"),
                rejects("Linear: zero input width", () -> new Linear("p", 0, 3, RANDOM), "d_in", "0"),
                rejects("Embedding.forward: token id beyond the vocabulary",
                        () -> embedding.forward(new int[][] {{1, 12}}), "Embedding.forward", "12", "size 10"),
                rejects("Embedding.forward: negative token id", () -> embedding.forward(new int[][] {{-1}}),
                        "Embedding.forward", "-1", "size 10"),
                rejects("Embedding.forward: ragged rows", () -> embedding.forward(new int[][] {{1, 2, 3}, {1, 2}}),
                        "Embedding.forward", "ragged", "row 1 has 2 tokens", "row 0 has 3"),
                rejects("Embedding.forward: empty batch", () -> embedding.forward(new int[0][]),
                        "Embedding.forward", "empty batch"),
                rejects("Embedding.forward: empty sequence", () -> embedding.forward(new int[][] {{}}),
                        "Embedding.forward", "row 0 is empty"),
                rejects("LayerNorm.forward: input with the wrong width", () -> norm.forward(m(3, 5)),
                        "LayerNorm.forward", "3x5", "any x 4"),
                rejects("LayerNorm.forward: infinity in the input", () -> {
                    SimpleMatrix x = m(2, 4);
                    x.set(0, 1, Double.POSITIVE_INFINITY);
                    norm.forward(x);
                }, "LayerNorm.forward", "Infinity", "row 0, column 1"),
                rejects("LayerNorm: non-positive eps", () -> new LayerNorm("ln", 4, 0.0), "LayerNorm", "eps is 0.0"),
                rejects("Dropout: p = 1 would drop everything", () -> new Dropout(1.0, RANDOM), "Dropout", "1.0"),
                rejects("Dropout: NaN probability", () -> new Dropout(Double.NaN, RANDOM), "Dropout", "NaN"),
                rejects("SublayerConnection: no norm placement",
                        () -> new SublayerConnection("s", 4, 0.1, null, RANDOM), "SublayerConnection", "POST_NORM"),
                rejects("SublayerConnection.forward: input with the wrong width",
                        () -> new SublayerConnection("s", 4, 0.0, NormPlacement.PRE_NORM, RANDOM).forward(m(2, 3), null),
                        "SublayerConnection.forward", "2x3"),
                rejects("Generator.backward: gradient of the wrong shape", () -> {
                    Generator generator = new Generator("g", 4, 6, RANDOM);
                    generator.forward(m(2, 4));
                    generator.backward(m(2, 5));
                }, "Generator.backward", "2x5", "2 x 6"));
    }

    @TestFactory
    Stream<DynamicTest> attentionRejectsBadInput() {
        ScaledDotProductAttention sdpa = new ScaledDotProductAttention();
        MultiHeadAttention mha = new MultiHeadAttention("mha", 8, 2, RANDOM);
        return Stream.of(
                rejects("AttentionMask.of: ragged grid",
                        () -> AttentionMask.of(new boolean[][] {{true, false}, {true}}), "AttentionMask.of", "row 1"),
                rejects("AttentionMask.causal: zero length", () -> AttentionMask.causal(0), "AttentionMask.causal", "queries=0"),
                rejects("AttentionMask.and: different grids",
                        () -> AttentionMask.causal(3).and(AttentionMask.causal(4)), "AttentionMask.and", "3 queries", "4 queries"),
                rejects("AttentionMask.padding: ragged key tokens",
                        () -> AttentionMask.padding(new int[][] {{1, 2}, {1}}, 0), "AttentionMask.padding", "row 1"),
                rejects("ScaledDotProductAttention.forward: keys narrower than queries",
                        () -> sdpa.forward(m(3, 4), m(5, 3), m(5, 2)), "ScaledDotProductAttention.forward", "5x3", "any x 4"),
                rejects("ScaledDotProductAttention.forward: fewer values than keys",
                        () -> sdpa.forward(m(3, 4), m(5, 4), m(4, 2)), "ScaledDotProductAttention.forward", "4x2", "5 x any"),
                rejects("ScaledDotProductAttention.forward: mask of the wrong size",
                        () -> sdpa.forward(m(3, 4), m(5, 4), m(5, 2), AttentionMask.causal(3)),
                        "ScaledDotProductAttention.forward", "3 queries x 3 keys", "3 queries x 5 keys"),
                rejects("ScaledDotProductAttention.forward: NaN in the queries",
                        () -> sdpa.forward(withNaN(3, 4), m(5, 4), m(5, 2)), "ScaledDotProductAttention.forward", "NaN"),
                rejects("MultiHeadAttention: d_model not divisible by heads",
                        () -> new MultiHeadAttention("mha", 10, 3, RANDOM), "MultiHeadAttention", "10", "3 heads"),
                rejects("MultiHeadAttention.forward: input with the wrong width", () -> mha.forward(m(5, 12)),
                        "MultiHeadAttention.forward", "5x12", "any x 8"),
                rejects("MultiHeadAttention.forward: rows that do not split into the batch",
                        () -> mha.forward(m(7, 8), m(7, 8), 2, null), "MultiHeadAttention.forward", "7 rows", "2 sequences"),
                rejects("MultiHeadAttention.forward: mask for another batch size",
                        () -> mha.forward(m(6, 8), m(6, 8), 3,
                                AttentionMask.padding(new int[][] {{1, 1}, {1, 0}}, 0)),
                        "MultiHeadAttention.forward", "batch 2", "3 item(s)"),
                rejects("MultiHeadAttention.weights: batch item that does not exist", () -> {
                    mha.forward(m(4, 8));
                    mha.weights(1, 0);
                }, "MultiHeadAttention.weights", "batch item 1", "batch size 1"));
    }

    @TestFactory
    Stream<DynamicTest> positionsRejectBadInput() {
        return Stream.of(
                rejects("SinusoidalPositionalEncoding.forward: sequence longer than the table",
                        () -> new SinusoidalPositionalEncoding(8, 4).forward(m(10, 4), 10),
                        "SinusoidalPositionalEncoding.forward", "10", "maxLength 8"),
                rejects("SinusoidalPositionalEncoding.shift: odd d_model",
                        () -> new SinusoidalPositionalEncoding(8, 5).shift(1), "shift", "d_model is 5"),
                rejects("LearnedPositionEmbedding.forward: rows not a multiple of the length",
                        () -> new LearnedPositionEmbedding("pos", 8, 4, RANDOM).forward(m(7, 4), 3),
                        "LearnedPositionEmbedding.forward", "7 rows", "sequence length 3"));
    }

    @TestFactory
    Stream<DynamicTest> configAndModelsRejectBadInput() {
        TransformerConfig tiny = TransformerConfig.tiny(10);
        EncoderDecoder model = new EncoderDecoder(tiny, 1);
        return Stream.of(
                rejects("TransformerConfig: d_model not divisible by heads",
                        () -> new TransformerConfig(10, 10, 30, 4, 2, 64, 0.1, 32, NormPlacement.POST_NORM,
                                PositionKind.SINUSOIDAL, 0), "TransformerConfig", "dModel 30", "heads 4"),
                rejects("TransformerConfig: dropout of 1", () -> tiny.withDropout(1.0), "TransformerConfig", "dropout is 1.0"),
                rejects("TransformerConfig: zero layers", () -> tiny.withLayers(0), "TransformerConfig", "layers is 0"),
                rejects("TransformerConfig: pad id outside the vocabulary",
                        () -> new TransformerConfig(10, 5, 32, 4, 2, 64, 0.1, 32, NormPlacement.POST_NORM,
                                PositionKind.SINUSOIDAL, 7), "TransformerConfig", "padId is 7", "< 5"),
                rejects("TransformerConfig: no norm placement", () -> tiny.withNormPlacement(null),
                        "TransformerConfig", "normPlacement is null"),
                rejects("TransformerConfig: negative vocabulary", () -> TransformerConfig.small(-3),
                        "TransformerConfig", "sourceVocabSize is -3"),
                rejects("EncoderDecoder.forward: target id beyond the target vocabulary",
                        () -> model.forward(new int[][] {{4, 5}}, new int[][] {{1, 10}}), "EncoderDecoder.decode",
                        "target input[0][1]", "10", "size 10"),
                rejects("EncoderDecoder.decode: target batch differs from the source batch", () -> {
                    SimpleMatrix memory = model.encode(new int[][] {{4, 5}, {6, 7}});
                    model.decode(memory, new int[][] {{4, 5}, {6, 7}}, new int[][] {{1}});
                }, "EncoderDecoder.decode", "1 rows", "source has 2"),
                rejects("EncoderDecoder.decode: memory that does not match the source", () -> {
                    SimpleMatrix memory = model.encode(new int[][] {{4, 5, 6}});
                    model.decode(memory, new int[][] {{4, 5}}, new int[][] {{1}});
                }, "EncoderDecoder.decode", "3x32", "2 x 32"),
                rejects("EncoderDecoder.encode: source longer than maxLength",
                        () -> model.encode(new int[][] {new int[65]}), "EncoderDecoder.encode", "length 65", "maxLength is 64"),
                rejects("EncoderDecoder: no config", () -> new EncoderDecoder(null, 1), "EncoderDecoder", "config is null"),
                rejects("EncoderClassifier: zero classes", () -> new EncoderClassifier(tiny, 0, 1),
                        "EncoderClassifier", "number of classes is 0"),
                rejects("DecoderOnlyLanguageModel.forward: ragged rows",
                        () -> new DecoderOnlyLanguageModel(tiny, 1).forward(new int[][] {{1, 4}, {1}}),
                        "DecoderOnlyLanguageModel.forward", "ragged", "row 1 has 1 tokens"),
                rejects("GradientCheck.input: gradient of another shape",
                        () -> GradientCheck.input("x", m(2, 3), m(3, 2), () -> 0.0), "GradientCheck.input", "2x3", "3x2"));
    }
}
