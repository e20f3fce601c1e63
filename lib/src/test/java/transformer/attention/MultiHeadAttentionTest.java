package transformer.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;
import transformer.learning.GradientCheck;
import transformer.testing.Fixtures;

class MultiHeadAttentionTest {

    @Test
    void hasFourDModelSquaredPlusFourDModelParametersWhateverTheNumberOfHeads() {
        for (int heads : new int[] {1, 2, 4, 8}) {
            MultiHeadAttention mha = new MultiHeadAttention("mha", 64, heads, new SplittableRandom(1));
            assertEquals(4L * 64 * 64 + 4 * 64, mha.parameterCount());
        }
        List<String> names = new MultiHeadAttention("enc.attn", 8, 2, new SplittableRandom(1)).parameters()
                .stream().map(p -> p.name()).toList();
        assertEquals(List.of("enc.attn.W_Q", "enc.attn.b_Q", "enc.attn.W_K", "enc.attn.b_K",
                "enc.attn.W_V", "enc.attn.b_V", "enc.attn.W_O", "enc.attn.b_O"), names);
    }

    @Test
    void headsSplitTheFeatureAxisNotTheSequenceAxis() {
        int d = 6;
        int heads = 3;
        MultiHeadAttention mha = new MultiHeadAttention("mha", d, heads, new SplittableRandom(2));
        SimpleMatrix x = Fixtures.gaussian(5, d, 3);
        SimpleMatrix out = mha.forward(x);
        // The same computation by hand: project, then attend on column slices of width d_k = 2.
        SimpleMatrix q = x.mult(mha.parameters().get(0).value()).plus(rowRepeat(mha.parameters().get(1).value(), 5));
        SimpleMatrix k = x.mult(mha.parameters().get(2).value()).plus(rowRepeat(mha.parameters().get(3).value(), 5));
        SimpleMatrix v = x.mult(mha.parameters().get(4).value()).plus(rowRepeat(mha.parameters().get(5).value(), 5));
        SimpleMatrix concat = new SimpleMatrix(5, d);
        for (int h = 0; h < heads; h++) {
            int c0 = 2 * h;
            ScaledDotProductAttention.Result head = new ScaledDotProductAttention().forward(
                    q.extractMatrix(0, 5, c0, c0 + 2), k.extractMatrix(0, 5, c0, c0 + 2), v.extractMatrix(0, 5, c0, c0 + 2));
            concat.insertIntoThis(0, c0, head.output());
            assertTrue(head.weights().isIdentical(mha.weights(0, h), 1e-14), "head " + h + " weights");
        }
        SimpleMatrix expected = concat.mult(mha.parameters().get(6).value()).plus(rowRepeat(mha.parameters().get(7).value(), 5));
        assertTrue(expected.isIdentical(out, 1e-13));
    }

    @Test
    void selfAttentionWithoutPositionsIsPermutationEquivariant() {
        MultiHeadAttention mha = new MultiHeadAttention("mha", 8, 2, new SplittableRandom(4));
        SimpleMatrix x = Fixtures.gaussian(5, 8, 5);
        int[] permutation = {3, 0, 4, 1, 2};
        SimpleMatrix permuted = new SimpleMatrix(5, 8);
        for (int i = 0; i < 5; i++) {
            permuted.insertIntoThis(i, 0, x.extractVector(true, permutation[i]));
        }
        SimpleMatrix out = mha.forward(x);
        SimpleMatrix outPermuted = mha.forward(permuted);
        for (int i = 0; i < 5; i++) {
            assertTrue(outPermuted.extractVector(true, i).isIdentical(out.extractVector(true, permutation[i]), 1e-13));
        }
    }

    @Test
    void batchItemsDoNotSeeEachOther() {
        MultiHeadAttention mha = new MultiHeadAttention("mha", 4, 2, new SplittableRandom(6));
        SimpleMatrix a = Fixtures.gaussian(3, 4, 1);
        SimpleMatrix b = Fixtures.gaussian(3, 4, 2);
        SimpleMatrix alone = mha.forward(b);
        SimpleMatrix batched = mha.forward(a.concatRows(b), a.concatRows(b), 2, null);
        assertTrue(batched.extractMatrix(3, 6, 0, 4).isIdentical(alone, 1e-14));
        assertEquals(2, mha.weights(1).size());
    }

    @Test
    void selfAttentionBackwardMatchesFiniteDifferences() {
        MultiHeadAttention mha = new MultiHeadAttention("mha", 6, 2, new SplittableRandom(7));
        randomiseBiases(mha);
        SimpleMatrix x = Fixtures.gaussian(2 * 4, 6, 8);
        SimpleMatrix r = Fixtures.gaussian(2 * 4, 6, 9);
        AttentionMask mask = AttentionMask.causal(4).and(AttentionMask.padding(new int[][] {{5, 5, 5, 5}, {5, 5, 0, 0}}, 0));
        mha.zeroGrad();
        mha.forward(x, x, 2, mask);
        SimpleMatrix dx = mha.backward(r).sum();
        java.util.function.DoubleSupplier loss = () -> Fixtures.dot(mha.forward(x, x, 2, mask), r);
        GradientCheck.parameters(mha.parameters(), loss).assertBelow(1e-6);
        GradientCheck.input("x", x, dx, loss).assertBelow(1e-6);
    }

    @Test
    void crossAttentionBackwardMatchesFiniteDifferencesForBothInputs() {
        MultiHeadAttention mha = new MultiHeadAttention("mha", 6, 3, new SplittableRandom(10));
        randomiseBiases(mha);
        SimpleMatrix queries = Fixtures.gaussian(2 * 3, 6, 11);
        SimpleMatrix memory = Fixtures.gaussian(2 * 5, 6, 12);
        SimpleMatrix r = Fixtures.gaussian(2 * 3, 6, 13);
        AttentionMask mask = AttentionMask.padding(new int[][] {{4, 4, 4, 0, 0}, {4, 4, 4, 4, 4}}, 0, 3);
        mha.zeroGrad();
        mha.forward(queries, memory, 2, mask);
        MultiHeadAttention.InputGradients g = mha.backward(r);
        java.util.function.DoubleSupplier loss = () -> Fixtures.dot(mha.forward(queries, memory, 2, mask), r);
        GradientCheck.parameters(mha.parameters(), loss).assertBelow(1e-6);
        GradientCheck.input("queries", queries, g.dQueryInput(), loss).assertBelow(1e-6);
        GradientCheck.input("memory", memory, g.dKeyValueInput(), loss).assertBelow(1e-6);
        assertEquals(3, mha.weights(0, 1).getNumRows());
        assertEquals(5, mha.weights(0, 1).getNumCols());
        assertEquals(0.0, mha.weights(0, 1).extractVector(false, 4).elementMaxAbs(), 0, "padding key gets no weight");
    }

    private static void randomiseBiases(MultiHeadAttention mha) {
        for (int i = 1; i < 8; i += 2) {
            mha.parameters().get(i).value().setTo(Fixtures.gaussian(1, mha.dModel(), 100 + i));
        }
    }

    private static SimpleMatrix rowRepeat(SimpleMatrix row, int n) {
        SimpleMatrix m = new SimpleMatrix(n, row.getNumCols());
        for (int i = 0; i < n; i++) {
            m.insertIntoThis(i, 0, row);
        }
        return m;
    }
}
