package transformer.tokenize;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import transformer.data.Vocabulary;

/**
 * Every character is a token: the special tokens at ids 0–3, then every character of the corpus in
 * the order of its Unicode code point (so the same corpus always gives the same ids). A character
 * is a code point, so a letter outside the Basic Multilingual Plane is one token, not two halves.
 * Short vocabularies, long sequences: "Je t'aime." is 10 tokens.
 */
public final class CharacterTokenizer implements Tokenizer {

    private final int[] alphabet;
    private final Map<Integer, Integer> ids = new HashMap<>();
    private final Vocabulary vocabulary;

    CharacterTokenizer(int[] alphabet) {
        this.alphabet = alphabet.clone();
        List<String> tokens = new ArrayList<>(alphabet.length);
        for (int c : this.alphabet) {
            ids.put(c, Vocabulary.SPECIALS.size() + tokens.size());
            tokens.add(Character.toString(c));
        }
        vocabulary = Vocabulary.of(tokens);
    }

    /** The characters of {@code text}. */
    public static CharacterTokenizer of(String text) {
        return of(List.of(text == null ? "" : text));
    }

    /** The characters of all the {@code texts}. An empty corpus is an error. */
    public static CharacterTokenizer of(Collection<String> texts) {
        return new CharacterTokenizer(alphabet("CharacterTokenizer.of", texts));
    }

    /** The distinct code points of the texts, in increasing order; an empty corpus is an error. */
    static int[] alphabet(String op, Collection<String> texts) {
        if (texts == null) {
            throw new IllegalArgumentException(op + ": got no corpus (null); expected texts with at least one character");
        }
        TreeSet<Integer> seen = new TreeSet<>();
        for (String text : texts) {
            if (text == null) {
                throw new IllegalArgumentException(op + ": a text of the corpus is null; expected strings");
            }
            text.codePoints().forEach(seen::add);
        }
        if (seen.isEmpty()) {
            throw new IllegalArgumentException(op + ": the corpus is empty (" + texts.size()
                    + " texts, no character); expected at least one character to build a vocabulary from");
        }
        return seen.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public int[] encode(String text) {
        if (text == null) {
            throw new IllegalArgumentException("CharacterTokenizer.encode: got null; expected a text (it may be empty)");
        }
        return text.codePoints().map(c -> ids.getOrDefault(c, Vocabulary.UNK)).toArray();
    }

    @Override
    public String decode(int[] ids) {
        Checks.ids("CharacterTokenizer.decode", ids, vocabulary.size());
        return String.join("", vocabulary.decode(ids));
    }

    @Override
    public List<String> tokens(String text) {
        return vocabulary.decode(encode(text));
    }

    @Override
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** The characters, as code points, in id order (the first has id 4). */
    public int[] alphabet() {
        return alphabet.clone();
    }

    @Override
    public void save(Path file) {
        TokenizerFile.write(this, file);
    }

    @Override
    public String toString() {
        return "CharacterTokenizer(" + size() + " tokens: 4 special, " + alphabet.length + " characters)";
    }
}
