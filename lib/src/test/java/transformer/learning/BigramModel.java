package transformer.learning;

import java.util.List;
import java.util.SplittableRandom;

import org.ejml.simple.SimpleMatrix;

import transformer.data.Batch;
import transformer.layers.Parameter;

/**
 * A tiny stand-in model for testing the training loop on its own: the next token's logits are a row
 * of a V × V table chosen by the current decoder input token, then a log-softmax.
 */
final class BigramModel implements Trainable {

    private final Parameter table;
    private int[] lastInputs;
    private SimpleMatrix lastLogProbs;
    boolean training;

    BigramModel(int vocabularySize, long seed) {
        table = Parameter.xavierUniform("bigram.table", vocabularySize, vocabularySize, new SplittableRandom(seed));
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(table);
    }

    @Override
    public SimpleMatrix forward(Batch batch) {
        int[][] inputs = batch.targetInput();
        int n = inputs[0].length;
        int v = table.value().getNumCols();
        lastInputs = new int[inputs.length * n];
        SimpleMatrix out = new SimpleMatrix(lastInputs.length, v);
        for (int b = 0; b < inputs.length; b++) {
            for (int i = 0; i < n; i++) {
                int r = b * n + i;
                lastInputs[r] = inputs[b][i];
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < v; c++) {
                    max = Math.max(max, table.value().get(inputs[b][i], c));
                }
                double sum = 0;
                for (int c = 0; c < v; c++) {
                    sum += Math.exp(table.value().get(inputs[b][i], c) - max);
                }
                for (int c = 0; c < v; c++) {
                    out.set(r, c, table.value().get(inputs[b][i], c) - max - Math.log(sum));
                }
            }
        }
        lastLogProbs = out;
        return out;
    }

    @Override
    public int[][] targets(Batch batch) {
        return batch.targetOutput();
    }

    @Override
    public void backward(SimpleMatrix dLogProbs) {
        int v = table.value().getNumCols();
        for (int r = 0; r < lastInputs.length; r++) {
            double rowSum = 0;
            for (int c = 0; c < v; c++) {
                rowSum += dLogProbs.get(r, c);
            }
            for (int c = 0; c < v; c++) {
                double d = dLogProbs.get(r, c) - Math.exp(lastLogProbs.get(r, c)) * rowSum;
                table.grad().set(lastInputs[r], c, table.grad().get(lastInputs[r], c) + d);
            }
        }
    }

    @Override
    public void setTraining(boolean training) {
        this.training = training;
    }
}
