package transformer.tokenize;

import java.nio.file.Path;
import java.util.List;

import transformer.data.Vocabulary;

/**
 * Text to token ids and back. Ids 0–3 are the kit's special tokens ({@link Vocabulary#SPECIALS});
 * {@link #encode} never produces {@code <pad>}, {@code <bos>} or {@code <eos>}, and produces
 * {@code <unk>} only for a character the tokenizer never saw. For text made of known characters,
 * {@code decode(encode(text))} is {@code text}, exactly.
 */
public interface Tokenizer {

    /** The ids of {@code text}; a character the tokenizer does not know becomes {@link Vocabulary#UNK}. */
    int[] encode(String text);

    /**
     * The text of {@code ids}: their tokens concatenated, special tokens written as their names
     * ({@code <bos>} …). An id outside the vocabulary is an error.
     */
    String decode(int[] ids);

    /** The tokens of {@code text} as strings of the {@link #vocabulary()}: what an {@link transformer.data.Example} holds. */
    List<String> tokens(String text);

    /** Every token, in id order, as the kit's {@link Vocabulary}: {@code vocabulary().id(t)} is this tokenizer's id. */
    Vocabulary vocabulary();

    /** Writes the tokenizer as a small text file; {@link #load} reads it back, bit for bit. */
    void save(Path file);

    /** The number of tokens, special tokens included. */
    default int size() {
        return vocabulary().size();
    }

    /**
     * The text of ids a model produced: stops at the first {@code <eos>} and leaves out {@code <pad>}
     * and {@code <bos>}, as {@link Vocabulary#decodeOutput} does.
     */
    default String decodeOutput(int[] ids) {
        return String.join("", vocabulary().decodeOutput(ids));
    }

    /** Reads a tokenizer saved by {@link #save}: a {@link CharacterTokenizer} or a {@link BytePairEncoding}. */
    static Tokenizer load(Path file) {
        return TokenizerFile.read(file);
    }

    /**
     * A token made readable in a table: a space becomes {@code ␣}, a new line {@code ↵}, a tab
     * {@code ⇥}, any other white space {@code ·}.
     */
    static String visible(String token) {
        StringBuilder out = new StringBuilder(token.length());
        token.codePoints().forEach(c -> {
            if (c == ' ') {
                out.append('␣');
            } else if (c == '\n') {
                out.append('↵');
            } else if (c == '\t') {
                out.append('⇥');
            } else if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                out.append('·');
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
