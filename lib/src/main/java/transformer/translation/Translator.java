package transformer.translation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import transformer.checkpoint.Checkpoint;
import transformer.decoding.AttentionMaps;
import transformer.decoding.BeamSearch;
import transformer.decoding.GreedyDecoder;
import transformer.decoding.NextTokenScorer;
import transformer.model.EncoderDecoder;
import transformer.tokenize.Tokenizer;

/**
 * A trained encoder-decoder with the tokenizers of its two languages: text in, text out. It turns
 * the source sentence into subword ids, decodes greedily or with beam search, and turns the ids back
 * into text, so its outputs can go straight to {@link Bleu}.
 *
 * <pre>{@code
 * Translator t = Translator.load(checkpoint, englishTokenizer, frenchTokenizer);
 * t.greedy("I have a red car.");          // "J'ai une voiture rouge."
 * t.beam("I have a red car.", 4, 0.6);
 * Bleu.Score s = t.bleu(heldOut, 4, 0.6);  // beam width 4 (1 = greedy)
 * }</pre>
 */
public final class Translator {

    /** Longest output, in target tokens; the shipped model's positions cover 48. */
    public static final int DEFAULT_MAX_OUTPUT = 40;

    private final EncoderDecoder model;
    private final Tokenizer source;
    private final Tokenizer target;
    private final int maxOutput;

    public Translator(EncoderDecoder model, Tokenizer source, Tokenizer target) {
        if (model == null || source == null || target == null) {
            throw new IllegalArgumentException("Translator: needs a model and the tokenizers of both languages; got "
                    + (model == null ? "no model " : "") + (source == null ? "no source tokenizer " : "")
                    + (target == null ? "no target tokenizer" : ""));
        }
        if (source.size() != model.config().sourceVocabSize() || target.size() != model.config().targetVocabSize()) {
            throw new IllegalArgumentException("Translator: the tokenizers have " + source.size() + " and " + target.size()
                    + " tokens, the model reads " + model.config().sourceVocabSize() + " and writes "
                    + model.config().targetVocabSize() + "; pass the tokenizers the model was trained with");
        }
        this.model = model;
        this.source = source;
        this.target = target;
        this.maxOutput = Math.min(DEFAULT_MAX_OUTPUT, model.config().maxLength() - 1);
    }

    /**
     * A saved model and its two saved tokenizers; the checkpoint's vocabularies must be the
     * tokenizers' own, token for token.
     */
    public static Translator load(Path checkpoint, Path sourceTokenizer, Path targetTokenizer) {
        Checkpoint c = Checkpoint.read(checkpoint);
        Tokenizer s = Tokenizer.load(sourceTokenizer);
        Tokenizer t = Tokenizer.load(targetTokenizer);
        if (!c.sourceVocabulary().tokens().equals(s.vocabulary().tokens())
                || !c.targetVocabulary().tokens().equals(t.vocabulary().tokens())) {
            throw new IllegalArgumentException("Translator.load: the vocabularies saved in " + checkpoint
                    + " are not those of " + sourceTokenizer + " and " + targetTokenizer
                    + "; load the tokenizers saved with this model");
        }
        return new Translator(c.toEncoderDecoder(), s, t);
    }

    /** The source sentence as the model reads it: subword ids, without padding. */
    public int[] sourceIds(String sentence) {
        if (sentence == null || sentence.isBlank()) {
            throw new IllegalArgumentException("Translator: the sentence is " + (sentence == null ? "null" : "blank")
                    + "; expected a sentence to translate");
        }
        int[] ids = source.encode(sentence);
        if (ids.length >= model.config().maxLength()) {
            throw new IllegalArgumentException("Translator: \"" + sentence + "\" is " + ids.length
                    + " tokens; this model reads at most " + (model.config().maxLength() - 1));
        }
        return ids;
    }

    /** The most probable token at every step. */
    public String greedy(String sentence) {
        return target.decodeOutput(new GreedyDecoder(model, maxOutput).decode(sourceIds(sentence)).tokens());
    }

    /** Greedy translations of many sentences at once (batches of 64, one decoder pass per step). */
    public List<String> greedyAll(List<String> sentences) {
        requireSentences("Translator.greedyAll", sentences);
        GreedyDecoder decoder = new GreedyDecoder(model, maxOutput);
        List<String> out = new ArrayList<>(sentences.size());
        for (int start = 0; start < sentences.size(); start += 64) {
            List<int[]> ids = new ArrayList<>();
            for (String s : sentences.subList(start, Math.min(sentences.size(), start + 64))) {
                ids.add(sourceIds(s));
            }
            for (int[] o : decoder.decodeAll(ids)) {
                out.add(target.decodeOutput(o));
            }
        }
        return out;
    }

    /** The best of beam search with {@code width} beams and GNMT length penalty {@code alpha}. */
    public String beam(String sentence, int width, double alpha) {
        return target.decodeOutput(new BeamSearch(model, width, maxOutput, alpha).decode(sourceIds(sentence)).best().tokens());
    }

    /** Beam search on every sentence; width 1 is greedy decoding. */
    public List<String> beamAll(List<String> sentences, int width, double alpha) {
        requireSentences("Translator.beamAll", sentences);
        if (width == 1) {
            return greedyAll(sentences);
        }
        new BeamSearch(model, width, maxOutput, alpha); // checks the settings
        List<String> out = new ArrayList<>(sentences.size());
        for (String s : sentences) {
            out.add(target.decodeOutput(BeamSearch.search(NextTokenScorer.of(model, sourceIds(s)), width, maxOutput, alpha)
                    .get(0).tokens()));
        }
        return out;
    }

    /** Corpus BLEU on held-out sentences, every translation a reference; width 1 decodes greedily. */
    public Bleu.Score bleu(ParallelCorpus heldOut, int width, double alpha) {
        if (heldOut == null) {
            throw new IllegalArgumentException("Translator.bleu: no held-out corpus");
        }
        return Bleu.corpus(beamAll(heldOut.sources(), width, alpha), heldOut.references());
    }

    /** Every attention map of the greedy translation of {@code sentence}, for heat maps. */
    public AttentionMaps attention(String sentence) {
        return new GreedyDecoder(model, maxOutput).decode(sourceIds(sentence)).attention();
    }

    /** The source sentence's tokens, readable ({@code ␣} for a space): the heat map's columns. */
    public List<String> sourceTokens(String sentence) {
        return source.tokens(sentence).stream().map(Tokenizer::visible).toList();
    }

    /** The greedy translation's tokens, readable, then {@code <eos>}: the heat map's rows. */
    public List<String> outputTokens(String sentence) {
        GreedyDecoder.Result r = new GreedyDecoder(model, maxOutput).decode(sourceIds(sentence));
        List<String> out = new ArrayList<>();
        for (String t : target.vocabulary().decode(r.tokens())) {
            out.add(Tokenizer.visible(t));
        }
        if (r.endedWithEos()) {
            out.add("<eos>");
        }
        return out;
    }

    public EncoderDecoder model() {
        return model;
    }

    public Tokenizer sourceTokenizer() {
        return source;
    }

    public Tokenizer targetTokenizer() {
        return target;
    }

    private static void requireSentences(String operation, List<String> sentences) {
        if (sentences == null || sentences.isEmpty()) {
            throw new IllegalArgumentException(operation + ": got no sentences; expected at least one");
        }
    }
}
