package transformer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import transformer.attention.AttentionMask;
import transformer.layers.NormPlacement;
import transformer.layers.Parameter;
import transformer.learning.GradientCheck;
import transformer.testing.Fixtures;

class LayerGradientTest {
    private static final int[][] SOURCE = {{4, 5, 6, 2}, {3, 4, 0, 0}};
    private static final int[][] TARGET = {{1, 7, 8}, {1, 5, 0}};

    /** Gains and biases away from 1 and 0, so that a backward that forgets them is caught. */
    private static void perturbNorms(List<Parameter> parameters) {
        long seed = 500;
        for (Parameter p : parameters) {
            if (p.name().endsWith(".gain") || p.name().endsWith(".bias") || p.name().contains(".b_")) {
                p.value().setTo(p.value().plus(Fixtures.gaussian(1, p.value().getNumCols(), seed++).scale(0.3)));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(NormPlacement.class)
    void encoderLayerBackwardMatchesFiniteDifferences(NormPlacement placement) {
        TransformerConfig config = Fixtures.gradientCheckConfig(placement);
        EncoderLayer layer = new EncoderLayer("layer", config, new SplittableRandom(1), new SplittableRandom(2));
        perturbNorms(layer.parameters());
        SimpleMatrix x = Fixtures.gaussian(2 * 4, 8, 3);
        SimpleMatrix r = Fixtures.gaussian(2 * 4, 8, 4);
        AttentionMask mask = AttentionMask.padding(SOURCE, 0);
        layer.zeroGrad();
        layer.forward(x, 2, mask);
        SimpleMatrix dx = layer.backward(r);
        DoubleSupplier loss = () -> Fixtures.dot(layer.forward(x, 2, mask), r);
        GradientCheck.parameters(layer.parameters(), loss).assertBelow(1e-6);
        GradientCheck.input("x", x, dx, loss).assertBelow(1e-6);
    }

    @ParameterizedTest
    @EnumSource(NormPlacement.class)
    void decoderLayerBackwardMatchesFiniteDifferencesForInputAndMemory(NormPlacement placement) {
        TransformerConfig config = Fixtures.gradientCheckConfig(placement);
        DecoderLayer layer = new DecoderLayer("layer", config, new SplittableRandom(5), new SplittableRandom(6));
        perturbNorms(layer.parameters());
        SimpleMatrix y = Fixtures.gaussian(2 * 3, 8, 7);
        SimpleMatrix memory = Fixtures.gaussian(2 * 4, 8, 8);
        SimpleMatrix r = Fixtures.gaussian(2 * 3, 8, 9);
        AttentionMask selfMask = AttentionMask.causal(3).and(AttentionMask.padding(TARGET, 0));
        AttentionMask memoryMask = AttentionMask.padding(SOURCE, 0, 3);
        layer.zeroGrad();
        layer.forward(y, memory, 2, selfMask, memoryMask);
        DecoderLayer.Gradients g = layer.backward(r);
        DoubleSupplier loss = () -> Fixtures.dot(layer.forward(y, memory, 2, selfMask, memoryMask), r);
        GradientCheck.parameters(layer.parameters(), loss).assertBelow(1e-6);
        GradientCheck.input("decoder input", y, g.dInput(), loss).assertBelow(1e-6);
        GradientCheck.input("memory", memory, g.dMemory(), loss).assertBelow(1e-6);
    }

    @ParameterizedTest
    @EnumSource(NormPlacement.class)
    void decoderStackSumsTheMemoryGradientsOfEveryLayer(NormPlacement placement) {
        Decoder decoder = new Decoder("decoder", Fixtures.gradientCheckConfig(placement), new SplittableRandom(3),
                new SplittableRandom(4));
        SimpleMatrix y = Fixtures.gaussian(2 * 3, 8, 1);
        SimpleMatrix memory = Fixtures.gaussian(2 * 4, 8, 2);
        SimpleMatrix r = Fixtures.gaussian(2 * 3, 8, 3);
        AttentionMask selfMask = AttentionMask.causal(3).and(AttentionMask.padding(TARGET, 0));
        AttentionMask memoryMask = AttentionMask.padding(SOURCE, 0, 3);
        decoder.forward(y, memory, 2, selfMask, memoryMask);
        DecoderLayer.Gradients g = decoder.backward(r);
        DoubleSupplier loss = () -> Fixtures.dot(decoder.forward(y, memory, 2, selfMask, memoryMask), r);
        GradientCheck.input("memory", memory, g.dMemory(), loss).assertBelow(1e-6);
        GradientCheck.input("decoder input", y, g.dInput(), loss).assertBelow(1e-6);
    }

    @Test
    void generatorBackwardMatchesFiniteDifferences() {
        Generator generator = new Generator("generator", 5, 7, new SplittableRandom(1));
        SimpleMatrix x = Fixtures.gaussian(4, 5, 2);
        SimpleMatrix r = Fixtures.gaussian(4, 7, 3);
        generator.zeroGrad();
        generator.forward(x);
        SimpleMatrix dx = generator.backward(r);
        List<Parameter> params = new ArrayList<>(generator.parameters());
        DoubleSupplier loss = () -> Fixtures.dot(generator.forward(x), r);
        GradientCheck.parameters(params, loss).assertBelow(1e-6);
        GradientCheck.input("x", x, dx, loss).assertBelow(1e-6);
    }

    @Test
    void logSoftmaxStaysFiniteForHugeScores() {
        SimpleMatrix lp = Generator.logSoftmax(new SimpleMatrix(new double[][] {{1000, 1001, -1000}}));
        assertEquals(-Math.log(1 + Math.exp(-1)), lp.get(0, 1), 1e-12);
        assertEquals(-1 - Math.log(1 + Math.exp(-1)), lp.get(0, 0), 1e-12);
        assertEquals(-2001 - Math.log(1 + Math.exp(-1)), lp.get(0, 2), 1e-9);
    }
}
