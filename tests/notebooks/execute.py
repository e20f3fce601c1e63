"""Execute one notebook on one kernel, in a process of its own, and write the executed copy.

    python tests/notebooks/execute.py IN.ipynb OUT.ipynb --kernel java --cwd notebooks

The notebook tests start several of these at once (one kernel each), so independent notebooks run in
parallel without sharing an event loop or a ZeroMQ context. The seconds the execution took, kernel
start-up included, go into the executed copy's metadata as ``course_test.seconds``.
"""

import argparse
import time

import nbformat
from nbclient import NotebookClient

CELL_TIMEOUT = 600
# After a cell's reply, nbclient waits this long for the rest of its output (4 s by default) and then
# moves on without it: on a busy machine a plot that arrived late vanished from the executed copy.
IOPUB_TIMEOUT = 60


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source")
    parser.add_argument("executed")
    parser.add_argument("--kernel", required=True)
    parser.add_argument("--cwd", required=True, help="the directory the kernel starts in")
    args = parser.parse_args()
    nb = nbformat.read(args.source, as_version=4)
    client = NotebookClient(nb, kernel_name=args.kernel, timeout=CELL_TIMEOUT, iopub_timeout=IOPUB_TIMEOUT,
                            raise_on_iopub_timeout=True, allow_errors=True,
                            resources={"metadata": {"path": args.cwd}})
    started = time.perf_counter()
    client.execute()
    nb.metadata["course_test"] = {"seconds": round(time.perf_counter() - started, 1), "kernel": args.kernel}
    nbformat.write(nb, args.executed)


if __name__ == "__main__":
    main()
