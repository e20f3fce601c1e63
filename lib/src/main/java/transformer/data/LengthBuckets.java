package transformer.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Batches of examples of similar length: an endless, seeded supply like {@link BatchStream}, with less
 * padding. Every pass shuffles the examples, cuts them into pools of {@code poolBatches} batches,
 * sorts each pool by length, cuts the pool into batches and shuffles the order of all the batches.
 * A batch is padded to its longest row, so on sentences of 2 to 20 tokens this skips most of the
 * padding a random batch carries (and the work spent on it), while every batch still comes from a
 * random part of the data.
 */
public final class LengthBuckets implements Iterator<Batch> {

    private final List<Example> examples;
    private final int batchSize;
    private final int poolBatches;
    private final ToIntFunction<Example> length;
    private final Function<List<Example>, Batch> makeBatch;
    private final Random random;
    private final List<List<Example>> batches = new ArrayList<>();
    private int next;
    private int epoch;

    /**
     * @param length      the length to sort by, for example the target's token count
     * @param makeBatch   how a list of examples becomes a batch, e.g. {@code part -> Batch.of(part, v)}
     */
    public LengthBuckets(List<Example> examples, int batchSize, int poolBatches, long seed,
            ToIntFunction<Example> length, Function<List<Example>, Batch> makeBatch) {
        if (examples == null || examples.isEmpty()) {
            throw new IllegalArgumentException("LengthBuckets: got no examples; expected at least one");
        }
        if (batchSize < 1 || poolBatches < 1) {
            throw new IllegalArgumentException("LengthBuckets: batch size " + batchSize + " and pool of " + poolBatches
                    + " batches; expected both at least 1");
        }
        if (length == null || makeBatch == null) {
            throw new IllegalArgumentException("LengthBuckets: needs a length to sort by and a way to make batches; got "
                    + (length == null ? "no length " : "") + (makeBatch == null ? "no batch maker" : ""));
        }
        this.examples = new ArrayList<>(examples);
        this.batchSize = batchSize;
        this.poolBatches = poolBatches;
        this.length = length;
        this.makeBatch = makeBatch;
        this.random = new Random(seed);
    }

    private void refill() {
        Collections.shuffle(examples, random);
        batches.clear();
        int pool = batchSize * poolBatches;
        for (int start = 0; start < examples.size(); start += pool) {
            List<Example> part = new ArrayList<>(examples.subList(start, Math.min(examples.size(), start + pool)));
            part.sort(Comparator.comparingInt(length));
            for (int i = 0; i < part.size(); i += batchSize) {
                batches.add(List.copyOf(part.subList(i, Math.min(part.size(), i + batchSize))));
            }
        }
        Collections.shuffle(batches, random);
        next = 0;
        epoch++;
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public Batch next() {
        if (next >= batches.size()) {
            refill();
        }
        return makeBatch.apply(batches.get(next++));
    }

    /** How many passes over the examples have begun (1 during the first pass). */
    public int epoch() {
        return epoch;
    }

    /** Batches in one pass over the examples. */
    public int batchesPerEpoch() {
        int pool = batchSize * poolBatches;
        int rest = examples.size() % pool;
        return examples.size() / pool * poolBatches + (rest + batchSize - 1) / batchSize;
    }
}
