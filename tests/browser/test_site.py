"""The rendered course site, opened page by page in Chromium from disk, as a reader would offline.

``make render`` builds the site (reusing the notebooks that the notebook tests just executed); here
every page must load without a script error, fetch nothing but its own files, show every image
(``naturalWidth > 0``) and typeset its math. A screenshot of each page, scrolled to its first plot,
goes to ``build/screenshots/site-*.png``.
"""

import re
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "build" / "site"
NOTEBOOKS = ROOT / "notebooks"


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
