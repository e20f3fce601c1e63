"""The rendered course site, opened page by page in Chromium from disk, as a reader would offline.

``make render`` builds the site (reusing the notebooks that the notebook tests just executed); here
every page must load without a script error, fetch nothing but its own files, show every image
(``naturalWidth > 0``) and typeset its math. A screenshot of each page, scrolled to its first plot,
goes to ``build/screenshots/site-*.png``.

Each lesson page that shows the kit's attention explorer is then used as a reader would use it
(explorer_checks.py): hover and click tokens, switch the layer, read the heat map's numbers, enlarge a
head of the model view, with a screenshot of every view, ``build/screenshots/site-NN-explorer-*.png``.
The bytes each explorer adds to its notebook are printed, and kept under a budget.
"""

import json
import re
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

import explorer_checks

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "build" / "site"
NOTEBOOKS = ROOT / "notebooks"
EXECUTED = ROOT / "build" / "executed"
EXPLORER = re.compile(r"\bAttentionExplorer\.of\(")
#: The most one explorer may add to a notebook, all its forms together (HTML with its picture, PNG, text).
EXPLORER_BUDGET = 100_000


@pytest.fixture(scope="module")
def site() -> Path:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, str(ROOT / "workshop" / "render.py")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    print(f"render: {time.perf_counter() - started:.1f} s")
    return SITE


def pages() -> list:
    lessons = sorted(p.name.replace(".ipynb", ".html") for p in NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
    return ["index.html"] + [f"lessons/{name}" for name in lessons] + [f"solutions/{name}" for name in lessons]


class References(HTMLParser):
    """Every URL a page loads (src, link href) and every URL it links to (a href)."""

    def __init__(self):
        super().__init__()
        self.loads, self.links = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif attrs.get("src"):
            self.loads.append(attrs["src"])
        elif tag == "link" and attrs.get("href"):
            self.loads.append(attrs["href"])


def is_external(url: str) -> bool:
    return bool(re.match(r"^(https?:)?//", url.strip()))


@pytest.mark.parametrize("name", pages())
def test_page_loads_offline_and_shows_every_image(site, page, screenshots, name):
    path = site / name
    assert path.is_file(), f"make render wrote no {name}"

    refs = References()
    refs.feed(path.read_text(encoding="utf-8"))
    external = [u for u in refs.loads if is_external(u)]
    assert not external, f"{name} loads from the network: {external}"
    for link in refs.links + refs.loads:
        target = link.split("#")[0].split("?")[0]
        if target and not is_external(target) and not target.startswith(("data:", "mailto:")):
            assert (path.parent / target).exists(), f"{name} points at {link}, which the site does not have"

    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_function("() => !window.MathJax || (MathJax.Hub && MathJax.Hub.queue.pending === 0 && !MathJax.Hub.queue.running)",
                           timeout=30_000)
    page.wait_for_timeout(200)

    assert page.title(), f"{name} has no title"
    assert not page.problems, f"{name}: " + "; ".join(page.problems)
    remote = [u for u in requests if not u.startswith(("file:", "data:", "about:"))]
    assert not remote, f"{name} asked the network for {remote}"

    images = page.evaluate("[...document.images].map(i => ({src: i.src.slice(0, 60), ok: i.complete && i.naturalWidth > 0}))")
    hidden = [i["src"] for i in images if not i["ok"]]
    assert not hidden, f"{name}: {len(hidden)} of {len(images)} images are not shown: {hidden}"
    if name.startswith(("lessons/", "solutions/")):
        assert images, f"{name} shows no plot"
    math_errors = page.evaluate("document.querySelectorAll('.MathJax_Error, merror').length")
    assert math_errors == 0, f"{name}: {math_errors} formulas failed to typeset"
    raw_math = page.evaluate("""() => [...document.querySelectorAll('.jp-RenderedMarkdown')].some(cell => {
        const prose = cell.cloneNode(true);
        prose.querySelectorAll('code, pre, script').forEach(e => e.remove());
        return /\\$[^$\\s][^$]*\\$/.test(prose.textContent);
    })""")
    assert not raw_math, f"{name} still shows $…$ source instead of typeset math"

    if images:
        page.evaluate("document.images[0].scrollIntoView({block: 'center'})")
    shot = screenshots / ("site-" + name.replace("/", "-").replace(".html", ".png"))
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000, f"the screenshot of {name} is nearly empty"


def explorer_lessons() -> list:
    """The lessons whose code shows an attention explorer, with how many."""
    found = []
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")):
        cells = nbformat.read(path, as_version=4).cells
        count = sum(c.cell_type == "code" and bool(EXPLORER.search(c.source)) for c in cells)
        if count:
            found.append((path.name, count))
    return found


def test_the_lessons_that_teach_with_the_explorer_use_it():
    assert {name[:2] for name, _ in explorer_lessons()} >= {"05", "10", "11"}, explorer_lessons()


@pytest.mark.parametrize("notebook,count", explorer_lessons())
def test_explorer_works_on_the_site(site, page, screenshots, notebook, count):
    sizes = []
    executed = nbformat.read(EXECUTED / notebook, as_version=4)
    for cell in executed.cells:
        if cell.cell_type == "code" and EXPLORER.search(cell.source):
            outputs = [o for o in cell.outputs if "tx-ax" in o.get("data", {}).get("text/html", "")]
            assert len(outputs) == 1 and "image/png" in outputs[0]["data"], f"{notebook}: an explorer without its HTML and PNG"
            data = outputs[0]["data"]
            sizes.append(sum(len((v if isinstance(v, str) else json.dumps(v)).encode()) for v in data.values()))
    print(f"{notebook}: explorer outputs of {sizes} bytes")
    assert len(sizes) == count
    assert max(sizes) <= EXPLORER_BUDGET, f"{notebook}: an explorer adds {max(sizes)} bytes, more than {EXPLORER_BUDGET}"

    page.goto((site / "lessons" / notebook.replace(".ipynb", ".html")).as_uri(), wait_until="load")
    explorers = page.locator(".tx-ax")
    assert explorers.count() == count, f"{notebook}: {explorers.count()} explorers on the page, {count} in the lesson"
    for n in range(count):
        name = f"site-{notebook[:2]}-explorer" + (f"{n + 1}" if count > 1 else "")
        explorer_checks.exercise(explorers.nth(n), f"site {notebook} explorer {n + 1}", screenshots, name)
    assert not page.remote, f"{notebook} asked the network for {page.remote}"
    assert not page.problems, f"{notebook}: " + "; ".join(page.problems)
