package transformer.display;

import java.util.List;
import java.util.Objects;

import org.ejml.simple.SimpleMatrix;

/**
 * A matrix with names for its rows and columns, for example attention weights with the query tokens
 * down the side and the key tokens across the top. In a notebook it shows as an HTML table; anywhere
 * else {@link #toString()} gives the same table as aligned text.
 */
public record LabeledMatrix(String title, SimpleMatrix values, List<String> rowLabels, List<String> columnLabels) {

    public LabeledMatrix {
        Objects.requireNonNull(values, "values");
        rowLabels = List.copyOf(rowLabels);
        columnLabels = List.copyOf(columnLabels);
        if (rowLabels.size() != values.getNumRows() || columnLabels.size() != values.getNumCols()) {
            throw new IllegalArgumentException(String.format(
                    "LabeledMatrix: a %dx%d matrix needs %d row labels and %d column labels, got %d and %d",
                    values.getNumRows(), values.getNumCols(), values.getNumRows(), values.getNumCols(),
                    rowLabels.size(), columnLabels.size()));
        }
    }

    /** An HTML table with the shape in its caption. */
    public String toHtml() {
        return MatrixTable.html(title, values, rowLabels, columnLabels);
    }

    @Override
    public String toString() {
        return MatrixTable.text(title, values, rowLabels, columnLabels);
    }
}
