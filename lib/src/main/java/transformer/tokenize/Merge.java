package transformer.tokenize;

/**
 * One merge of byte-pair encoding: wherever token {@code left} is followed by token {@code right},
 * they become the token {@code id}, whose text is {@code left + right}. {@code count} is how many
 * times the pair occurred in the corpus when it was merged (the most of any pair at that step).
 */
public record Merge(int left, int right, int id, long count, String leftText, String rightText) {

    /** The text of the merged token. */
    public String text() {
        return leftText + rightText;
    }

    @Override
    public String toString() {
        return Tokenizer.visible(leftText) + " + " + Tokenizer.visible(rightText) + " → "
                + Tokenizer.visible(text()) + " (id " + id + ", " + count + " times)";
    }
}
