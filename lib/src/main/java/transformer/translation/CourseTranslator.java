package transformer.translation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import transformer.checkpoint.Checkpoint;
import transformer.data.Batch;
import transformer.data.CourseData;
import transformer.data.Example;
import transformer.data.LengthBuckets;
import transformer.data.Vocabulary;
import transformer.layers.NormPlacement;
import transformer.learning.Adam;
import transformer.learning.LabelSmoothingLoss;
import transformer.learning.NoamSchedule;
import transformer.learning.Trainable;
import transformer.learning.Trainer;
import transformer.learning.TrainingHistory;
import transformer.model.EncoderDecoder;
import transformer.model.TransformerConfig;
import transformer.position.PositionKind;
import transformer.tokenize.BytePairEncoding;
import transformer.tokenize.Tokenizer;

/**
 * The capstone's English → French translator: every setting that made the shipped model, in one
 * place, and {@link #train} to make it again ({@code make checkpoints} calls it through
 * {@link transformer.checkpoint.CourseCheckpoints}). Seeds fix everything: the held-out split, the
 * tokenizers, the initial weights, the batches and dropout.
 *
 * <p>Data: the Tatoeba English–French pairs shipped in {@code data/fra-eng.txt}. {@value #HELD_OUT_PERCENT}
 * % of the distinct English sentences are held out with all their translations (seed
 * {@value #SPLIT_SEED}); the model never sees them, and BLEU on them counts every translation as a
 * reference.
 */
public final class CourseTranslator {

    public static final String CHECKPOINT = "translator.ckpt";
    public static final String ENGLISH_TOKENIZER = "translator-en.tokenizer";
    public static final String FRENCH_TOKENIZER = "translator-fr.tokenizer";
    /** Loss and learning rate per step, and held-out greedy BLEU at every evaluation. */
    public static final String TRAINING_LOG = "translator-training.csv";

    public static final int HELD_OUT_PERCENT = 5;
    public static final long SPLIT_SEED = 1;
    public static final long SEED = 7;

    /** Byte-pair vocabularies, special tokens and characters included, one per language. */
    public static final int ENGLISH_VOCABULARY = 1500;
    public static final int FRENCH_VOCABULARY = 1500;
    public static final int D_MODEL = 128;
    public static final int HEADS = 4;
    public static final int LAYERS = 2;
    public static final int D_FF = 256;
    public static final double DROPOUT = 0.1;
    public static final int MAX_LENGTH = 48;
    public static final int BATCH_SIZE = 64;
    /**
     * Almost one pass over the training pairs (1100 × 64 = 70,400 of 72,168). Held-out greedy BLEU was
     * still rising steeply when training stopped (12.8 at step 550, 23.4 at step 1100: the log's last
     * column), so more steps would most likely score higher, at proportionally more CPU. These steps
     * are the first steps of any longer run with the same seeds: the schedule depends on the step alone,
     * and the evaluations draw no random numbers.
     */
    public static final int STEPS = 1100;
    public static final int WARMUP = 400;
    public static final double LEARNING_RATE_FACTOR = 1.0;
    public static final double LABEL_SMOOTHING = 0.1;
    /** Held-out sentences scored (greedy BLEU) during training, every {@value #EVALUATE_EVERY} steps. */
    public static final int EVALUATION_SENTENCES = 400;
    public static final int EVALUATE_EVERY = 550;

    private CourseTranslator() {
    }

    /** The corpus shipped in data/, found from the working directory. */
    public static ParallelCorpus corpus() {
        return ParallelCorpus.readTabSeparated(CourseData.find(CourseData.FRA_ENG));
    }

    /** The fixed split: about 46,700 English sentences to train on, 2,460 held out. */
    public static ParallelCorpus.Split split() {
        return corpus().split(HELD_OUT_PERCENT / 100.0, SPLIT_SEED);
    }

    /** Pre-norm (stable at the Noam schedule's peak), sinusoidal positions, the sizes above. */
    public static TransformerConfig config(int englishVocabulary, int frenchVocabulary) {
        return new TransformerConfig(englishVocabulary, frenchVocabulary, D_MODEL, HEADS, LAYERS, D_FF, DROPOUT,
                MAX_LENGTH, NormPlacement.PRE_NORM, PositionKind.SINUSOIDAL, TransformerConfig.PAD_ID);
    }

    /** The training examples: every training pair as subword tokens. */
    public static List<Example> examples(ParallelCorpus train, Tokenizer english, Tokenizer french) {
        List<Example> out = new ArrayList<>();
        for (ParallelCorpus.Pair p : train.pairs()) {
            out.add(new Example(english.tokens(p.source()), french.tokens(p.translation())));
        }
        return out;
    }

    /** Batches of {@value #BATCH_SIZE} pairs of similar length, English read with one vocabulary and French written with the other. */
    public static LengthBuckets batches(List<Example> examples, Vocabulary english, Vocabulary french, long seed) {
        return new LengthBuckets(examples, BATCH_SIZE, 50, seed, e -> e.target().size() * 64 + e.source().size(),
                part -> {
                    List<int[]> sources = new ArrayList<>(part.size());
                    List<int[]> targets = new ArrayList<>(part.size());
                    for (Example e : part) {
                        sources.add(english.encode(e.source()));
                        targets.add(french.encode(e.target()));
                    }
                    return Batch.of(sources, targets);
                });
    }

    /** Adam (the paper's β and ε), Noam schedule, label smoothing, clipping at norm 1. */
    public static Trainer trainer(EncoderDecoder model) {
        return new Trainer(Trainable.of(model), new LabelSmoothingLoss(LABEL_SMOOTHING, Vocabulary.PAD),
                Adam.paper(model.parameters()), new NoamSchedule(model.config().dModel(), WARMUP, LEARNING_RATE_FACTOR), 1.0);
    }

    /** Trains the translator and writes its checkpoint, both tokenizers and the training log into {@code folder}. */
    public static void train(Path folder) {
        ThreadMXBean clock = ManagementFactory.getThreadMXBean();
        long cpuStart = clock.getCurrentThreadCpuTime();
        ParallelCorpus.Split split = split();
        BytePairEncoding english = BytePairEncoding.train(split.train().sources(), ENGLISH_VOCABULARY);
        List<String> frenchSentences = split.train().pairs().stream().map(ParallelCorpus.Pair::translation).toList();
        BytePairEncoding french = BytePairEncoding.train(frenchSentences, FRENCH_VOCABULARY);
        List<Example> examples = examples(split.train(), english, french);
        EncoderDecoder model = new EncoderDecoder(config(english.size(), french.size()), SEED);
        Translator translator = new Translator(model, english, french);
        ParallelCorpus watched = split.heldOut().first(EVALUATION_SENTENCES);
        Trainer trainer = trainer(model);
        List<double[]> evaluations = new ArrayList<>();
        LengthBuckets batches = batches(examples, english.vocabulary(), french.vocabulary(), SEED);
        for (int done = 0; done < STEPS; done += EVALUATE_EVERY) {
            TrainingHistory history = trainer.train(batches, Math.min(EVALUATE_EVERY, STEPS - done));
            double bleu = translator.bleu(watched, 1, 0).score();
            evaluations.add(new double[] {trainer.steps(), bleu});
            double cpuSeconds = (clock.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            System.out.println(String.format(Locale.ROOT, "translator: step %d, epoch %d, loss %.3f, greedy BLEU on %d held-out sentences %.2f, %.0f s CPU",
                    trainer.steps(), batches.epoch(), history.recentLoss(EVALUATE_EVERY), watched.size(), bleu, cpuSeconds));
            // Written at every evaluation, so that a run stopped early leaves a consistent model and log.
            save(folder, model, english, french, history, evaluations, examples.size(), cpuSeconds);
        }
    }

    private static void save(Path folder, EncoderDecoder model, BytePairEncoding english, BytePairEncoding french,
            TrainingHistory history, List<double[]> evaluations, int pairs, double cpuSeconds) {
        String description = String.format(Locale.ROOT, "English → French, Tatoeba (CC-BY 2.0 FR): %d training pairs, "
                + "BPE %d/%d, %d steps of %d pairs", pairs, english.size(), french.size(), history.size(), BATCH_SIZE);
        Checkpoint.save(model, english.vocabulary(), french.vocabulary(), description, folder.resolve(CHECKPOINT));
        english.save(folder.resolve(ENGLISH_TOKENIZER));
        french.save(folder.resolve(FRENCH_TOKENIZER));
        StringBuilder csv = new StringBuilder("step,learning rate,loss,held-out greedy BLEU\n");
        int e = 0;
        for (int i = 0; i < history.size(); i++) {
            TrainingHistory.Step s = history.steps().get(i);
            String bleu = e < evaluations.size() && evaluations.get(e)[0] == s.step()
                    ? String.format(Locale.ROOT, "%.4f", evaluations.get(e++)[1]) : "";
            csv.append(s.step()).append(',').append(s.learningRate()).append(',').append(s.loss()).append(',')
                    .append(bleu).append('\n');
        }
        try {
            Files.writeString(folder.resolve(TRAINING_LOG), csv, StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new UncheckedIOException("CourseTranslator: could not write " + folder.resolve(TRAINING_LOG), ex);
        }
        System.out.println(String.format(Locale.ROOT, "%s: %s; %.0f s CPU so far (tokenizers, training and evaluations)",
                folder.resolve(CHECKPOINT), description, cpuSeconds));
    }
}
