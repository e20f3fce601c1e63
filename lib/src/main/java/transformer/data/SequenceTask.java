package transformer.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A synthetic sequence-to-sequence task: a vocabulary and a way to draw random examples. All the
 * randomness comes from the {@link Random} passed in, so a seed fixes every example.
 */
public interface SequenceTask {

    /** A short name for tables and plots. */
    String name();

    /** Every token the task's sources and targets use, after the special tokens. */
    Vocabulary vocabulary();

    /** One random example. */
    Example sample(Random random);

    /** {@code count} random examples (sources may repeat). */
    default List<Example> examples(int count, long seed) {
        if (count < 1) {
            throw new IllegalArgumentException(name() + ".examples: count is " + count + "; expected at least 1");
        }
        Random random = new Random(seed);
        List<Example> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(sample(random));
        }
        return out;
    }

    /**
     * Distinct examples split into a training set and a held-out set: no held-out source appears in
     * training, so held-out accuracy measures generalisation, not memory.
     */
    default Split split(int trainSize, int heldOutSize, long seed) {
        if (trainSize < 1 || heldOutSize < 1) {
            throw new IllegalArgumentException(name() + ".split: train size " + trainSize + " and held-out size "
                    + heldOutSize + "; expected both at least 1");
        }
        int wanted = trainSize + heldOutSize;
        Random random = new Random(seed);
        Map<List<String>, Example> distinct = new LinkedHashMap<>();
        long attempts = 0;
        long limit = 50L * wanted + 1000;
        while (distinct.size() < wanted && attempts++ < limit) {
            Example e = sample(random);
            distinct.putIfAbsent(e.source(), e);
        }
        if (distinct.size() < wanted) {
            throw new IllegalArgumentException(name() + ".split: found only " + distinct.size()
                    + " distinct sources in " + limit + " draws but " + wanted + " (" + trainSize + " + "
                    + heldOutSize + ") were asked for; ask for fewer or make the task larger");
        }
        List<Example> all = new ArrayList<>(distinct.values());
        return new Split(all.subList(0, trainSize), all.subList(trainSize, wanted));
    }
}
