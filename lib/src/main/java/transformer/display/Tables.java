package transformer.display;

import java.io.StringWriter;

import tech.tablesaw.api.Table;
import tech.tablesaw.io.html.HtmlWriteOptions;
import tech.tablesaw.io.html.HtmlWriter;

/** A Tablesaw table as HTML, written by Tablesaw's own HTML module. */
public final class Tables {

    private Tables() {
    }

    public static String html(Table table) {
        StringWriter out = new StringWriter();
        new HtmlWriter().write(table, HtmlWriteOptions.builder(out).build());
        String caption = table.name() == null || table.name().isBlank() ? "" :
                "<div style=\"font-weight:bold\">" + table.name() + " (" + table.rowCount() + " rows)</div>";
        return caption + out;
    }
}
