package transformer.data;

import java.util.List;
import java.util.Objects;

/** One training pair: a source sequence and the target sequence a model should produce from it. */
public record Example(List<String> source, List<String> target) {

    public Example {
        Objects.requireNonNull(source, "Example: source");
        Objects.requireNonNull(target, "Example: target");
        source = List.copyOf(source);
        target = List.copyOf(target);
        if (source.isEmpty() || target.isEmpty()) {
            throw new IllegalArgumentException("Example: source has " + source.size() + " tokens and target has "
                    + target.size() + "; both need at least one token");
        }
    }

    @Override
    public String toString() {
        return String.join(" ", source) + " → " + String.join(" ", target);
    }
}
