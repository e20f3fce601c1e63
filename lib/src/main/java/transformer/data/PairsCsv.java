package transformer.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * Your own (source, target) pairs from a CSV file with a header row, read with Tablesaw. Every cell is
 * read as text, then cut into tokens: {@link Tokens#WORDS} splits on white space,
 * {@link Tokens#CHARACTERS} makes every character (spaces excluded) a token.
 *
 * <pre>
 * source,target
 * 21 Nov 2026,2026-11-21
 * </pre>
 */
public final class PairsCsv {

    /** How a cell becomes tokens. */
    public enum Tokens {
        WORDS, CHARACTERS;

        public List<String> split(String text) {
            List<String> out = new ArrayList<>();
            if (this == WORDS) {
                out.addAll(Arrays.asList(text.trim().split("\\s+")));
                out.removeIf(String::isEmpty);
            } else {
                text.codePoints().filter(c -> !Character.isWhitespace(c)).forEach(c -> out.add(Character.toString(c)));
            }
            return out;
        }
    }

    private PairsCsv() {
    }

    /** Reads columns {@code source} and {@code target}, splitting cells into words. */
    public static List<Example> read(Path file) {
        return read(file, "source", "target", Tokens.WORDS);
    }

    /** Reads the two named columns and splits their cells into tokens. */
    public static List<Example> read(Path file, String sourceColumn, String targetColumn, Tokens tokens) {
        if (file == null || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("PairsCsv.read: there is no file at " + file);
        }
        try {
            if (Files.readString(file).isBlank()) {
                throw new IllegalArgumentException("PairsCsv.read: " + file
                        + " is empty; expected a header row such as \"" + sourceColumn + "," + targetColumn
                        + "\" and at least one row of pairs");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("PairsCsv.read: could not read " + file, e);
        }
        Table table = Table.read().csv(CsvReadOptions.builder(file.toFile())
                .columnTypes(name -> ColumnType.STRING)
                .build());
        List<String> names = table.columnNames();
        for (String wanted : List.of(sourceColumn, targetColumn)) {
            if (!names.contains(wanted)) {
                throw new IllegalArgumentException("PairsCsv.read: " + file + " has no column \"" + wanted
                        + "\"; its columns are " + names);
            }
        }
        if (table.rowCount() == 0) {
            throw new IllegalArgumentException("PairsCsv.read: " + file
                    + " has a header but no rows; expected at least one (source, target) pair");
        }
        Column<?> sources = table.column(sourceColumn);
        Column<?> targets = table.column(targetColumn);
        List<Example> out = new ArrayList<>(table.rowCount());
        for (int row = 0; row < table.rowCount(); row++) {
            List<String> source = tokens.split(sources.isMissing(row) ? "" : sources.getString(row));
            List<String> target = tokens.split(targets.isMissing(row) ? "" : targets.getString(row));
            if (source.isEmpty() || target.isEmpty()) {
                throw new IllegalArgumentException("PairsCsv.read: " + file + " data row " + (row + 1) + " has an empty "
                        + (source.isEmpty() ? sourceColumn : targetColumn) + "; every pair needs both sides");
            }
            out.add(new Example(source, target));
        }
        return out;
    }
}
