package transformer.checkpoint;

/**
 * A checkpoint file that cannot be used: not a checkpoint at all, truncated, corrupt, of a newer
 * format, or made for a different model. The message names the file and what is wrong with it.
 * It is an {@link IllegalArgumentException}, like every other bad input to the kit.
 */
public final class InvalidCheckpointException extends IllegalArgumentException {

    InvalidCheckpointException(String message) {
        super(message);
    }
}
