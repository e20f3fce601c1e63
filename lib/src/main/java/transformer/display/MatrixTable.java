package transformer.display;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.ejml.data.DMatrix;
import org.ejml.simple.SimpleMatrix;

/**
 * Formats a matrix as a table a person can read: its shape first, then the numbers, rounded to four
 * significant places. Large matrices are shown by their corners, with the skipped rows and columns
 * marked. The Java kernel uses {@link #html} to show every EJML matrix that is a cell's value.
 */
public final class MatrixTable {

    /** Rows and columns shown before the middle is elided. */
    static final int MAX_SHOWN = 12;

    private MatrixTable() {
    }

    /** An HTML table for any EJML dense matrix, with numbered rows and columns. */
    public static String html(DMatrix matrix) {
        SimpleMatrix m = SimpleMatrix.wrap(matrix);
        return html(null, m, indices(m.getNumRows()), indices(m.getNumCols()));
    }

    /** The same table as plain text, for consoles and logs. */
    public static String text(DMatrix matrix) {
        SimpleMatrix m = SimpleMatrix.wrap(matrix);
        return text(null, m, indices(m.getNumRows()), indices(m.getNumCols()));
    }

    static String html(String title, SimpleMatrix m, List<String> rowLabels, List<String> columnLabels) {
        List<Integer> rows = shown(m.getNumRows());
        List<Integer> cols = shown(m.getNumCols());
        StringBuilder out = new StringBuilder();
        out.append("<table style=\"font-family:monospace;border-collapse:collapse\">");
        out.append("<caption style=\"text-align:left;font-weight:bold\">")
                .append(escape(caption(title, m))).append("</caption>");
        out.append("<thead><tr><th></th>");
        for (Integer c : cols) {
            out.append("<th style=\"text-align:right;padding:0 6px\">")
                    .append(c == null ? "…" : escape(columnLabels.get(c))).append("</th>");
        }
        out.append("</tr></thead><tbody>");
        for (Integer r : rows) {
            out.append("<tr><th style=\"text-align:right;padding:0 6px\">")
                    .append(r == null ? "⋮" : escape(rowLabels.get(r))).append("</th>");
            for (Integer c : cols) {
                String cell = (r == null || c == null) ? "…" : number(m.get(r, c));
                out.append("<td style=\"text-align:right;padding:0 6px\">").append(cell).append("</td>");
            }
            out.append("</tr>");
        }
        return out.append("</tbody></table>").toString();
    }

    static String text(String title, SimpleMatrix m, List<String> rowLabels, List<String> columnLabels) {
        List<Integer> rows = shown(m.getNumRows());
        List<Integer> cols = shown(m.getNumCols());
        List<List<String>> grid = new ArrayList<>();
        List<String> header = new ArrayList<>();
        header.add("");
        for (Integer c : cols) {
            header.add(c == null ? "…" : columnLabels.get(c));
        }
        grid.add(header);
        for (Integer r : rows) {
            List<String> line = new ArrayList<>();
            line.add(r == null ? "⋮" : rowLabels.get(r));
            for (Integer c : cols) {
                line.add((r == null || c == null) ? "…" : number(m.get(r, c)));
            }
            grid.add(line);
        }
        int[] width = new int[header.size()];
        for (List<String> line : grid) {
            for (int i = 0; i < line.size(); i++) {
                width[i] = Math.max(width[i], line.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder(caption(title, m)).append('\n');
        for (List<String> line : grid) {
            for (int i = 0; i < line.size(); i++) {
                out.append(i == 0 ? "" : "  ").append(" ".repeat(width[i] - line.get(i).length())).append(line.get(i));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String caption(String title, SimpleMatrix m) {
        String shape = m.getNumRows() + " × " + m.getNumCols() + " matrix";
        return title == null || title.isBlank() ? shape : title + " (" + shape + ")";
    }

    /** Indices to show; {@code null} marks the elided middle. */
    private static List<Integer> shown(int n) {
        List<Integer> out = new ArrayList<>();
        if (n <= MAX_SHOWN) {
            for (int i = 0; i < n; i++) {
                out.add(i);
            }
            return out;
        }
        int half = MAX_SHOWN / 2;
        for (int i = 0; i < half; i++) {
            out.add(i);
        }
        out.add(null);
        for (int i = n - half; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    private static List<String> indices(int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Integer.toString(i));
        }
        return out;
    }

    static String number(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return Double.toString(x);
        }
        if (x == 0) {
            return "0";
        }
        double magnitude = Math.abs(x);
        if (magnitude >= 1e5 || magnitude < 1e-4) {
            return String.format(Locale.ROOT, "%.3e", x);
        }
        return String.format(Locale.ROOT, "%.4f", x);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
