"""Binder's build, rehearsed: apt.txt, a fresh environment, postBuild as a user without root, lessons run.

The steps and what they cannot prove are in workshop/binder_rehearsal.py and docs/workshop.md. Docker
is not available here, so the rehearsal replays repo2docker's steps on this machine instead.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_binder_build_gives_a_kernel_that_runs_lessons_01_and_10():
    result = subprocess.run([sys.executable, str(ROOT / "workshop" / "binder_rehearsal.py")],
                            capture_output=True, text=True, timeout=3600)
    print(result.stdout)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-3000:]
    for lesson in ("01", "10"):
        assert f"lesson {lesson}: ran cleanly" in result.stdout, result.stdout[-3000:]
