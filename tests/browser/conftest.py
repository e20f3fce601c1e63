"""Debian's Chromium, driven by Playwright, for the tests that look at the course as a person would.

The browser is never one that Playwright downloads: the tests start Chromium themselves (Debian's
``/usr/bin/chromium``, or where ``tests/prerequisites.py`` finds one, or ``$CHROMIUM``),
with exactly the flags below, a fresh profile and a DevTools port, and Playwright connects to it over
the Chrome DevTools Protocol. Without Chromium the tests fail and say how to install it; they do not
skip, so a machine that lacks it cannot pass ``make test`` by accident.

Every tab the tests open records what a reader would notice: script errors, errors on the console,
failed requests, and any request or WebSocket that would leave the machine; a request to another host
is aborted before it is sent. Screenshots go to ``build/screenshots/``.
"""

import os
import re
import subprocess
import time
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from prerequisites import find_chromium

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = find_chromium()
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = ROOT / "build" / "screenshots"
START_TIMEOUT = 60


def start_chromium(profile: Path) -> tuple:
    """Start Chromium with the test flags and return (process, DevTools endpoint)."""
    if CHROMIUM is None or not CHROMIUM.exists():
        pytest.fail(f"no Chromium ({CHROMIUM or '/usr/bin/chromium'} is missing): the browser tests need it; "
                    "python3 tests/prerequisites.py says how to install it (.ci/run does)", pytrace=False)
    profile.mkdir(parents=True, exist_ok=True)
    log = (profile.parent / "chromium.log").open("w")
    process = subprocess.Popen([str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0",
                                "about:blank"], stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    port_file = profile / "DevToolsActivePort"
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"chromium exited with {process.returncode}; see {log.name}", pytrace=False)
        if port_file.exists() and port_file.read_text().strip():
            return process, f"http://127.0.0.1:{port_file.read_text().split()[0]}"
        time.sleep(0.1)
    process.kill()
    pytest.fail(f"chromium did not open a DevTools port within {START_TIMEOUT} s; see {log.name}", pytrace=False)


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """A fresh Chromium, connected through Playwright; closed, with its process group, afterwards."""
    os.environ["PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD"] = "1"
    process, endpoint = start_chromium(tmp_path_factory.mktemp("chromium") / "profile")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.connect_over_cdp(endpoint)
            yield browser
            browser.close()
    finally:
        os.killpg(process.pid, 15)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)


LOCAL = re.compile(r"^(file:|data:|blob:|about:|(https?|wss?)://(127\.0\.0\.1|localhost)(:\d+)?/)")


def open_tab(browser):
    """A new tab of 1280 × 900 CSS pixels. ``tab.problems`` collects script errors, console errors and
    failed requests; ``tab.remote`` every URL that is not on this machine, whose request is aborted."""
    context = browser.contexts[0] if browser.contexts else browser.new_context()
    tab = context.new_page()
    tab.set_viewport_size({"width": 1280, "height": 900})
    tab.problems, tab.remote = [], []

    def guard(route):
        if LOCAL.match(route.request.url):
            route.continue_()
        else:
            tab.remote.append(route.request.url)
            route.abort("blockedbyclient")

    tab.route("**/*", guard)
    tab.on("websocket", lambda ws: LOCAL.match(ws.url) or tab.remote.append(ws.url))
    tab.on("pageerror", lambda error: tab.problems.append(f"script error: {error}"))
    # MathJax 2 probes for a web font at about:blank, which Chromium refuses on a file:// page with two
    # console errors; nothing is missing for it (test_site checks that the math is typeset).
    tab.on("console", lambda message: message.type == "error"
           and "about:blank" not in (message.text + message.location.get("url", ""))
           and tab.problems.append(f"console error: {message.text} ({message.location.get('url', '')[:80]})"))
    tab.on("requestfailed", lambda request: request.url.startswith("about:") or not LOCAL.match(request.url)
           or tab.problems.append(f"request failed: {request.url} ({request.failure})"))
    return tab


@pytest.fixture
def page(browser):
    """A new tab (see open_tab), closed afterwards."""
    tab = open_tab(browser)
    yield tab
    tab.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture(scope="module")
def module_page(browser):
    """One tab (see open_tab) shared by the tests of a module, for a page that is slow to prepare."""
    tab = open_tab(browser)
    yield tab
    tab.close()
