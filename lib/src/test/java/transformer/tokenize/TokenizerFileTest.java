package transformer.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import transformer.data.CourseData;

class TokenizerFileTest {

    @TempDir
    Path dir;

    private static BytePairEncoding small() {
        return BytePairEncoding.train(CourseData.lines(CourseData.FRA_ENG).subList(0, 4000), 600);
    }

    private static void assertFails(Path file, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tokenizer.load(file));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    /** The file with its body replaced and a correct checksum, so only the contents are wrong. */
    private Path rewritten(String body) throws IOException {
        CRC32 crc = new CRC32();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        crc.update(bytes);
        return Files.writeString(dir.resolve("rewritten.txt"), body + String.format(Locale.ROOT, "crc32 %08x\n", crc.getValue()));
    }

    @Test
    void savedAndLoadedTokenizersAreTheSameBitForBit() throws IOException {
        String text = CourseData.text(CourseData.FRA_ENG);
        BytePairEncoding bpe = small();
        Path file = dir.resolve("bpe.txt");
        bpe.save(file);
        Tokenizer loaded = Tokenizer.load(file);
        assertTrue(loaded instanceof BytePairEncoding);
        assertEquals(bpe.vocabulary().tokens(), loaded.vocabulary().tokens());
        assertEquals(bpe.merges(), ((BytePairEncoding) loaded).merges());
        assertArrayEquals(bpe.encode(text), loaded.encode(text));
        Path again = dir.resolve("again.txt");
        loaded.save(again);
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(again));

        CharacterTokenizer chars = CharacterTokenizer.of(text);
        chars.save(dir.resolve("chars.txt"));
        Tokenizer c = Tokenizer.load(dir.resolve("chars.txt"));
        assertTrue(c instanceof CharacterTokenizer);
        assertEquals(chars.vocabulary().tokens(), c.vocabulary().tokens());
        c.save(dir.resolve("chars2.txt"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("chars.txt")), Files.readAllBytes(dir.resolve("chars2.txt")));
    }

    @Test
    void theFileIsReadableText() throws IOException {
        BytePairEncoding.train("aaabdaaabac", 12).save(dir.resolve("t.txt"));
        List<String> lines = Files.readAllLines(dir.resolve("t.txt"));
        assertEquals(List.of("transformer.tokenize 1", "kind byte-pair-encoding", "split gpt2", "characters 4", "61", "62",
                "63", "64", "merges 4", "4 4 8 4", "4 5 9 2", "8 9 10 2", "4 6 11 1"), lines.subList(0, 13));
        assertTrue(lines.get(13).matches("crc32 [0-9a-f]{8}"), lines.get(13));
    }

    @Test
    void aDamagedFileIsAClearError() throws IOException {
        Path file = dir.resolve("bpe.txt");
        BytePairEncoding bpe = small();
        int n = bpe.merges().size();
        bpe.save(file);
        byte[] bytes = Files.readAllBytes(file);

        assertFails(dir.resolve("missing.txt"), "there is no such file");
        assertFails(Files.write(dir.resolve("empty.txt"), new byte[0]), "is not a tokenizer file: it is empty");
        assertFails(Files.writeString(dir.resolve("other.txt"), "source,target\n"), "is not a tokenizer file: it starts with");
        assertFails(Files.write(dir.resolve("binary.txt"), new byte[] {(byte) 0xff, (byte) 0xfe, 0}), "not UTF-8 text");
        assertFails(Files.write(dir.resolve("cut.txt"), java.util.Arrays.copyOf(bytes, bytes.length / 2)), "is truncated");
        assertFails(Files.write(dir.resolve("cut2.txt"), java.util.Arrays.copyOf(bytes, 10)), "is truncated");

        byte[] flipped = bytes.clone();
        int at = bytes.length / 2;
        flipped[at] = (byte) (flipped[at] == '1' ? '2' : '1');
        assertFails(Files.write(dir.resolve("flipped.txt"), flipped), "is corrupt: its CRC32 checksum is");

        String body = new String(bytes, StandardCharsets.UTF_8);
        body = body.substring(0, body.lastIndexOf("crc32 "));
        assertFails(rewritten(body.replace("kind byte-pair-encoding", "kind wordpiece")), "of kind \"wordpiece\"");
        assertFails(rewritten(body.replaceFirst("merges " + n, "merges " + (n + 1))), "it ends before merge " + n);
        assertFails(rewritten(body + "5 6 7 8\n"), "comes after the last expected line");
        String[] lines = body.split("\n");
        String firstMerge = lines[java.util.Arrays.asList(lines).indexOf("merges " + n) + 1];
        assertFails(rewritten(body.replaceFirst("\n" + firstMerge + "\n", "\nx" + firstMerge + "\n")), "should be merge 0");
        assertFails(rewritten(body.replaceFirst("\n" + firstMerge + "\n", "\n4 5 9999 7\n")), "is damaged: BytePairEncoding: merge 0");
        assertFails(rewritten(body.replaceFirst("\n" + firstMerge + "\n", "\n0 5 9999 7\n")), "expected ids of ordinary tokens");
    }
}
