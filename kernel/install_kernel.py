"""Install the course's Java kernel, named ``java``.

It is JJava's own kernel (installed by ``pip install jjava``) with two settings added:

* ``JJAVA_CLASSPATH`` points at ``kernel/target/kernel-classpath``, which ``mvn package`` fills with
  the kit, its display extension and every dependency, so any notebook anywhere can ``import`` the
  kit without ``%maven`` or a network;
* ``JJAVA_JVM_OPTS`` turns on assertions (``-ea``) and headless AWT for charts.

By default the kernel goes into the running Python's prefix (the project's ``.venv``); ``--user``
puts it in the user's Jupyter data directory instead, which is what Binder's ``postBuild`` does.
"""

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

from jupyter_client.kernelspec import KernelSpecManager

KERNEL_NAME = "java"
ROOT = Path(__file__).resolve().parent.parent
CLASSPATH_DIR = ROOT / "kernel" / "target" / "kernel-classpath"
JVM_OPTS = "-ea -Djava.awt.headless=true"


def jjava_spec_dir() -> Path:
    """The kernelspec folder that the ``jjava`` wheel installed into this Python's prefix."""
    spec = Path(sys.prefix) / "share" / "jupyter" / "kernels" / KERNEL_NAME
    if not (spec / "jjava.jar").is_file():
        sys.exit(f"install_kernel: no JJava kernel under {spec}; run 'pip install -r binder/requirements.txt' first")
    return spec


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--user", action="store_true", help="install into the user's Jupyter data directory")
    args = parser.parse_args()

    jars = sorted(CLASSPATH_DIR.glob("*.jar"))
    if not any(j.name.startswith("transformer-kit-jupyter") for j in jars):
        sys.exit(f"install_kernel: {CLASSPATH_DIR} holds no kit jars; run 'mvn package' first")

    with tempfile.TemporaryDirectory() as tmp:
        staged = Path(tmp) / KERNEL_NAME
        shutil.copytree(jjava_spec_dir(), staged)
        spec_file = staged / "kernel.json"
        spec = json.loads(spec_file.read_text())
        spec["display_name"] = "Java (Transformer kit)"
        spec["env"] = {
            "JJAVA_CLASSPATH": str(CLASSPATH_DIR / "*"),
            "JJAVA_JVM_OPTS": JVM_OPTS,
        }
        spec_file.write_text(json.dumps(spec, indent=2) + "\n")
        manager = KernelSpecManager()
        where = manager.install_kernel_spec(
            str(staged), KERNEL_NAME, user=args.user, prefix=None if args.user else sys.prefix
        )
    print(f"install_kernel: kernel '{KERNEL_NAME}' in {where}, classpath {CLASSPATH_DIR}/* ({len(jars)} jars)")


if __name__ == "__main__":
    main()
