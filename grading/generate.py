"""Build each graded assignment's source notebook from the lessons.

An assignment is described by a manifest, ``grading/assignments/<id>.toml``. It names lesson
exercises by their ``grade_id``; this script copies, from ``lessons/NN-*.ipynb``:

* the exercise's prose (its markdown from the ``### Exercise`` heading on) and its solution cell,
  unchanged, so the assignment and the lesson can never disagree about the task or the solution;
* the setup cells the manifest asks for (matched by a piece of their text), as locked read-only cells;

and adds, after each exercise, a locked **grade cell** worth the manifest's points. Its visible tests
come from the manifest and run as written; its hidden tests sit between ``// BEGIN HIDDEN TESTS`` and
``// END HIDDEN TESTS``, which nbgrader removes from the release and puts back when it autogrades.
Each test cell first imports the grader's helpers by their full names (so that a student's own class
called ``Expect`` cannot stand in for them) and ends with a statement, never a value.

The result is ``grading/source/<id>/<notebook>.ipynb``, nbgrader's source version. ``--check``
writes nothing and fails if a committed source differs from what the manifests and lessons give.

    python grading/generate.py          # regenerate every assignment's source
    python grading/generate.py --check  # verify the committed sources
"""

import argparse
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ROOT / "lessons"
MANIFESTS = ROOT / "grading" / "assignments"
SOURCE = ROOT / "grading" / "source"

HELPERS = ("transformer.exercise.Exercise", "transformer.exercise.Expect")
BEGIN_HIDDEN, END_HIDDEN = "// BEGIN HIDDEN TESTS", "// END HIDDEN TESTS"
TEST_SUFFIX = "_test"

HOW_IT_IS_GRADED = """\
**How this assignment is graded.** Complete the code where it says `YOUR CODE HERE` (delete the line
that throws). After each exercise comes a locked test cell with its points. It runs visible tests now,
so you can check your work as you go; when your work is graded, the same cell also runs **hidden
tests** on other inputs, so code that only fits the visible examples will not get the points.

- A test cell earns its points only if it runs without an error **and without writing to
  `System.err`**. Do not print to `System.err` from your methods.
- Each cell may run for {timeout} seconds at most; a cell that takes longer scores 0.
- Do not call `System.exit`: it ends the Java kernel, and every cell after it scores 0.
- Do not edit or delete the locked cells: grading puts the original ones back.
- Write your code in the exercise cells (or in cells of your own). Grading leaves out any line that
  declares a name the tests use (such as `Exercise`, `Expect` or a class of the kit), and any code that
  uses reflection, the kernel's classes, processes or files, or a `%` magic.
- Before you submit, restart the kernel and run all cells (or press **Validate**).
"""


@dataclass
class Exercise:
    lesson: str
    grade_id: str
    points: float
    visible: str
    hidden: str
    must_not_use: list = field(default_factory=list)   # kit classes (or methods) that solve it for the student
    may_use: list = field(default_factory=list)        # names the grader forbids by default that this one needs


@dataclass
class Assignment:
    id: str
    notebook: str
    title: str
    intro: str
    imports: list
    setup: list = field(default_factory=list)
    exercises: list = field(default_factory=list)

    @property
    def path(self) -> Path:
        return SOURCE / self.id / f"{self.notebook}.ipynb"

    @property
    def points(self) -> float:
        return sum(e.points for e in self.exercises)


def load_manifest(path: Path) -> Assignment:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    where = path.relative_to(ROOT)
    if data.get("id") != path.stem:
        raise ValueError(f"{where}: id is {data.get('id')!r}, expected the file's name {path.stem!r}")
    exercises = [Exercise(str(e["lesson"]), e["grade_id"], float(e["points"]), e["visible"].strip("\n"),
                          e["hidden"].strip("\n"), list(e.get("must_not_use", [])), list(e.get("may_use", [])))
                 for e in data.get("exercise", [])]
    for e in exercises:
        if not e.points > 0:
            raise ValueError(f"{where}: exercise {e.grade_id} has {e.points} points; expected a positive number")
        if not e.visible.strip() or not e.hidden.strip():
            raise ValueError(f"{where}: exercise {e.grade_id} needs both visible and hidden tests")
        if e.hidden.strip() in e.visible:
            raise ValueError(f"{where}: exercise {e.grade_id}'s hidden tests repeat its visible tests")
    return Assignment(data["id"], data["notebook"], data["title"], data.get("intro", "").strip(),
                      list(data.get("imports", [])), data.get("setup", []), exercises)


def manifests() -> list:
    return [load_manifest(p) for p in sorted(MANIFESTS.glob("*.toml"))]


def lesson(number: str):
    found = sorted(LESSONS.glob(f"{number}-*.ipynb"))
    if len(found) != 1:
        raise FileNotFoundError(f"lesson {number}: expected one lessons/{number}-*.ipynb, found {len(found)}")
    return nbformat.read(found[0], as_version=4)


def grade_id(cell):
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def exercise_cells(nb, wanted: str):
    """The solution cell with this grade_id, and the exercise's prose that comes before it."""
    index = next((i for i, c in enumerate(nb.cells) if grade_id(c) == wanted), None)
    if index is None:
        raise KeyError(f"no cell with grade_id {wanted!r}")
    solution = nb.cells[index]
    if not solution.metadata["nbgrader"].get("solution"):
        raise ValueError(f"cell {wanted!r} is not a solution cell")
    prose = []
    for cell in reversed(nb.cells[:index]):
        if cell.cell_type != "markdown":
            break
        prose.insert(0, cell.source)
    text = "\n\n".join(prose)
    heading = re.search(r"^#{2,4} +Exercise\b.*$", text, flags=re.MULTILINE)
    if heading is None:
        raise ValueError(f"exercise {wanted!r}: no '### Exercise' heading in the markdown before it")
    return text[heading.start():], solution


def check_name(prose: str) -> str:
    """'### Exercise 0.2 · The shape of a product' -> 'Exercise 0.2: the shape of a product'."""
    heading = prose.splitlines()[0].lstrip("#").strip()
    number, _, title = heading.partition(" · ")
    return f"{number}: {title[:1].lower()}{title[1:]}" if title else heading


def indent(code: str) -> str:
    return "\n".join(("    " + line) if line.strip() else "" for line in code.splitlines())


def test_source(name: str, points: float, imports: list, exercise: Exercise) -> str:
    lines = [f"// Tests for {name} ({points:g} points). Locked: grading puts this cell back as it is."]
    lines += [f"import {i};" for i in (*HELPERS, *imports)]
    lines += [f"Exercise.check({java_string(name)}, () -> {{", indent(exercise.visible), "});"]
    lines += [BEGIN_HIDDEN, f"Exercise.check({java_string(name + ', hidden tests')}, () -> {{",
              indent(exercise.hidden), "});", END_HIDDEN]
    return "\n".join(lines)


def java_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def nbgrader_metadata(grade_id: str, *, grade=False, solution=False, locked=False, points=None):
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def setup_cell(spec: dict, number: int):
    nb = lesson(str(spec["lesson"]))
    matches = [c for c in nb.cells if c.cell_type == "code" and spec["containing"] in c.source]
    if len(matches) != 1:
        raise ValueError(f"setup from lesson {spec['lesson']}: {len(matches)} code cells contain "
                         f"{spec['containing']!r}; expected exactly one")
    gid = f"setup_{number}"
    return nbformat.v4.new_code_cell(matches[0].source, id=gid, metadata=nbgrader_metadata(gid, locked=True))


def build(assignment: Assignment, timeout: int):
    first = lesson(assignment.exercises[0].lesson)
    nb = nbformat.v4.new_notebook(metadata={k: first.metadata[k] for k in ("kernelspec", "language_info")
                                            if k in first.metadata})
    header = f"# {assignment.title}\n\n" + (assignment.intro + "\n\n" if assignment.intro else "")
    header += f"*{assignment.points:g} points in all.*\n\n" + HOW_IT_IS_GRADED.format(timeout=timeout)
    nb.cells.append(nbformat.v4.new_markdown_cell(header, id="header"))
    nb.cells += [setup_cell(spec, n) for n, spec in enumerate(assignment.setup, start=1)]
    for exercise in assignment.exercises:
        prose, solution = exercise_cells(lesson(exercise.lesson), exercise.grade_id)
        name = check_name(prose)
        prose += f"\n\n*{exercise.points:g} points.*"
        if exercise.must_not_use:
            names = ", ".join(f"`{n}`" for n in exercise.must_not_use)
            prose += (f" Write it yourself: grading does not run a solution of this exercise that uses {names}, "
                      "which would do it for you.")
        metadata = {"nbgrader": dict(solution.metadata["nbgrader"])}
        policy = {k: v for k, v in (("must_not_use", exercise.must_not_use), ("may_use", exercise.may_use)) if v}
        if policy:
            metadata["course"] = policy
        nb.cells.append(nbformat.v4.new_markdown_cell(prose, id=f"{exercise.grade_id}-task"))
        nb.cells.append(nbformat.v4.new_code_cell(solution.source, id=exercise.grade_id, metadata=metadata))
        test_id = exercise.grade_id + TEST_SUFFIX
        nb.cells.append(nbformat.v4.new_code_cell(
            test_source(name, exercise.points, assignment.imports, exercise), id=test_id,
            metadata=nbgrader_metadata(test_id, grade=True, locked=True, points=exercise.points)))
    nbformat.validate(nb)
    return nb


def render(nb) -> str:
    return nbformat.writes(nb) + "\n"


def cell_timeout() -> int:
    """The per-cell timeout from nbgrader_config.py, so the students' instructions quote it."""
    match = re.search(r"^c\.Execute\.timeout\s*=\s*(\d+)", (ROOT / "grading" / "nbgrader_config.py").read_text(),
                      flags=re.MULTILINE)
    return int(match.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="fail if a committed source is out of date")
    args = parser.parse_args()

    assignments = manifests()
    stale, timeout = [], cell_timeout()
    for assignment in assignments:
        text = render(build(assignment, timeout))
        target = assignment.path
        if args.check:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                stale.append(str(target.relative_to(ROOT)))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    expected = {a.path for a in assignments}
    extra = [p for p in SOURCE.glob("*/*.ipynb") if p not in expected]
    if extra:
        print("generate: notebooks in grading/source/ that no manifest makes: "
              + ", ".join(str(p.relative_to(ROOT)) for p in extra), file=sys.stderr)
        return 1
    if stale:
        print("generate: out of date with the manifests or lessons (run 'make grading-source'): "
              + ", ".join(stale), file=sys.stderr)
        return 1
    print(f"generate: {len(assignments)} assignments {'match their manifests' if args.check else 'written'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
