package transformer.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The simplest task: the target is the source, token for token. A model solves it once its
 * cross-attention looks at source position i when it writes output position i, a diagonal.
 * Tokens are the letters a, b, c, …
 */
public record CopyTask(int symbols, int minLength, int maxLength) implements SequenceTask {

    public CopyTask {
        checkLengths("CopyTask", symbols, minLength, maxLength);
    }

    @Override
    public String name() {
        return "CopyTask";
    }

    @Override
    public Vocabulary vocabulary() {
        return Vocabulary.of(letters(symbols));
    }

    @Override
    public Example sample(Random random) {
        List<String> sequence = randomLetters(random, symbols, minLength, maxLength);
        return new Example(sequence, sequence);
    }

    static void checkLengths(String task, int symbols, int minLength, int maxLength) {
        if (symbols < 2 || symbols > 26) {
            throw new IllegalArgumentException(task + ": symbols is " + symbols + "; expected 2..26 (the letters a..z)");
        }
        if (minLength < 1 || maxLength < minLength) {
            throw new IllegalArgumentException(task + ": lengths " + minLength + ".." + maxLength
                    + "; expected 1 ≤ minLength ≤ maxLength");
        }
    }

    static List<String> letters(int symbols) {
        List<String> out = new ArrayList<>(symbols);
        for (int i = 0; i < symbols; i++) {
            out.add(String.valueOf((char) ('a' + i)));
        }
        return out;
    }

    static List<String> randomLetters(Random random, int symbols, int minLength, int maxLength) {
        int n = minLength + random.nextInt(maxLength - minLength + 1);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(String.valueOf((char) ('a' + random.nextInt(symbols))));
        }
        return out;
    }
}
