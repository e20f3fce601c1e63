package transformer.reference;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonElement;

import transformer.attention.AttentionMask;
import transformer.attention.MultiHeadAttention;
import transformer.layers.LayerNorm;
import transformer.layers.NormPlacement;
import transformer.learning.LabelSmoothingLoss;
import transformer.model.DecoderLayer;
import transformer.model.EncoderLayer;
import transformer.model.Generator;
import transformer.model.TransformerConfig;
import transformer.position.PositionKind;
import transformer.position.SinusoidalPositionalEncoding;

/**
 * The kit against PyTorch: the same weights and inputs must give the same outputs (and, for the
 * loss, the same gradients), to about 1e-9
 * (float64 on both sides). The fixtures come from {@code lib/src/test/pytorch/export_fixtures.py}.
 */
class PyTorchParityTest {

    private static final double TOLERANCE = 1e-9;

    static double maxAbsDifference(SimpleMatrix expected, SimpleMatrix actual) {
        if (expected.getNumRows() != actual.getNumRows() || expected.getNumCols() != actual.getNumCols()) {
            throw new AssertionError("shapes differ: PyTorch " + expected.getNumRows() + "x" + expected.getNumCols()
                    + ", kit " + actual.getNumRows() + "x" + actual.getNumCols());
        }
        double max = 0;
        for (int i = 0; i < expected.getNumRows(); i++) {
            for (int j = 0; j < expected.getNumCols(); j++) {
                double diff = Math.abs(expected.get(i, j) - actual.get(i, j));
                max = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : Math.max(max, diff);
            }
        }
        return max;
    }

    static void assertAgrees(String what, SimpleMatrix pytorch, SimpleMatrix kit) {
        double error = maxAbsDifference(pytorch, kit);
        System.out.printf("PyTorch parity: %-60s max |difference| = %.2e%n", what, error);
        assertTrue(error <= TOLERANCE, what + ": max |difference| from PyTorch is " + error);
    }

    private static TransformerConfig config(PyTorchFixture f, NormPlacement placement) {
        return new TransformerConfig(10, 10, f.integer("d_model"), f.integer("heads"), 1, f.integer("d_ff"), 0.0, 16,
                placement, PositionKind.SINUSOIDAL, 0);
    }

    @Test
    void multiHeadAttentionMatchesOutputsAndWeightsWithAndWithoutMasks() {
        PyTorchFixture fixture = PyTorchFixture.load("multihead_attention");
        MultiHeadAttention attention = new MultiHeadAttention("attention", fixture.integer("d_model"),
                fixture.integer("heads"), new SplittableRandom(1));
        new PyTorchWeights(fixture).intoAttention("", attention);
        for (JsonElement element : fixture.root().getAsJsonArray("cases")) {
            PyTorchFixture c = fixture.part(element.getAsJsonObject());
            String name = c.root().get("name").getAsString();
            SimpleMatrix query = c.stacked("query");
            SimpleMatrix keyValue = c.stacked("key_value");
            int batch = c.batchSize("query");
            int nQ = query.getNumRows() / batch;
            int nK = keyValue.getNumRows() / batch;
            AttentionMask mask = c.mask("attn_mask", "key_padding_mask", batch, nQ, nK);

            SimpleMatrix out = attention.forward(query, keyValue, batch, mask);

            assertAgrees(name + " output", c.stacked("output"), out);
            SimpleMatrix average = c.stacked("average_weights");
            for (int b = 0; b < batch; b++) {
                SimpleMatrix mean = new SimpleMatrix(nQ, nK);
                for (int h = 0; h < attention.heads(); h++) {
                    SimpleMatrix head = attention.weights(b, h);
                    SimpleMatrix torchHead = c.slice("head_weights", b, h);
                    assertAgrees(name + " weights, item " + b + " head " + h, torchHead, head);
                    mean = mean.plus(head.divide(attention.heads()));
                }
                assertAgrees(name + " averaged weights, item " + b, average.extractMatrix(b * nQ, (b + 1) * nQ, 0, nK),
                        mean);
            }
        }
    }

    @Test
    void layerNormMatchesPyTorchWithItsEpsilonAndBiasedVariance() {
        PyTorchFixture fixture = PyTorchFixture.load("layer_norm");
        LayerNorm norm = new LayerNorm("norm", fixture.integer("d_model"), fixture.number("eps"));
        new PyTorchWeights(fixture).intoNorm(norm);
        assertAgrees("LayerNorm", fixture.stacked("output"), norm.forward(fixture.stacked("input")));
    }

    @Test
    void postNormEncoderLayerMatchesPyTorch() {
        encoderLayer("encoder_layer_post_norm", NormPlacement.POST_NORM);
    }

    @Test
    void preNormEncoderLayerMatchesPyTorchWithNormFirst() {
        encoderLayer("encoder_layer_pre_norm", NormPlacement.PRE_NORM);
    }

    private static void encoderLayer(String fixtureName, NormPlacement placement) {
        PyTorchFixture f = PyTorchFixture.load(fixtureName);
        EncoderLayer layer = new EncoderLayer("encoder.layers.0", config(f, placement), new SplittableRandom(1),
                new SplittableRandom(2));
        layer.setTraining(false);
        PyTorchWeights weights = new PyTorchWeights(f);
        weights.intoAttention("self_attn.", layer.selfAttention());
        weights.intoFeedForward(layer.feedForward());
        weights.intoNorm("norm1.", layer.parameters(), "sublayer0");
        weights.intoNorm("norm2.", layer.parameters(), "sublayer1");
        SimpleMatrix x = f.stacked("input");
        int batch = f.batchSize("input");
        int n = x.getNumRows() / batch;
        SimpleMatrix out = layer.forward(x, batch, f.mask(null, "src_key_padding_mask", batch, n, n));
        assertAgrees(fixtureName, f.stacked("output"), out);
    }

    @Test
    void postNormDecoderLayerMatchesPyTorch() {
        decoderLayer("decoder_layer_post_norm", NormPlacement.POST_NORM);
    }

    @Test
    void preNormDecoderLayerMatchesPyTorchWithNormFirst() {
        decoderLayer("decoder_layer_pre_norm", NormPlacement.PRE_NORM);
    }

    private static void decoderLayer(String fixtureName, NormPlacement placement) {
        PyTorchFixture f = PyTorchFixture.load(fixtureName);
        DecoderLayer layer = new DecoderLayer("decoder.layers.0", config(f, placement), new SplittableRandom(1),
                new SplittableRandom(2));
        layer.setTraining(false);
        PyTorchWeights weights = new PyTorchWeights(f);
        weights.intoAttention("self_attn.", layer.selfAttention());
        weights.intoAttention("multihead_attn.", layer.crossAttention());
        weights.intoFeedForward(layer.feedForward());
        weights.intoNorm("norm1.", layer.parameters(), "sublayer0");
        weights.intoNorm("norm2.", layer.parameters(), "sublayer1");
        weights.intoNorm("norm3.", layer.parameters(), "sublayer2");
        SimpleMatrix target = f.stacked("target");
        SimpleMatrix memory = f.stacked("memory");
        int batch = f.batchSize("target");
        int nT = target.getNumRows() / batch;
        int nS = memory.getNumRows() / batch;
        AttentionMask selfMask = f.mask("tgt_mask", "tgt_key_padding_mask", batch, nT, nT);
        AttentionMask memoryMask = f.mask(null, "memory_key_padding_mask", batch, nT, nS);
        SimpleMatrix out = layer.forward(target, memory, batch, selfMask, memoryMask);
        assertAgrees(fixtureName, f.stacked("output"), out);
    }

    @Test
    void sinusoidalTableMatchesThePapersFormulaComputedInTorch() {
        PyTorchFixture f = PyTorchFixture.load("sinusoidal_positional_encoding");
        SinusoidalPositionalEncoding encoding = new SinusoidalPositionalEncoding(f.integer("max_length"),
                f.integer("d_model"));
        assertAgrees("sinusoidal positional encoding", f.matrix("table"), encoding.table());
    }

    @Test
    void labelSmoothedCrossEntropyMatchesPyTorchLossAndGradients() {
        PyTorchFixture f = PyTorchFixture.load("cross_entropy_label_smoothing");
        int classes = f.integer("classes");
        // A generator whose linear layer is the identity turns logits into log-probabilities and
        // carries ∂loss/∂log-probabilities back to ∂loss/∂logits through the kit's log-softmax backward.
        Generator generator = new Generator("generator", classes, classes, new SplittableRandom(1));
        generator.parameters().get(0).value().getDDRM().setTo(SimpleMatrix.identity(classes).getDDRM());
        generator.parameters().get(1).value().zero();
        LabelSmoothingLoss loss = new LabelSmoothingLoss(f.number("label_smoothing"), f.integer("ignore_index"));

        SimpleMatrix logProbs = generator.forward(f.matrix("logits"));
        double value = loss.forward(logProbs, f.integers("targets"));
        SimpleMatrix dLogProbs = loss.backward();
        SimpleMatrix dLogits = generator.backward(dLogProbs);

        assertAgrees("log-softmax of the logits", f.matrix("log_probs"), logProbs);
        SimpleMatrix expectedLoss = new SimpleMatrix(1, 1);
        expectedLoss.set(0, 0, f.number("loss"));
        SimpleMatrix actualLoss = new SimpleMatrix(1, 1);
        actualLoss.set(0, 0, value);
        assertAgrees("label-smoothed cross-entropy (0.1, ignore pad)", expectedLoss, actualLoss);
        assertAgrees("loss gradient w.r.t. log-probabilities", f.matrix("grad_log_probs"), dLogProbs);
        assertAgrees("loss gradient w.r.t. logits", f.matrix("grad_logits"), dLogits);
    }
}
