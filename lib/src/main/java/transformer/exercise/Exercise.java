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

    /** The most causes of a failure that are looked at; a chain can be longer, or a cycle. */
    private static final int MAX_CAUSES = 32;

    /** The longest message quoted from a failure; the rest is cut, so a huge message cannot flood the output. */
    static final int MAX_MESSAGE = 2000;

    /**
     * Runs {@code body} and reports the outcome in the learner's terms.
     *
     * <p>Whatever {@code body} throws (any {@link Throwable}, also one whose {@code getMessage()}
     * or {@code getCause()} throws, whose cause chain is a cycle, or whose stack trace is
     * {@code null}), the failure is an {@link AssertionError} of this class's own: its message names the
     * exercise and says what went wrong, it has no cause and an empty stack trace, so the kernel shows the
     * message once, without a Java stack trace, and nothing of the learner's exception can stop the
     * kernel from reporting the failure.
     *
     * @param name the exercise's name as the lesson shows it, for example "Exercise 1.2: softmax"
     * @throws AssertionError when the learner's code gives a wrong answer or fails
     */
    public static void check(String name, Body body) {
        Throwable thrown = null;
        try {
            body.run();
        } catch (Throwable t) {
            thrown = t;
        }
        if (thrown == null) {
            System.out.println("✓ " + name + ": correct!");
            return;
        }
        if (isStub(thrown) && !graded()) {
            System.out.println("✎ " + name + ": not attempted yet. Write your code in the cell above "
                    + "(replace the line that throws \"" + NOT_IMPLEMENTED + "\"), run it, then run this check again.");
            return;
        }
        // A wrong answer shows its message alone. An exception from the learner's own code keeps its trace,
        // which points into their method, but only while they work and only when it can be shown safely:
        // under grading nothing of the learner's exception reaches the kernel.
        boolean keepCause = thrown.getClass() != AssertionError.class && !graded() && !usesUndefinedName(thrown)
                && wellBehaved(thrown);
        throw verdict("✗ " + name + ": " + reason(thrown), keepCause ? thrown : null);
    }

    /**
     * A failure that the notebook shows as its message once: no stack trace (the frames are the check's,
     * not the learner's, and say nothing a learner can use) and, unless {@code cause} is given, no cause
     * (the kernel would print the same message again as "Caused by").
     */
    static AssertionError verdict(String message, Throwable cause) {
        AssertionError failure = new AssertionError(message, cause);
        failure.setStackTrace(new StackTraceElement[0]);
        return failure;
    }

    /**
     * True when the kernel can show {@code e} and its causes: a short chain without cycles, in which every
     * message can be read and every stack trace exists. (JJava answers "ok" for an exception with a
     * {@code null} stack trace, and stops answering when a message throws.)
     */
    static boolean wellBehaved(Throwable e) {
        var seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<Throwable, Boolean>());
        try {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (!seen.add(t) || seen.size() > MAX_CAUSES || t.getStackTrace() == null) {
                    return false;
                }
                t.getMessage();
                t.toString();
                t.getLocalizedMessage();
                for (Throwable s : t.getSuppressed()) {
                    if (s != null) {
                        return false;
                    }
                }
            }
            return true;
        } catch (Throwable unreadable) {
            return false;
        }
    }

    /** What went wrong, in the learner's terms; never throws, whatever {@code thrown} does. */
    static String reason(Throwable thrown) {
        if (isStub(thrown)) {
            return "not attempted yet";
        }
        if (usesUndefinedName(thrown)) { // JJava cannot report JShell's resolution error and would hang
            return "your code uses a variable or method that is not defined (a misspelt name?). When you ran "
                    + "the cell with your method, JShell named it; fix it, run that cell again, then run this check again.";
        }
        String message = messageOf(thrown);
        if (thrown.getClass() == AssertionError.class) { // a comparison of Expect's, or the learner's own assert
            return message == null ? "a check failed" : message;
        }
        String type = thrown.getClass().getSimpleName().isEmpty() ? thrown.getClass().getName()
                : thrown.getClass().getSimpleName();
        return "your code threw " + type + (message == null ? "" : ": " + message);
    }

    /** The message of {@code t}, cut to {@link #MAX_MESSAGE} characters; a placeholder when reading it fails. */
    static String messageOf(Throwable t) {
        String message;
        try {
            message = t.getMessage();
        } catch (Throwable unreadable) {
            return "(its message could not be read)";
        }
        if (message != null && message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE) + " … (cut)";
        }
        return message;
    }

    /** The cause of {@code t}, or {@code null} when it has none or asking for it fails. */
    private static Throwable causeOf(Throwable t) {
        try {
            Throwable cause = t.getCause();
            return cause == t ? null : cause;
        } catch (Throwable unreadable) {
            return null;
        }
    }

    /** True when the exception, or one of its first causes, is the student version's stub. */
    static boolean isStub(Throwable e) {
        Throwable t = e;
        for (int n = 0; t != null && n < MAX_CAUSES; n++, t = causeOf(t)) {
            if (t.getClass() == UnsupportedOperationException.class && NOT_IMPLEMENTED.equals(messageOf(t))) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the learner's method refers to a name that JShell could not resolve: calling it throws
     * JShell's own {@code SPIResolutionException}.
     */
    static boolean usesUndefinedName(Throwable e) {
        Throwable t = e;
        for (int n = 0; t != null && n < MAX_CAUSES; n++, t = causeOf(t)) {
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
