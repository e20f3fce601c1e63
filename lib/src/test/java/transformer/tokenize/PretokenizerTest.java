package transformer.tokenize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import transformer.data.CourseData;

class PretokenizerTest {

    @Test
    void splitsWordsWithTheirSpaceNumbersPunctuationAndWhiteSpace() {
        assertEquals(List.of("I", "'m", " 42", " years", " old", "!!", "\n  ", " Go", "."),
                Pretokenizer.chunks("I'm 42 years old!!\n   Go."));
        assertEquals(List.of("Va", "\u202f", "!", "\t", "Cours", " !"), Pretokenizer.chunks("Va\u202f!\tCours !"));
        assertEquals(List.of(), Pretokenizer.chunks(""));
    }

    @Test
    void theChunksOfBothCorporaJoinBackToTheText() {
        for (String name : List.of(CourseData.FRA_ENG, CourseData.SHAKESPEARE)) {
            String text = CourseData.text(name);
            assertEquals(text, String.join("", Pretokenizer.chunks(text)), name);
        }
    }
}
