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

/** Maven runs these tests in lib/, so the data folder is found one level up, as from notebooks/. */
class CourseDataTest {

    @Test
    void findsTheShippedFilesFromTheKitsFolderAndFromTheNotebooksFolders() {
        Path fromLib = CourseData.find(Path.of(""), CourseData.FRA_ENG);
        assertEquals(fromLib, CourseData.find(Path.of("..", "notebooks", "solutions"), CourseData.FRA_ENG));
        assertEquals(Path.of("data", CourseData.FRA_ENG), fromLib.getParent().getParent().relativize(fromLib));
    }

    @Test
    void theShippedFilesAreTheOnesTheReadmeDescribes() {
        List<String> pairs = CourseData.lines(CourseData.FRA_ENG);
        assertEquals(76_036, pairs.size());
        assertEquals("Go.\tVa !", pairs.get(0));
        assertTrue(pairs.stream().allMatch(line -> line.split("\t", -1).length == 2), "every line is English<TAB>French");
        String shakespeare = CourseData.text(CourseData.SHAKESPEARE);
        assertEquals(1_115_394, shakespeare.length());
        assertEquals(65, shakespeare.chars().distinct().count());
        assertTrue(shakespeare.startsWith("First Citizen:\n"));
    }

    @Test
    void aMissingFileIsAnErrorThatSaysWhereItLooked(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("data"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CourseData.find(dir, "missing.txt"));
        assertTrue(e.getMessage().contains("CourseData.find: no file missing.txt")
                && e.getMessage().contains(dir.resolve("data").resolve("missing.txt").toString()), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CourseData.find(dir, " "));
    }
}
