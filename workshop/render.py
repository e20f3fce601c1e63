"""Render the course as a static website that reads offline: ``make render``.

Every lesson in ``notebooks/`` is executed on the ``java`` kernel, in its student version and in its
worked solutions, and written as one HTML page each under ``build/site/``, next to an index with the
lesson map. Plots are embedded in the pages as PNG data, the styles and a copy of MathJax (from the
``jupyter-server-mathjax`` package) sit in ``build/site/assets/``, so the site needs no network: open
``build/site/index.html`` from disk, or serve the folder.

Executing is the slow part, so an executed copy that the notebook tests left in ``build/executed/`` is
reused when it is newer than its notebook and than the kit's jars; ``--fresh`` executes everything.

    python workshop/render.py           # build/site/
    python workshop/render.py --fresh   # execute every notebook again
"""

import argparse
import re
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import jinja2
import jupyter_server_mathjax
import nbformat
from nbclient import NotebookClient
from jupyter_core.paths import jupyter_path
from nbconvert import HTMLExporter
from nbconvert.filters.markdown_mistune import markdown2html_mistune

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
EXECUTED = ROOT / "build" / "executed"
SITE = ROOT / "build" / "site"
TEMPLATES = Path(__file__).resolve().parent / "site"
KIT_STAMP = ROOT / "kernel" / "target" / "kernel-classpath" / ".built"
KERNEL_LOG = ROOT / "build" / "render-kernel.log"
CELL_TIMEOUT = 600

TITLE = "The Transformer, from the inside"
TAGLINE = ("Build every part of the Transformer in Java, one idea at a time: attention, masks, heads, "
           "positions, the encoder and decoder, how it learns, training and decoding, and real text.")


@dataclass
class Lesson:
    notebook: str        # file name, e.g. "01-attention-as-a-soft-lookup.ipynb"
    number: str          # "01"
    name: str            # "Attention as a soft lookup"
    objectives: list     # HTML snippets, from the lesson's "After this lesson you will be able to" list
    images: int = 0
    exercises: int = 0

    @property
    def page(self) -> str:
        return "lessons/" + self.notebook.replace(".ipynb", ".html")

    @property
    def solutions_page(self) -> str:
        return "solutions/" + self.notebook.replace(".ipynb", ".html")


def describe(path: Path, nb) -> Lesson:
    """The lesson's number, name and objectives, read from its first markdown cell."""
    number = path.name[:2]
    first = next((c.source for c in nb.cells if c.cell_type == "markdown"), "")
    heading = re.search(r"^#\s+(.+)$", first, re.MULTILINE)
    name = heading.group(1).strip() if heading else path.stem[3:].replace("-", " ").capitalize()
    name = re.sub(r"^Lesson\s+\d+\s*[·:.\-–—]\s*", "", name)
    objectives = []
    after = re.split(r"will be able to\**:?\**", first, maxsplit=1)
    if len(after) == 2:
        for line in after[1].splitlines():
            item = re.match(r"^\s*[-*]\s+(.+)$", line)
            if item:
                objectives.append(inline_markdown(item.group(1).rstrip(";.")))
            elif objectives and line.strip() and not line.startswith(" "):
                break
    return Lesson(path.name, number, name, objectives)


def inline_markdown(text: str) -> str:
    html = markdown2html_mistune(text).strip()
    return re.sub(r"^<p>(.*)</p>$", r"\1", html, flags=re.DOTALL)


def is_fresh(executed: Path, source: Path) -> bool:
    if not executed.exists():
        return False
    newest_input = max(source.stat().st_mtime, KIT_STAMP.stat().st_mtime if KIT_STAMP.exists() else 0)
    return executed.stat().st_mtime >= newest_input


def executed_notebook(source: Path, fresh: bool):
    """The executed notebook: the copy in build/executed/ if it is up to date, else a new run."""
    relative = source.relative_to(NOTEBOOKS)
    copy = EXECUTED / relative
    if not fresh and is_fresh(copy, source):
        return nbformat.read(copy, as_version=4), None
    nb = nbformat.read(source, as_version=4)
    client = NotebookClient(nb, kernel_name="java", timeout=CELL_TIMEOUT, allow_errors=True,
                            resources={"metadata": {"path": str(source.parent)}})
    started = time.perf_counter()
    with KERNEL_LOG.open("a") as log:  # the kernel's own start-up chatter, kept out of the terminal
        client.execute(stderr=log)
    seconds = time.perf_counter() - started
    copy.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, copy)
    return nb, seconds


def count_outputs(nb) -> tuple:
    images = sum("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))
    exercises = sum(bool(c.metadata.get("nbgrader", {}).get("solution")) for c in nb.cells)
    return images, exercises


def copy_assets() -> None:
    assets = SITE / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    shutil.copy2(TEMPLATES / "course.css", assets / "course.css")
    mathjax = Path(jupyter_server_mathjax.__file__).parent / "static"
    if not (assets / "mathjax" / "MathJax.js").exists():
        shutil.copytree(mathjax, assets / "mathjax", dirs_exist_ok=True)
    # JupyterLab's own styles for notebook cells, written once instead of inlined in every page.
    # Their comments are dropped: they only cite web pages, and the site should name no external URL.
    lab = next(Path(p) / "lab" / "static" for p in jupyter_path("nbconvert", "templates")
               if (Path(p) / "lab" / "static" / "index.css").exists())
    css = "\n".join((lab / name).read_text(encoding="utf-8") for name in ("index.css", "theme-light.css"))
    (assets / "jupyter.css").write_text(re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL), encoding="utf-8")


def exporter() -> HTMLExporter:
    return HTMLExporter(template_name="course", extra_template_basedirs=[str(TEMPLATES)],
                        exclude_input_prompt=True, exclude_output_prompt=True)


def render_lesson(html: HTMLExporter, nb, lesson: Lesson, lessons: list, solutions: bool) -> Path:
    index = lessons.index(lesson)
    course = {
        "title": TITLE, "root": "../", "lesson": lesson, "solutions": solutions,
        "first_number": lessons[0].number,
        "last_number": lessons[-1].number,
        "previous": lessons[index - 1] if index > 0 else None,
        "next": lessons[index + 1] if index + 1 < len(lessons) else None,
    }
    if solutions:
        course["previous"] = course["next"] = None
    nb.metadata["title"] = f"{lesson.number} · {lesson.name}" + (" · worked solutions" if solutions else "")
    body, _ = html.from_notebook_node(nb, resources={"course": course})
    target = SITE / (lesson.solutions_page if solutions else lesson.page)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(body, encoding="utf-8")
    return target


def render_index(lessons: list) -> Path:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    page = env.get_template("index.html.j2").render(title=TITLE, tagline=TAGLINE, lessons=lessons)
    target = SITE / "index.html"
    target.write_text(page, encoding="utf-8")
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fresh", action="store_true", help="execute every notebook, even with an up-to-date copy")
    args = parser.parse_args()

    students = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
    if not students:
        print(f"render: no lessons in {NOTEBOOKS}", file=sys.stderr)
        return 1
    started = time.perf_counter()
    KERNEL_LOG.parent.mkdir(parents=True, exist_ok=True)
    KERNEL_LOG.write_text("")
    copy_assets()
    html = exporter()
    executed = {}
    for path in students:
        for source in (path, NOTEBOOKS / "solutions" / path.name):
            if source.exists():
                nb, seconds = executed_notebook(source, args.fresh)
                executed[source] = nb
                how = f"executed in {seconds:.1f} s" if seconds is not None else "reused build/executed/"
                print(f"render: {source.relative_to(ROOT)}: {how}")
    lessons = []
    for path in students:
        lesson = describe(path, executed[path])
        lesson.images, lesson.exercises = count_outputs(executed[path])
        lessons.append(lesson)
    for lesson, path in zip(lessons, students):
        render_lesson(html, executed[path], lesson, lessons, solutions=False)
        solution = NOTEBOOKS / "solutions" / path.name
        if solution in executed:
            render_lesson(html, executed[solution], lesson, lessons, solutions=True)
    index = render_index(lessons)
    print(f"render: {len(lessons)} lessons in {time.perf_counter() - started:.1f} s; open {index.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
