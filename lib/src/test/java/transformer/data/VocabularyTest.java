package transformer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class VocabularyTest {

    @Test
    void specialTokensComeFirstWithTheConventionalIds() {
        Vocabulary v = Vocabulary.of(List.of("b", "a", "b"));
        assertEquals(List.of("<pad>", "<bos>", "<eos>", "<unk>", "b", "a"), v.tokens());
        assertEquals(0, v.id("<pad>"));
        assertEquals(1, v.id("<bos>"));
        assertEquals(2, v.id("<eos>"));
        assertEquals(3, v.id("<unk>"));
    }

    @Test
    void encodingThenDecodingGivesTheTokensBackAndUnknownTokensBecomeUnk() {
        Vocabulary v = Vocabulary.fromSequences(List.of(List.of("the", "cat"), List.of("sat")));
        assertArrayEquals(new int[] {4, 5, 6}, v.encode(List.of("the", "cat", "sat")));
        assertEquals(List.of("the", "cat", "sat"), v.decode(v.encode(List.of("the", "cat", "sat"))));
        assertArrayEquals(new int[] {4, Vocabulary.UNK}, v.encode(List.of("the", "dog")));
    }

    @Test
    void decodingAModelOutputStopsAtEosAndDropsPadAndBos() {
        Vocabulary v = Vocabulary.of(List.of("x", "y"));
        assertEquals(List.of("x", "y"), v.decodeOutput(new int[] {1, 4, 5, 2, 4, 0}));
    }

    @Test
    void anIdOutsideTheVocabularyIsAnErrorThatNamesTheIdAndTheRange() {
        Vocabulary v = Vocabulary.of(List.of("x", "y"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.token(17));
        assertTrue(e.getMessage().contains("Vocabulary.token") && e.getMessage().contains("17")
                && e.getMessage().contains("0..5"), e.getMessage());
        IllegalArgumentException d = assertThrows(IllegalArgumentException.class, () -> v.decode(new int[] {4, -1}));
        assertTrue(d.getMessage().contains("Vocabulary.decode") && d.getMessage().contains("-1")
                && d.getMessage().contains("position 1"), d.getMessage());
    }

    @Test
    void anEmptyTokenIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Vocabulary.of(List.of("a", "")));
        assertTrue(e.getMessage().contains("Vocabulary.of") && e.getMessage().contains("empty string"), e.getMessage());
    }
}
