package transformer.exercise;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.jshell.spi.SPIResolutionException;
import org.junit.jupiter.api.Test;

/** A learner's method that uses an undefined name must fail its check with a hint, not hang the kernel. */
class ExerciseUndefinedNameTest {

    @Test
    void aMethodWithAnUndefinedNameFailsWithAHintAndWithoutJShellsExceptionAsItsCause() {
        AssertionError e = assertThrows(AssertionError.class, () -> Exercise.check("Exercise 9", () -> {
            throw new SPIResolutionException(3);
        }));
        assertTrue(e.getMessage().contains("Exercise 9") && e.getMessage().contains("not defined"), e.getMessage());
        assertNull(e.getCause(), "JJava hangs when the cause chain holds JShell's resolution exception");
    }

    @Test
    void anUndefinedNameDeeperInTheCauseChainIsRecognisedToo() {
        assertTrue(Exercise.usesUndefinedName(new IllegalStateException("wrapped", new SPIResolutionException(1))));
        assertTrue(!Exercise.usesUndefinedName(new IllegalStateException("plain")));
    }
}
