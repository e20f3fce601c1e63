package transformer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairsCsvTest {

    @TempDir
    Path dir;

    @Test
    void readsPairsAsWordsOrCharactersAndKeepsNumbersAsText() throws IOException {
        Path file = Files.writeString(dir.resolve("pairs.csv"), "source,target,note\n21 Nov 2026,2026-11-21,x\n"
                + "\"one two\",12,y\n");
        List<Example> words = PairsCsv.read(file);
        assertEquals(new Example(List.of("21", "Nov", "2026"), List.of("2026-11-21")), words.get(0));
        assertEquals(new Example(List.of("one", "two"), List.of("12")), words.get(1));
        List<Example> chars = PairsCsv.read(file, "source", "target", PairsCsv.Tokens.CHARACTERS);
        assertEquals(List.of("1", "2"), chars.get(1).target());
        assertEquals(List.of("2", "1", "N", "o", "v", "2", "0", "2", "6"), chars.get(0).source());
    }

    @Test
    void aMissingColumnIsAnErrorThatListsTheColumnsThereAre() throws IOException {
        Path file = Files.writeString(dir.resolve("pairs.csv"), "input,output\na,b\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PairsCsv.read(file));
        assertTrue(e.getMessage().contains("PairsCsv.read") && e.getMessage().contains("no column \"source\"")
                && e.getMessage().contains("[input, output]"), e.getMessage());
    }

    @Test
    void anEmptyFileAndAHeaderWithoutRowsAreErrors() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PairsCsv.read(empty));
        assertTrue(e.getMessage().contains("PairsCsv.read") && e.getMessage().contains("empty.csv is empty"),
                e.getMessage());
        Path header = Files.writeString(dir.resolve("header.csv"), "source,target\n");
        IllegalArgumentException h = assertThrows(IllegalArgumentException.class, () -> PairsCsv.read(header));
        assertTrue(h.getMessage().contains("no rows"), h.getMessage());
    }

    @Test
    void anEmptyCellAndAMissingFileAreErrorsNamingTheRowOrPath() throws IOException {
        Path file = Files.writeString(dir.resolve("gap.csv"), "source,target\na,b\nc,\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PairsCsv.read(file));
        assertTrue(e.getMessage().contains("data row 2") && e.getMessage().contains("empty target"), e.getMessage());
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class,
                () -> PairsCsv.read(dir.resolve("nowhere.csv")));
        assertTrue(m.getMessage().contains("no file") && m.getMessage().contains("nowhere.csv"), m.getMessage());
    }
}
