package transformer.exercise;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.ejml.simple.SimpleMatrix;

/**
 * Comparisons for exercise checks and graded tests. Each one returns normally when the value is right
 * and throws {@link AssertionError} when it is not; none of them returns a value, so a test cell that
 * ends with one never shows a number that nbgrader could read as a score.
 *
 * <p>Every comparison is NaN-safe: a NaN or infinite entry fails, because the tests are written as
 * {@code !(error <= tolerance)} rather than {@code error > tolerance}.
 *
 * <p>The {@code hint} is shown to the learner when the check fails. Messages name the shapes and the
 * first entry that differs. Hidden grading tests use the {@code ...Hidden} comparisons ({@link
 * #closeHidden(String, SimpleMatrix, SimpleMatrix, double, String)}, {@link #equalHidden}) or {@link
 * #that}, whose messages never reveal the expected values.
 */
public final class Expect {

    /** Default tolerance for comparing matrices computed in different but equivalent ways. */
    public static final double TOLERANCE = 1e-9;

    private Expect() {
    }

    /** Fails unless {@code actual} has {@code rows × cols}. */
    public static void shape(String what, SimpleMatrix actual, int rows, int cols, String hint) {
        if (actual == null) {
            fail(what + " is null", hint);
        }
        if (actual.getNumRows() != rows || actual.getNumCols() != cols) {
            fail(String.format(Locale.ROOT, "%s has shape %d × %d, expected %d × %d",
                    what, actual.getNumRows(), actual.getNumCols(), rows, cols), hint);
        }
    }

    /** Fails unless every entry of {@code actual} is within {@code tolerance} of {@code expected}. */
    public static void close(String what, SimpleMatrix actual, SimpleMatrix expected, double tolerance, String hint) {
        shape(what, actual, expected.getNumRows(), expected.getNumCols(), hint);
        int[] worst = worstEntry(actual, expected);
        double error = Math.abs(actual.get(worst[0], worst[1]) - expected.get(worst[0], worst[1]));
        if (!(error <= tolerance)) {
            fail(String.format(Locale.ROOT, "%s differs at row %d, column %d: got %.6g, expected %.6g",
                    what, worst[0], worst[1], actual.get(worst[0], worst[1]), expected.get(worst[0], worst[1])), hint);
        }
    }

    /** {@link #close} with the default tolerance. */
    public static void close(String what, SimpleMatrix actual, SimpleMatrix expected, String hint) {
        close(what, actual, expected, TOLERANCE, hint);
    }

    /** Like {@link #close}, but the failure names neither the expected value nor where it differs. */
    public static void closeHidden(String what, SimpleMatrix actual, SimpleMatrix expected, double tolerance, String hint) {
        if (actual == null || actual.getNumRows() != expected.getNumRows() || actual.getNumCols() != expected.getNumCols()) {
            fail(what + " does not have the expected shape", hint);
        }
        int[] worst = worstEntry(actual, expected);
        double error = Math.abs(actual.get(worst[0], worst[1]) - expected.get(worst[0], worst[1]));
        if (!(error <= tolerance)) {
            fail(what + " is not correct", hint);
        }
    }

    /** Like {@link #close(String, double, double, double, String)}, but the failure does not name the expected value. */
    public static void closeHidden(String what, double actual, double expected, double tolerance, String hint) {
        if (!(Math.abs(actual - expected) <= tolerance)) {
            fail(what + " is not correct", hint);
        }
    }

    /** Fails unless the two numbers are within {@code tolerance}. */
    public static void close(String what, double actual, double expected, double tolerance, String hint) {
        if (!(Math.abs(actual - expected) <= tolerance)) {
            fail(String.format(Locale.ROOT, "%s is %.6g, expected %.6g", what, actual, expected), hint);
        }
    }

    /** Fails unless the two values are equal; arrays (also nested ones, such as masks) are compared entry by entry. */
    public static void equal(String what, Object actual, Object expected, String hint) {
        if (!same(actual, expected)) {
            fail(what + " is " + show(actual) + ", expected " + show(expected), hint);
        }
    }

    /** Like {@link #equal}, but the failure names neither value. */
    public static void equalHidden(String what, Object actual, Object expected, String hint) {
        if (!same(actual, expected)) {
            fail(what + " is not correct", hint);
        }
    }

    /** Fails unless the condition holds; {@code what} says what should have been true. */
    public static void that(boolean condition, String what, String hint) {
        if (!condition) {
            fail(what, hint);
        }
    }

    /** Fails unless every entry is a finite number. */
    public static void finite(String what, SimpleMatrix actual, String hint) {
        for (int r = 0; r < actual.getNumRows(); r++) {
            for (int c = 0; c < actual.getNumCols(); c++) {
                if (!Double.isFinite(actual.get(r, c))) {
                    fail(String.format(Locale.ROOT, "%s has %s at row %d, column %d", what, actual.get(r, c), r, c), hint);
                }
            }
        }
    }

    /** Fails unless {@code action} throws an exception of the given type. */
    public static void throwsA(Class<? extends Throwable> type, String what, Exercise.Body action, String hint) {
        try {
            action.run();
        } catch (Throwable t) {
            if (type.isInstance(t)) {
                return;
            }
            if (t instanceof UnsupportedOperationException u && Exercise.NOT_IMPLEMENTED.equals(u.getMessage())) {
                throw u;
            }
            fail(what + " threw " + t.getClass().getSimpleName() + ", expected " + type.getSimpleName(), hint);
        }
        fail(what + " threw nothing, expected " + type.getSimpleName(), hint);
    }

    private static int[] worstEntry(SimpleMatrix actual, SimpleMatrix expected) {
        int[] worst = {0, 0};
        double largest = -1;
        for (int r = 0; r < expected.getNumRows(); r++) {
            for (int c = 0; c < expected.getNumCols(); c++) {
                double error = Math.abs(actual.get(r, c) - expected.get(r, c));
                if (!(error <= largest)) {
                    largest = Double.isNaN(error) ? Double.POSITIVE_INFINITY : error;
                    worst[0] = r;
                    worst[1] = c;
                }
                if (largest == Double.POSITIVE_INFINITY) {
                    return worst;
                }
            }
        }
        return worst;
    }

    private static boolean same(Object actual, Object expected) {
        // The expected value's equals is asked, never the actual one's: a learner's object could answer yes to anything.
        return Arrays.deepEquals(new Object[] {expected}, new Object[] {actual});
    }

    private static String show(Object value) {
        if (value != null && value.getClass().isArray()) {
            return Arrays.deepToString(new Object[] {value}).replaceAll("^\\[|\\]$", "");
        }
        if (value instanceof List<?> l) {
            return l.toString();
        }
        return String.valueOf(value);
    }

    private static void fail(String message, String hint) {
        throw new AssertionError(hint == null || hint.isBlank() ? message : message + ". Hint: " + hint);
    }
}
