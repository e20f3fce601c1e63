package transformer.checkpoint;

import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import transformer.layers.NormPlacement;
import transformer.model.TransformerConfig;
import transformer.position.PositionKind;

/** The config's fields in the order the file stores them, and a field-by-field comparison. */
final class ConfigFields {

    private ConfigFields() {
    }

    static void write(DataOutputStream out, TransformerConfig c) throws IOException {
        out.writeInt(c.sourceVocabSize());
        out.writeInt(c.targetVocabSize());
        out.writeInt(c.dModel());
        out.writeInt(c.heads());
        out.writeInt(c.layers());
        out.writeInt(c.dFF());
        out.writeLong(Double.doubleToRawLongBits(c.dropout()));
        out.writeInt(c.maxLength());
        CheckpointFormat.writeString(out, c.normPlacement().name());
        CheckpointFormat.writeString(out, c.positions().name());
        out.writeInt(c.padId());
    }

    static TransformerConfig read(CheckpointFormat.Reader in, String op) {
        int sourceVocab = in.readInt("config.sourceVocabSize");
        int targetVocab = in.readInt("config.targetVocabSize");
        int dModel = in.readInt("config.dModel");
        int heads = in.readInt("config.heads");
        int layers = in.readInt("config.layers");
        int dFF = in.readInt("config.dFF");
        double dropout = Double.longBitsToDouble(in.readLong("config.dropout"));
        int maxLength = in.readInt("config.maxLength");
        String norm = in.readString("config.normPlacement");
        String positions = in.readString("config.positions");
        int padId = in.readInt("config.padId");
        try {
            return new TransformerConfig(sourceVocab, targetVocab, dModel, heads, layers, dFF, dropout, maxLength,
                    NormPlacement.valueOf(norm), PositionKind.valueOf(positions), padId);
        } catch (IllegalArgumentException e) {
            throw new InvalidCheckpointException(op + " holds a config this kit cannot build: " + e.getMessage());
        }
    }

    /** "dModel 64 vs. 32" for every field that differs. */
    static List<String> differences(TransformerConfig a, TransformerConfig b) {
        List<String> out = new ArrayList<>();
        compare(out, "sourceVocabSize", a.sourceVocabSize(), b.sourceVocabSize());
        compare(out, "targetVocabSize", a.targetVocabSize(), b.targetVocabSize());
        compare(out, "dModel", a.dModel(), b.dModel());
        compare(out, "heads", a.heads(), b.heads());
        compare(out, "layers", a.layers(), b.layers());
        compare(out, "dFF", a.dFF(), b.dFF());
        compare(out, "dropout", a.dropout(), b.dropout());
        compare(out, "maxLength", a.maxLength(), b.maxLength());
        compare(out, "normPlacement", a.normPlacement(), b.normPlacement());
        compare(out, "positions", a.positions(), b.positions());
        compare(out, "padId", a.padId(), b.padId());
        return out;
    }

    private static void compare(List<String> out, String field, Object file, Object model) {
        if (!file.equals(model)) {
            out.add(field + " " + file + " vs. " + model);
        }
    }
}
