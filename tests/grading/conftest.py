"""A throw-away nbgrader course for the grading tests: the committed config and sources, released.

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

import nbformat
import pytest

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


@pytest.fixture(scope="session")
def assignments():
    return generate.manifests()


@pytest.fixture(scope="session")
def run_dir():
    shutil.rmtree(RUN, ignore_errors=True)
    RUN.mkdir(parents=True)
    return RUN


@pytest.fixture(scope="session")
def course(run_dir, assignments):
    """The committed sources, copied into a fresh course and released with `nbgrader generate_assignment`.

    Every code cell of the copied sources is given outputs first, as if the instructor had run the
    source notebook before releasing it: the release must still carry none of them.
    """
    course = Course(run_dir / "course")
    shutil.copytree(COURSE / "source", course.root / "source")
    for path in (course.root / "source").glob("*/*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        for n, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                cell.execution_count = n
                cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=f"{SOLUTION_OUTPUT} {n}\n"),
                                nbformat.v4.new_output("execute_result", data={"text/plain": f"4.{n}"},
                                                       execution_count=n)]
        nbformat.write(nb, path)
    result = course.nbgrader("generate_assignment", "*")
    assert result.returncode == 0, result.stderr[-3000:]
    assert all(course.release(a).exists() for a in assignments), result.stderr[-3000:]
    return course
