package transformer.exercise;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;

class ExerciseTest {

    private static String stdoutOf(Runnable action) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anUntouchedStubIsReportedAsNotAttemptedWithoutFailing() {
        String out = stdoutOf(() -> Exercise.check("Exercise 9", () -> {
            throw new UnsupportedOperationException(Exercise.NOT_IMPLEMENTED);
        }));
        assertTrue(out.contains("not attempted yet"), out);
    }

    @Test
    void aWrongAnswerFailsWithTheExerciseNameAndTheHint() {
        AssertionError e = assertThrows(AssertionError.class, () -> Exercise.check("Exercise 9", () ->
                Expect.close("the scores", new SimpleMatrix(new double[][] {{1, 2}}),
                        new SimpleMatrix(new double[][] {{1, 3}}), "divide by the square root of d_k")));
        assertTrue(e.getMessage().contains("Exercise 9"), e.getMessage());
        assertTrue(e.getMessage().contains("row 0, column 1"), e.getMessage());
        assertTrue(e.getMessage().contains("Hint: divide by the square root of d_k"), e.getMessage());
        assertNull(e.getCause(), "a cause would make the kernel print the message a second time");
        assertEquals(0, e.getStackTrace().length, "the check's own frames mean nothing to a learner");
    }

    @Test
    void aRightAnswerPrintsATick() {
        String out = stdoutOf(() -> Exercise.check("Exercise 9", () -> Expect.that(true, "fine", "")));
        assertTrue(out.startsWith("✓ Exercise 9"), out);
    }

    @Test
    void anExceptionFromTheLearnersCodeBecomesAFailureThatNamesIt() {
        AssertionError e = assertThrows(AssertionError.class, () -> Exercise.check("Exercise 9", () -> {
            throw new IllegalArgumentException("bad shape 2x3");
        }));
        assertTrue(e.getMessage().contains("IllegalArgumentException: bad shape 2x3"), e.getMessage());
    }

    @Test
    void anotherUnsupportedOperationIsNotMistakenForTheStub() {
        assertThrows(AssertionError.class, () -> Exercise.check("Exercise 9", () -> {
            throw new UnsupportedOperationException("immutable list");
        }));
    }

    @Test
    void nanNeverPassesAComparison() {
        SimpleMatrix expected = new SimpleMatrix(new double[][] {{1, 2}});
        SimpleMatrix withNaN = new SimpleMatrix(new double[][] {{1, Double.NaN}});
        assertThrows(AssertionError.class, () -> Expect.close("x", withNaN, expected, "h"));
        assertThrows(AssertionError.class, () -> Expect.closeHidden("x", withNaN, expected, 1e-9, "h"));
        assertThrows(AssertionError.class, () -> Expect.close("x", Double.NaN, 1.0, 1e-9, "h"));
        assertThrows(AssertionError.class, () -> Expect.finite("x", withNaN, "h"));
        assertDoesNotThrow(() -> Expect.close("x", expected, expected.copy(), "h"));
    }

    @Test
    void aHiddenComparisonDoesNotRevealTheExpectedNumbers() {
        AssertionError e = assertThrows(AssertionError.class, () -> Expect.closeHidden("the output",
                new SimpleMatrix(new double[][] {{1.5}}), new SimpleMatrix(new double[][] {{2.75}}), 1e-9, "check the mask"));
        assertTrue(!e.getMessage().contains("2.75") && !e.getMessage().contains("row"), e.getMessage());
    }

    @Test
    void hiddenNumberAndValueComparisonsFailWithoutNamingEitherValue() {
        AssertionError number = assertThrows(AssertionError.class,
                () -> Expect.closeHidden("the loss", 0.5, 0.6931, 1e-6, "average over tokens"));
        AssertionError tokens = assertThrows(AssertionError.class,
                () -> Expect.equalHidden("the decoded tokens", new int[] {1, 4, 2}, new int[] {1, 7, 2}, "stop at </s>"));
        for (AssertionError e : new AssertionError[] {number, tokens}) {
            String m = e.getMessage();
            assertTrue(m.contains("is not correct") && !m.contains("0.6931") && !m.contains("7") && !m.contains("0.5"), m);
        }
        assertThrows(AssertionError.class, () -> Expect.closeHidden("x", Double.NaN, 1.0, 1e-9, "h"));
        assertDoesNotThrow(() -> Expect.closeHidden("x", 1.0, 1.0 + 1e-12, 1e-9, "h"));
        assertDoesNotThrow(() -> Expect.equalHidden("x", new int[] {1, 2}, new int[] {1, 2}, "h"));
    }

    @Test
    void arraysAndMasksAreComparedEntryByEntry() {
        assertDoesNotThrow(() -> Expect.equal("mask", new boolean[][] {{true, false}}, new boolean[][] {{true, false}}, "h"));
        AssertionError e = assertThrows(AssertionError.class, () ->
                Expect.equal("mask", new boolean[][] {{true, true}}, new boolean[][] {{true, false}}, "h"));
        assertTrue(e.getMessage().contains("[[true, true]], expected [[true, false]]"), e.getMessage());
        assertThrows(AssertionError.class, () -> Expect.equalHidden("mask", new boolean[][] {{true}}, new boolean[][] {{false}}, "h"));
        assertDoesNotThrow(() -> Expect.equal("shape", new int[] {3, 2}, new int[] {3, 2}, "h"));
        assertDoesNotThrow(() -> Expect.equal("count", 3L, 3L, "h"));
    }

    @Test
    void aWrongShapeIsNamed() {
        AssertionError e = assertThrows(AssertionError.class, () ->
                Expect.shape("the weights", new SimpleMatrix(2, 3), 3, 2, "transpose K"));
        assertTrue(e.getMessage().contains("2 × 3, expected 3 × 2"), e.getMessage());
    }
}
