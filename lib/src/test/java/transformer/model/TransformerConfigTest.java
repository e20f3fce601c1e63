package transformer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import transformer.layers.NormPlacement;
import transformer.position.PositionKind;

class TransformerConfigTest {

    @Test
    void presetsHaveTheDocumentedSizes() {
        TransformerConfig tiny = TransformerConfig.tiny(20);
        assertEquals(32, tiny.dModel());
        assertEquals(4, tiny.heads());
        assertEquals(2, tiny.layers());
        assertEquals(8, tiny.dK());
        TransformerConfig small = TransformerConfig.small(20, 30);
        assertEquals(64, small.dModel());
        assertEquals(4, small.heads());
        assertEquals(2, small.layers());
        assertEquals(256, small.dFF());
        assertEquals(20, small.sourceVocabSize());
        assertEquals(30, small.targetVocabSize());
        assertEquals(NormPlacement.POST_NORM, small.normPlacement());
        assertEquals(PositionKind.SINUSOIDAL, small.positions());
        assertEquals(TransformerConfig.PAD_ID, small.padId());
    }

    @Test
    void theSpecialTokenIdsFollowTheSharedConvention() {
        assertEquals(0, TransformerConfig.PAD_ID);
        assertEquals(1, TransformerConfig.BOS_ID);
        assertEquals(2, TransformerConfig.EOS_ID);
        assertEquals(3, TransformerConfig.UNK_ID);
    }

    @Test
    void withersChangeOneFieldOnly() {
        TransformerConfig base = TransformerConfig.small(20);
        TransformerConfig pre = base.withNormPlacement(NormPlacement.PRE_NORM);
        assertEquals(NormPlacement.PRE_NORM, pre.normPlacement());
        assertEquals(base, pre.withNormPlacement(NormPlacement.POST_NORM));
        assertEquals(0.0, base.withDropout(0).dropout());
        assertEquals(base.withDropout(0).dModel(), base.dModel());
    }
}
