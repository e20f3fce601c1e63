package transformer.translation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import transformer.checkpoint.Checkpoint;
import transformer.model.EncoderDecoder;
import transformer.model.TransformerConfig;
import transformer.tokenize.BytePairEncoding;

class TranslatorTest {

    @TempDir
    Path dir;

    private static final List<String> ENGLISH = List.of("I have a red car.", "She has a black cat.", "Go.");
    private static final List<String> FRENCH = List.of("J'ai une voiture rouge.", "Elle a un chat noir.", "Va !");

    @Test
    void translatesTextToTextAndGreedyEqualsBeamOfWidthOne() {
        BytePairEncoding en = BytePairEncoding.train(ENGLISH, 40);
        BytePairEncoding fr = BytePairEncoding.train(FRENCH, 40);
        EncoderDecoder model = new EncoderDecoder(TransformerConfig.tiny(en.size(), fr.size()), 3);
        Translator t = new Translator(model, en, fr);
        List<String> greedy = t.greedyAll(ENGLISH);
        assertEquals(3, greedy.size());
        for (int i = 0; i < ENGLISH.size(); i++) {
            assertEquals(t.greedy(ENGLISH.get(i)), greedy.get(i));
        }
        assertEquals(greedy, t.beamAll(ENGLISH, 1, 0.6));
        ParallelCorpus corpus = ParallelCorpus.of(List.of(new ParallelCorpus.Pair(ENGLISH.get(0), FRENCH.get(0))));
        assertEquals(Bleu.corpus(List.of(greedy.get(0)), List.of(List.of(FRENCH.get(0)))).score(),
                t.bleu(corpus, 1, 0).score());
    }

    @Test
    void loadsWhatWasSavedAndRefusesTokenizersOfAnotherModel() {
        BytePairEncoding en = BytePairEncoding.train(ENGLISH, 40);
        BytePairEncoding fr = BytePairEncoding.train(FRENCH, 40);
        EncoderDecoder model = new EncoderDecoder(TransformerConfig.tiny(en.size(), fr.size()), 3);
        Checkpoint.save(model, en.vocabulary(), fr.vocabulary(), "test", dir.resolve("m.ckpt"));
        en.save(dir.resolve("en.tok"));
        fr.save(dir.resolve("fr.tok"));
        Translator loaded = Translator.load(dir.resolve("m.ckpt"), dir.resolve("en.tok"), dir.resolve("fr.tok"));
        assertEquals(new Translator(model, en, fr).greedy("I have a car."), loaded.greedy("I have a car."));
        IllegalArgumentException swapped = assertThrows(IllegalArgumentException.class,
                () -> Translator.load(dir.resolve("m.ckpt"), dir.resolve("fr.tok"), dir.resolve("en.tok")));
        assertTrue(swapped.getMessage().contains("Translator.load") && swapped.getMessage().contains("tokenizers saved with this model"),
                swapped.getMessage());
        BytePairEncoding other = BytePairEncoding.train(ENGLISH, 30);
        IllegalArgumentException sizes = assertThrows(IllegalArgumentException.class, () -> new Translator(model, other, fr));
        assertTrue(sizes.getMessage().contains("the model reads " + en.size()), sizes.getMessage());
    }

    @Test
    void badSentencesAreErrorsThatSayWhatWouldFit() {
        BytePairEncoding en = BytePairEncoding.train(ENGLISH, 40);
        BytePairEncoding fr = BytePairEncoding.train(FRENCH, 40);
        Translator t = new Translator(new EncoderDecoder(TransformerConfig.tiny(en.size(), fr.size()), 3), en, fr);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> t.greedy(" ")).getMessage().contains("blank"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> t.greedyAll(List.of())).getMessage()
                .contains("Translator.greedyAll: got no sentences"));
        String longSentence = "I have a car. ".repeat(30);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> t.greedy(longSentence)).getMessage()
                .contains("this model reads at most 63"));
        assertThrows(IllegalArgumentException.class, () -> new Translator(null, en, fr));
    }
}
