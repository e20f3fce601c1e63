"""Install the course's Java kernel: ``java`` on JJava, or ``java-ijava`` on the original IJava 1.3.0.

``java`` is JJava's own kernel (installed by ``pip install jjava``) with two settings added:

* ``JJAVA_CLASSPATH`` points at ``kernel/target/kernel-classpath``, which ``mvn package`` fills with
  the kit, its display extension and every dependency, so any notebook anywhere can ``import`` the
  kit without ``%maven`` or a network;
* ``JJAVA_JVM_OPTS`` turns on assertions (``-ea``), headless AWT for charts, and the Vector API
  (``--add-modules jdk.incubator.vector``), on which the kit's matrix products run fast; without it
  they run in plain Java with the same results. The JVM then prints an incubator warning on its
  stderr at start-up, which goes to the server's log, not into cells.

``--ijava PATH/TO/ijava.jar`` installs ``java-ijava`` instead, on an IJava 1.3.0 jar you already have
(IJava is on no package registry): the same classpath (``IJAVA_CLASSPATH``), the same JVM options (in
``argv``, since IJava reads no variable for them), and a start-up script (``IJAVA_STARTUP_SCRIPT``)
that registers the kit's renderers, because IJava has no extension mechanism. Both kernels show the
kit's values the same way: ``kernel/src/main/java/transformer/jupyter/KitRenderers.java`` says how.

By default the kernel goes into the running Python's prefix (the project's ``.venv``); ``--user``
puts it in the user's Jupyter data directory instead, which is what Binder's ``postBuild`` does, and
``--prefix DIR`` into ``DIR/share/jupyter/kernels`` (found through ``JUPYTER_PATH=DIR/share/jupyter``).
``--classpath DIR`` points the kernel at a copy of the kit's jars elsewhere, and ``--jvm-options`` replaces
the JVM options (a test hub uses both: its users cannot read this checkout, and it measures JVM settings).
"""

import argparse
import json
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

from jupyter_client.kernelspec import KernelSpecManager

KERNEL_NAME = "java"
IJAVA_KERNEL_NAME = "java-ijava"
ROOT = Path(__file__).resolve().parent.parent
CLASSPATH_DIR = ROOT / "kernel" / "target" / "kernel-classpath"
JVM_OPTS = "-ea -Djava.awt.headless=true --add-modules jdk.incubator.vector"
# Runs before the first cell: IJava hands its renderer to the kit's adapter (the kit cannot name IJava's
# kernel class at compile time, IJava being on no registry).
IJAVA_STARTUP_SCRIPT = ("transformer.jupyter.IJavaDisplay.install("
                        "io.github.spencerpark.ijava.IJava.getKernelInstance().getRenderer());")


def jjava_spec_dir() -> Path:
    """The kernelspec folder that the ``jjava`` wheel installed into this Python's prefix."""
    spec = Path(sys.prefix) / "share" / "jupyter" / "kernels" / KERNEL_NAME
    if not (spec / "jjava.jar").is_file():
        sys.exit(f"install_kernel: no JJava kernel under {spec}; run 'pip install -r binder/requirements.txt' first")
    return spec


def check_ijava_jar(jar: Path) -> Path:
    jar = jar.resolve()
    if not jar.is_file():
        sys.exit(f"install_kernel: --ijava {jar}: no such file (give the path of IJava 1.3.0's jar)")
    try:
        with zipfile.ZipFile(jar) as z:
            names = set(z.namelist())
    except zipfile.BadZipFile:
        sys.exit(f"install_kernel: --ijava {jar} is not a jar")
    if "io/github/spencerpark/ijava/IJava.class" not in names:
        sys.exit(f"install_kernel: --ijava {jar} holds no io.github.spencerpark.ijava.IJava; is it IJava's jar?")
    return jar


def jjava_spec(staged: Path, classpath: Path, jvm_options: str) -> dict:
    shutil.copytree(jjava_spec_dir(), staged)
    spec = json.loads((staged / "kernel.json").read_text())
    spec["display_name"] = "Java (Transformer kit)"
    spec["env"] = {"JJAVA_CLASSPATH": str(classpath / "*"), "JJAVA_JVM_OPTS": jvm_options}
    return spec


def ijava_spec(staged: Path, jar: Path, classpath: Path, jvm_options: str) -> dict:
    staged.mkdir()
    return {
        "argv": ["java", *jvm_options.split(), "-jar", str(jar), "{connection_file}"],
        "display_name": "Java (Transformer kit, IJava 1.3.0)",
        "language": "java",
        "env": {"IJAVA_CLASSPATH": str(classpath / "*"), "IJAVA_STARTUP_SCRIPT": IJAVA_STARTUP_SCRIPT},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--user", action="store_true", help="install into the user's Jupyter data directory")
    where.add_argument("--prefix", type=Path, help="install into PREFIX/share/jupyter/kernels")
    parser.add_argument("--classpath", type=Path, default=CLASSPATH_DIR,
                        help=f"the folder of the kit's jars (default {CLASSPATH_DIR})")
    parser.add_argument("--jvm-options", default=JVM_OPTS, help=f"the kernel JVM's options (default {JVM_OPTS!r})")
    parser.add_argument("--ijava", type=Path, metavar="JAR",
                        help=f"install '{IJAVA_KERNEL_NAME}' on this IJava 1.3.0 jar instead of '{KERNEL_NAME}' on JJava")
    args = parser.parse_args()

    classpath = args.classpath.resolve()
    jars = sorted(classpath.glob("*.jar"))
    if not any(j.name.startswith("transformer-kit-jupyter") for j in jars):
        sys.exit(f"install_kernel: {classpath} holds no kit jars (transformer-kit-jupyter-*.jar); "
                 + ("run 'mvn package' first" if classpath == CLASSPATH_DIR else "copy kernel/target/kernel-classpath there"))

    name = IJAVA_KERNEL_NAME if args.ijava else KERNEL_NAME
    with tempfile.TemporaryDirectory() as tmp:
        staged = Path(tmp) / name
        spec = (ijava_spec(staged, check_ijava_jar(args.ijava), classpath, args.jvm_options) if args.ijava
                else jjava_spec(staged, classpath, args.jvm_options))
        (staged / "kernel.json").write_text(json.dumps(spec, indent=2) + "\n")
        where = KernelSpecManager().install_kernel_spec(
            str(staged), name, user=args.user, prefix=None if args.user else str(args.prefix or sys.prefix)
        )
    print(f"install_kernel: kernel '{name}' in {where}, classpath {classpath}/* ({len(jars)} jars)")


if __name__ == "__main__":
    main()
