"""Rehearse Binder's build of this repository on this machine, without Docker: ``make rehearse-binder``.

repo2docker reads ``binder/`` and, in this order, installs the Debian/Ubuntu packages in ``apt.txt`` (as
root), creates the Python environment from ``requirements.txt``, copies the repository into the home
of a user without root and runs ``postBuild`` there as that user. The session then starts Jupyter in
the same environment. This script replays those steps as closely as it can here:

1. installs ``binder/apt.txt`` with apt-get (as root; without root it only checks they are installed);
2. makes a user without root (``binder-rehearsal``, when run as root) with a fresh home, and copies the
   repository's files (tracked and untracked, not ignored) into that home, as repo2docker does;
3. builds a fresh virtual environment from ``binder/requirements.txt`` as that user, with an empty
   pip cache, so every package comes from the registry;
4. runs ``binder/postBuild`` as that user, with the environment first on the PATH and an empty Maven
   repository (``--seed-maven`` copies the caller's ``~/.m2`` first, to save the download);
5. executes lessons 01 and 10 (student versions, as Binder opens them) on the kernel that postBuild
   installed, from the copy, with the JVM's heap sized as in a 2 GB container (``-XX:MaxRAM=2g``),
   and fails on any error, any stderr output, or a lesson without a plot.

What it cannot prove (docs/workshop.md says more): that the Ubuntu base image of repo2docker has the
same packages and versions as this Debian machine; that repo2docker's conda-based environment resolves
the same wheels; Binder's memory limit as a hard limit (only the heap sizing is imitated) and its CPU
share (``make budget`` imitates one core); image size, build time limits and the launch path through JupyterHub. A lesson missing
from ``notebooks/`` fails the rehearsal.

    python3 workshop/binder_rehearsal.py [--keep] [--seed-maven]
"""

import argparse
import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
USER = "binder-rehearsal"
LESSONS = ("01", "10")
STEP_TIMEOUT = 1800


def say(message: str) -> None:
    print(f"binder-rehearsal: {message}", flush=True)


def fail(message: str) -> None:
    say("FAILED: " + message)
    sys.exit(1)


def run(command: list, *, user: str = None, env: dict = None, cwd: Path = None, what: str) -> str:
    """Run a step (as `user` when given), print its duration, fail with its output's tail."""
    if user:
        command = ["runuser", "-u", user, "--", "env", "-i", *[f"{k}={v}" for k, v in env.items()], *command]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=None if user else env, capture_output=True, text=True,
                            timeout=STEP_TIMEOUT)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        fail(f"{what} exited with {result.returncode} after {seconds:.0f} s:\n"
             + result.stdout[-3000:] + result.stderr[-3000:])
    say(f"{what}: {seconds:.0f} s")
    return result.stdout


def apt_packages() -> list:
    lines = (ROOT / "binder" / "apt.txt").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def install_apt(as_root: bool) -> None:
    packages = apt_packages()
    missing = [p for p in packages if subprocess.run(["dpkg", "-s", p], capture_output=True).returncode != 0]
    if not missing:
        say(f"apt.txt: all {len(packages)} packages installed")
        return
    if not as_root:
        fail(f"apt.txt packages missing and no root to install them: {' '.join(missing)}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run(["apt-get", "update", "-qq"], env=env, what="apt-get update")
    run(["apt-get", "install", "-y", "-qq", *missing], env=env, what=f"apt.txt: install {' '.join(missing)}")


def make_user(as_root: bool, home: Path) -> str:
    """The user postBuild runs as: a user without root, with `home` as its own."""
    if not as_root:
        return None  # the caller is already without root; the steps run as the caller, with HOME=home
    try:
        pwd.getpwnam(USER)
    except KeyError:
        subprocess.run(["useradd", "--no-create-home", "--shell", "/bin/bash", USER], check=True)
    # Java (and so Maven) takes the home folder from the user database, not from $HOME.
    subprocess.run(["usermod", "--home", str(home), USER], check=True)
    return USER


def python_for(user: str) -> str:
    """A Python the rehearsal user may run: the system's, since the caller's may sit in root's home."""
    if user and Path("/usr/bin/python3").exists():
        return "/usr/bin/python3"
    return os.path.realpath(getattr(sys, "_base_executable", sys.executable))


def copy_repository(home: Path) -> None:
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    files = [f for f in listed if f and (ROOT / f).is_file()]
    for name in files:
        (home / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, home / name)
    say(f"copied {len(files)} files of the repository into {home}")


def execute_lesson(number: str, home: Path, env_dir: Path, user: str, env: dict, scratch: Path) -> None:
    found = sorted((home / "notebooks").glob(f"{number}-*.ipynb"))
    if not found:
        fail(f"lesson {number} is not in notebooks/: the rehearsal runs lessons {' and '.join(LESSONS)}")
    lesson = found[0]
    out = scratch / "executed" / lesson.name
    # Binder's container has 2 GB at most, and the kernel's JVM sizes its heap from that: tell it so.
    run([str(env_dir / "bin" / "jupyter"), "execute", "--kernel_name=java", f"--output={out}", str(lesson)],
        user=user, env=dict(env, JAVA_TOOL_OPTIONS="-XX:MaxRAM=2g"), cwd=lesson.parent,
        what=f"lesson {number}: jupyter execute {lesson.name}")
    cells = json.loads(out.read_text())["cells"]
    outputs = [o for c in cells for o in c.get("outputs", [])]
    errors = [f"{o.get('ename')}: {o.get('evalue')}" for o in outputs if o["output_type"] == "error"]
    stderr = [o.get("text", "")[:200] for o in outputs if o["output_type"] == "stream" and o.get("name") == "stderr"]
    images = sum("image/png" in o.get("data", {}) for o in outputs)
    if errors or stderr or not images:
        fail(f"lesson {number} on the postBuild kernel: errors {errors}, stderr {stderr}, {images} images")
    say(f"lesson {number}: ran cleanly, {images} plots")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder (its path is printed)")
    parser.add_argument("--seed-maven", action="store_true", help="start from a copy of ~/.m2 instead of an empty one")
    args = parser.parse_args()

    started = time.perf_counter()
    as_root = os.geteuid() == 0
    install_apt(as_root)
    scratch = Path(tempfile.mkdtemp(prefix="binder-rehearsal-"))
    os.chmod(scratch, 0o755)
    home, env_dir = scratch / "home", scratch / "env"
    home.mkdir()
    (scratch / "executed").mkdir()
    try:
        user = make_user(as_root, home)
        copy_repository(home)
        if args.seed_maven and (Path.home() / ".m2" / "repository").is_dir():
            shutil.copytree(Path.home() / ".m2" / "repository", home / ".m2" / "repository", symlinks=True)
            say("seeded the Maven repository from ~/.m2")
        if user:
            subprocess.run(["chown", "-R", f"{user}:{user}", str(scratch)], check=True)
        env = {"HOME": str(home), "USER": user or pwd.getpwuid(os.getuid()).pw_name, "LANG": "C.UTF-8",
               "PATH": f"{env_dir / 'bin'}:/usr/local/bin:/usr/bin:/bin"}
        run([python_for(user), "-m", "venv", str(env_dir)],
            user=user, env=env, what="fresh virtual environment")
        run([str(env_dir / "bin" / "pip"), "install", "-q", "-r", str(home / "binder" / "requirements.txt")],
            user=user, env=env, cwd=home, what="pip install -r binder/requirements.txt")
        run(["bash", str(home / "binder" / "postBuild")], user=user, env=env, cwd=home,
            what="binder/postBuild as " + (user or "the current user (no root)"))

        specs = json.loads(run([str(env_dir / "bin" / "jupyter"), "kernelspec", "list", "--json"],
                               user=user, env=env, cwd=home, what="jupyter kernelspec list"))["kernelspecs"]
        java = specs.get("java")
        if not java:
            fail(f"postBuild installed no kernel named java; kernels: {sorted(specs)}")
        classpath = java["spec"].get("env", {}).get("JJAVA_CLASSPATH", "")
        if not classpath.startswith(str(home)):
            fail(f"the java kernel's classpath {classpath!r} is not inside the built copy {home}")
        say(f"kernel 'java' at {java['resource_dir']}, classpath {classpath}")

        for number in LESSONS:
            execute_lesson(number, home, env_dir, user, env, scratch)
        say(f"passed in {time.perf_counter() - started:.0f} s")
        return 0
    finally:
        if args.keep:
            say(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
