package transformer.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

import org.ejml.simple.SimpleMatrix;

import transformer.data.Vocabulary;
import transformer.layers.Parameter;
import transformer.model.EncoderDecoder;
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
 *  model kind       string    "EncoderDecoder"
 *  config           int sourceVocabSize, int targetVocabSize, int dModel, int heads, int layers, int dFF,
 *                   long dropout (raw bits), int maxLength, string normPlacement, string positions, int padId
 *  description      string    free text, may be empty
 *  source tokens    int count, then count strings (0 when no vocabulary was saved)
 *  target tokens    int count, then count strings
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

    private final String kind;
    private final TransformerConfig config;
    private final String description;
    private final List<String> sourceTokens;
    private final List<String> targetTokens;
    private final List<Parameter> parameters;

    private Checkpoint(String kind, TransformerConfig config, String description, List<String> sourceTokens,
            List<String> targetTokens, List<Parameter> parameters) {
        this.kind = kind;
        this.config = config;
        this.description = description;
        this.sourceTokens = List.copyOf(sourceTokens);
        this.targetTokens = List.copyOf(targetTokens);
        this.parameters = List.copyOf(parameters);
    }

    /** Saves the model's config and weights. */
    public static void save(EncoderDecoder model, Path file) {
        save(model, null, null, "", file);
    }

    /** Saves the model with the vocabularies it reads and writes and a description (both optional). */
    public static void save(EncoderDecoder model, Vocabulary source, Vocabulary target, String description, Path file) {
        if (model == null || file == null) {
            throw new IllegalArgumentException("Checkpoint.save: model and file are needed; got "
                    + (model == null ? "no model" : "a model") + " and " + (file == null ? "no file" : file));
        }
        TransformerConfig c = model.config();
        checkVocabulary("source", source, c.sourceVocabSize());
        checkVocabulary("target", target, c.targetVocabSize());
        new Checkpoint(ENCODER_DECODER, c, description == null ? "" : description,
                source == null ? List.of() : source.tokens(), target == null ? List.of() : target.tokens(),
                model.parameters()).write(file);
    }

    /** A new model built from the file's config, holding the file's weights, in evaluation mode. */
    public static EncoderDecoder load(Path file) {
        return read(file).toEncoderDecoder();
    }

    /** Copies the file's weights into an existing model, after checking that config, names and shapes match. */
    public static void loadInto(EncoderDecoder model, Path file) {
        if (model == null) {
            throw new IllegalArgumentException("Checkpoint.loadInto: model is null");
        }
        read(file).copyInto(ENCODER_DECODER, model.config(), model.parameters(), file);
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
        return parse(bytes, file.toString());
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
        return targetTokens.isEmpty() ? null : Vocabulary.of(targetTokens.subList(Vocabulary.SPECIALS.size(), targetTokens.size()));
    }

    /** The saved parameters, by name, with their values (gradients are not saved). */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** A new encoder-decoder with this checkpoint's config and weights, in evaluation mode. */
    public EncoderDecoder toEncoderDecoder() {
        if (!kind.equals(ENCODER_DECODER)) {
            throw new InvalidCheckpointException("Checkpoint.toEncoderDecoder: the checkpoint holds a " + kind
                    + ", not an " + ENCODER_DECODER);
        }
        EncoderDecoder model = new EncoderDecoder(config, 0);
        copyInto(ENCODER_DECODER, config, model.parameters(), null);
        model.setTraining(false);
        return model;
    }

    private void copyInto(String modelKind, TransformerConfig modelConfig, List<Parameter> target, Path file) {
        String where = "Checkpoint.loadInto: " + (file == null ? "the checkpoint" : file.toString());
        if (!kind.equals(modelKind)) {
            throw new InvalidCheckpointException(where + " holds a " + kind + " but the model is a " + modelKind);
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

    private void write(Path file) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(CheckpointFormat.MAGIC);
            out.writeInt(CheckpointFormat.VERSION);
            out.writeLong(0); // total length, filled in below
            CheckpointFormat.writeString(out, kind);
            ConfigFields.write(out, config);
            CheckpointFormat.writeString(out, description);
            for (List<String> tokens : List.of(sourceTokens, targetTokens)) {
                out.writeInt(tokens.size());
                for (String t : tokens) {
                    CheckpointFormat.writeString(out, t);
                }
            }
            out.writeInt(parameters.size());
            for (Parameter p : parameters) {
                CheckpointFormat.writeString(out, p.name());
                out.writeInt(p.value().getNumRows());
                out.writeInt(p.value().getNumCols());
                double[] data = p.value().getDDRM().data;
                for (int k = 0; k < p.size(); k++) {
                    out.writeLong(Double.doubleToRawLongBits(data[k]));
                }
            }
            out.flush();
            byte[] body = bytes.toByteArray();
            ByteBuffer.wrap(body).putLong(CheckpointFormat.MAGIC.length + 4, body.length + CheckpointFormat.CHECKSUM_BYTES);
            CRC32 crc = new CRC32();
            crc.update(body);
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            // Write beside the target, then move: an interrupted save never leaves half a checkpoint.
            Path temporary = Files.createTempFile(parent, file.getFileName().toString(), ".part");
            byte[] whole = Arrays.copyOf(body, body.length + CheckpointFormat.CHECKSUM_BYTES);
            ByteBuffer.wrap(whole).putLong(body.length, crc.getValue());
            Files.write(temporary, whole);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Checkpoint.save: could not write " + file, e);
        }
    }

    private static Checkpoint parse(byte[] bytes, String file) {
        String op = "Checkpoint.read: " + file;
        byte[] magic = CheckpointFormat.MAGIC;
        if (bytes.length == 0) {
            throw new InvalidCheckpointException(op + " is not a kit checkpoint: the file is empty");
        }
        if (bytes.length < magic.length || !Arrays.equals(Arrays.copyOf(bytes, magic.length), magic)) {
            if (bytes.length < magic.length && Arrays.equals(bytes, Arrays.copyOf(magic, bytes.length))) {
                throw new InvalidCheckpointException(op + " is truncated: it has only " + bytes.length + " bytes");
            }
            throw new InvalidCheckpointException(op + " is not a kit checkpoint: it starts with "
                    + CheckpointFormat.hex(bytes, 8)
                    + ", expected " + CheckpointFormat.hex(magic, 8));
        }
        if (bytes.length < CheckpointFormat.HEADER_BYTES) {
            throw new InvalidCheckpointException(op + " is truncated: it has only " + bytes.length
                    + " bytes, fewer than the " + CheckpointFormat.HEADER_BYTES + "-byte header");
        }
        ByteBuffer header = ByteBuffer.wrap(bytes);
        int version = header.getInt(magic.length);
        if (version != CheckpointFormat.VERSION) {
            throw new InvalidCheckpointException(op + " has format version " + version + "; this kit reads version "
                    + CheckpointFormat.VERSION);
        }
        long declared = header.getLong(magic.length + 4);
        if (bytes.length < declared) {
            throw new InvalidCheckpointException(op + " is truncated: it has " + bytes.length + " bytes but was saved with "
                    + declared + " (was the copy or the save interrupted?)");
        }
        if (bytes.length > declared) {
            throw new InvalidCheckpointException(op + " is damaged: it has " + bytes.length + " bytes but was saved with "
                    + declared + "; something was appended or the header is corrupt");
        }
        int end = bytes.length - CheckpointFormat.CHECKSUM_BYTES;
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, end);
        long stored = header.getLong(end);
        if (stored != crc.getValue()) {
            throw new InvalidCheckpointException(String.format(
                    "%s is corrupt: its CRC32 checksum is %08x but the file records %08x; some bytes have changed",
                    op, crc.getValue(), stored));
        }
        CheckpointFormat.Reader in = new CheckpointFormat.Reader(bytes, CheckpointFormat.HEADER_BYTES, end, file);
        String kind = in.readString("the model kind");
        TransformerConfig config = ConfigFields.read(in, op);
        String description = in.readString("the description");
        List<String> source = readTokens(in, "source");
        List<String> target = readTokens(in, "target");
        int count = in.readCount("the parameter count", in.remaining());
        List<Parameter> parameters = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = in.readString("the name of parameter " + i);
            int rows = in.readCount("the rows of " + name, in.remaining());
            int cols = in.readCount("the columns of " + name, in.remaining());
            SimpleMatrix value = new SimpleMatrix(rows, cols);
            in.readDoubles(value.getDDRM().data, "the values of " + name);
            parameters.add(new Parameter(name, value));
        }
        return new Checkpoint(kind, config, description, source, target, parameters);
    }

    private static List<String> readTokens(CheckpointFormat.Reader in, String which) {
        int n = in.readCount("the " + which + " vocabulary size", in.remaining());
        List<String> tokens = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            tokens.add(in.readString(which + " token " + i));
        }
        return tokens;
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
