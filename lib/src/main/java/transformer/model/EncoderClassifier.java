package transformer.model;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.simple.SimpleMatrix;
import transformer.attention.AttentionMask;
import transformer.layers.Dropout;
import transformer.layers.Embedding;
import transformer.layers.HasParameters;
import transformer.layers.Parameter;
import transformer.layers.Require;
import transformer.position.PositionalEncoding;

/**
 * Encoder-only, BERT-like classification: embed + positions → {@link Encoder} (padding-masked
 * self-attention, every position sees the whole sequence) → the mean of the non-padding positions'
 * vectors → Linear → log-softmax over the classes.
 *
 * <p>Reads {@code config.sourceVocabSize()}. {@code forward(int[][] tokens)} returns B × classes
 * log-probabilities; {@code backward} takes their gradient.
 */
public final class EncoderClassifier implements HasParameters {
    private final TransformerConfig config;
    private final Embedding embedding;
    private final PositionalEncoding positions;
    private final Dropout dropout;
    private final Encoder encoder;
    private final Generator classifier;
    private boolean training = true;
    private int[][] lastTokens;
    private int lastLength;

    /** Parameters {@code embedding.*}, {@code positions.*} (if learned), {@code encoder.*}, {@code classifier.*}. */
    public EncoderClassifier(TransformerConfig config, int classes, long seed) {
        if (config == null) {
            throw new IllegalArgumentException("EncoderClassifier: config is null; try TransformerConfig.tiny(vocabSize)");
        }
        Require.positive("EncoderClassifier", "number of classes", classes);
        this.config = config;
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom init = root.split();
        SplittableRandom drop = root.split();
        embedding = new Embedding("embedding", config.sourceVocabSize(), config.dModel(), init);
        positions = Positions.create("positions", config, init);
        dropout = new Dropout(config.dropout(), drop);
        encoder = new Encoder("encoder", config, init, drop);
        classifier = new Generator("classifier", config.dModel(), classes, init);
    }

    /** B rows of token ids (padded with the pad id) → B × classes log-probabilities. */
    public SimpleMatrix forward(int[][] tokens) {
        String op = "EncoderClassifier.forward";
        int n = Require.tokens(op, "tokens", tokens, config.sourceVocabSize());
        if (n > config.maxLength()) {
            throw new IllegalArgumentException(op + ": tokens have length " + n + " but maxLength is " + config.maxLength());
        }
        SimpleMatrix x = dropout.forward(positions.forward(embedding.forward(tokens), n));
        SimpleMatrix encoded = encoder.forward(x, tokens.length, AttentionMask.padding(tokens, config.padId()));
        lastTokens = tokens;
        lastLength = n;
        return classifier.forward(meanOfNonPadding(encoded));
    }

    /** Backpropagates ∂loss/∂logProbs (B × classes) into every parameter's gradient. */
    public void backward(SimpleMatrix dLogProbs) {
        if (lastTokens == null) {
            throw new IllegalStateException("EncoderClassifier.backward: call forward first");
        }
        SimpleMatrix dPooled = classifier.backward(dLogProbs);
        int d = config.dModel();
        SimpleMatrix dEncoded = new SimpleMatrix(lastTokens.length * lastLength, d);
        for (int b = 0; b < lastTokens.length; b++) {
            int count = nonPadding(lastTokens[b]);
            for (int i = 0; i < lastLength; i++) {
                if (lastTokens[b][i] == config.padId()) {
                    continue;
                }
                for (int c = 0; c < d; c++) {
                    dEncoded.set(b * lastLength + i, c, dPooled.get(b, c) / count);
                }
            }
        }
        SimpleMatrix dx = encoder.backward(dEncoded);
        embedding.backward(positions.backward(dropout.backward(dx)));
    }

    /** Pooling: row b is the average of sequence b's non-padding rows (0 if it is all padding). */
    private SimpleMatrix meanOfNonPadding(SimpleMatrix encoded) {
        int d = config.dModel();
        SimpleMatrix pooled = new SimpleMatrix(lastTokens.length, d);
        for (int b = 0; b < lastTokens.length; b++) {
            int count = nonPadding(lastTokens[b]);
            for (int i = 0; i < lastLength; i++) {
                if (lastTokens[b][i] == config.padId()) {
                    continue;
                }
                for (int c = 0; c < d; c++) {
                    pooled.set(b, c, pooled.get(b, c) + encoded.get(b * lastLength + i, c) / count);
                }
            }
        }
        return pooled;
    }

    private int nonPadding(int[] row) {
        int count = 0;
        for (int id : row) {
            if (id != config.padId()) {
                count++;
            }
        }
        return count;
    }

    public TransformerConfig config() { return config; }

    public int classes() { return classifier.vocabularySize(); }

    public void setTraining(boolean training) {
        this.training = training;
        dropout.setTraining(training);
        encoder.setTraining(training);
    }

    public boolean isTraining() { return training; }

    /** Self-attention weights of the last forward, [layer][head], each n × n. */
    public List<List<SimpleMatrix>> selfAttention(int batchItem) {
        return encoder.selfAttentionWeights(batchItem);
    }

    public Encoder encoder() { return encoder; }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(embedding.parameters());
        all.addAll(Positions.parametersOf(positions));
        all.addAll(encoder.parameters());
        all.addAll(classifier.parameters());
        return all;
    }
}
