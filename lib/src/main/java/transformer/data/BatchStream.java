package transformer.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * An endless supply of training batches: the examples are shuffled (with a seed), cut into batches,
 * and reshuffled after every pass (epoch). The same seed gives the same batches in the same order.
 */
public final class BatchStream implements Iterator<Batch> {

    private final List<Example> examples;
    private final Function<List<Example>, Batch> makeBatch;
    private final int batchSize;
    private final Random random;
    private final List<Example> order;
    private int next;
    private int epoch;

    /** Sequence-to-sequence batches ({@link Batch#of(List, Vocabulary)}). */
    public BatchStream(List<Example> examples, Vocabulary vocabulary, int batchSize, long seed) {
        this(examples, batchSize, seed, part -> Batch.of(part, vocabulary));
    }

    /**
     * Batches made by {@code makeBatch}, for example {@code part -> Batch.sequences(…)} for a language
     * model or {@code part -> Batch.labelled(…)} for a classifier.
     */
    public BatchStream(List<Example> examples, int batchSize, long seed, Function<List<Example>, Batch> makeBatch) {
        if (makeBatch == null) {
            throw new IllegalArgumentException("BatchStream: no way to make batches; pass a function of the examples");
        }
        if (examples == null || examples.isEmpty()) {
            throw new IllegalArgumentException("BatchStream: got no examples; expected at least one");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("BatchStream: batch size is " + batchSize + "; expected at least 1");
        }
        this.examples = List.copyOf(examples);
        this.makeBatch = makeBatch;
        this.batchSize = batchSize;
        this.random = new Random(seed);
        this.order = new ArrayList<>(this.examples);
        this.next = order.size();
    }

    /** The examples cut in order into batches of at most {@code batchSize}: for evaluation. */
    public static List<Batch> inOrder(List<Example> examples, Vocabulary vocabulary, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("BatchStream.inOrder: batch size is " + batchSize + "; expected at least 1");
        }
        List<Batch> out = new ArrayList<>();
        for (int i = 0; i < examples.size(); i += batchSize) {
            out.add(Batch.of(examples.subList(i, Math.min(examples.size(), i + batchSize)), vocabulary));
        }
        return out;
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public Batch next() {
        if (next >= order.size()) {
            Collections.shuffle(order, random);
            next = 0;
            epoch++;
        }
        int end = Math.min(order.size(), next + batchSize);
        Batch batch = makeBatch.apply(List.copyOf(order.subList(next, end)));
        next = end;
        return batch;
    }

    /** How many passes over the examples have begun (1 during the first pass). */
    public int epoch() {
        return epoch;
    }

    public Iterator<Batch> iterator() {
        return this;
    }
}
