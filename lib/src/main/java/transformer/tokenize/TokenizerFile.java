package transformer.tokenize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * A tokenizer as a small UTF-8 text file that a learner can open and read: a header, the characters
 * (code points in hexadecimal, in id order from id 4), the merges ({@code left right id count}, in
 * the order learned) and, last, the CRC32 checksum of everything before it.
 *
 * <pre>
 * transformer.tokenize 1
 * kind byte-pair-encoding
 * split gpt2
 * characters 3
 * 20
 * 61
 * 62
 * merges 1
 * 5 6 7 12
 * crc32 1c291ca3
 * </pre>
 *
 * Reading checks, in order: the header (is it a tokenizer file?), the checksum line (truncated?), the
 * checksum (corrupt?), and only then the contents, every id included.
 */
final class TokenizerFile {

    static final String HEADER = "transformer.tokenize 1";
    static final String BPE = "byte-pair-encoding";
    static final String CHARACTERS = "characters";
    static final String SPLIT = "gpt2";

    private TokenizerFile() {
    }

    static void write(CharacterTokenizer t, Path file) {
        StringBuilder out = new StringBuilder(HEADER).append('\n').append("kind ").append(CHARACTERS).append('\n');
        characters(out, t.alphabet());
        finish(out, file, "CharacterTokenizer.save");
    }

    static void write(BytePairEncoding t, Path file) {
        StringBuilder out = new StringBuilder(HEADER).append('\n').append("kind ").append(BPE).append('\n')
                .append("split ").append(SPLIT).append('\n');
        characters(out, t.alphabet());
        int[][] merges = t.mergeRows();
        long[] counts = t.mergeCounts();
        out.append("merges ").append(merges.length).append('\n');
        for (int r = 0; r < merges.length; r++) {
            out.append(merges[r][0]).append(' ').append(merges[r][1]).append(' ').append(merges[r][2]).append(' ')
                    .append(counts[r]).append('\n');
        }
        finish(out, file, "BytePairEncoding.save");
    }

    private static void characters(StringBuilder out, int[] alphabet) {
        out.append("characters ").append(alphabet.length).append('\n');
        for (int c : alphabet) {
            out.append(Integer.toHexString(c)).append('\n');
        }
    }

    private static void finish(StringBuilder out, Path file, String op) {
        if (file == null) {
            throw new IllegalArgumentException(op + ": got no file (null); expected a path such as tokenizer.txt");
        }
        byte[] body = out.toString().getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(body);
        byte[] tail = String.format(Locale.ROOT, "crc32 %08x\n", crc.getValue()).getBytes(StandardCharsets.UTF_8);
        byte[] whole = ByteBuffer.allocate(body.length + tail.length).put(body).put(tail).array();
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            // Write beside the target, then move: an interrupted save never leaves half a file.
            Path temporary = Files.createTempFile(parent, file.getFileName().toString(), ".part");
            Files.write(temporary, whole);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(op + ": could not write " + file, e);
        }
    }

    static Tokenizer read(Path file) {
        String op = "Tokenizer.load: " + file;
        if (file == null) {
            throw new IllegalArgumentException("Tokenizer.load: got no file (null); expected a file written by save");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(op + ": there is no such file");
        } catch (IOException e) {
            throw new UncheckedIOException(op + ": could not read the file", e);
        }
        if (bytes.length == 0) {
            throw new IllegalArgumentException(op + " is not a tokenizer file: it is empty");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(op + " is not a tokenizer file: it is not UTF-8 text");
        }
        if (!text.startsWith(HEADER + "\n")) {
            if ((HEADER + "\n").startsWith(text)) {
                throw new IllegalArgumentException(op + " is truncated: it has only " + bytes.length + " bytes");
            }
            String start = text.substring(0, Math.min(text.length(), 24)).replace("\n", "\\n");
            throw new IllegalArgumentException(op + " is not a tokenizer file: it starts with \"" + start
                    + "\", expected \"" + HEADER + "\"");
        }
        int last = text.lastIndexOf("crc32 ");
        String tail = last < 0 ? "" : text.substring(last);
        if (last < 0 || !tail.matches("crc32 [0-9a-f]{8}\n") || (last > 0 && text.charAt(last - 1) != '\n')) {
            throw new IllegalArgumentException(op + " is truncated: its last line should be the checksum"
                    + " \"crc32 ########\" (was the copy or the save interrupted?)");
        }
        byte[] body = text.substring(0, last).getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(body);
        long stored = Long.parseLong(tail.substring(6, 14), 16);
        if (stored != crc.getValue()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s is corrupt: its CRC32 checksum is %08x but the file records %08x; some bytes have changed",
                    op, crc.getValue(), stored));
        }
        Lines in = new Lines(text.substring(0, last).split("\n", -1), op);
        in.expect(HEADER);
        String kind = in.value("kind");
        if (kind.equals(CHARACTERS)) {
            int[] alphabet = in.characters();
            in.end();
            try {
                return new CharacterTokenizer(checkedAlphabet(alphabet));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(op + " is damaged: " + e.getMessage(), e);
            }
        }
        if (!kind.equals(BPE)) {
            throw new IllegalArgumentException(op + " holds a tokenizer of kind \"" + kind + "\"; this kit knows \""
                    + CHARACTERS + "\" and \"" + BPE + "\"");
        }
        String split = in.value("split");
        if (!split.equals(SPLIT)) {
            throw new IllegalArgumentException(op + " splits text with \"" + split + "\"; this kit knows \"" + SPLIT + "\"");
        }
        int[] alphabet = in.characters();
        int m = in.count("merges");
        int[][] merges = new int[m][];
        long[] counts = new long[m];
        for (int r = 0; r < m; r++) {
            long[] row = in.numbers(4, "merge " + r);
            for (int k = 0; k < 3; k++) {
                if (row[k] > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException(op + " is damaged: merge " + r + " has id " + row[k]);
                }
            }
            merges[r] = new int[] {(int) row[0], (int) row[1], (int) row[2]};
            counts[r] = row[3];
        }
        in.end();
        try {
            return new BytePairEncoding(alphabet, merges, counts);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + " is damaged: " + e.getMessage(), e);
        }
    }

    private static int[] checkedAlphabet(int[] alphabet) {
        for (int i = 0; i < alphabet.length; i++) {
            if (!Character.isValidCodePoint(alphabet[i]) || (i > 0 && alphabet[i] <= alphabet[i - 1])) {
                throw new IllegalArgumentException("character " + i + " is code point " + alphabet[i]
                        + "; expected valid code points in increasing order, each once");
            }
        }
        return alphabet;
    }

    /** The lines of a file's body, read one by one with errors that name the line. */
    private static final class Lines {
        private final String[] lines;
        private final String op;
        private int at;

        Lines(String[] lines, String op) {
            this.lines = lines;
            this.op = op;
        }

        private String next(String what) {
            if (at >= lines.length - 1) { // the body ends with "\n", so the last element is ""
                throw new IllegalArgumentException(op + " is damaged: it ends before " + what);
            }
            return lines[at++];
        }

        private IllegalArgumentException damaged(String what, String line) {
            return new IllegalArgumentException(op + " is damaged: line " + at + " should be " + what + ", but is \""
                    + line + "\"");
        }

        void expect(String line) {
            String got = next("\"" + line + "\"");
            if (!got.equals(line)) {
                throw damaged("\"" + line + "\"", got);
            }
        }

        String value(String name) {
            String got = next("the " + name + " line");
            if (!got.startsWith(name + " ") || got.length() == name.length() + 1) {
                throw damaged("\"" + name + " …\"", got);
            }
            return got.substring(name.length() + 1);
        }

        int count(String name) {
            String value = value(name);
            if (!value.matches("[0-9]{1,9}")) {
                throw damaged("\"" + name + " <count>\"", name + " " + value);
            }
            int n = Integer.parseInt(value);
            if (n > lines.length - at) {
                throw new IllegalArgumentException(op + " is damaged: it announces " + n + " " + name + " but has only "
                        + (lines.length - at - 1) + " lines left");
            }
            return n;
        }

        int[] characters() {
            int n = count("characters");
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                String line = next("character " + i);
                if (!line.matches("[0-9a-f]{1,6}")) {
                    throw damaged("a code point in hexadecimal (character " + i + ")", line);
                }
                out[i] = Integer.parseInt(line, 16);
            }
            return out;
        }

        long[] numbers(int k, String what) {
            String line = next(what);
            String[] parts = line.split(" ", -1);
            if (parts.length != k) {
                throw damaged(what + ": " + k + " numbers", line);
            }
            long[] out = new long[k];
            for (int i = 0; i < k; i++) {
                if (!parts[i].matches("[0-9]{1,18}")) {
                    throw damaged(what + ": " + k + " numbers", line);
                }
                out[i] = Long.parseLong(parts[i]);
            }
            return out;
        }

        void end() {
            if (at != lines.length - 1) {
                throw new IllegalArgumentException(op + " is damaged: line " + (at + 1) + " (\"" + lines[at]
                        + "\") comes after the last " + "expected line");
            }
        }
    }
}
