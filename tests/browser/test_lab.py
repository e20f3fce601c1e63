"""Lesson 11 in the real JupyterLab, as a learner runs it: open it, Run ▸ Run All Cells, then look.

JupyterLab starts with the very command ``make lab`` runs (read from ``make -n lab``: same root folder,
the project's ``java`` kernel), plus a free port and a token, with a fresh settings folder that turns autosave and the
news feed off, so that the run leaves the committed notebook untouched and asks nothing of the network.
The lesson runs once; the tests then read the same page. One waits until every code cell has run and
a heat map is shown as an image (``build/screenshots/lab-11-heatmap.png``); one uses the attention
explorer as a learner would (explorer_checks.py), with a screenshot of every view
(``build/screenshots/lab-11-explorer-*.png``). Lesson 11 is the one run because it shows both, and
its explorer has several attentions, two layers and a causal mask.
"""

import hashlib
import json
import os
import re
import secrets
import shlex
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

import explorer_checks

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
RUN_TIMEOUT_MS = int(os.environ.get("LAB_RUN_TIMEOUT_MS", 300_000))
HEATMAP = re.compile(r"heat\s*map", re.IGNORECASE)
EXPLORER = re.compile(r"\bAttentionExplorer\.of\(")
LESSON = "11"

SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
}


def make_lab_command() -> list:
    """The command that `make lab` runs, as make itself prints it."""
    printed = subprocess.run(["make", "--no-print-directory", "-n", "lab"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.splitlines()
    lines = [line for line in printed if re.search(r"\bjupyter lab\b", line)]
    assert lines, "make -n lab prints no 'jupyter lab' command:\n" + "\n".join(printed)
    return shlex.split(lines[-1])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def digest(folder: Path) -> dict:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*.ipynb")) if ".ipynb_checkpoints" not in p.parts}


def call(url: str, method: str = "GET"):
    with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=10) as response:
        body = response.read()
        return json.loads(body) if body else None


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab as `make lab` starts it, plus a port, a token and a scratch profile; stopped afterwards."""
    tmp_path = tmp_path_factory.mktemp("lab")
    for name, values in SETTINGS.items():
        (tmp_path / "settings" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "settings" / name).write_text(json.dumps(values))
    port, token = free_port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"), JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"))
    log = (tmp_path / "lab.log").open("w")
    command = make_lab_command() + ["--no-browser", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
                                    f"--IdentityProvider.token={token}"]
    server = subprocess.Popen(command,
                              cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            call(f"{base}/api/status?token={token}")
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"JupyterLab did not start; see {log.name}:\n" + Path(log.name).read_text()[-2000:],
                            pytrace=False)
            time.sleep(0.5)
    try:
        yield base, token
    finally:
        try:
            for kernel in call(f"{base}/api/kernels?token={token}"):
                call(f"{base}/api/kernels/{kernel['id']}?token={token}", method="DELETE")
        except OSError:
            pass
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def lesson(lab, module_page, screenshots):
    """The lesson, opened in JupyterLab and run with Run ▸ Run All Cells; yields (notebook, page)."""
    lessons = sorted(NOTEBOOKS.glob(f"{LESSON}-*.ipynb"))
    assert lessons, f"there is no lesson {LESSON} in notebooks/"
    path = lessons[0]
    nb = nbformat.read(path, as_version=4)
    code_cells = sum(c.cell_type == "code" for c in nb.cells)
    before = digest(NOTEBOOKS)
    base, token = lab
    page = module_page

    page.goto(f"{base}/lab/tree/{path.name}?token={token}")
    page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").first.wait_for(timeout=90_000)
    # The kernel is started and connected: the toolbar names it (not "No Kernel", which it shows, idle,
    # before the session exists) and its status is idle.
    page.wait_for_function("""() => {
        const name = document.querySelector('.jp-NotebookPanel .jp-KernelName');
        const idle = document.querySelector(".jp-NotebookPanel .jp-Notebook-ExecutionIndicator[data-status='idle']");
        return name !== null && /java/i.test(name.textContent) && idle !== null;
    }""", timeout=120_000, polling=250)

    # Through the menus, as a learner does it.
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()

    # Every code cell has run (its prompt shows a number), and the kernel is idle again.
    try:
        page.wait_for_function("""count => {
            const prompts = [...document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell .jp-InputPrompt')];
            const numbered = prompts.filter(p => /\\[\\d+\\]/.test(p.textContent)).length;
            const idle = document.querySelector(".jp-NotebookPanel .jp-Notebook-ExecutionIndicator[data-status='idle']");
            return numbered === count && idle !== null;
        }""", arg=code_cells, timeout=RUN_TIMEOUT_MS, polling=500)
    except PlaywrightTimeout:
        page.screenshot(path=str(screenshots / f"lab-{LESSON}-failure.png"))
        prompts = page.eval_on_selector_all(".jp-NotebookPanel .jp-CodeCell .jp-InputPrompt", "ps => ps.map(p => p.textContent)")
        pytest.fail(f"after {RUN_TIMEOUT_MS // 1000} s not every one of the {code_cells} code cells has run; "
                    f"prompts: {prompts}; see build/screenshots/lab-{LESSON}-failure.png", pytrace=False)
    errors = page.locator(".jp-NotebookPanel .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    assert errors.count() == 0, "a cell wrote to stderr or raised: " + errors.first.inner_text()[:500]
    yield nb, page
    assert digest(NOTEBOOKS) == before, "running the lesson in JupyterLab changed a committed notebook"


def cells_whose_code(page, pattern) -> list:
    cells = page.locator(".jp-NotebookPanel .jp-Notebook .jp-CodeCell")
    return [cells.nth(i) for i in range(cells.count())
            if pattern.search(cells.nth(i).locator(".jp-InputArea .cm-content").text_content() or "")]


def test_lesson_runs_in_jupyterlab_and_shows_a_heat_map(lesson, screenshots):
    nb, page = lesson
    assert any(c.cell_type == "code" and HEATMAP.search(c.source) for c in nb.cells), f"lesson {LESSON} draws no heat map"
    # A heat map: an image in the output of a cell whose code draws a heat map.
    drawn = [cell for cell in cells_whose_code(page, HEATMAP) if cell.locator(".jp-OutputArea-output img").count() > 0]
    assert drawn, "no cell that draws a heat map shows an image"
    image = drawn[0].locator(".jp-OutputArea-output img").first
    for _ in range(3):  # the notebook lays out cells lazily, so scroll until the image stays in view
        image.evaluate("img => img.scrollIntoView({block: 'center'})")
        page.wait_for_timeout(700)
    size = image.evaluate("""img => { const r = img.getBoundingClientRect();
        return [img.complete, img.naturalWidth, img.naturalHeight, r.top >= 0 && r.bottom <= innerHeight && r.width > 0]; }""")
    page.screenshot(path=str(screenshots / f"lab-{LESSON}-heatmap.png"))
    assert size[0] and size[1] > 0, f"the heat map image is not shown: {size}"
    assert size[3], "the heat map image is not in view for the screenshot"
    assert not page.remote, f"JupyterLab asked the network for {page.remote}"
    assert not page.problems, "; ".join(page.problems)


def test_attention_explorer_works_in_jupyterlab(lesson, screenshots):
    nb, page = lesson
    count = sum(c.cell_type == "code" and bool(EXPLORER.search(c.source)) for c in nb.cells)
    assert count > 0, f"lesson {LESSON} shows no attention explorer"
    cells = cells_whose_code(page, EXPLORER)
    assert len(cells) == count
    for n, cell in enumerate(cells):
        for _ in range(3):  # as above: scroll until the output is laid out and stays in view
            cell.evaluate("c => c.scrollIntoView({block: 'start'})")
            page.wait_for_timeout(500)
        explorer = cell.locator(".jp-OutputArea-output .tx-ax")
        assert explorer.count() == 1, f"the explorer cell shows {explorer.count()} explorers"
        name = f"lab-{LESSON}-explorer" + (f"{n + 1}" if count > 1 else "")
        explorer_checks.exercise(explorer, f"JupyterLab, lesson {LESSON}, explorer {n + 1}", screenshots, name)
    assert not page.remote, f"JupyterLab asked the network for {page.remote}"
    assert not page.problems, "; ".join(page.problems)
