package transformer.tokenize;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts text into chunks before byte-pair encoding, so that merges stay inside words: no token ever
 * spans "dog" and the "." after it, and "dog", "dog." and "dog!" share the token "dog". The split is
 * GPT-2's (Radford et al. 2019): an English contraction ({@code 's 't 're 've 'm 'll 'd}), or an
 * optional space followed by letters, or by digits, or by other symbols; or a run of white space.
 * A word keeps the space before it (" cat"), so the chunks concatenate back to the text exactly:
 * nothing is lost, new lines and tabs included. White space is Unicode's, so the narrow no-break
 * space French puts before "!" is white space too.
 */
public final class Pretokenizer {

    /** GPT-2's split pattern, with {@code \s} meaning any Unicode white space. */
    public static final String GPT2_PATTERN =
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

    private static final Pattern GPT2 = Pattern.compile(GPT2_PATTERN, Pattern.UNICODE_CHARACTER_CLASS);

    private Pretokenizer() {
    }

    /** The chunks of {@code text}, in order; joined, they are {@code text}. */
    public static List<String> chunks(String text) {
        if (text == null) {
            throw new IllegalArgumentException("Pretokenizer.chunks: got null; expected a text (it may be empty)");
        }
        List<String> out = new ArrayList<>();
        Matcher m = GPT2.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
