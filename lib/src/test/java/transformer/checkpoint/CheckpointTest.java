package transformer.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import transformer.data.DateTask;
import transformer.data.Vocabulary;
import transformer.decoding.GreedyDecoder;
import transformer.layers.NormPlacement;
import transformer.layers.Parameter;
import transformer.model.DecoderOnlyLanguageModel;
import transformer.model.EncoderClassifier;
import transformer.model.EncoderDecoder;
import transformer.model.TransformerConfig;
import transformer.position.PositionKind;

class CheckpointTest {

    private static final Vocabulary VOCABULARY = DateTask.standard().vocabulary();
    private static final TransformerConfig CONFIG = new TransformerConfig(VOCABULARY.size(), VOCABULARY.size(), 16, 2,
            1, 32, 0.1, 24, NormPlacement.PRE_NORM, PositionKind.LEARNED, 0);
    private static final int[][] SOURCE = {{14, 5, 17, 6, 4, 6, 10}};
    private static final int[][] TARGET_INPUT = {{1, 6, 4, 6, 10, 14, 5, 5, 14, 6}};

    @TempDir
    Path dir;
    private EncoderDecoder model;
    private Path file;

    @BeforeEach
    void saveAModelWithUnusualWeights() {
        model = new EncoderDecoder(CONFIG, 99);
        double[] w = model.parameters().get(0).value().getDDRM().data;
        w[0] = -0.0;
        w[1] = Double.MIN_VALUE;
        w[2] = Double.longBitsToDouble(0x7ff8_0000_0000_1234L); // a NaN with a payload: only raw bits keep it
        file = dir.resolve("date-model.kit");
        Checkpoint.save(model, VOCABULARY, VOCABULARY, "date task, seed 99", file);
    }

    @Test
    void aRoundTripKeepsEveryBitOfEveryParameter() {
        EncoderDecoder loaded = Checkpoint.load(file);
        List<Parameter> a = model.parameters();
        List<Parameter> b = loaded.parameters();
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).name(), b.get(i).name());
            double[] x = a.get(i).value().getDDRM().data;
            double[] y = b.get(i).value().getDDRM().data;
            assertEquals(x.length, y.length);
            for (int k = 0; k < x.length; k++) {
                assertEquals(Double.doubleToRawLongBits(x[k]), Double.doubleToRawLongBits(y[k]), a.get(i).name() + "[" + k + "]");
            }
        }
        assertEquals(CONFIG, loaded.config());
    }

    @Test
    void aLoadedModelDecodesExactlyAsTheSavedOne() {
        model.parameters().get(0).value().getDDRM().data[2] = 0.25; // a NaN weight would make every output NaN
        Checkpoint.save(model, file);
        model.setTraining(false);
        SimpleMatrix expected = model.forward(SOURCE, TARGET_INPUT);
        EncoderDecoder loaded = Checkpoint.load(file);
        SimpleMatrix actual = loaded.forward(SOURCE, TARGET_INPUT);
        for (int k = 0; k < expected.getNumElements(); k++) {
            assertEquals(Double.doubleToRawLongBits(expected.get(k)), Double.doubleToRawLongBits(actual.get(k)));
        }
        assertArrayEquals(new GreedyDecoder(model, 12).decode(SOURCE[0]).tokens(),
                new GreedyDecoder(loaded, 12).decode(SOURCE[0]).tokens());
        EncoderDecoder other = new EncoderDecoder(CONFIG, 5);
        Checkpoint.loadInto(other, file);
        assertArrayEquals(expected.getDDRM().data, other.forward(SOURCE, TARGET_INPUT).getDDRM().data, 0.0);
    }

    @Test
    void theVocabulariesAndDescriptionComeBackToo() {
        Checkpoint c = Checkpoint.read(file);
        assertEquals(VOCABULARY.tokens(), c.sourceVocabulary().tokens());
        assertEquals(VOCABULARY.tokens(), c.targetVocabulary().tokens());
        assertEquals("date task, seed 99", c.description());
        assertEquals(Checkpoint.ENCODER_DECODER, c.kind());
    }

    @Test
    void aTruncatedFileIsReportedAsTruncatedWithItsSizes() throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 100));
        InvalidCheckpointException e = assertThrows(InvalidCheckpointException.class, () -> Checkpoint.load(file));
        assertTrue(e.getMessage().contains("Checkpoint.read") && e.getMessage().contains("truncated")
                && e.getMessage().contains((bytes.length - 100) + " bytes") && e.getMessage().contains(bytes.length + ""),
                e.getMessage());
        Files.write(file, Arrays.copyOf(bytes, 5));
        assertTrue(assertThrows(InvalidCheckpointException.class, () -> Checkpoint.load(file)).getMessage()
                .contains("truncated"));
    }

    @Test
    void aChangedByteIsCaughtByTheChecksum() throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(file, bytes);
        InvalidCheckpointException e = assertThrows(InvalidCheckpointException.class, () -> Checkpoint.load(file));
        assertTrue(e.getMessage().contains("corrupt") && e.getMessage().contains("CRC32")
                && e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void aFileThatIsNotACheckpointIsNamedAsSuchWithItsFirstBytes() throws IOException {
        Files.writeString(file, "PK\u0003\u0004 this is a zip file");
        InvalidCheckpointException e = assertThrows(InvalidCheckpointException.class, () -> Checkpoint.load(file));
        assertTrue(e.getMessage().contains("not a kit checkpoint") && e.getMessage().contains("50 4b 03 04")
                && e.getMessage().contains("89 4b 49 54"), e.getMessage());
        Files.write(file, new byte[0]);
        assertTrue(assertThrows(InvalidCheckpointException.class, () -> Checkpoint.load(file)).getMessage()
                .contains("the file is empty"));
    }

    @Test
    void aNewerFormatVersionIsRefusedByNumber() throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[11] = 7;
        Files.write(file, bytes);
        InvalidCheckpointException e = assertThrows(InvalidCheckpointException.class, () -> Checkpoint.load(file));
        assertTrue(e.getMessage().contains("format version 7") && e.getMessage().contains("reads version 1"),
                e.getMessage());
    }

    @Test
    void loadingIntoAModelWithAnotherConfigNamesEveryDifferentField() {
        EncoderDecoder wider = new EncoderDecoder(CONFIG.withLayers(2).withNormPlacement(NormPlacement.POST_NORM), 1);
        InvalidCheckpointException e = assertThrows(InvalidCheckpointException.class,
                () -> Checkpoint.loadInto(wider, file));
        assertTrue(e.getMessage().contains("Checkpoint.loadInto") && e.getMessage().contains("layers 1 vs. 2")
                && e.getMessage().contains("normPlacement PRE_NORM vs. POST_NORM"), e.getMessage());
    }

    @Test
    void aVocabularyOfTheWrongSizeIsNotSaved() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.save(model, Vocabulary.of(List.of("a")), null, "", dir.resolve("x.kit")));
        assertTrue(e.getMessage().contains("Checkpoint.save") && e.getMessage().contains("5 tokens")
                && e.getMessage().contains(CONFIG.sourceVocabSize() + ""), e.getMessage());
        assertFalse(Files.exists(dir.resolve("x.kit")));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.load(dir.resolve("nowhere.kit")));
        assertTrue(missing.getMessage().contains("no file") && missing.getMessage().contains("nowhere.kit"));
    }

    @Test
    void classifiersAndLanguageModelsRoundTripBitForBitToo() {
        EncoderClassifier classifier = new EncoderClassifier(CONFIG, 3, 8);
        Path c = dir.resolve("classifier.kit");
        Checkpoint.save(classifier, VOCABULARY, "three classes", c);
        classifier.setTraining(false);
        EncoderClassifier classifierBack = Checkpoint.loadClassifier(c);
        assertEquals(3, classifierBack.classes());
        assertBitIdentical(classifier.parameters(), classifierBack.parameters());
        assertArrayEquals(classifier.forward(SOURCE).getDDRM().data, classifierBack.forward(SOURCE).getDDRM().data, 0.0);

        DecoderOnlyLanguageModel lm = new DecoderOnlyLanguageModel(CONFIG, 8);
        Path l = dir.resolve("lm.kit");
        Checkpoint.save(lm, VOCABULARY, "", l);
        lm.setTraining(false);
        DecoderOnlyLanguageModel lmBack = new DecoderOnlyLanguageModel(CONFIG, 1);
        Checkpoint.loadInto(lmBack, l);
        assertBitIdentical(lm.parameters(), lmBack.parameters());
        assertArrayEquals(lm.forward(TARGET_INPUT).getDDRM().data, lmBack.forward(TARGET_INPUT).getDDRM().data, 0.0);
        assertEquals(VOCABULARY.tokens(), Checkpoint.read(l).targetVocabulary().tokens());
    }

    @Test
    void loadingOneKindOfModelAsAnotherNamesBoth() {
        Path c = dir.resolve("classifier.kit");
        Checkpoint.save(new EncoderClassifier(CONFIG, 3, 8), c);
        InvalidCheckpointException e = assertThrows(InvalidCheckpointException.class, () -> Checkpoint.load(c));
        assertTrue(e.getMessage().contains("EncoderClassifier") && e.getMessage().contains("EncoderDecoder")
                && e.getMessage().contains("loadClassifier"), e.getMessage());
        InvalidCheckpointException classes = assertThrows(InvalidCheckpointException.class,
                () -> Checkpoint.loadInto(new EncoderClassifier(CONFIG, 5, 8), c));
        assertTrue(classes.getMessage().contains("3 classes") && classes.getMessage().contains("has 5"),
                classes.getMessage());
    }

    private static void assertBitIdentical(List<Parameter> a, List<Parameter> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).name(), b.get(i).name());
            double[] x = a.get(i).value().getDDRM().data;
            double[] y = b.get(i).value().getDDRM().data;
            for (int k = 0; k < x.length; k++) {
                assertEquals(Double.doubleToRawLongBits(x[k]), Double.doubleToRawLongBits(y[k]));
            }
        }
    }
}
