package transformer.decoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;

import transformer.model.DecoderOnlyLanguageModel;
import transformer.model.EncoderDecoder;
import transformer.model.TransformerConfig;

class DecodingTest {

    // Token ids: 0 pad, 1 bos, 2 eos, 3 unk, 4 "A", 5 "B".
    private static final int A = 4;
    private static final int B = 5;
    private static final int EOS = 2;

    /** A hand-made model: next-token probabilities for each prefix (the prefix written after <bos>). */
    private static NextTokenScorer table(Map<String, double[]> next) {
        return prefixes -> {
            SimpleMatrix out = new SimpleMatrix(prefixes.length, 6);
            for (int i = 0; i < prefixes.length; i++) {
                double[] p = next.getOrDefault(Arrays.toString(Arrays.copyOfRange(prefixes[i], 1, prefixes[i].length)),
                        new double[] {0, 0, 1, 0, 0, 0});
                for (int c = 0; c < 6; c++) {
                    out.set(i, c, Math.log(p[c]));
                }
            }
            return out;
        };
    }

    /** Greedy takes A (0.6) but then nothing is likely; B (0.4) is followed by <eos> with 0.9. */
    private static NextTokenScorer greedyTrap() {
        Map<String, double[]> next = new HashMap<>();
        next.put("[]", new double[] {0, 0, 0, 0, 0.6, 0.4});
        next.put("[4]", new double[] {0, 0, 0.35, 0, 0.35, 0.30});
        next.put("[5]", new double[] {0, 0, 0.9, 0, 0.05, 0.05});
        next.put("[4, 4]", new double[] {0, 0, 1, 0, 0, 0});
        next.put("[4, 5]", new double[] {0, 0, 1, 0, 0, 0});
        return table(next);
    }

    private static EncoderDecoder untrainedModel() {
        return new EncoderDecoder(TransformerConfig.tiny(9, 11), 17);
    }

    @Test
    void greedyDecodingRecordsEveryChoiceAndStopsAtEos() {
        GreedyDecoder.Result r = GreedyDecoder.search(greedyTrap(), 10);
        assertArrayEquals(new int[] {A}, r.tokens());
        assertTrue(r.endedWithEos());
        assertEquals(2, r.steps().size());
        assertEquals(0, r.steps().get(0).position());
        assertEquals(A, r.steps().get(0).token());
        assertEquals(0.6, r.steps().get(0).probability(), 1e-15);
        assertEquals(1, r.steps().get(1).position());
        assertEquals(EOS, r.steps().get(1).token(), "a tie between <eos> and A (0.35 each) goes to the smaller id");
        assertEquals(0.35, r.steps().get(1).probability(), 1e-15);
        assertEquals(Math.log(0.6) + Math.log(0.35), r.logProb(), 1e-15);
    }

    @Test
    void beamSearchFindsAMoreProbableOutputThanGreedy() {
        GreedyDecoder.Result greedy = GreedyDecoder.search(greedyTrap(), 10);
        List<BeamSearch.Hypothesis> beams = BeamSearch.search(greedyTrap(), 2, 10, 0.0);
        BeamSearch.Hypothesis best = beams.get(0);
        assertArrayEquals(new int[] {B}, best.tokens());
        assertEquals(Math.log(0.4 * 0.9), best.logProb(), 1e-12);
        assertTrue(best.logProb() > greedy.logProb(), best.logProb() + " vs greedy " + greedy.logProb());
        assertEquals(2, beams.size());
        assertTrue(beams.get(0).normalisedScore() >= beams.get(1).normalisedScore());
    }

    @Test
    void widthOneBeamSearchMakesExactlyTheGreedyChoices() {
        EncoderDecoder model = untrainedModel();
        GreedyDecoder greedy = new GreedyDecoder(model, 12);
        BeamSearch beam = new BeamSearch(model, 1, 12, 0.6);
        int[][] sources = {{4, 5, 6}, {8, 7, 6, 5, 4, 3}, {2}, {5, 5, 5, 5}};
        for (int[] source : sources) {
            GreedyDecoder.Result g = greedy.decode(source);
            BeamSearch.Hypothesis b = beam.decode(source).best();
            assertArrayEquals(g.tokens(), b.tokens(), Arrays.toString(source));
            assertEquals(g.endedWithEos(), b.endedWithEos());
            assertEquals(g.logProb(), b.logProb(), 0.0, "the same log-probabilities summed in the same order");
        }
        GreedyDecoder.Result trap = GreedyDecoder.search(greedyTrap(), 10);
        assertArrayEquals(trap.tokens(), BeamSearch.search(greedyTrap(), 1, 10, 0).get(0).tokens());
    }

    @Test
    void theLengthPenaltyLetsALongerOutputWin() {
        assertEquals(1.0, BeamSearch.lengthPenalty(1, 0.6), 1e-15);
        assertEquals(Math.pow(10.0 / 6.0, 0.6), BeamSearch.lengthPenalty(5, 0.6), 1e-15);
        Map<String, double[]> next = new HashMap<>();
        next.put("[]", new double[] {0, 0, 0.5, 0, 0.5, 0});
        next.put("[4]", new double[] {0, 0, 0, 0, 1e-300, 1 - 1e-300});
        next.put("[4, 5]", new double[] {0, 0, 0, 0, 0.9, 0.1});
        next.put("[4, 5, 4]", new double[] {0, 0, 0.9, 0, 0.1, 0});
        // "" scores ln 0.5 = −0.69 (length 1); "A B A" scores ln(0.5·0.9·0.9) = −0.90 (length 4)
        assertEquals(0, BeamSearch.search(table(next), 3, 10, 0.0).get(0).tokens().length);
        assertArrayEquals(new int[] {A, B, A}, BeamSearch.search(table(next), 3, 10, 1.0).get(0).tokens());
    }

    @Test
    void decodingStopsAtTheMaximumLengthWhenNoEosComes() {
        Map<String, double[]> next = new HashMap<>();
        String prefix = "[]";
        List<Integer> written = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            next.put(prefix, new double[] {0, 0, 0.1, 0, 0.9, 0});
            written.add(A);
            prefix = written.toString();
        }
        GreedyDecoder.Result r = GreedyDecoder.search(table(next), 3);
        assertArrayEquals(new int[] {A, A, A}, r.tokens());
        assertFalse(r.endedWithEos());
        assertFalse(BeamSearch.search(table(next), 1, 3, 0).get(0).endedWithEos());
    }

    @Test
    void bothDecodersExposeEveryLayerAndHeadOfTheFinalOutput() {
        EncoderDecoder model = untrainedModel();
        int[] source = {4, 5, 6, 7};
        GreedyDecoder.Result g = new GreedyDecoder(model, 5).decode(source);
        AttentionMaps maps = g.attention();
        assertEquals(2, maps.layers());
        assertEquals(4, maps.heads());
        int rows = g.tokens().length + 1;
        assertEquals(rows, maps.cross(1, 3).getNumRows());
        assertEquals(source.length, maps.cross(1, 3).getNumCols());
        assertEquals(source.length, maps.encoderSelf().get(0).get(0).getNumRows());
        assertEquals(rows, maps.decoderSelf().get(1).get(2).getNumCols());
        for (int r = 0; r < rows; r++) {
            assertEquals(1.0, maps.cross(0, 0).extractVector(true, r).elementSum(), 1e-12);
        }
        BeamSearch.Result b = new BeamSearch(model, 3, 5, 0.6).decode(source);
        assertEquals(b.best().tokens().length + 1, b.attention().cross(0, 0).getNumRows());
    }

    @Test
    void decodingManySourcesAtOnceGivesTheSameOutputsAsOneByOne() {
        EncoderDecoder model = untrainedModel();
        GreedyDecoder greedy = new GreedyDecoder(model, 8);
        List<int[]> sources = List.of(new int[] {4, 5}, new int[] {8, 7, 6, 5, 4, 3, 2}, new int[] {6, 6, 6});
        List<int[]> together = greedy.decodeAll(sources);
        for (int i = 0; i < sources.size(); i++) {
            assertArrayEquals(greedy.decode(sources.get(i)).tokens(), together.get(i));
        }
    }

    @Test
    void badDecoderInputIsRejectedWithTheOperationAndTheValue() {
        EncoderDecoder model = untrainedModel();
        IllegalArgumentException pad = assertThrows(IllegalArgumentException.class,
                () -> new GreedyDecoder(model, 5).decode(new int[] {4, 0, 5}));
        assertTrue(pad.getMessage().contains("GreedyDecoder.decode") && pad.getMessage().contains("token 1 is id 0"),
                pad.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> new BeamSearch(model, 2, 5, 0.6).decode(new int[] {4, 99}));
        assertTrue(range.getMessage().contains("BeamSearch.decode") && range.getMessage().contains("id 99")
                && range.getMessage().contains("0..8"), range.getMessage());
        IllegalArgumentException width = assertThrows(IllegalArgumentException.class, () -> new BeamSearch(model, 0, 5, 0.6));
        assertTrue(width.getMessage().contains("BeamSearch") && width.getMessage().contains("width is 0"), width.getMessage());
        IllegalArgumentException alpha = assertThrows(IllegalArgumentException.class,
                () -> BeamSearch.search(greedyTrap(), 2, 5, -1));
        assertTrue(alpha.getMessage().contains("α is -1.0"), alpha.getMessage());
        IllegalArgumentException prompt = assertThrows(IllegalArgumentException.class, () -> NextTokenScorer.of(
                new DecoderOnlyLanguageModel(TransformerConfig.tiny(11), 1), new int[] {4, 11}));
        assertTrue(prompt.getMessage().contains("NextTokenScorer.of") && prompt.getMessage().contains("id 11"),
                prompt.getMessage());
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class, () -> new GreedyDecoder(model, 64));
        assertTrue(length.getMessage().contains("GreedyDecoder") && length.getMessage().contains("max length is 64")
                && length.getMessage().contains("maxLength 64"), length.getMessage());
    }
}
