package transformer.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The tokens a model knows, each with a fixed id. Ids 0 to 3 are always the special tokens
 * {@code <pad>} (fills short sequences), {@code <bos>} (starts every decoder input), {@code <eos>}
 * (ends every target) and {@code <unk>} (stands for any token the vocabulary does not know); the
 * ordinary tokens follow in the order they were first given.
 */
public final class Vocabulary {

    public static final int PAD = 0;
    public static final int BOS = 1;
    public static final int EOS = 2;
    public static final int UNK = 3;
    public static final List<String> SPECIALS = List.of("<pad>", "<bos>", "<eos>", "<unk>");

    private final List<String> tokens;
    private final Map<String, Integer> ids = new HashMap<>();

    private Vocabulary(List<String> tokens) {
        this.tokens = List.copyOf(tokens);
        for (int i = 0; i < this.tokens.size(); i++) {
            ids.put(this.tokens.get(i), i);
        }
    }

    /** A vocabulary of the special tokens followed by the given tokens (duplicates kept once). */
    public static Vocabulary of(Collection<String> tokens) {
        Objects.requireNonNull(tokens, "Vocabulary.of: tokens");
        LinkedHashSet<String> all = new LinkedHashSet<>(SPECIALS);
        for (String token : tokens) {
            if (token == null || token.isEmpty()) {
                throw new IllegalArgumentException("Vocabulary.of: a token is "
                        + (token == null ? "null" : "the empty string") + "; every token needs at least one character");
            }
            all.add(token);
        }
        return new Vocabulary(new ArrayList<>(all));
    }

    /** A vocabulary of every token that appears in the given sequences, in order of first appearance. */
    public static Vocabulary fromSequences(Collection<? extends List<String>> sequences) {
        List<String> seen = new ArrayList<>();
        for (List<String> sequence : sequences) {
            seen.addAll(sequence);
        }
        return of(seen);
    }

    public int size() {
        return tokens.size();
    }

    public List<String> tokens() {
        return tokens;
    }

    public boolean contains(String token) {
        return ids.containsKey(token);
    }

    /** The id of a token, or {@link #UNK} for a token this vocabulary does not know. */
    public int id(String token) {
        return ids.getOrDefault(token, UNK);
    }

    /** The token with this id; an id outside the vocabulary is an error, never a silent {@code <unk>}. */
    public String token(int id) {
        if (id < 0 || id >= tokens.size()) {
            throw new IllegalArgumentException("Vocabulary.token: id " + id + " is outside this vocabulary of "
                    + tokens.size() + " tokens; expected an id in 0.." + (tokens.size() - 1));
        }
        return tokens.get(id);
    }

    /** Token ids for a sequence of tokens; unknown tokens become {@link #UNK}. */
    public int[] encode(List<String> sequence) {
        int[] out = new int[sequence.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = id(sequence.get(i));
        }
        return out;
    }

    /** Tokens for a sequence of ids, special tokens included. */
    public List<String> decode(int[] ids) {
        List<String> out = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= tokens.size()) {
                throw new IllegalArgumentException("Vocabulary.decode: id " + ids[i] + " at position " + i
                        + " is outside this vocabulary of " + tokens.size() + " tokens; expected ids in 0.."
                        + (tokens.size() - 1));
            }
            out.add(tokens.get(ids[i]));
        }
        return out;
    }

    /**
     * Tokens for the ids a model produced: stops at the first {@code <eos>} and leaves out
     * {@code <pad>} and {@code <bos>}.
     */
    public List<String> decodeOutput(int[] ids) {
        List<String> out = new ArrayList<>();
        for (String token : decode(ids)) {
            if (token.equals(SPECIALS.get(EOS))) {
                break;
            }
            if (!token.equals(SPECIALS.get(PAD)) && !token.equals(SPECIALS.get(BOS))) {
                out.add(token);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        List<String> shown = tokens.size() <= 40 ? tokens : tokens.subList(0, 40);
        return "Vocabulary(" + tokens.size() + " tokens: " + String.join(" ", shown)
                + (shown.size() < tokens.size() ? " …)" : ")");
    }
}
