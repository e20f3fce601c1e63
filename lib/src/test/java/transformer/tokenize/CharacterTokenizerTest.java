package transformer.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import transformer.data.CourseData;
import transformer.data.Vocabulary;

class CharacterTokenizerTest {

    @Test
    void givesCharactersIdsInCodePointOrderAfterTheSpecialTokens() {
        CharacterTokenizer t = CharacterTokenizer.of("été à");
        assertEquals(List.of("<pad>", "<bos>", "<eos>", "<unk>", " ", "t", "à", "é"), t.vocabulary().tokens());
        assertArrayEquals(new int[] {7, 5, 7, 4, 6}, t.encode("été à"));
        assertEquals(List.of("é", "t", "é", " ", "à"), t.tokens("été à"));
        assertArrayEquals(new int[] {5, Vocabulary.UNK}, t.encode("tu"));
    }

    @Test
    void aCharacterBeyondTheBasicPlaneIsOneToken() {
        CharacterTokenizer t = CharacterTokenizer.of("a𝄞b");
        assertEquals(7, t.size());
        assertEquals(List.of("a", "𝄞", "b"), t.tokens("a𝄞b"));
    }

    @Test
    void roundTripsBothWholeCorpora() {
        for (String name : List.of(CourseData.FRA_ENG, CourseData.SHAKESPEARE)) {
            String text = CourseData.text(name);
            CharacterTokenizer t = CharacterTokenizer.of(text);
            int[] ids = t.encode(text);
            assertEquals(text.codePointCount(0, text.length()), ids.length, name);
            assertEquals(text, t.decode(ids), name);
        }
        assertEquals(4 + 65, CharacterTokenizer.of(CourseData.text(CourseData.SHAKESPEARE)).size());
    }

    @Test
    void badInputGetsErrorsThatSayWhatWouldFit() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> CharacterTokenizer.of(""));
        assertTrue(empty.getMessage().contains("CharacterTokenizer.of: the corpus is empty"), empty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CharacterTokenizer.of(List.of()));
        CharacterTokenizer t = CharacterTokenizer.of("ab");
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> t.decode(new int[] {6}));
        assertTrue(unknown.getMessage().contains("CharacterTokenizer.decode: id 6 at position 0 is not a token of this"
                + " tokenizer of 6 tokens; expected ids in 0..5"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.encode(null));
    }
}
