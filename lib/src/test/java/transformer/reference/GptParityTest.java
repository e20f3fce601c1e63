package transformer.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;

import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonArray;

import transformer.data.Batch;
import transformer.layers.Gelu;
import transformer.layers.Parameter;
import transformer.learning.Adam;
import transformer.learning.CosineSchedule;
import transformer.learning.LabelSmoothingLoss;
import transformer.learning.Trainable;
import transformer.learning.Trainer;
import transformer.learning.TrainingHistory;
import transformer.model.GPT;

/**
 * nanoGPT's model and optimiser against PyTorch (fixtures {@code gelu.json} and {@code gpt.json}
 * from {@code lib/src/test/pytorch/export_fixtures.py}): GELU, a whole bias-free GPT with tied
 * embeddings (log-probabilities, loss, every gradient), then three steps of AdamW with the warm-up
 * and cosine schedule and clipping.
 */
class GptParityTest {

    @Test
    void geluAndErfMatchPyTorchOverTheWholeRange() {
        PyTorchFixture f = PyTorchFixture.load("gelu");
        SimpleMatrix x = f.matrix("input");
        SimpleMatrix value = new SimpleMatrix(1, x.getNumCols());
        SimpleMatrix derivative = new SimpleMatrix(1, x.getNumCols());
        SimpleMatrix erf = new SimpleMatrix(1, x.getNumCols());
        for (int i = 0; i < x.getNumCols(); i++) {
            value.set(0, i, Gelu.value(x.get(0, i)));
            derivative.set(0, i, Gelu.derivative(x.get(0, i)));
            erf.set(0, i, Gelu.erf(x.get(0, i)));
        }
        assertClose("torch.erf", f.matrix("erf"), erf, 2e-15);
        assertClose("nn.GELU()", f.matrix("output"), value, 1e-14);
        assertClose("nn.GELU() gradient", f.matrix("derivative"), derivative, 1e-14);
    }

    @Test
    void gptMatchesLogProbabilitiesLossAndEveryGradient() {
        PyTorchFixture f = PyTorchFixture.load("gpt");
        GPT model = load(f);
        int[][] tokens = ints(f, "tokens");
        int[][] targets = ints(f, "targets");
        model.zeroGrad();
        SimpleMatrix logProbs = model.forward(tokens);
        LabelSmoothingLoss loss = new LabelSmoothingLoss(0, -1);
        double value = loss.forward(logProbs, targets);
        model.backward(loss.backward());
        assertClose("GPT log-probabilities", f.stacked("log_probs"), logProbs, 1e-12);
        assertEquals(f.number("loss"), value, 1e-12, "cross-entropy");
        PyTorchFixture grads = f.part(f.root().getAsJsonObject("grads"));
        for (Parameter p : model.parameters()) {
            assertClose("gradient of " + p.name(), grads.matrix(p.name()), p.grad(), 1e-12);
        }
    }

    @Test
    void threeAdamWStepsWithWarmUpCosineAndClippingMatchPyTorch() {
        PyTorchFixture f = PyTorchFixture.load("gpt");
        GPT model = load(f);
        PyTorchFixture s = f.part(f.root().getAsJsonObject("schedule"));
        Adam adamW = Adam.adamW(model.parameters(), 0.9, 0.99, 1e-8, 0.1);
        Trainer trainer = new Trainer(Trainable.of(model), new LabelSmoothingLoss(0, -1), adamW,
                new CosineSchedule(s.number("peak"), s.number("min"), s.integer("warmup"), s.integer("decay_steps")), 1.0);
        Batch batch = Batch.windows(ints(f, "tokens"), ints(f, "targets"));
        TrainingHistory history = trainer.train(Collections.nCopies(3, batch).iterator(), 3);
        JsonArray losses = f.root().getAsJsonArray("step_losses");
        JsonArray rates = f.root().getAsJsonArray("step_rates");
        JsonArray norms = f.root().getAsJsonArray("step_norms");
        List<TrainingHistory.Step> steps = history.steps();
        for (int i = 0; i < 3; i++) {
            assertEquals(losses.get(i).getAsDouble(), steps.get(i).loss(), 1e-12, "loss of step " + (i + 1));
            assertEquals(rates.get(i).getAsDouble(), steps.get(i).learningRate(), 1e-18, "rate of step " + (i + 1));
            assertEquals(norms.get(i).getAsDouble(), steps.get(i).gradientNorm(), 1e-11, "norm of step " + (i + 1));
        }
        PyTorchFixture after = f.part(f.root().getAsJsonObject("weights_after"));
        for (Parameter p : model.parameters()) {
            assertClose(p.name() + " after 3 steps", after.matrix(p.name()), p.value(), 1e-12);
        }
    }

    private static GPT load(PyTorchFixture f) {
        GPT model = new GPT(GPT.config(f.integer("vocab"), f.integer("d_model"), f.integer("heads"), f.integer("layers"),
                f.integer("block_size")), 1);
        PyTorchFixture weights = f.part(f.root().getAsJsonObject("weights"));
        for (Parameter p : model.parameters()) {
            SimpleMatrix w = weights.matrix(p.name());
            assertEquals(p.value().getNumRows(), w.getNumRows(), p.name());
            assertEquals(p.value().getNumCols(), w.getNumCols(), p.name());
            p.value().setTo(w);
        }
        return model;
    }

    private static int[][] ints(PyTorchFixture f, String key) {
        JsonArray rows = f.root().getAsJsonArray(key);
        int[][] out = new int[rows.size()][];
        for (int b = 0; b < rows.size(); b++) {
            JsonArray row = rows.get(b).getAsJsonArray();
            out[b] = new int[row.size()];
            for (int i = 0; i < row.size(); i++) {
                out[b][i] = row.get(i).getAsInt();
            }
        }
        return out;
    }

    private static void assertClose(String what, SimpleMatrix pytorch, SimpleMatrix kit, double tolerance) {
        double error = PyTorchParityTest.maxAbsDifference(pytorch, kit);
        System.out.printf("PyTorch parity: %-60s max |difference| = %.2e%n", what, error);
        assertTrue(error <= tolerance, what + ": max |difference| from PyTorch is " + error + ", above " + tolerance);
    }
}
