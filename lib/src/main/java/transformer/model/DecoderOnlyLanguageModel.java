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
 * Decoder-only, GPT-like language model: embed + positions → N blocks of causal self-attention and
 * feed-forward (no cross-attention: there is no encoder) → {@link Generator}. A block is exactly an
 * {@link EncoderLayer} whose mask is causal, so position i predicts token i+1 from tokens 0…i only.
 *
 * <p>Reads {@code config.targetVocabSize()}. {@code forward(int[][] tokens)} returns (B·n) × vocab
 * log-probabilities; row b·n + i is the distribution of the token after {@code tokens[b][i]}.
 */
public final class DecoderOnlyLanguageModel implements HasParameters {
    private final TransformerConfig config;
    private final Embedding embedding;
    private final PositionalEncoding positions;
    private final Dropout dropout;
    private final Encoder blocks;
    private final Generator generator;
    private boolean training = true;
    private boolean forwardDone;

    /** Parameters {@code embedding.*}, {@code positions.*} (if learned), {@code decoder.layers.i.*}, {@code generator.*}. */
    public DecoderOnlyLanguageModel(TransformerConfig config, long seed) {
        if (config == null) {
            throw new IllegalArgumentException("DecoderOnlyLanguageModel: config is null; try TransformerConfig.tiny(vocabSize)");
        }
        this.config = config;
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom init = root.split();
        SplittableRandom drop = root.split();
        embedding = new Embedding("embedding", config.targetVocabSize(), config.dModel(), init);
        positions = Positions.create("positions", config, init);
        dropout = new Dropout(config.dropout(), drop);
        blocks = new Encoder("decoder", config, init, drop);
        generator = new Generator("generator", config.dModel(), config.targetVocabSize(), init);
    }

    /** B rows of token ids → (B·n) × vocab log-probabilities of each next token. */
    public SimpleMatrix forward(int[][] tokens) {
        String op = "DecoderOnlyLanguageModel.forward";
        int n = Require.tokens(op, "tokens", tokens, config.targetVocabSize());
        if (n > config.maxLength()) {
            throw new IllegalArgumentException(op + ": tokens have length " + n + " but maxLength is " + config.maxLength());
        }
        SimpleMatrix x = dropout.forward(positions.forward(embedding.forward(tokens), n));
        AttentionMask mask = AttentionMask.causal(n).and(AttentionMask.padding(tokens, config.padId()));
        forwardDone = true;
        return generator.forward(blocks.forward(x, tokens.length, mask));
    }

    /** Backpropagates ∂loss/∂logProbs into every parameter's gradient. */
    public void backward(SimpleMatrix dLogProbs) {
        if (!forwardDone) {
            throw new IllegalStateException("DecoderOnlyLanguageModel.backward: call forward first");
        }
        SimpleMatrix dx = blocks.backward(generator.backward(dLogProbs));
        embedding.backward(positions.backward(dropout.backward(dx)));
    }

    public TransformerConfig config() { return config; }

    public void setTraining(boolean training) {
        this.training = training;
        dropout.setTraining(training);
        blocks.setTraining(training);
    }

    public boolean isTraining() { return training; }

    /** Causal self-attention weights of the last forward, [layer][head], each n × n. */
    public List<List<SimpleMatrix>> selfAttention(int batchItem) {
        return blocks.selfAttentionWeights(batchItem);
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(embedding.parameters());
        all.addAll(Positions.parametersOf(positions));
        all.addAll(blocks.parameters());
        all.addAll(generator.parameters());
        return all;
    }
}
