"""What the grading tests share: a throw-away nbgrader course, and how to read a source's regions.

Every nbgrader command runs from ``grading/`` (so it reads the committed ``nbgrader_config.py``) with
``--CourseDirectory.root`` pointing at a temporary course, so the tests never touch the instructor's
own ``grading/release``, ``submitted`` or ``gradebook.db``. The courses live in ``build/grading-run/``
(emptied at the start of each run and kept afterwards for reading: ``nbgrader.log`` in each course
has every command's output). Each command's environment carries a marker, which every kernel it
starts inherits; that is how the tests find JVMs left running.
"""

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path


ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "grading"
sys.path.insert(0, str(COURSE))

import generate  # noqa: E402

MARKER = "TRANSFORMER_GRADING_TEST"
RUN = ROOT / "build" / "grading-run"
SOLUTION_OUTPUT = "OUTPUT OF THE INSTRUCTOR'S RUN"


class Course:
    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.marker = uuid.uuid4().hex
        self.log = root / "nbgrader.log"

    def nbgrader(self, *args, timeout=1800):
        env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"],
                   **{MARKER: self.marker})
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "nbgrader", *args, f"--CourseDirectory.root={self.root}"],
                                cwd=COURSE, env=env, capture_output=True, text=True, timeout=timeout)
        with self.log.open("a") as f:
            f.write(f"$ nbgrader {' '.join(args)}  ({time.perf_counter() - started:.1f} s, exit {result.returncode})\n")
            f.write(result.stdout + result.stderr)
        return result

    def kernels_left(self) -> list:
        """Processes (other than this one) whose environment carries this course's marker."""
        needle = f"{MARKER}={self.marker}".encode()
        found = []
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit() or int(proc.name) == os.getpid():
                continue
            try:
                if needle in (proc / "environ").read_bytes().split(b"\0"):
                    command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                    found.append(f"{proc.name}: {command[:200]}")
            except OSError:
                continue
        return found

    def copy(self, root: Path) -> "Course":
        """Another course with this one's sources, release and gradebook, to grade in parallel."""
        shutil.copytree(self.root, root, ignore=shutil.ignore_patterns("nbgrader.log", "submitted", "autograded"))
        return Course(root)

    def release(self, assignment):
        return self.root / "release" / assignment.id / assignment.path.name

    def source(self, assignment):
        return self.root / "source" / assignment.id / assignment.path.name


def visible_and_hidden(source: str):
    lines = source.split("\n")
    begin = lines.index(generate.BEGIN_HIDDEN)
    end = lines.index(generate.END_HIDDEN)
    return "\n".join(lines[:begin] + lines[end + 1:]), "\n".join(lines[begin + 1:end])


def code_lines(text: str) -> list:
    return [line.strip() for line in text.split("\n") if line.strip() and not line.strip().startswith("//")]


def regions(nb):
    """Lines inside solution regions and hidden-test regions, and every line outside them."""
    solution, hidden, outside = set(), set(), set()
    for cell in nb.cells:
        where = outside
        for line in cell.source.split("\n"):
            text = line.strip()
            if "BEGIN SOLUTION" in text:
                where = solution
            elif "BEGIN HIDDEN TESTS" in text:
                where = hidden
            elif "END SOLUTION" in text or "END HIDDEN TESTS" in text:
                where = outside
            elif text:
                where.add(text)
    return solution, hidden, outside
