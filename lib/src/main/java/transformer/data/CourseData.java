package transformer.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real text the course ships in the repository's {@value #FOLDER} folder, with its provenance
 * and licence in {@code data/README.md}: nothing is downloaded at run time.
 *
 * <ul>
 *   <li>{@value #FRA_ENG}: 76,036 English–French sentence pairs, {@code English<TAB>French} per line,
 *       from the Tatoeba Project (tatoeba.org, CC-BY 2.0 FR; pairs selected by manythings.org);</li>
 *   <li>{@value #SHAKESPEARE}: 1.1 MB of Shakespeare's plays (public domain), as collected for char-rnn.</li>
 * </ul>
 */
public final class CourseData {

    public static final String FRA_ENG = "fra-eng.txt";
    public static final String SHAKESPEARE = "tinyshakespeare.txt";

    /** The folder the files live in, at the top of the repository. */
    public static final String FOLDER = "data";

    private CourseData() {
    }

    /**
     * The file {@code name} in a {@value #FOLDER} folder: looked for in {@code start}/data, then in
     * every parent folder's data/. A notebook passes its working directory, which works from
     * {@code notebooks/} and {@code notebooks/solutions/}; the kit's tests run in {@code lib/}.
     */
    public static Path find(Path start, String name) {
        if (start == null || name == null || name.isBlank()) {
            throw new IllegalArgumentException("CourseData.find: got start " + start + " and name " + name
                    + "; expected a folder and a file name such as \"" + FRA_ENG + "\"");
        }
        List<Path> tried = new ArrayList<>();
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(FOLDER).resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            tried.add(candidate);
        }
        throw new IllegalArgumentException("CourseData.find: no file " + name + " in " + tried
                + "; the course ships " + FRA_ENG + " and " + SHAKESPEARE + " in the repository's "
                + FOLDER + "/ folder");
    }

    /** {@link #find(Path, String)} from the current working directory (a notebook's folder). */
    public static Path find(String name) {
        return find(Path.of(""), name);
    }

    /** The whole file {@code name}, found by {@link #find(String)}, as UTF-8 text. */
    public static String text(String name) {
        Path file = find(name);
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("CourseData.text: could not read " + file, e);
        }
    }

    /** The lines of the file {@code name}, found by {@link #find(String)}, without their line ends. */
    public static List<String> lines(String name) {
        return List.of(text(name).split("\n"));
    }
}
