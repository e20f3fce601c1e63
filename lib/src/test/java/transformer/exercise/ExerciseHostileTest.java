package transformer.exercise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Exceptions built to confuse whoever reports them, thrown from a learner's code inside a check. Each
 * must still fail the check with the check's own {@link AssertionError}: no cause, an empty stack
 * trace and a message that was computed without the exception's help.
 */
class ExerciseHostileTest {

    /** An exception whose stack trace is {@code null}: JJava then answers "ok" with no error. */
    static final class NoTrace extends RuntimeException {
        @Override
        public StackTraceElement[] getStackTrace() {
            return null;
        }
    }

    /** An exception whose message cannot be read: JJava's reporting thread dies on it. */
    static final class Unreadable extends RuntimeException {
        @Override
        public String getMessage() {
            throw new IllegalStateException("no message for you");
        }
    }

    static final class BadCause extends RuntimeException {
        @Override
        public synchronized Throwable getCause() {
            throw new IllegalStateException("no cause for you");
        }
    }

    private static AssertionError failureOf(Exercise.Body body) {
        AssertionError e = assertThrows(AssertionError.class, () -> Exercise.check("Exercise 9", body));
        assertEquals(AssertionError.class, e.getClass());
        assertNull(e.getCause(), "the learner's exception must not be the cause of the check's failure");
        assertEquals(0, e.getStackTrace().length, "the failure is shown without a stack trace");
        assertTrue(e.getMessage().startsWith("✗ Exercise 9: "), e.getMessage());
        return e;
    }

    @Test
    void aNullStackTraceAnywhereInTheCauseChainStillFails() {
        failureOf(() -> {
            throw new NoTrace();
        });
        String m = failureOf(() -> {
            throw new AssertionError("wrong", new NoTrace());
        }).getMessage();
        assertTrue(m.contains("wrong"), m);
    }

    @Test
    void aMessageThatThrowsStillFails() {
        String m = failureOf(() -> {
            throw new Unreadable();
        }).getMessage();
        assertTrue(m.contains("Unreadable") && m.contains("could not be read"), m);
        failureOf(() -> {
            throw new IllegalStateException("outer", new Unreadable());
        });
    }

    @Test
    void aCauseThatThrowsOrACycleOfCausesStillFails() {
        failureOf(() -> {
            throw new BadCause();
        });
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertTrue(failureOf(() -> {
            throw a;
        }).getMessage().contains("RuntimeException: a"));
    }

    private static AssertionError anyFailureOf(Exercise.Body body) {
        AssertionError e = assertThrows(AssertionError.class, () -> Exercise.check("Exercise 9", body));
        assertEquals(AssertionError.class, e.getClass());
        assertEquals(0, e.getStackTrace().length);
        return e;
    }

    @Test
    void errorsAndAnonymousThrowablesFailToo() {
        assertTrue(anyFailureOf(() -> {
            throw new StackOverflowError();
        }).getMessage().contains("StackOverflowError"));
        assertTrue(anyFailureOf(() -> {
            throw new RuntimeException() { };
        }).getMessage().contains("your code threw"));
    }

    @Test
    void aHugeMessageIsCut() {
        String huge = "x".repeat(1_000_000);
        String m = anyFailureOf(() -> {
            throw new IllegalArgumentException(huge);
        }).getMessage();
        assertTrue(m.length() < Exercise.MAX_MESSAGE + 200, "message of " + m.length() + " characters");
    }

    @Test
    void onlyAnExceptionTheKernelCanShowIsKeptAsTheCause() {
        assertTrue(Exercise.wellBehaved(new IllegalStateException("fine", new RuntimeException("also fine"))));
        assertTrue(!Exercise.wellBehaved(new NoTrace()) && !Exercise.wellBehaved(new Unreadable())
                && !Exercise.wellBehaved(new BadCause()));
        assertTrue(!Exercise.wellBehaved(new IllegalStateException("outer", new NoTrace())));
    }

    @Test
    void aStubDisguisedDeepInTheChainIsStillNotAttemptedWhenNotGraded() {
        // Outside nbgrader the stub is a note, not a failure, also when wrapped.
        Exercise.check("Exercise 9", () -> {
            throw new IllegalStateException("wrapped", new UnsupportedOperationException(Exercise.NOT_IMPLEMENTED));
        });
    }

    @Test
    void anObjectWhoseEqualsSaysYesToEverythingDoesNotPassAComparison() {
        List<Integer> liar = new ArrayList<>() {
            @Override
            public boolean equals(Object other) {
                return true;
            }
        };
        assertThrows(AssertionError.class, () -> Expect.equal("the tokens", liar, List.of(1, 2), "h"));
        assertThrows(AssertionError.class, () -> Expect.equalHidden("the tokens", liar, List.of(1, 2), "h"));
    }
}
