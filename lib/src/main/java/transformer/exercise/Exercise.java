package transformer.exercise;

/**
 * Runs the instant check that follows every exercise in the course.
 *
 * <p>An exercise cell defines a method whose body the learner writes. In the student version that
 * body is a stub that throws {@code UnsupportedOperationException("not implemented yet")}. The check
 * cell then calls {@link #check}:
 * <ul>
 *   <li><b>not attempted</b> (the stub threw): a friendly note on standard output and no failure, so
 *       "Run All" on a fresh copy reaches the end of the lesson;</li>
 *   <li><b>wrong</b>: an {@link AssertionError} whose message says what was expected and gives a hint,
 *       shown once, without a stack trace;</li>
 *   <li><b>right</b>: a line starting with ✓.</li>
 * </ul>
 * Checks throw by themselves; they do not rely on Java's {@code assert}, which the kernel may have
 * switched off.
 *
 * <p>When nbgrader runs the notebook (it sets {@code NBGRADER_EXECUTION}), "not attempted" is a
 * failure like any other, so an untouched exercise scores 0.
 */
public final class Exercise {

    /** The message of the exception that the student version's stubs throw. */
    public static final String NOT_IMPLEMENTED = "not implemented yet";

    private Exercise() {
    }

    /** A check: code that calls the learner's method and throws {@link AssertionError} when it is wrong. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    /**
     * Runs {@code body} and reports the outcome in the learner's terms.
     *
     * @param name the exercise's name as the lesson shows it, for example "Exercise 1.2: softmax"
     * @throws AssertionError when the learner's code gives a wrong answer or fails
     */
    public static void check(String name, Body body) {
        try {
            body.run();
        } catch (AssertionError wrong) {
            throw verdict("✗ " + name + ": " + wrong.getMessage());
        } catch (Exception e) {
            if (isStub(e)) {
                if (graded()) {
                    throw verdict("✗ " + name + ": not attempted yet");
                }
                System.out.println("✎ " + name + ": not attempted yet. Write your code in the cell above "
                        + "(replace the line that throws \"" + NOT_IMPLEMENTED + "\"), run it, then run this check again.");
                return;
            }
            if (usesUndefinedName(e)) { // no cause: JJava cannot report JShell's resolution error and would hang
                throw new AssertionError("✗ " + name + ": your code uses a variable or method that is not defined"
                        + " (a misspelt name?). When you ran the cell with your method, JShell named it; fix it,"
                        + " run that cell again, then run this check again.");
            }
            throw new AssertionError("✗ " + name + ": your code threw " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
        System.out.println("✓ " + name + ": correct!");
    }

    /**
     * A failure that the notebook shows as its message alone, once: no cause (the kernel would print the
     * same message again as "Caused by") and no stack trace (the frames are the check's, not the
     * learner's, and say nothing a learner can use). An exception thrown by the learner's own code
     * keeps its cause and trace, since those point into the learner's method.
     */
    static AssertionError verdict(String message) {
        AssertionError failure = new AssertionError(message);
        failure.setStackTrace(new StackTraceElement[0]);
        return failure;
    }

    /** True when the exception, or one of its causes, is the student version's stub. */
    static boolean isStub(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnsupportedOperationException && NOT_IMPLEMENTED.equals(t.getMessage())) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the learner's method refers to a name that JShell could not resolve: calling it throws
     * JShell's own {@code SPIResolutionException}, which must not become the cause of our error.
     */
    static boolean usesUndefinedName(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getClass().getName().equals("jdk.jshell.spi.SPIResolutionException")) {
                return true;
            }
        }
        return false;
    }

    private static boolean graded() {
        String mode = System.getenv("NBGRADER_EXECUTION");
        return mode != null && !mode.isBlank();
    }
}
