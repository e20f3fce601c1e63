package transformer.data;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Dates written the way people write them, "21 Nov 2026", rewritten as ISO 8601, "2026-11-21". The
 * output reorders the input: the year comes first in the output but last in the input, and the month
 * name turns into two digits. A trained model's cross-attention shows that alignment: while it writes
 * the year it looks at the end of the source, then at the month name, then at the day.
 *
 * <p>Tokens: the day's digits one by one (no leading zero, so the model must learn to add it), the
 * month as one word token ({@code Nov}), the year's four digits one by one; the target is ten
 * characters. So "21 Nov 2026" is {@code 2 1 Nov 2 0 2 6} and its target is
 * {@code 2 0 2 6 - 1 1 - 2 1}.
 */
public record DateTask(int firstYear, int lastYear) implements SequenceTask {

    public static final List<String> MONTHS = List.of(
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec");

    public DateTask {
        if (firstYear < 1000 || lastYear > 9999 || lastYear < firstYear) {
            throw new IllegalArgumentException("DateTask: years " + firstYear + ".." + lastYear
                    + "; expected four-digit years with firstYear ≤ lastYear, e.g. 1900..2099");
        }
    }

    /** Every date from 1 Jan 1900 to 31 Dec 2099: about 73,000 of them. */
    public static DateTask standard() {
        return new DateTask(1900, 2099);
    }

    @Override
    public String name() {
        return "DateTask";
    }

    @Override
    public Vocabulary vocabulary() {
        List<String> tokens = new ArrayList<>();
        for (char c = '0'; c <= '9'; c++) {
            tokens.add(String.valueOf(c));
        }
        tokens.add("-");
        tokens.addAll(MONTHS);
        return Vocabulary.of(tokens);
    }

    @Override
    public Example sample(Random random) {
        long first = LocalDate.of(firstYear, 1, 1).toEpochDay();
        long last = LocalDate.of(lastYear, 12, 31).toEpochDay();
        return example(LocalDate.ofEpochDay(first + random.nextInt((int) (last - first + 1))));
    }

    /** The example for one date. */
    public static Example example(LocalDate date) {
        return new Example(sourceTokens(humanText(date)), characters(date.toString()));
    }

    /** "21 Nov 2026": the way the source is written. */
    public static String humanText(LocalDate date) {
        return date.getDayOfMonth() + " " + MONTHS.get(date.getMonthValue() - 1) + " " + date.getYear();
    }

    /** Source tokens for a date written as "day Mon year", for example "5 Nov 2026". */
    public static List<String> sourceTokens(String text) {
        String[] parts = text == null ? new String[0] : text.trim().split("\\s+");
        if (parts.length != 3 || !parts[0].matches("\\d{1,2}") || !MONTHS.contains(parts[1])
                || !parts[2].matches("\\d{4}")) {
            throw new IllegalArgumentException("DateTask.sourceTokens: \"" + text
                    + "\" is not a date written as day, month abbreviation, four-digit year, e.g. \"21 Nov 2026\"");
        }
        try {
            LocalDate.of(Integer.parseInt(parts[2]), MONTHS.indexOf(parts[1]) + 1, Integer.parseInt(parts[0]));
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("DateTask.sourceTokens: \"" + text + "\" is not a real date ("
                    + e.getMessage() + ")", e);
        }
        List<String> out = new ArrayList<>(characters(parts[0]));
        out.add(parts[1]);
        out.addAll(characters(parts[2]));
        return out;
    }

    /** The date a target's tokens spell, or an error naming what is not ISO 8601. */
    public static LocalDate parseTarget(List<String> target) {
        String text = String.join("", target);
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("DateTask.parseTarget: \"" + text
                    + "\" is not an ISO date such as 2026-11-21", e);
        }
    }

    private static List<String> characters(String text) {
        List<String> out = new ArrayList<>(text.length());
        for (char c : text.toCharArray()) {
            out.add(String.valueOf(c));
        }
        return out;
    }
}
