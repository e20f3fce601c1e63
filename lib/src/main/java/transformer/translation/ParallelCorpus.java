package transformer.translation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Sentence pairs, grouped by source sentence: each source with every translation the corpus gives
 * it. Tatoeba's "Stop!" has three French translations; a model is fairly judged on a held-out
 * sentence only if none of them was seen in training, and BLEU counts every one as a reference.
 * So {@link #split} holds out whole groups, never single pairs.
 */
public final class ParallelCorpus {

    /** One source sentence and all its translations, in the corpus's order. */
    public record Group(String source, List<String> translations) {
        public Group {
            translations = List.copyOf(translations);
        }
    }

    /** A source sentence and one of its translations. */
    public record Pair(String source, String translation) {
    }

    /** Training groups and held-out groups: no source is on both sides. */
    public record Split(ParallelCorpus train, ParallelCorpus heldOut) {
    }

    private final List<Group> groups;

    private ParallelCorpus(List<Group> groups) {
        this.groups = List.copyOf(groups);
    }

    /** Groups the pairs by source, in order of first appearance. */
    public static ParallelCorpus of(List<Pair> pairs) {
        if (pairs == null || pairs.isEmpty()) {
            throw new IllegalArgumentException("ParallelCorpus.of: got no pairs; expected at least one (source, translation)");
        }
        Map<String, List<String>> bySource = new LinkedHashMap<>();
        for (int i = 0; i < pairs.size(); i++) {
            Pair p = pairs.get(i);
            if (p == null || p.source() == null || p.translation() == null || p.source().isBlank()
                    || p.translation().isBlank()) {
                throw new IllegalArgumentException("ParallelCorpus.of: pair " + i + " is " + p
                        + "; every pair needs a non-blank source and translation");
            }
            bySource.computeIfAbsent(p.source(), k -> new ArrayList<>()).add(p.translation());
        }
        List<Group> groups = new ArrayList<>();
        bySource.forEach((source, translations) -> groups.add(new Group(source, translations)));
        return new ParallelCorpus(groups);
    }

    /** Reads lines {@code source<TAB>translation} (further tab-separated fields are ignored), as in Tatoeba's files. */
    public static ParallelCorpus readTabSeparated(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("ParallelCorpus.readTabSeparated: there is no file at " + file);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("ParallelCorpus.readTabSeparated: could not read " + file, e);
        }
        List<Pair> pairs = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isEmpty()) {
                continue;
            }
            String[] fields = lines.get(i).split("\t", -1);
            if (fields.length < 2 || fields[0].isBlank() || fields[1].isBlank()) {
                throw new IllegalArgumentException("ParallelCorpus.readTabSeparated: line " + (i + 1) + " of " + file
                        + " is \"" + lines.get(i) + "\"; expected source<TAB>translation");
            }
            pairs.add(new Pair(fields[0], fields[1]));
        }
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("ParallelCorpus.readTabSeparated: " + file
                    + " has no pairs; expected lines source<TAB>translation");
        }
        return of(pairs);
    }

    /**
     * Shuffles the groups with {@code seed} and holds out {@code heldOutFraction} of them (rounded, at
     * least one, and at least one left for training). The same corpus and seed give the same split.
     */
    public Split split(double heldOutFraction, long seed) {
        if (!(heldOutFraction > 0 && heldOutFraction < 1)) {
            throw new IllegalArgumentException("ParallelCorpus.split: held-out fraction is " + heldOutFraction
                    + "; expected a number strictly between 0 and 1, such as 0.05");
        }
        if (groups.size() < 2) {
            throw new IllegalArgumentException("ParallelCorpus.split: the corpus has " + groups.size()
                    + " source sentence; a split needs at least 2 distinct sources");
        }
        List<Group> shuffled = new ArrayList<>(groups);
        Collections.shuffle(shuffled, new Random(seed));
        int held = Math.max(1, Math.min(groups.size() - 1, (int) Math.round(heldOutFraction * groups.size())));
        return new Split(new ParallelCorpus(shuffled.subList(held, shuffled.size())),
                new ParallelCorpus(shuffled.subList(0, held)));
    }

    /** The first {@code n} groups (all of them if there are fewer). */
    public ParallelCorpus first(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("ParallelCorpus.first: n is " + n + "; expected at least 1");
        }
        return new ParallelCorpus(groups.subList(0, Math.min(n, groups.size())));
    }

    public List<Group> groups() {
        return groups;
    }

    /** Every (source, translation) pair: a source with three translations gives three pairs. */
    public List<Pair> pairs() {
        List<Pair> out = new ArrayList<>();
        for (Group g : groups) {
            for (String t : g.translations()) {
                out.add(new Pair(g.source(), t));
            }
        }
        return out;
    }

    public List<String> sources() {
        return groups.stream().map(Group::source).toList();
    }

    /** Every group's translations: BLEU's references, one list per source. */
    public List<List<String>> references() {
        return groups.stream().map(Group::translations).toList();
    }

    /** Distinct source sentences. */
    public int size() {
        return groups.size();
    }

    /** All translations, over every source. */
    public int pairCount() {
        return groups.stream().mapToInt(g -> g.translations().size()).sum();
    }

    @Override
    public String toString() {
        return "ParallelCorpus(" + size() + " sources, " + pairCount() + " pairs)";
    }
}
