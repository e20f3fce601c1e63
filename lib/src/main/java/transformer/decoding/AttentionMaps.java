package transformer.decoding;

import java.util.List;

import org.ejml.simple.SimpleMatrix;

import transformer.model.EncoderDecoder;
import transformer.model.TransformerConfig;

/**
 * Every attention map of one decoded sentence, indexed [layer][head]: the encoder's self-attention
 * (source × source), the decoder's masked self-attention (output × output) and the cross-attention
 * (output × source, one row per produced token, {@code <eos>} included), for heat maps.
 */
public record AttentionMaps(List<List<SimpleMatrix>> encoderSelf, List<List<SimpleMatrix>> decoderSelf,
        List<List<SimpleMatrix>> cross) {

    public AttentionMaps {
        encoderSelf = List.copyOf(encoderSelf);
        decoderSelf = List.copyOf(decoderSelf);
        cross = List.copyOf(cross);
    }

    /**
     * Runs the model once more, teacher-forced on its own output ({@code <bos>} + tokens), and keeps
     * the weights of every layer and head. {@code output} is what was produced, {@code <eos>} excluded.
     */
    public static AttentionMaps of(EncoderDecoder model, int[] source, int[] output) {
        int[] input = new int[output.length + 1];
        input[0] = TransformerConfig.BOS_ID;
        System.arraycopy(output, 0, input, 1, output.length);
        model.setTraining(false);
        model.forward(new int[][] {source}, new int[][] {input});
        return new AttentionMaps(model.encoderSelfAttention(0), model.decoderSelfAttention(0), model.crossAttention(0));
    }

    /** Number of layers. */
    public int layers() {
        return cross.size();
    }

    /** Number of heads per layer. */
    public int heads() {
        return cross.get(0).size();
    }

    /** Cross-attention of one layer and head: rows are produced tokens, columns source tokens. */
    public SimpleMatrix cross(int layer, int head) {
        return cross.get(layer).get(head);
    }
}
