"""The committed student and solutions versions are exactly what lessons/versions.py makes."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_committed_versions_match_their_sources():
    result = subprocess.run([sys.executable, str(ROOT / "lessons" / "versions.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr + result.stdout
