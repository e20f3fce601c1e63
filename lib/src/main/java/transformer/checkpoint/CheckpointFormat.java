package transformer.checkpoint;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Low-level pieces of the file format: strings, magic bytes and bounds-checked reading. */
final class CheckpointFormat {

    static final byte[] MAGIC = {(byte) 0x89, 'K', 'I', 'T', '\r', '\n', 0x1A, '\n'};
    static final int VERSION = 1;
    /** Magic, version, total length. */
    static final int HEADER_BYTES = MAGIC.length + 4 + 8;
    static final int CHECKSUM_BYTES = 8;

    private CheckpointFormat() {
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /** Reads what the format says comes next, turning a short read into a message that says what was being read. */
    static final class Reader {
        private final ByteBuffer buffer;
        private final String file;

        Reader(byte[] bytes, int from, int to, String file) {
            this.buffer = ByteBuffer.wrap(bytes, from, to - from);
            this.file = file;
        }

        int readInt(String what) {
            try {
                return buffer.getInt();
            } catch (BufferUnderflowException e) {
                throw damaged(what);
            }
        }

        long readLong(String what) {
            try {
                return buffer.getLong();
            } catch (BufferUnderflowException e) {
                throw damaged(what);
            }
        }

        int readCount(String what, int max) {
            int n = readInt(what);
            if (n < 0 || n > max) {
                throw new InvalidCheckpointException("Checkpoint.read: " + file + " is damaged: " + what + " is " + n
                        + ", which cannot be right (expected 0.." + max + ")");
            }
            return n;
        }

        String readString(String what) {
            int n = readCount("the length of " + what, buffer.remaining());
            byte[] bytes = new byte[n];
            buffer.get(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }

        void readDoubles(double[] into, String what) {
            if (buffer.remaining() < 8L * into.length) {
                throw damaged(what);
            }
            for (int k = 0; k < into.length; k++) {
                into[k] = Double.longBitsToDouble(buffer.getLong());
            }
        }

        int remaining() {
            return buffer.remaining();
        }

        private InvalidCheckpointException damaged(String what) {
            return new InvalidCheckpointException("Checkpoint.read: " + file + " is damaged: it ends while reading "
                    + what + " although its checksum matched; it was written by a different format");
        }
    }

    static String hex(byte[] bytes, int count) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(count, bytes.length); i++) {
            out.append(i == 0 ? "" : " ").append(String.format("%02x", bytes[i] & 0xff));
        }
        return out.toString();
    }
}
