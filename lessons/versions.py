"""Generate the two versions of every lesson from its single source.

The source of lesson NN is ``lessons/NN-*.ipynb``: the solutions sit inside ``// BEGIN SOLUTION`` /
``// END SOLUTION`` regions of cells that carry nbgrader metadata. From it this script writes

* ``notebooks/NN-*.ipynb``, the **student version**: nbgrader's own ``ClearSolutions`` replaces each
  region with a stub that throws ``UnsupportedOperationException("not implemented yet")``, which the
  lesson's instant checks report as "not attempted yet";
* ``notebooks/solutions/NN-*.ipynb``, the **worked solutions**: the same code with the markers removed.

Both are written without outputs. ``--check`` writes nothing and fails if a committed version differs
from what the source produces.

    python lessons/versions.py          # regenerate
    python lessons/versions.py --check  # verify the committed versions
"""

import argparse
import sys
from pathlib import Path

import nbformat
from nbgrader.preprocessors import ClearOutput, ClearSolutions

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "lessons"
STUDENT = ROOT / "notebooks"
SOLUTIONS = ROOT / "notebooks" / "solutions"

#: The stub that replaces a solution region; nbgrader's course config uses the same one.
JAVA_STUB = '// YOUR CODE HERE\nthrow new UnsupportedOperationException("not implemented yet");'
MARKERS = ("BEGIN SOLUTION", "END SOLUTION")


def without_outputs(nb):
    nb, _ = ClearOutput().preprocess(nb, {})
    return nb


def student_version(source):
    nb = without_outputs(nbformat.from_dict(source))
    nb, _ = ClearSolutions(code_stub={"java": JAVA_STUB}, enforce_metadata=True).preprocess(nb, {})
    return nb


def solutions_version(source):
    nb = without_outputs(nbformat.from_dict(source))
    for cell in nb.cells:
        if cell.cell_type == "code":
            lines = cell.source.split("\n")
            cell.source = "\n".join(line for line in lines if not any(m in line for m in MARKERS))
    return nb


def render(nb) -> str:
    return nbformat.writes(nb) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="fail if a committed version is out of date")
    args = parser.parse_args()

    sources = sorted(SOURCES.glob("[0-9][0-9]-*.ipynb"))
    if not sources:
        print(f"versions: no lessons found in {SOURCES}", file=sys.stderr)
        return 1
    stale = []
    for path in sources:
        source = nbformat.read(path, as_version=4)
        for folder, make in ((STUDENT, student_version), (SOLUTIONS, solutions_version)):
            target = folder / path.name
            text = render(make(source))
            if args.check:
                if not target.exists() or target.read_text(encoding="utf-8") != text:
                    stale.append(str(target.relative_to(ROOT)))
            else:
                folder.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
    if stale:
        print("versions: out of date with lessons/ (run 'make versions'): " + ", ".join(stale), file=sys.stderr)
        return 1
    print(f"versions: {len(sources)} lessons {'match their sources' if args.check else 'written'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
