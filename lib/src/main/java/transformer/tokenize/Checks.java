package transformer.tokenize;

/** The checks every tokenizer makes on ids it is asked to decode. */
final class Checks {

    private Checks() {
    }

    static void ids(String op, int[] ids, int size) {
        if (ids == null) {
            throw new IllegalArgumentException(op + ": got null; expected an array of token ids in 0.." + (size - 1));
        }
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= size) {
                throw new IllegalArgumentException(op + ": id " + ids[i] + " at position " + i
                        + " is not a token of this tokenizer of " + size + " tokens; expected ids in 0.." + (size - 1));
            }
        }
    }
}
