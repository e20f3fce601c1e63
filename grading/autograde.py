"""Autograde a class, then say in one table what happened to every submission.

    python grading/autograde.py [SUBMISSIONS] [--course DIR] [--jobs N] [-- extra nbgrader options]

``SUBMISSIONS`` is a folder laid out as ``<student>/<assignment>/<notebook>.ipynb`` (by default the
course's own ``submitted/``, where ``nbgrader collect`` puts them). When it is another folder, the
course's ``submitted/`` is emptied and filled with a copy of it, so a run grades exactly the
submissions it is given, never students left over from an earlier run. ``gradebook.db`` is copied to
``gradebook.db.bak`` first.

nbgrader grades them with the course's configuration (``nbgrader_config.py`` next to this file: each
kernel in a sandbox, every submission rebuilt from the source; see ``course_preprocessors.py``). With
``--jobs N``, N nbgrader processes share the students.

The table has a row per submission: student, assignment, score, and what went wrong. A submission is

* **graded** when every notebook was autograded and nothing needs a look;
* **needs a look** when grading left code out (a declaration of a name the tests use, a forbidden API,
  a magic), found a test cell whose outputs were not those of passing checks, rebuilt a missing or
  mislabelled cell, or found no exercise of the assignment in the notebook;
* **NOT GRADED** when nbgrader could not grade it (a notebook that is not a notebook, an assignment that
  does not exist): it has no score, and it is never shown as 0.

A cell that ran out of time or a kernel that died is said in the row, but is an ordinary 0. The exit
status is 0 when every submission is graded, 1 when any needs a look or was not graded, 2 for a usage
error.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from course_preprocessors import NOTES  # noqa: E402

ERROR_LINE = re.compile(r"There was an error processing assignment: (?P<path>\S+)")


@dataclass
class Row:
    student: str
    assignment: str
    score: float = None
    max_score: float = None
    status: str = "graded"            # graded | needs a look | NOT GRADED
    what: list = field(default_factory=list)
    info: list = field(default_factory=list)

    def attention(self, note):
        if self.status == "graded":
            self.status = "needs a look"
        self.what.append(note)

    def failed(self, note):
        self.status = "NOT GRADED"
        self.what.append(note)


def stage(submissions: Path, course: Path) -> None:
    """Make ``course/submitted`` hold exactly ``submissions``."""
    target = course / "submitted"
    if submissions.resolve() == target.resolve():
        return
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(submissions, target)


def found(course: Path) -> list:
    """(student, assignment) for every folder in ``submitted/``."""
    return sorted((a.parent.name, a.name) for a in (course / "submitted").glob("*/*") if a.is_dir())


def precheck(course: Path, row: Row) -> None:
    source = course / "source" / row.assignment
    if not source.is_dir():
        row.failed(f"there is no assignment '{row.assignment}' in {course / 'source'}")
        return
    folder = course / "submitted" / row.student / row.assignment
    handed_in = {p.name: p for p in folder.glob("*.ipynb")}
    expected = sorted(p.name for p in source.glob("*.ipynb"))
    for name in expected:
        if name not in handed_in:
            others = ", ".join(sorted(set(handed_in) - set(expected))) or "no notebook"
            row.failed(f"{name} was not handed in (found {others})")
            continue
        try:
            nb = nbformat.read(handed_in[name], as_version=4)
        except Exception as bad:  # noqa: BLE001 (any unreadable file is reported the same way)
            row.failed(f"{name} is not a notebook nbgrader can read ({type(bad).__name__}: {str(bad)[:120]})")
            continue
        source_nb = nbformat.read(source / name, as_version=4)
        wanted = {_grade_id(c) for c in source_nb.cells if _meta(c).get("solution")}
        if not wanted & {_grade_id(c) for c in nb.cells}:
            row.attention(f"{name} has none of the assignment's exercise cells (an empty notebook, or another "
                          "assignment's?): graded as the release")


def _meta(cell) -> dict:
    meta = cell.get("metadata", {}).get("nbgrader")
    return meta if isinstance(meta, dict) else {}


def _grade_id(cell):
    return _meta(cell).get("grade_id")


def autograde(course: Path, students: list, jobs: int, extra: list, log: Path) -> float:
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
    db = course / "gradebook.db"
    # Several nbgrader processes write the one gradebook; SQLite makes a writer wait (up to 5 min) for another.
    base = [sys.executable, "-m", "nbgrader", "autograde", "*", "--force", f"--CourseDirectory.root={course}",
            f"--CourseDirectory.db_url=sqlite:///{db}?timeout=300"]
    groups = balanced(course, students, jobs)
    started = time.perf_counter()
    procs = []
    for n, group in enumerate(g for g in groups if g):
        others = sorted(set(students) - set(group))
        command = base + ([f"--CourseDirectory.student_id_exclude={','.join(others)}"] if others else []) + extra
        out = open(log.with_suffix(f".{n}.log"), "w")
        procs.append((subprocess.Popen(command, cwd=HERE, env=env, stdout=out, stderr=subprocess.STDOUT), out))
    for proc, out in procs:
        proc.wait()
        out.close()
    with log.open("w") as whole:
        for n in range(len(procs)):
            part = log.with_suffix(f".{n}.log")
            whole.write(part.read_text(errors="replace"))
            part.unlink()
    return time.perf_counter() - started


def balanced(course: Path, students: list, jobs: int) -> list:
    """The students in ``jobs`` groups with about as many code cells to run in each."""
    def weight(student):
        cells = 0
        for path in (course / "submitted" / student).glob("*/*.ipynb"):
            source = course / "source" / path.parent.name / path.name
            try:
                cells += 5 + sum(c.cell_type == "code" for c in nbformat.read(source, as_version=4).cells)
            except Exception:  # noqa: BLE001 (a notebook that is not there costs a little, as a start-up)
                cells += 5
        return cells
    groups = [[] for _ in range(max(1, jobs))]
    loads = [0] * len(groups)
    for student in sorted(students, key=weight, reverse=True):
        lightest = loads.index(min(loads))
        groups[lightest].append(student)
        loads[lightest] += weight(student)
    return groups


def errors_in(log: Path) -> dict:
    """(student, assignment) -> the last lines of the error nbgrader logged for it."""
    lines = log.read_text(errors="replace").splitlines()
    errors = {}
    for i, line in enumerate(lines):
        m = ERROR_LINE.search(line)
        if m:
            parts = Path(m.group("path")).parts
            cause = next((l.strip() for l in reversed(lines[max(0, i - 40):i]) if re.match(r"^\w+(\.\w+)*(Error|Exception)\b", l.strip())), "")
            errors[(parts[-2], parts[-1])] = cause or line.strip()
    return errors


def collect(course: Path, rows: list, log: Path) -> None:
    from nbgrader.api import Gradebook, MissingEntry
    errors = errors_in(log)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for row in rows:
            if row.status == "NOT GRADED":
                continue
            if (row.student, row.assignment) in errors:
                row.failed(f"nbgrader failed on it: {errors[(row.student, row.assignment)]}")
                continue
            try:
                submission = gb.find_submission(row.assignment, row.student)
            except MissingEntry:
                row.failed("nbgrader recorded no grades for it (see the log)")
                continue
            folder = course / "autograded" / row.student / row.assignment
            missing = [nb.name for nb in submission.notebooks if not (folder / f"{nb.name}.ipynb").exists()]
            if missing:
                row.failed(f"no autograded notebook for {', '.join(missing)}")
                continue
            row.score, row.max_score = submission.score, submission.max_score
            for path in folder.glob("*.ipynb"):
                note_outcomes(nbformat.read(path, as_version=4), row)
    for row in rows:
        notes = course / NOTES / row.assignment / f"{row.student}.json"
        if row.status != "NOT GRADED" and notes.exists():
            for notebook, kinds in json.loads(notes.read_text()).items():
                for kind in ("refused", "outputs", "restored"):
                    for note in kinds.get(kind, []):
                        row.attention(note)


def note_outcomes(nb, row: Row) -> None:
    timeouts = sum(1 for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
                   if o.get("output_type") == "error" and o.get("ename") == "CellTimeoutError")
    died = any(o.get("ename") == "DeadKernelError" for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    if timeouts:
        row.info.append(f"{timeouts} cell(s) ran out of time")
    if died:
        row.info.append("the kernel ended (System.exit?) and the cells after it scored 0")


def table(rows: list) -> str:
    lines = ["| student | assignment | score | status | what went wrong |", "|---|---|---|---|---|"]
    for r in rows:
        score = "—" if r.score is None else f"{r.score:g} / {r.max_score:g}"
        what = "; ".join(r.what + r.info).replace("|", "\\|")
        lines.append(f"| {r.student} | {r.assignment} | {score} | {r.status} | {what} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("submissions", nargs="?", type=Path, help="<student>/<assignment>/*.ipynb (default: the course's submitted/)")
    parser.add_argument("--course", type=Path, default=HERE, help="the nbgrader course directory (default: grading/)")
    parser.add_argument("--jobs", type=int, default=1, help="nbgrader processes side by side (default 1)")
    parser.add_argument("--table", type=Path, help="also write the summary table (Markdown) to this file")
    argv = list(sys.argv[1:] if argv is None else argv)
    extra = argv[argv.index("--") + 1:] if "--" in argv else []   # options for nbgrader, e.g. --Execute.timeout=30
    args = parser.parse_args(argv[:argv.index("--")] if "--" in argv else argv)
    course = args.course.resolve()
    submissions = (args.submissions or course / "submitted")
    if not submissions.is_dir():
        print(f"autograde: no folder {submissions} (expected <student>/<assignment>/<notebook>.ipynb)", file=sys.stderr)
        return 2
    stage(submissions, course)
    rows = [Row(student, assignment) for student, assignment in found(course)]
    if not rows:
        print(f"autograde: nothing to grade in {submissions}", file=sys.stderr)
        return 2
    for row in rows:
        precheck(course, row)
    if (course / "gradebook.db").exists():
        shutil.copy2(course / "gradebook.db", course / "gradebook.db.bak")
    shutil.rmtree(course / NOTES, ignore_errors=True)
    log = course / "autograde.log"
    students = sorted({r.student for r in rows})
    seconds = autograde(course, students, max(1, args.jobs), extra, log)
    collect(course, rows, log)
    text = table(rows)
    counts = {s: sum(r.status == s for r in rows) for s in ("graded", "needs a look", "NOT GRADED")}
    summary = (f"{len(rows)} submissions in {seconds:.0f} s: {counts['graded']} graded, {counts['needs a look']} "
               f"need a look, {counts['NOT GRADED']} not graded. nbgrader's log: {log}")
    print(text + "\n\n" + summary)
    if args.table:
        args.table.parent.mkdir(parents=True, exist_ok=True)
        args.table.write_text(text + "\n\n" + summary + "\n")
    return 0 if counts["graded"] == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
