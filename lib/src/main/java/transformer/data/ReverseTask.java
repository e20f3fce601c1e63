package transformer.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The target is the source backwards. Output position i must look at source position n−1−i, so the
 * cross-attention map of a trained model is an anti-diagonal: the first task where order changes.
 */
public record ReverseTask(int symbols, int minLength, int maxLength) implements SequenceTask {

    public ReverseTask {
        CopyTask.checkLengths("ReverseTask", symbols, minLength, maxLength);
    }

    @Override
    public String name() {
        return "ReverseTask";
    }

    @Override
    public Vocabulary vocabulary() {
        return Vocabulary.of(CopyTask.letters(symbols));
    }

    @Override
    public Example sample(Random random) {
        List<String> source = CopyTask.randomLetters(random, symbols, minLength, maxLength);
        List<String> target = new ArrayList<>(source);
        Collections.reverse(target);
        return new Example(source, target);
    }
}
