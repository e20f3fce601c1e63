package transformer.translation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** BLEU's arithmetic by hand and its errors; tests/translation/test_bleu.py checks it against sacrebleu. */
class BleuTest {

    @Test
    void tokenizesAs13aDoes() {
        assertEquals(List.of("J'ai", "3,50", "$", ",", "soit", "peut-être", "1.000", "fois", "(", "x", ")", "."),
                Bleu.tokenize13a("J'ai 3,50$, soit peut-être 1.000 fois (x)."));
        assertEquals(List.of("Va", "!"), Bleu.tokenize13a("Va\u00a0!  \n"));
        assertEquals(List.of("10", "-", "12", "&", "x"), Bleu.tokenize13a("10-12 &amp; x"));
        assertEquals(List.of(), Bleu.tokenize13a(""));
    }

    @Test
    void countsClippedMatchesAgainstTheBestReferenceAndTheClosestLength() {
        // "le le le" against "le chat": the unigram "le" is correct once only (clipped); with a second
        // reference holding "le" twice it counts twice.
        Bleu.Score one = Bleu.corpus(List.of("le le le"), List.of(List.of("le chat")));
        assertArrayEquals(new int[] {1, 0, 0, 0}, one.correct());
        assertArrayEquals(new int[] {3, 2, 1, 0}, one.total());
        Bleu.Score two = Bleu.corpus(List.of("le le le"), List.of(List.of("le chat", "le le")));
        assertArrayEquals(new int[] {2, 1, 0, 0}, two.correct());
        // No 4-grams in a 3-word corpus: the 4-gram precision is 0, so BLEU is 0.
        assertEquals(0.0, two.score());
        // Closest reference length: 3 words against references of 2 and 4 words is a tie, the shorter wins.
        Bleu.Score tie = Bleu.corpus(List.of("a b c"), List.of(List.of("a b", "a b c d")));
        assertEquals(2, tie.referenceLength());
    }

    @Test
    void scoresAPerfectCorpusAndAppliesTheBrevityPenalty() {
        Bleu.Score perfect = Bleu.corpus(List.of("Il fait très beau aujourd'hui ."),
                List.of(List.of("Il fait très beau aujourd'hui.")));
        assertEquals(100.0, perfect.score(), 1e-12);
        // Half as long as its only reference: every precision is 100, BP = exp(1 − 8/4).
        Bleu.Score shortOne = Bleu.corpus(List.of("a b c d"), List.of(List.of("a b c d e f g h")));
        assertEquals(Math.exp(-1), shortOne.brevityPenalty(), 1e-12);
        assertEquals(100 * Math.exp(-1), shortOne.score(), 1e-9);
    }

    @Test
    void smoothsAnOrderWithoutMatchesAsSacrebleuDoes() {
        // 5 words, reference shares the unigrams and two bigrams, no trigram or 4-gram:
        // p3 = 100 / (2·3), p4 = 100 / (4·2).
        Bleu.Score s = Bleu.corpus(List.of("a b x c d"), List.of(List.of("a b c d")));
        assertArrayEquals(new int[] {4, 2, 0, 0}, s.correct());
        double[] expected = {80, 50, 100.0 / 6, 100.0 / 8};
        for (int n = 0; n < 4; n++) {
            assertEquals(expected[n], s.precisions()[n], 1e-12, Arrays.toString(s.precisions()));
        }
        double geometric = Math.exp((Math.log(80) + Math.log(50) + Math.log(100.0 / 6) + Math.log(12.5)) / 4);
        assertEquals(geometric, s.score(), 1e-9);
    }

    @Test
    void anEmptyHypothesisScoresZeroAndIsNotAnError() {
        Bleu.Score s = Bleu.corpus(List.of(""), List.of(List.of("Bonjour !")));
        assertEquals(0.0, s.score());
        assertEquals(0.0, s.brevityPenalty());
        assertEquals(0, s.hypothesisLength());
    }

    @Test
    void badInputIsAnErrorThatSaysWhatWouldFit() {
        assertMessage(() -> Bleu.corpus(null, List.of()), "Bleu.corpus", "no hypotheses");
        assertMessage(() -> Bleu.corpus(List.of("a"), null), "Bleu.corpus", "no references");
        assertMessage(() -> Bleu.corpus(List.of(), List.of()), "Bleu.corpus", "0 hypotheses", "at least one");
        assertMessage(() -> Bleu.corpus(List.of("a", "b"), List.of(List.of("a"))), "2 hypotheses",
                "references for 1 sentences", "the same number");
        assertMessage(() -> Bleu.corpus(List.of("a"), List.of(List.of())), "sentence 0", "no references",
                "at least one reference");
        assertMessage(() -> Bleu.corpus(Arrays.asList((String) null), List.of(List.of("a"))), "hypothesis 0 is null");
        assertMessage(() -> Bleu.corpus(List.of("a"), List.of(Arrays.asList("a", null))), "reference 1 of sentence 0 is null");
        assertMessage(() -> Bleu.corpusSingle(List.of("a"), null), "Bleu.corpusSingle", "no references");
        assertMessage(() -> Bleu.tokenize13a(null), "Bleu.tokenize13a", "null");
    }

    private static void assertMessage(Runnable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "«" + e.getMessage() + "» lacks «" + part + "»");
        }
    }
}
