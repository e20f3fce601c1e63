package transformer.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** Training examples and held-out examples whose sources never appear in training. */
public record Split(List<Example> train, List<Example> heldOut) {

    public Split {
        train = List.copyOf(train);
        heldOut = List.copyOf(heldOut);
        Set<List<String>> seen = new HashSet<>();
        for (Example e : train) {
            seen.add(e.source());
        }
        for (Example e : heldOut) {
            if (seen.contains(e.source())) {
                throw new IllegalArgumentException("Split: held-out source [" + String.join(" ", e.source())
                        + "] also appears in training; held-out sources must be new to the model");
            }
        }
    }

    /**
     * Shuffles user examples with a seed and holds out about {@code heldOutFraction} of them. Examples
     * that share a source stay on the same side.
     */
    public static Split of(List<Example> examples, double heldOutFraction, long seed) {
        if (!(heldOutFraction > 0 && heldOutFraction < 1)) {
            throw new IllegalArgumentException("Split.of: held-out fraction is " + heldOutFraction
                    + "; expected a number strictly between 0 and 1");
        }
        Map<List<String>, List<Example>> bySource = new LinkedHashMap<>();
        for (Example e : examples) {
            bySource.computeIfAbsent(e.source(), k -> new ArrayList<>()).add(e);
        }
        if (bySource.size() < 2) {
            throw new IllegalArgumentException("Split.of: got " + examples.size() + " examples with "
                    + bySource.size() + " distinct sources; a split needs at least 2 distinct sources");
        }
        List<List<Example>> groups = new ArrayList<>(bySource.values());
        Collections.shuffle(groups, new Random(seed));
        int heldOutGroups = Math.max(1, Math.min(groups.size() - 1, (int) Math.round(heldOutFraction * groups.size())));
        List<Example> heldOut = new ArrayList<>();
        List<Example> train = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            (i < heldOutGroups ? heldOut : train).addAll(groups.get(i));
        }
        return new Split(train, heldOut);
    }
}
