"""binder/postBuild, run in a scratch copy of the repository, yields a kernel that runs lesson 01.

Docker is not available here, so this replays the part of Binder's build that is ours: a fresh virtual
environment gets binder/requirements.txt (as repo2docker installs it), postBuild runs in a fresh copy
of the checked-in files with that environment first on the PATH, and lesson 01 then executes on the
kernel it installed, from inside the copy.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def checked_in_files():
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    return [f for f in listed if f and (ROOT / f).is_file()]


def test_postbuild_makes_a_kernel_that_runs_lesson_01(tmp_path):
    copy = tmp_path / "repo"
    for name in checked_in_files():
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, copy / name)
    venv = tmp_path / "env"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    install = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "-r", str(copy / "binder" / "requirements.txt")],
                             capture_output=True, text=True, timeout=1200)
    assert install.returncode == 0, install.stderr[-3000:]
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "JUPYTER_PATH", "JUPYTER_DATA_DIR")}
    env.update(PATH=str(venv / "bin") + os.pathsep + os.environ["PATH"], JUPYTER_DATA_DIR=str(tmp_path / "jupyter-data"))

    build = subprocess.run(["bash", str(copy / "binder" / "postBuild")], cwd=copy, env=env,
                           capture_output=True, text=True, timeout=900)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]

    spec = json.loads(next(venv.glob("share/jupyter/kernels/java/kernel.json")).read_text())
    assert spec["env"]["JJAVA_CLASSPATH"].startswith(str(copy)), spec["env"]

    lesson = next((copy / "notebooks").glob("01-*.ipynb"))
    run = subprocess.run([str(venv / "bin" / "jupyter"), "execute", "--kernel_name=java",
                          "--output", str(tmp_path / "executed.ipynb"), str(lesson)],
                         cwd=lesson.parent, env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    executed = json.loads((tmp_path / "executed.ipynb").read_text())
    outputs = [o for c in executed["cells"] for o in c.get("outputs", [])]
    assert not [o for o in outputs if o["output_type"] == "error"], "lesson 01 raised an error on the postBuild kernel"
    assert any("image/png" in o.get("data", {}) for o in outputs), "lesson 01 showed no plot on the postBuild kernel"
