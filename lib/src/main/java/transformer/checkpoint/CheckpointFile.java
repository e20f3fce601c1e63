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

import transformer.layers.Parameter;
import transformer.model.TransformerConfig;

/**
 * Writes and reads the bytes of a checkpoint file (the layout is documented on {@link Checkpoint}).
 * Reading checks, in order: the magic bytes, the format version, the total length (truncation),
 * the CRC32 checksum (corruption), and only then parses the contents.
 */
final class CheckpointFile {

    private CheckpointFile() {
    }

    static void write(Checkpoint c, Path file) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(CheckpointFormat.MAGIC);
            out.writeInt(CheckpointFormat.VERSION);
            out.writeLong(0); // total length, filled in below
            CheckpointFormat.writeString(out, c.kind());
            ConfigFields.write(out, c.config());
            out.writeInt(c.classes());
            CheckpointFormat.writeString(out, c.description());
            for (List<String> tokens : List.of(c.sourceTokens(), c.targetTokens())) {
                out.writeInt(tokens.size());
                for (String t : tokens) {
                    CheckpointFormat.writeString(out, t);
                }
            }
            out.writeInt(c.parameters().size());
            for (Parameter p : c.parameters()) {
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

    static Checkpoint parse(byte[] bytes, String file) {
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
        int classes = in.readCount("the number of classes", Integer.MAX_VALUE);
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
        if (!List.of(Checkpoint.ENCODER_DECODER, Checkpoint.ENCODER_CLASSIFIER, Checkpoint.LANGUAGE_MODEL,
                Checkpoint.GPT_MODEL).contains(kind)) {
            throw new InvalidCheckpointException(op + " holds a model of kind \"" + kind + "\", which this kit does not know");
        }
        return new Checkpoint(kind, config, classes, description, source, target, parameters);
    }

    private static List<String> readTokens(CheckpointFormat.Reader in, String which) {
        int n = in.readCount("the " + which + " vocabulary size", in.remaining());
        List<String> tokens = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            tokens.add(in.readString(which + " token " + i));
        }
        return tokens;
    }
}
