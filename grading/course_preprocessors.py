"""nbgrader, adapted to a Java course and hardened against submissions that attack the grading.

``nbgrader_config.py`` puts these in nbgrader's chain. Before anything runs (sanitizing):

* ``RestoreFromSource`` rebuilds each submission from the instructor's source notebook: every cell
  that is not a solution (the narrative, the setup cells, the test cells, with their metadata) comes
  from the source, so nothing a student does to those cells, or to their nbgrader metadata (deleted,
  duplicated, retyped, re-pointed), reaches grading. The student's solution cells (matched by
  ``grade_id``) and the cells the student added keep their code, *screened*: a snippet is left out,
  with a note in the feedback, when it declares a top-level name that the locked cells use (which in
  Java changes what that name means in every later cell), imports one over the grader's, uses an API
  the assignment forbids (reflection, the kernel's classes, processes, files, and per exercise what
  the manifest lists), is a kernel magic, or cannot be read as Java.

While and after running it (autograding):

* ``GradeInSandbox``: runs each notebook's kernel inside ``bwrap`` (bubblewrap): its own PID namespace
  (every process it starts dies with it), no capabilities, the course directory, the repository and
  the home folder hidden, only the kernel's files and that submission's folder visible, read-only.
  Output floods are truncated rather than fatal (``raise_on_iopub_timeout`` off). A call to
  ``System.exit`` (a dead kernel) no longer abandons the submission: the cell that was running and
  every code cell after it get an error and score 0, the cells before keep their scores.
* ``CheckTestOutputs``: a test cell keeps its points only if its outputs are what passing checks
  print (a ✓ line for every ``Exercise.check`` in it, standard output only). Anything else, such as
  an ``execute_result`` forged by code that reached the kernel, stderr that nbgrader's ``LimitOutput``
  would cut off, or a check that never ran, puts an error first in the cell's outputs, so it scores 0.

And two small fixes of nbgrader's own steps:

* ``OverwriteCellsForJava``: a test cell put back by nbgrader is headed by a ``//`` comment, not a
  Python ``#`` one, which does not compile in Java.

What each preprocessor found is written to ``<course>/autograde-notes/<assignment>/<student>.json``
(outside every sandbox), which ``autograde.py`` reads for its summary.
"""

import base64
import json
import os
import re
import shutil
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

import nbformat
from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import DeadKernelError
from nbformat.v4 import new_markdown_cell, new_output
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import Execute, NbGraderPreprocessor, OverwriteCells
from traitlets import Bool, List, Unicode

HERE = Path(__file__).resolve().parent
DIED = "DeadKernelError"
REFUSED = "RefusedByTheGrader"
NOTES = "autograde-notes"

#: APIs no solution may use, in any assignment: names of classes, methods or package segments.
FORBIDDEN = (
    # reflection, method handles, class loading, the call stack
    "reflect", "getDeclaredField", "getDeclaredFields", "getDeclaredMethod", "getDeclaredMethods",
    "getDeclaredConstructor", "getDeclaredConstructors", "getField", "getFields", "getMethod", "getMethods",
    "setAccessible", "trySetAccessible", "MethodHandles", "MethodHandle", "VarHandle", "Unsafe", "forName",
    "ClassLoader", "getClassLoader", "getSystemClassLoader", "defineClass", "StackWalker", "Instrumentation",
    # the kernel and JShell
    "BaseKernel", "notebookKernel", "getKernelInstance", "jupyter", "jjava", "ijava", "spencerpark", "dflib",
    "jshell", "JShell", "DisplayStream",
    # processes and the JVM
    "ProcessBuilder", "ProcessHandle", "Runtime", "exec", "halt", "loadLibrary",
    # files, the network, the standard streams, system properties
    "File", "Files", "Path", "Paths", "FileSystem", "FileSystems", "FileInputStream", "FileOutputStream",
    "FileReader", "FileWriter", "RandomAccessFile", "FileChannel", "Socket", "ServerSocket", "URL", "URI",
    "HttpClient", "DatagramSocket", "setOut", "setErr", "setIn", "setProperty", "setProperties",
)


# --------------------------------------------------------------------------------------------------
# Reading Java: what a cell declares (JShell and javac, in Declarations.java), and which names it uses


@dataclass
class Unit:
    """One snippet of a cell as the kernel splits it, with what it declares."""
    source: str
    kinds: list
    names: list
    details: list


class Declarations:
    """A client of ``Declarations.java``, started once per grading run and shared by every notebook."""

    _lock = threading.Lock()
    _process = None

    @classmethod
    def units(cls, code: str) -> list:
        with cls._lock:
            if cls._process is None or cls._process.poll() is not None:
                cls._process = subprocess.Popen(
                    ["java", "-Xshare:auto", str(HERE / "Declarations.java")], stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE, text=True, encoding="utf-8")
            proc = cls._process
            proc.stdin.write(base64.b64encode(code.encode("utf-8")).decode("ascii") + "\n")
            proc.stdin.flush()
            units = {}
            while True:
                line = proc.stdout.readline()
                if not line:
                    raise RuntimeError("the Java declarations reader (grading/Declarations.java) stopped")
                line = line.rstrip("\n")
                if line == "END":
                    return list(units.values())
                _, n, kind, name, detail, source = line.split("\t")
                unit = units.setdefault(n, Unit(_b64(source), [], [], []))
                unit.kinds.append(kind)
                unit.names.append(_b64(name))
                unit.details.append(_b64(detail))


def _b64(text: str) -> str:
    return base64.b64decode(text).decode("utf-8")


_ESCAPE = re.compile(r"\\u+([0-9a-fA-F]{4})")
_NOISE = re.compile(r'//[^\n]*|/\*.*?\*/|"""(?:\\.|[^\\])*?"""|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', re.S)
_WORD = re.compile(r"[^\W\d][\w$]*")
_JAVA_KEYWORDS = set("""abstract assert boolean break byte case catch char class const continue default do double
else enum extends final finally float for goto if implements import instanceof int interface long native new
package private protected public return short static strictfp super switch synchronized this throw throws
transient try void volatile while var record yield sealed permits true false null""".split())


def identifiers(code: str) -> set:
    """Every identifier in Java code, Unicode escapes decoded, comments and literals left out."""
    code = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), code)
    return set(_WORD.findall(_NOISE.sub(" ", code))) - _JAVA_KEYWORDS


_LOCAL = re.compile(r"(?:\bvar|\b(?:int|long|double|float|boolean|char|byte|short)\b|\b[A-Z][\w$]*(?:<[^<>;]*>)?)"
                    r"(?:\s*\[\s*\])*\s+([^\W\d][\w$]*)\s*(?=[=;:])")


def local_names(code: str) -> set:
    """Names that Java code declares as local variables (in the lambdas of a test cell, say)."""
    code = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), code)
    return set(_LOCAL.findall(_NOISE.sub(" ", code)))


_SIMPLE = re.compile(r"(?<![\w$.])\s*([^\W\d][\w$]*)")


def simple_names(code: str) -> set:
    """The identifiers of Java code that are not selected from something else (``a`` in ``a.b``, not
    ``b``): only these can mean a student's top-level declaration instead of what the code meant."""
    code = _NOISE.sub(" ", _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), code))
    code = re.sub(r"\.\s*[^\W\d][\w$]*", ".", code)   # drop every selected member name
    return set(_WORD.findall(code)) - _JAVA_KEYWORDS


def nbgrader_meta(cell) -> dict:
    meta = cell.get("metadata", {}).get("nbgrader")
    return meta if isinstance(meta, dict) else {}


def _grade_id(cell):
    gid = nbgrader_meta(cell).get("grade_id")
    return gid if isinstance(gid, str) else None


def _label(cell_id, number) -> str:
    return f"cell {number} ({cell_id})" if cell_id else f"cell {number}"


def notes_path(coursedir: CourseDirectory, assignment: str, student: str) -> Path:
    return Path(coursedir.root) / NOTES / assignment / f"{student}.json"


def add_notes(coursedir, resources, kind: str, notes: list) -> None:
    """Appends what a preprocessor found to the submission's notes file (read by autograde.py)."""
    info = resources["nbgrader"]
    path = notes_path(coursedir, info["assignment"], info["student"])
    path.parent.mkdir(parents=True, exist_ok=True)
    found = json.loads(path.read_text()) if path.exists() else {}
    found.setdefault(info["notebook"], {}).setdefault(kind, []).extend(notes)
    path.write_text(json.dumps(found, indent=1, ensure_ascii=False))


# --------------------------------------------------------------------------------------------------
# Sanitizing: the submission rebuilt from the source, its code screened


class RestoreFromSource(NbGraderPreprocessor):
    """Rebuilds the submission: the source's cells, with the student's screened code in the solution
    cells and, after the cell they followed, the code cells the student added."""

    forbidden = List(Unicode(), default_value=list(FORBIDDEN),
                     help="APIs no solution may use: class, method or package names").tag(config=True)

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        coursedir = CourseDirectory(config=self.config)
        source_path = Path(coursedir.format_path(coursedir.source_directory, ".", info["assignment"])) / (
            info["notebook"] + ".ipynb")
        source = nbformat.read(source_path, as_version=4)
        policy = self._policy(source)
        notes, refused = [], []

        solution_ids = {_grade_id(c) for c in source.cells if nbgrader_meta(c).get("solution")}
        locked_ids = {_grade_id(c) for c in source.cells if _grade_id(c)} - solution_ids
        other_ids = {c.get("id") for c in source.cells if not nbgrader_meta(c).get("solution") and c.get("id")}
        position = {}  # a source cell's key -> its index
        for index, cell in enumerate(source.cells):
            position[_grade_id(cell) or cell.get("id")] = index

        taken, added = {}, {}   # solution grade_id -> student's cell; source index -> cells added after it
        anchor = -1
        for number, cell in enumerate(nb.cells):
            gid = _grade_id(cell)
            if gid in solution_ids and gid not in taken and cell.get("cell_type") == "code":
                taken[gid] = (number, cell)
                anchor = position[gid]
            elif gid in locked_ids or (gid is None and cell.get("id") in other_ids):
                anchor = position[gid or cell.get("id")]          # the source's own cell comes back instead
                if cell.get("cell_type") == "code" and cell.source.strip() and _changed(cell, source.cells[anchor]):
                    notes.append(f"{_label(cell.get('id'), number)}: a locked cell was edited; the original is graded")
            elif cell.get("cell_type") in ("code", "markdown"):
                if gid is not None and gid not in solution_ids:   # a second copy of a solution cell is no news
                    notes.append(f"{_label(cell.get('id'), number)} carried the grading metadata of "
                                 f"'{gid}', which it is not; it is graded as a cell of the student's own")
                added.setdefault(anchor, []).append((number, cell))

        cells = []
        for extra_number, extra in added.get(-1, []):
            cells.append(self._student_cell(extra, extra_number, None, policy, refused))
        for index, src in enumerate(source.cells):
            gid = _grade_id(src)
            if gid in solution_ids:
                if gid in taken:
                    number, mine = taken[gid]
                    cell = nbformat.from_dict(src)
                    cell.source = self._screened(mine.source, _label(mine.get("id"), number), gid, policy, refused)
                    cell.outputs, cell.execution_count = [], None
                else:
                    notes.append(f"the solution cell '{gid}' is missing; the release's stub is graded in its place")
                    cell = nbformat.from_dict(src)
                    cell.source = _stubbed(src.source, self.config)
                cells.append(cell)
            else:
                cells.append(nbformat.from_dict(src))
            for extra_number, extra in added.get(index, []):
                cells.append(self._student_cell(extra, extra_number, None, policy, refused))
        if refused or notes:
            lines = ["**Notes from grading.** Some of this notebook was not graded as handed in:", ""]
            lines += [f"- {n}" for n in notes + [r["note"] for r in refused]]
            cells.insert(0, new_markdown_cell("\n".join(lines), metadata={"grading_notes": True}))
        nb.cells = cells
        add_notes(coursedir, resources, "restored", notes)
        add_notes(coursedir, resources, "refused", [r["note"] for r in refused])
        return nb, resources

    def _student_cell(self, cell, number, gid, policy, refused):
        cell = nbformat.from_dict(cell)
        cell.metadata.pop("nbgrader", None)
        if cell.cell_type == "code":
            cell.source = self._screened(cell.source, _label(cell.get("id"), number), gid, policy, refused)
            cell.outputs, cell.execution_count = [], None
        return cell

    _policies = {}

    def _policy(self, source) -> dict:
        """What the screen needs to know of an assignment's source notebook (kept: reading it is slow)."""
        key = nbformat.writes(source)
        if key not in self._policies:
            self._policies[key] = self._read_policy(source)
        return self._policies[key]

    def _read_policy(self, source) -> dict:
        locked = [c.source for c in source.cells if c.cell_type == "code" and not nbgrader_meta(c).get("solution")]
        used, local, top_level, imported = set(), set(), set(), {}
        for code in locked:
            used |= simple_names(code)
            local |= local_names(code)
            for unit in Declarations.units(code):
                for kind, name, detail in zip(unit.kinds, unit.names, unit.details):
                    if kind == "IMPORT":
                        imported.setdefault(name, set()).add(detail)
                    elif name:
                        top_level.add(name)
        # A name the tests only declare as a local variable means that local in the tests, whatever the
        # student declares at the top level; every other name they use is protected.
        used -= local - top_level
        declared, banned = {}, {}
        for cell in source.cells:
            if nbgrader_meta(cell).get("solution"):
                gid = _grade_id(cell)
                declared[gid] = {n for u in Declarations.units(cell.source) for n in u.names if n}
                course = cell.metadata.get("course", {})
                banned[gid] = (set(self.forbidden) - set(course.get("may_use", []))) | set(course.get("must_not_use", []))
        return {"used": used, "imported": imported, "declared": declared, "banned": banned,
                "any_declared": set().union(*declared.values()) if declared else set(),
                "any_banned": set().union(*banned.values()) if banned else set(self.forbidden)}

    def _screened(self, code: str, label: str, gid, policy, refused) -> str:
        """The code with every snippet that may not run left out (and recorded in ``refused``)."""
        allowed = policy["declared"].get(gid, policy["any_declared"]) if gid else policy["any_declared"]
        banned = policy["banned"].get(gid, policy["any_banned"]) if gid else policy["any_banned"]
        lines, magics = code.split("\n"), []
        for i, line in enumerate(lines):
            if line.lstrip().startswith("%"):
                magics.append(line.strip())
                lines[i] = ""
        for magic in magics:
            refused.append({"note": f"{label}: `{magic[:80]}` was not run: kernel magics are not allowed in graded work"})
        kept, changed = [], bool(magics)
        for unit in Declarations.units("\n".join(lines)):
            why = self._why_refused(unit, allowed, banned, policy)
            if why:
                first = next((ln.strip() for ln in unit.source.split("\n") if ln.strip()), "")
                refused.append({"note": f"{label}: `{first[:80]}` was not run: {why}"})
                changed = True
            else:
                kept.append(unit.source)
        if not changed:
            return code
        return "\n".join(s.strip("\n") for s in kept)

    @staticmethod
    def _why_refused(unit: Unit, allowed, banned, policy):
        uses = identifiers(unit.source) & banned
        if uses:
            return f"it uses {', '.join(sorted(uses))}, which this exercise does not allow"
        for kind, name, detail in zip(unit.kinds, unit.names, unit.details):
            if kind == "UNPARSED":
                return "it is not Java the grader can read"
            if kind == "IMPORT":
                static = detail.startswith("static ")
                full = detail[len("static "):] if static else detail
                if static and name == "*" and not full.startswith("java."):
                    return f"a static import of all of {full[:-2]} is not allowed in graded work"
                if name in policy["used"] and detail not in policy["imported"].get(name, {detail}):
                    return f"it imports `{name}`, a name the tests use, from elsewhere"
            elif kind in ("VAR", "TYPE", "METHOD", "ASSIGN") and name in policy["used"] and name not in allowed:
                what = "assigns" if kind == "ASSIGN" else "declares"
                return f"it {what} `{name}`, a name the tests use, which would change what the tests compute"
        return None


def _without_hidden_tests(code: str) -> str:
    return re.sub(r"[^\n]*BEGIN HIDDEN TESTS.*?END HIDDEN TESTS[^\n]*\n?", "", code, flags=re.S).strip()


def _changed(cell, source_cell) -> bool:
    """Whether a student's copy of a locked cell differs from the source's (as released, without hidden tests)."""
    return _without_hidden_tests(cell.source) != _without_hidden_tests(source_cell.source)


def _stubbed(source: str, config) -> str:
    from nbgrader.preprocessors import ClearSolutions
    cell = nbformat.v4.new_code_cell(source, metadata={"nbgrader": {"solution": True}})
    ClearSolutions(config=config)._replace_solution_region(cell, "java")
    return cell.source


# --------------------------------------------------------------------------------------------------
# Autograding: the kernel in a sandbox, and a notebook graded despite a dead kernel


class SandboxedKernelManager(AsyncKernelManager):
    """Starts the kernel inside bubblewrap; ``hide`` and ``show`` are set by ``GradeInSandbox``."""

    hide: list = []
    show: list = []

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        cwd = str(Path(kw.get("cwd") or os.getcwd()).resolve())
        kernel_cmd = sandbox_command(kernel_cmd, cwd, self.connection_file, self.hide,
                                     self.show + self._kernel_files())
        return await super()._async_launch_kernel(kernel_cmd, **kw)

    def _kernel_files(self) -> list:
        spec = self.kernel_spec
        paths = [spec.resource_dir]
        for value in (spec.env or {}).values():
            for part in str(value).split(os.pathsep):
                part = part.split("*")[0]
                if part.startswith("/"):
                    paths.append(part if os.path.isdir(part) else os.path.dirname(part))
        return paths


def sandbox_command(command, cwd, connection_file, hide, show) -> list:
    """``command`` run in bubblewrap: everything read-only, ``hide`` replaced by empty folders,
    ``show`` (and the working folder and the connection file) visible again, read-only."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        raise RuntimeError("grading runs each kernel in a bubblewrap sandbox, and `bwrap` is not installed "
                           "(Debian: apt-get install bubblewrap); or set c.GradeInSandbox.sandbox = False")
    args = [bwrap, "--die-with-parent", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
            "--new-session", "--cap-drop", "ALL", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
            "--tmpfs", "/tmp", "--tmpfs", "/dev/shm"]
    for path in sorted({str(Path(p).resolve()) for p in hide if p and Path(p).exists()}, key=len):
        args += ["--tmpfs", path]
    for path in sorted({str(Path(p).resolve()) for p in [*show, cwd] if p and Path(p).exists()}, key=len):
        args += ["--ro-bind", path, path]
    args += ["--ro-bind", connection_file, connection_file, "--chdir", cwd,
             "--setenv", "HOME", "/tmp", "--setenv", "TMPDIR", "/tmp", "--"]
    return args + list(command)


class GradeInSandbox(Execute):
    """nbgrader's Execute with the kernel in a sandbox, output floods that are not fatal, and a
    notebook that is still graded when the kernel dies."""

    sandbox = Bool(True, help="run each kernel in a bubblewrap sandbox").tag(config=True)
    hidden_paths = List(Unicode(), help="more folders the kernel must not see").tag(config=True)
    visible_paths = List(Unicode(), help="folders inside hidden ones that the kernel needs").tag(config=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.sandbox:
            self.kernel_manager_class = SandboxedKernelManager

    def create_kernel_manager(self):
        km = super().create_kernel_manager()
        if isinstance(km, SandboxedKernelManager):
            root = Path(CourseDirectory(config=self.config).root).resolve()
            km.hide = [str(root), str(HERE.parent), str(Path.home()), *self.hidden_paths]
            km.show = list(self.visible_paths)
        return km

    def preprocess(self, nb, resources=None, km=None):
        # A kernel can fail to start (on a busy machine, two kernels started at once may be given the same
        # port): then, and only if no cell has run yet, a second kernel is started.
        for attempt in (1, 2):
            self._died_in, self._ran = None, False
            try:
                return super().preprocess(nb, resources, km)
            except Exception as failed:  # noqa: BLE001 (whatever stopped the kernel from starting)
                if self._ran or attempt == 2:
                    raise
                self.log.warning("The kernel did not start (%s); starting another", failed)

    def preprocess_cell(self, cell, resources, index):
        self._ran = True
        if cell.cell_type != "code" or self._died_in is None:
            try:
                return super().preprocess_cell(cell, resources, index)
            except DeadKernelError:
                self._died_in = index
                self.log.warning("The kernel died in cell %d; the cells after it are not run", index)
                cell.outputs.append(_error(DIED, "The Java kernel ended while this cell ran (did the code call "
                                                 "System.exit?). This cell and every cell after it score 0."))
                return cell, self.resources
        cell.outputs = [_error(DIED, f"Not run: the Java kernel ended earlier, in cell {self._died_in}.")]
        return cell, self.resources


def _error(name, message):
    return new_output("error", ename=name, evalue=message, traceback=[f"{name}: {message}"])


# --------------------------------------------------------------------------------------------------
# After running: a test cell scores only with the outputs of passing checks

_CHECK = re.compile(r'Exercise\.check\(\s*"((?:\\.|[^"\\])*)"')


def check_names(source: str) -> list:
    return [bytes(m.group(1), "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")
            for m in _CHECK.finditer(source)]


def test_output_problem(cell):
    """Why a test cell's outputs are not those of passing checks, or None when they are."""
    outputs = cell.get("outputs", [])
    if any(o.get("output_type") == "error" for o in outputs):
        # A failure. nbgrader scores it 0 only if the error comes before any execute_result (it reads the
        # outputs in order and stops at the first of either), so an error must come first.
        first = next(o.get("output_type") for o in outputs if o.get("output_type") in ("error", "execute_result"))
        return None if first == "error" else "it showed an output (execute_result) that a check never shows, then failed"
    for o in outputs:
        kind = o.get("output_type")
        if kind == "stream" and o.get("name") == "stderr":
            return "it wrote to stderr"
        if kind != "stream":
            return f"it showed an output ({kind}) that a check never shows"
    printed = "".join(o.get("text", "") for o in outputs)
    lines = printed.split("\n")
    at = 0
    for name in check_names(cell.source):
        tick = f"✓ {name}: correct!"
        try:
            at = lines.index(tick, at) + 1
        except ValueError:
            return f"the check '{name}' did not report a pass"
    return None


class CheckTestOutputs(NbGraderPreprocessor):
    """Fails every test cell whose outputs are not what its passing checks print."""

    def preprocess(self, nb, resources):
        notes = []
        for number, cell in enumerate(nb.cells):
            meta = nbgrader_meta(cell)
            if cell.cell_type != "code" or not meta.get("grade"):
                continue
            problem = test_output_problem(cell)
            if problem:
                notes.append(f"test cell {meta.get('grade_id')} scores 0: {problem}")
                cell.outputs.insert(0, _error(REFUSED, f"This test cell scores 0: {problem}."))
        add_notes(CourseDirectory(config=self.config), resources, "outputs", notes)
        return nb, resources


class OverwriteCellsForJava(OverwriteCells):

    def missing_cell_transform(self, source_cell, max_score, is_solution=False, is_task=False):
        cell = super().missing_cell_transform(source_cell, max_score, is_solution=is_solution, is_task=is_task)
        if cell["cell_type"] == "code" and cell["source"].startswith("# "):
            cell["source"] = "// " + cell["source"][2:]
        return cell
