"""Make student submissions from a release, for trying out the grading flow.

A submission is the released notebook as a student hands it back. The helpers here fill in its
exercises (with the source's solutions, or with any other code) so that the flow can be run end to
end before real students exist. The grading tests build their hostile submissions with them, and

    python grading/submissions.py RELEASE_DIR OUT_DIR

writes a **sample class** of three students, in nbgrader's layout ``OUT_DIR/<student>/<assignment>/``:
``ada`` solves everything, ``ben`` hands the release back untouched, and ``cy`` solves every exercise
but the last one of each assignment.
"""

import argparse
import sys
import textwrap
from pathlib import Path

import nbformat

STUB_LINE = 'throw new UnsupportedOperationException("not implemented yet");'
BEGIN, END = "BEGIN SOLUTION", "END SOLUTION"


def meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def find(nb, grade_id: str):
    for cell in nb.cells:
        if meta(cell).get("grade_id") == grade_id:
            return cell
    raise KeyError(f"no cell with grade_id {grade_id!r}")


def solution_ids(nb) -> list:
    return [meta(c)["grade_id"] for c in nb.cells if meta(c).get("solution")]


def grade_ids(nb) -> list:
    return [meta(c)["grade_id"] for c in nb.cells if meta(c).get("grade")]


def solution_of(source_nb, grade_id: str) -> str:
    """The code between the markers of a solution region in the source."""
    lines = find(source_nb, grade_id).source.split("\n")
    begin = next(i for i, line in enumerate(lines) if BEGIN in line)
    end = next(i for i, line in enumerate(lines) if END in line)
    return "\n".join(lines[begin + 1:end])


def fill(nb, grade_id: str, code: str) -> None:
    """Replace the stub of one exercise (the comment and the line that throws) with ``code``."""
    cell = find(nb, grade_id)
    lines = cell.source.split("\n")
    at = next((i for i, line in enumerate(lines) if STUB_LINE in line), None)
    if at is None:
        raise ValueError(f"exercise {grade_id!r} has no stub to replace")
    start = at - 1 if at > 0 and "YOUR CODE HERE" in lines[at - 1] else at
    indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
    body = [indent + line if line.strip() else "" for line in textwrap.dedent(code).strip("\n").split("\n")]
    cell.source = "\n".join(lines[:start] + body + lines[at + 1:])


def solved(release_nb, source_nb, leave=()):
    """A copy of the release with every exercise solved as in the source, except those in ``leave``."""
    nb = nbformat.from_dict(release_nb)
    for gid in solution_ids(nb):
        if gid not in leave:
            fill(nb, gid, solution_of(source_nb, gid))
    return nb


def sample_class(release: Path, source: Path, out: Path) -> list:
    written = []
    for released in sorted(release.glob("*/*.ipynb")):
        assignment = released.parent.name
        release_nb = nbformat.read(released, as_version=4)
        source_nb = nbformat.read(source / assignment / released.name, as_version=4)
        last = solution_ids(release_nb)[-1:]
        for student, nb in (("ada", solved(release_nb, source_nb)), ("ben", release_nb),
                            ("cy", solved(release_nb, source_nb, leave=last))):
            target = out / student / assignment / released.name
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, target)
            written.append(target)
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("release", type=Path, help="nbgrader's release folder, for example grading/release")
    parser.add_argument("out", type=Path, help="where to write <student>/<assignment>/<notebook>.ipynb")
    parser.add_argument("--source", type=Path, default=Path(__file__).resolve().parent / "source")
    args = parser.parse_args()
    written = sample_class(args.release, args.source, args.out)
    if not written:
        print(f"submissions: no released notebooks under {args.release}; run 'make release' first", file=sys.stderr)
        return 1
    print(f"submissions: {len(written)} notebooks for students ada, ben and cy in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
