"""The kit's BLEU (transformer.translation.Bleu) gives sacrebleu's default corpus score, to 0.01.

Both score the same corpora: hand-made edge cases (an empty hypothesis, no 4-gram match, one
reference against several, numbers, entities, no-break spaces) and a few hundred real Tatoeba
sentences with seeded damage (words dropped, swapped, replaced, truncated), scored against one
reference and against all their translations. The kit's side runs once, in one JVM, through
``Bleu.main``.
"""

import random
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

sacrebleu = pytest.importorskip("sacrebleu", reason="sacrebleu comes from tests/requirements.txt")

ROOT = Path(__file__).resolve().parents[2]
CLASSPATH = ROOT / "kernel" / "target" / "kernel-classpath" / "*"

# Each case: list of (hypothesis, [references...]).
CASES = {
    "one sentence, one reference, exact": [("Il est grand.", ["Il est grand."])],
    "one reference against several": [
        ("Je suis très content de te voir.", ["Je suis heureux de te voir.", "Je suis très content de vous voir.",
                                              "Ravi de te voir."]),
        ("Il fait froid aujourd'hui.", ["Il fait froid aujourd'hui."]),
        ("Où est la gare ?", ["Où se trouve la gare ?", "Où est la gare ?"]),
    ],
    "an empty hypothesis among others": [
        ("", ["Bonjour !", "Salut !"]),
        ("Je t'aime.", ["Je t'aime.", "Je vous aime."]),
        ("Nous sommes en retard.", ["Nous sommes en retard."]),
    ],
    "every hypothesis empty": [("", ["Bonjour !"]), ("", ["Au revoir."])],
    "no 4-gram matches": [
        ("le chat noir dort ici", ["le chat dort ici"]),
        ("un grand chien brun", ["un chien brun est grand"]),
    ],
    "no match at all": [("xyz qrs", ["Bonjour tout le monde."])],
    "hypotheses shorter than four words": [("Va !", ["Va !"]), ("Cours !", ["Courez !"])],
    "a tie between reference lengths": [("a b c d e", ["a b c d", "a b c d e f", "x y"])],
    "longer than every reference": [("Je pense que Tom va nous aider demain matin.", ["Tom va aider."])],
    "numbers, symbols and entities": [
        ("Ça coûte 3,50 $, soit 1.000 fois moins.", ["Ça coûte 3,50$, soit 1.000 fois moins."]),
        ("Tom &amp; Marie ont 10-12 ans.", ["Tom & Marie ont 10-12 ans."]),
        ("« Viens ! » dit-elle (vite) : 5/5 ; 2+2=4 @home #1 ~ ^ _ `x` {y} [z] |w|",
         ["« Viens ! » dit-elle (vite) : 5/5 ; 2+2=4"]),
    ],
    "no-break spaces and trailing space": [
        ("Quelle femme séduisante\u00a0!  ", ["Quelle femme séduisante !"]),
        ("Qu'est-ce que c'est\u202f?", ["Qu'est-ce que c'est ?"]),
    ],
}


def damaged_corpus(seed: int, count: int, all_references: bool):
    """Real pairs with seeded damage; references are every translation of the English sentence, or one."""
    by_english = defaultdict(list)
    for line in (ROOT / "data" / "fra-eng.txt").read_text(encoding="utf-8").splitlines():
        english, french = line.split("\t")[:2]
        by_english[english].append(french)
    rng = random.Random(seed)
    englishes = rng.sample(sorted(by_english), count)
    vocabulary = sorted({w for e in englishes for f in by_english[e] for w in f.split()})
    out = []
    for english in englishes:
        references = by_english[english] if all_references else by_english[english][:1]
        words = rng.choice(by_english[english]).split()
        kind = rng.randrange(6)
        if kind == 1 and len(words) > 1:
            del words[rng.randrange(len(words))]
        elif kind == 2 and len(words) > 1:
            i = rng.randrange(len(words) - 1)
            words[i], words[i + 1] = words[i + 1], words[i]
        elif kind == 3:
            words[rng.randrange(len(words))] = rng.choice(vocabulary)
        elif kind == 4:
            words = words[: rng.randrange(len(words) + 1)]
        elif kind == 5:
            words = words + rng.sample(vocabulary, 2)
        out.append((" ".join(words), references))
    return out


CASES["300 real sentences, damaged, every translation a reference"] = damaged_corpus(1, 300, True)
CASES["300 real sentences, damaged, one reference each"] = damaged_corpus(2, 300, False)


def sacrebleu_score(case):
    hypotheses = [h for h, _ in case]
    most = max(len(r) for _, r in case)
    # sacrebleu takes one stream per reference slot; None marks a sentence with fewer references.
    streams = [[r[k] if k < len(r) else None for _, r in case] for k in range(most)]
    return sacrebleu.corpus_bleu(hypotheses, streams)


@pytest.fixture(scope="module")
def kit_scores(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bleu")
    files = []
    for i, case in enumerate(CASES.values()):
        f = folder / f"case{i}.tsv"
        f.write_text("".join("\t".join([h, *refs]) + "\n" for h, refs in case), encoding="utf-8")
        files.append(str(f))
    run = subprocess.run(["java", "-cp", str(CLASSPATH), "transformer.translation.Bleu", *files],
                         capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == len(CASES), run.stdout
    return {name: line for name, line in zip(CASES, lines)}


@pytest.mark.parametrize("name", list(CASES))
def test_kit_bleu_matches_sacrebleu(name, kit_scores):
    expected = sacrebleu_score(CASES[name])
    kit, summary = kit_scores[name].split("\t")
    assert abs(float(kit) - expected.score) <= 0.01, f"{name}: kit {summary}, sacrebleu {expected}"
    # The parts agree too: the lengths exactly, the brevity penalty to three decimals.
    assert f"hyp_len = {expected.sys_len} ref_len = {expected.ref_len}" in summary, (summary, expected)
    assert f"BP = {expected.bp:.3f}" in summary, (summary, expected)


def test_cases_cover_the_edges():
    """The edge cases really are edges: a zero score, a perfect one, and one without 4-gram matches."""
    scores = {name: sacrebleu_score(case) for name, case in CASES.items()}
    assert scores["every hypothesis empty"].score == 0
    assert scores["no match at all"].score == 0
    assert scores["one sentence, one reference, exact"].score == pytest.approx(100)
    assert scores["no 4-gram matches"].counts[3] == 0 and scores["no 4-gram matches"].score > 0
    assert 0 < scores["300 real sentences, damaged, one reference each"].score \
        < scores["300 real sentences, damaged, every translation a reference"].score < 100
