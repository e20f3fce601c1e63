package transformer.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import transformer.data.Vocabulary;
import transformer.layers.Parameter;
import transformer.model.DecoderOnlyLanguageModel;
import transformer.model.EncoderClassifier;
import transformer.model.EncoderDecoder;
import transformer.model.GPT;
import transformer.model.TransformerConfig;

/**
 * A whole model saved bit for bit: its {@link TransformerConfig}, every parameter's exact doubles, and
 * optionally the vocabularies and a description, so a shipped checkpoint can be decoded on its own.
 *
 * <h2>File format, version 1</h2>
 * All numbers are big-endian. A string is an int byte count followed by that many UTF-8 bytes.
 * <pre>
 *  magic            8 bytes   89 4B 49 54 0D 0A 1A 0A   ("\x89KIT\r\n\x1A\n": a high byte, then line endings
 *                                                        that a text-mode copy would mangle, as in PNG)
 *  format version   int       1
 *  total length     long      bytes in the whole file, checksum included (tells truncation from corruption)
 *  model kind       string    "EncoderDecoder", "EncoderClassifier", "DecoderOnlyLanguageModel" or "GPT"
 *  config           int sourceVocabSize, int targetVocabSize, int dModel, int heads, int layers, int dFF,
 *                   long dropout (raw bits), int maxLength, string normPlacement, string positions, int padId
 *  classes          int       number of classes of an EncoderClassifier, 0 for the other kinds
 *  description      string    free text, may be empty
 *  source tokens    int count, then count strings (0 when no vocabulary was saved)
 *  target tokens    int count, then count strings (a GPT's tokens, one per id, no special tokens)
 *  parameters       int count P, then P times: string name, int rows, int cols,
 *                   rows·cols longs, row-major, each {@link Double#doubleToRawLongBits} of one weight
 *  checksum         long      CRC32 of every byte before it
 * </pre>
 * Every problem with a file (wrong magic, truncated, bad checksum, newer version, or a config, name
 * or shape that does not match the model) is an {@link InvalidCheckpointException} that names the
 * file and what is wrong. Failures of the disk itself are {@link UncheckedIOException}s.
 */
public final class Checkpoint {

    public static final String ENCODER_DECODER = "EncoderDecoder";
    public static final String ENCODER_CLASSIFIER = "EncoderClassifier";
    public static final String LANGUAGE_MODEL = "DecoderOnlyLanguageModel";
    public static final String GPT_MODEL = "GPT";

    private final String kind;
    private final TransformerConfig config;
    private final int classes;
    private final String description;
    private final List<String> sourceTokens;
    private final List<String> targetTokens;
    private final List<Parameter> parameters;

    Checkpoint(String kind, TransformerConfig config, int classes, String description, List<String> sourceTokens,
            List<String> targetTokens, List<Parameter> parameters) {
        this.kind = kind;
        this.config = config;
        this.classes = classes;
        this.description = description;
        this.sourceTokens = List.copyOf(sourceTokens);
        this.targetTokens = List.copyOf(targetTokens);
        this.parameters = List.copyOf(parameters);
    }

    /** Saves the model's config and weights. */
    public static void save(EncoderDecoder model, Path file) {
        save(model, null, null, "", file);
    }

    /** Saves the model with the vocabularies it reads and writes and a description (each may be null). */
    public static void save(EncoderDecoder model, Vocabulary source, Vocabulary target, String description, Path file) {
        requireModel("save", model, file);
        write(ENCODER_DECODER, model.config(), 0, model.parameters(), source, target, description, file);
    }

    public static void save(EncoderClassifier model, Path file) {
        save(model, null, "", file);
    }

    /** Saves a classifier with the vocabulary it reads and a description (each may be null). */
    public static void save(EncoderClassifier model, Vocabulary source, String description, Path file) {
        requireModel("save", model, file);
        write(ENCODER_CLASSIFIER, model.config(), model.classes(), model.parameters(), source, null, description, file);
    }

    public static void save(DecoderOnlyLanguageModel model, Path file) {
        save(model, null, "", file);
    }

    /** Saves a language model with its vocabulary and a description (each may be null). */
    public static void save(DecoderOnlyLanguageModel model, Vocabulary vocabulary, String description, Path file) {
        requireModel("save", model, file);
        write(LANGUAGE_MODEL, model.config(), 0, model.parameters(), null, vocabulary, description, file);
    }

    /**
     * Saves a {@link GPT} with its tokens, one string per id from 0 (a character model's characters;
     * a GPT has no special tokens), and a description (each may be null).
     */
    public static void save(GPT model, List<String> tokens, String description, Path file) {
        requireModel("save", model, file);
        if (tokens != null && tokens.size() != model.config().targetVocabSize()) {
            throw new IllegalArgumentException("Checkpoint.save: got " + tokens.size() + " tokens but the model's config"
                    + " says " + model.config().targetVocabSize() + "; pass one string per token id");
        }
        new Checkpoint(GPT_MODEL, model.config(), 0, description == null ? "" : description, List.of(),
                tokens == null ? List.of() : tokens, model.parameters()).writeTo(file);
    }

    /** A new GPT built from the file, in evaluation mode. */
    public static GPT loadGpt(Path file) {
        return read(file).toGpt();
    }

    /** A new encoder-decoder built from the file's config, holding the file's weights, in evaluation mode. */
    public static EncoderDecoder load(Path file) {
        return read(file).toEncoderDecoder();
    }

    /** A new classifier built from the file, in evaluation mode. */
    public static EncoderClassifier loadClassifier(Path file) {
        return read(file).toClassifier();
    }

    /** A new language model built from the file, in evaluation mode. */
    public static DecoderOnlyLanguageModel loadLanguageModel(Path file) {
        return read(file).toLanguageModel();
    }

    /** Copies the file's weights into an existing model, after checking that kind, config, names and shapes match. */
    public static void loadInto(EncoderDecoder model, Path file) {
        requireModel("loadInto", model, file);
        read(file).copyInto(ENCODER_DECODER, model.config(), 0, model.parameters(), file);
        model.setTraining(false);
    }

    public static void loadInto(EncoderClassifier model, Path file) {
        requireModel("loadInto", model, file);
        read(file).copyInto(ENCODER_CLASSIFIER, model.config(), model.classes(), model.parameters(), file);
        model.setTraining(false);
    }

    public static void loadInto(DecoderOnlyLanguageModel model, Path file) {
        requireModel("loadInto", model, file);
        read(file).copyInto(LANGUAGE_MODEL, model.config(), 0, model.parameters(), file);
        model.setTraining(false);
    }

    /** Reads and checks a checkpoint file without building a model. */
    public static Checkpoint read(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("Checkpoint.read: there is no file at " + file);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Checkpoint.read: could not read " + file, e);
        }
        return CheckpointFile.parse(bytes, file.toString());
    }

    public String kind() {
        return kind;
    }

    public TransformerConfig config() {
        return config;
    }

    public String description() {
        return description;
    }

    /** The source vocabulary saved with the model, or {@code null} if none was. */
    public Vocabulary sourceVocabulary() {
        return sourceTokens.isEmpty() ? null : Vocabulary.of(sourceTokens.subList(Vocabulary.SPECIALS.size(), sourceTokens.size()));
    }

    /** The target vocabulary saved with the model, or {@code null} if none was. */
    public Vocabulary targetVocabulary() {
        if (kind.equals(GPT_MODEL)) {
            throw new IllegalStateException("Checkpoint.targetVocabulary: a GPT has no special tokens, so its tokens are"
                    + " not a Vocabulary; use tokens()");
        }
        return targetTokens.isEmpty() ? null : Vocabulary.of(targetTokens.subList(Vocabulary.SPECIALS.size(), targetTokens.size()));
    }

    /** The tokens saved with a GPT, one string per id from 0 (empty if none were saved). */
    public List<String> tokens() {
        requireKind("tokens", GPT_MODEL);
        return targetTokens;
    }

    /** The saved parameters, by name, with their values (gradients are not saved). */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** A new encoder-decoder with this checkpoint's config and weights, in evaluation mode. */
    public EncoderDecoder toEncoderDecoder() {
        requireKind("toEncoderDecoder", ENCODER_DECODER);
        EncoderDecoder model = new EncoderDecoder(config, 0);
        copyInto(ENCODER_DECODER, config, 0, model.parameters(), null);
        model.setTraining(false);
        return model;
    }

    /** A new classifier with this checkpoint's config, classes and weights, in evaluation mode. */
    public EncoderClassifier toClassifier() {
        requireKind("toClassifier", ENCODER_CLASSIFIER);
        EncoderClassifier model = new EncoderClassifier(config, classes, 0);
        copyInto(ENCODER_CLASSIFIER, config, classes, model.parameters(), null);
        model.setTraining(false);
        return model;
    }

    /** A new language model with this checkpoint's config and weights, in evaluation mode. */
    public DecoderOnlyLanguageModel toLanguageModel() {
        requireKind("toLanguageModel", LANGUAGE_MODEL);
        DecoderOnlyLanguageModel model = new DecoderOnlyLanguageModel(config, 0);
        copyInto(LANGUAGE_MODEL, config, 0, model.parameters(), null);
        model.setTraining(false);
        return model;
    }

    /** A new GPT with this checkpoint's config and weights, in evaluation mode. */
    public GPT toGpt() {
        requireKind("toGpt", GPT_MODEL);
        GPT model = new GPT(config, 0);
        copyInto(GPT_MODEL, config, 0, model.parameters(), null);
        model.setTraining(false);
        return model;
    }

    private void requireKind(String operation, String wanted) {
        if (!kind.equals(wanted)) {
            throw new InvalidCheckpointException("Checkpoint." + operation + ": the checkpoint holds a " + kind
                    + ", not a " + wanted + (kind.equals(ENCODER_CLASSIFIER) ? "; use Checkpoint.loadClassifier"
                    : kind.equals(LANGUAGE_MODEL) ? "; use Checkpoint.loadLanguageModel"
                    : kind.equals(GPT_MODEL) ? "; use Checkpoint.loadGpt" : "; use Checkpoint.load"));
        }
    }

    List<String> sourceTokens() {
        return sourceTokens;
    }

    List<String> targetTokens() {
        return targetTokens;
    }

    private void writeTo(Path file) {
        CheckpointFile.write(this, file);
    }

    /** Number of classes of a saved classifier (0 for the other kinds). */
    public int classes() {
        return classes;
    }

    private void copyInto(String modelKind, TransformerConfig modelConfig, int modelClasses, List<Parameter> target,
            Path file) {
        String where = "Checkpoint.loadInto: " + (file == null ? "the checkpoint" : file.toString());
        if (!kind.equals(modelKind)) {
            throw new InvalidCheckpointException(where + " holds a " + kind + " but the model is a " + modelKind);
        }
        if (classes != modelClasses) {
            throw new InvalidCheckpointException(where + " holds a classifier of " + classes
                    + " classes but the model has " + modelClasses);
        }
        List<String> differences = ConfigFields.differences(config, modelConfig);
        if (!differences.isEmpty()) {
            throw new InvalidCheckpointException(where + " was saved from a model with a different config: "
                    + String.join("; ", differences) + " (file vs. model); Checkpoint.load(file) builds a model with the saved config");
        }
        if (target.size() != parameters.size()) {
            throw new InvalidCheckpointException(where + " has " + parameters.size() + " parameters but the model has "
                    + target.size());
        }
        for (int i = 0; i < target.size(); i++) {
            Parameter saved = parameters.get(i);
            Parameter p = target.get(i);
            if (!saved.name().equals(p.name()) || saved.value().getNumRows() != p.value().getNumRows()
                    || saved.value().getNumCols() != p.value().getNumCols()) {
                throw new InvalidCheckpointException(where + ": parameter " + i + " is " + saved
                        + " in the file but " + p + " in the model");
            }
        }
        for (int i = 0; i < target.size(); i++) {
            double[] from = parameters.get(i).value().getDDRM().data;
            System.arraycopy(from, 0, target.get(i).value().getDDRM().data, 0, parameters.get(i).size());
        }
    }

    private static void write(String kind, TransformerConfig config, int classes, List<Parameter> parameters,
            Vocabulary source, Vocabulary target, String description, Path file) {
        checkVocabulary("source", source, config.sourceVocabSize());
        checkVocabulary("target", target, config.targetVocabSize());
        new Checkpoint(kind, config, classes, description == null ? "" : description,
                source == null ? List.of() : source.tokens(), target == null ? List.of() : target.tokens(),
                parameters).writeTo(file);
    }

    private static void requireModel(String operation, Object model, Path file) {
        if (model == null || file == null) {
            throw new IllegalArgumentException("Checkpoint." + operation + ": model and file are needed; got "
                    + (model == null ? "no model" : "a model") + " and " + (file == null ? "no file" : file));
        }
    }

    private static void checkVocabulary(String which, Vocabulary vocabulary, int size) {
        if (vocabulary != null && vocabulary.size() != size) {
            throw new IllegalArgumentException("Checkpoint.save: the " + which + " vocabulary has " + vocabulary.size()
                    + " tokens but the model's config says " + size);
        }
    }

    @Override
    public String toString() {
        return "Checkpoint(" + kind + ", " + config + ", " + parameters.size() + " parameters"
                + (description.isEmpty() ? "" : ", \"" + description + "\"") + ")";
    }
}
