"""Check, in a second, that this machine has what ``make test`` needs, before anything is built or run.

    python3 tests/prerequisites.py           # what make test needs (browser tests included)
    python3 tests/prerequisites.py --quick   # what make check needs (no browser)

Prints one message naming everything that is missing and how to install it, and exits 1; prints nothing
and exits 0 when all is there. The browser tests' conftest uses ``find_chromium`` from here too, so both
agree on which browser runs.
"""

import os
import platform
import re
import shutil
import subprocess
import sys
from pathlib import Path

MAC = platform.system() == "Darwin"
CHROMIUM_CANDIDATES = [
    "/usr/bin/chromium",  # Debian
    "/usr/bin/chromium-browser",  # Ubuntu (a snap behind it)
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
]
HOW = {
    "java": ("a JDK 17 or newer", "sudo apt-get install openjdk-17-jdk-headless", "brew install openjdk@17"),
    "mvn": ("Maven", "sudo apt-get install maven", "brew install maven"),
    "chromium": ("Chromium, for the browser tests (or set CHROMIUM to a Chromium or Chrome binary)",
                 "sudo apt-get install chromium   (Ubuntu: chromium-browser)", "brew install --cask chromium"),
    "npm": ("npm, for the class tests on a real JupyterHub (they run as root only)", "sudo apt-get install npm",
            "brew install node"),
    "venv": ("/usr/bin/python3 with its venv module, for the JupyterHub class tests (root only)",
             "sudo apt-get install python3-venv", "(the system Python has it)"),
    "fonts": ("a font for the plots and the browser tests", "sudo apt-get install fontconfig fonts-dejavu-core",
              "(macOS has fonts)"),
}


def find_chromium():
    """The Chromium (or Chrome) the browser tests start: $CHROMIUM, else the usual places; None if none."""
    if os.environ.get("CHROMIUM"):
        return Path(os.environ["CHROMIUM"])
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return Path(candidate)
    found = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    return Path(found) if found else None


def java_version():
    if not shutil.which("java"):
        return None
    out = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out)
    if not match:
        return 0
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def has_fonts() -> bool:
    if MAC:
        return True
    if not shutil.which("fc-list"):
        return False
    return bool(subprocess.run(["fc-list"], capture_output=True, text=True).stdout.strip())


def missing(quick: bool) -> list:
    found = []
    version = java_version()
    if version is None or version < 17:
        found.append(("java", "" if version is None else f" (found Java {version})"))
    if not shutil.which("mvn"):
        found.append(("mvn", ""))
    if not has_fonts():
        found.append(("fonts", ""))
    if not quick and hasattr(os, "geteuid") and os.geteuid() == 0:  # tests/hub runs only as root
        if not shutil.which("npm"):
            found.append(("npm", ""))
        system = Path("/usr/bin/python3")
        if not system.exists() or subprocess.run([str(system), "-c", "import ensurepip, venv"],
                                                 capture_output=True).returncode != 0:
            found.append(("venv", ""))
    if not quick:
        chromium = find_chromium()
        if chromium is None or not chromium.exists():
            found.append(("chromium", f" ({chromium} does not exist)" if chromium else ""))
    return found


def main() -> int:
    quick = "--quick" in sys.argv
    problems = missing(quick)
    jar = os.environ.get("IJAVA_JAR")
    lines = [f"  - {HOW[name][0]}{detail}\n      Debian/Ubuntu: {HOW[name][1]}\n      macOS:         {HOW[name][2]}"
             for name, detail in problems]
    if jar and not Path(jar).is_file():
        lines.append(f"  - IJAVA_JAR={jar}: no such file (the IJava 1.3.0 jar; unset IJAVA_JAR to test on JJava only)")
    if not lines:
        return 0
    target = "make check" if quick else "make test"
    hint = "" if quick else "\n`make check` (the kit's tests and two lessons, no browser) needs only the JDK, Maven and a font."
    print(f"{target} cannot start: this machine lacks\n" + "\n".join(lines) + hint, file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
