"""Time every lesson, on one core as on a Binder machine and on two: ``make budget``.

Each notebook runs top to bottom with nbclient, in a process started under ``taskset -c 0`` so that the
kernel it launches inherits the same single core (the script checks the kernel's affinity), and the
kernel's JVM sizes its heap as in a 2 GB Binder container (``-XX:MaxRAM=2g``); its peak resident
memory is reported too. A lesson's
time is the wall-clock time of the whole run, kernel start-up included: what a learner waits for after
"Run All". Both versions are timed: the student version (as a workshop opens it) and the worked
solutions (what runs once every exercise is solved). The budget is 90 s for each. The student version
also runs on two cores (``taskset -c 0,1``), where the course's budget is 60 s per lesson (120 s for
lesson 10) and 6 minutes for all of them; the table states the total. The executed notebooks are
counted as well: the images they show (plots) and their exercise check cells.

The results go to ``build/one-core-times.csv`` and, as a table, into README.md between the markers
below (the table is added after the lesson map when the markers are missing). The figures depend on the
machine and on what else runs on core 0, so each run states the processor it ran on.

    python workshop/one_core_budget.py                 # every lesson, both versions
    python workshop/one_core_budget.py --lessons 02 10 # some lessons
    python workshop/one_core_budget.py --student-only
"""

import argparse
import csv
import json
import os
import platform
import re
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
README = ROOT / "README.md"
CSV = ROOT / "build" / "one-core-times.csv"
BUDGET = 90.0            # one core, each version
TWO_CORE_BUDGET = 60.0   # two cores, student version ...
LONG_LESSONS = {"10": 120.0}  # ... except the lesson that trains live
COURSE_BUDGET = 360.0    # two cores, every student version one after the other
CORE = "0"
TWO_CORES = "0,1"
# A JVM sizes its heap from the machine's memory; on Binder that is the container's 2 GB at most, so the
# kernel is told the same (it reads JAVA_TOOL_OPTIONS besides its kernel.json settings).
BINDER_JVM = "-XX:MaxRAM=2g"
BEGIN = "<!-- one-core budget: begin (written by `make budget`; edits here are overwritten) -->"
END = "<!-- one-core budget: end -->"


def two_core_budget(number: str) -> float:
    return LONG_LESSONS.get(number, TWO_CORE_BUDGET)


def within(r: dict) -> bool:
    one = max(r["student"], r["solutions"] or 0) <= BUDGET
    return one and (r.get("two_cores") is None or r["two_cores"] <= two_core_budget(r["number"]))


def run_one(path: Path) -> dict:
    """Execute one notebook in this (already pinned) process; report time, slowest cell and problems."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name="java", timeout=1800, allow_errors=True,
                            resources={"metadata": {"path": str(path.parent)}})
    kernel = {}

    def tree(pid: int) -> list:
        """The kernel's process and its descendants: JJava's launcher starts the JVM that runs the cells."""
        children = []
        for task in Path(f"/proc/{pid}/task").glob("*/children"):
            children += [int(c) for c in task.read_text().split()]
        return [pid] + [p for c in children for p in tree(c)]

    def note_affinity(**_):
        if "cores" not in kernel:
            kernel["cores"] = sorted(set().union(*(os.sched_getaffinity(p) for p in tree(client.km.provisioner.pid))))

    def note_memory(**_):  # peak resident memory (VmHWM) and CPU time of the kernel's processes, after every cell
        peak, ticks = 0, 0
        for pid in tree(client.km.provisioner.pid):
            status = Path(f"/proc/{pid}/status").read_text()
            peak += int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime and stime
        kernel["peak_mb"] = peak
        kernel["cpu"] = ticks / os.sysconf("SC_CLK_TCK")

    client.on_cell_execute = note_affinity
    client.on_cell_executed = note_memory
    started = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        client.execute(stderr=quiet)
    seconds = time.perf_counter() - started
    slowest, problems, plots, exercises = 0.0, [], 0, 0
    for cell in nb.cells:
        exercises += cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "").endswith("_check")
        plots += sum("image/png" in output.get("data", {}) for output in cell.get("outputs", []))
        timing = cell.get("metadata", {}).get("execution", {})
        if "iopub.execute_input" in timing and "shell.execute_reply" in timing:
            from datetime import datetime
            begin = datetime.fromisoformat(timing["iopub.execute_input"].replace("Z", "+00:00"))
            end = datetime.fromisoformat(timing["shell.execute_reply"].replace("Z", "+00:00"))
            slowest = max(slowest, (end - begin).total_seconds())
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                problems.append(f"{output.get('ename')}: {output.get('evalue')}"[:200])
    return {"seconds": seconds, "slowest_cell": slowest, "kernel_cores": kernel.get("cores"),
            "peak_mb": kernel.get("peak_mb", 0.0), "cpu": kernel.get("cpu", 0.0), "problems": problems,
            "plots": plots, "exercises": exercises}


def time_pinned(path: Path, cores: str = CORE) -> dict:
    """Run this script's --run-one under taskset, so that it and the kernel it starts share the cores."""
    env = dict(os.environ, JAVA_TOOL_OPTIONS=BINDER_JVM)
    result = subprocess.run(["taskset", "-c", cores, sys.executable, __file__, "--run-one", str(path)],
                            capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise SystemExit(f"budget: {path.name} could not be timed:\n{result.stderr[-3000:]}")
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    if measured["kernel_cores"] != [int(c) for c in cores.split(",")]:
        raise SystemExit(f"budget: the kernel of {path.name} ran on cores {measured['kernel_cores']}, not {cores}")
    return measured


def lesson_name(path: Path) -> str:
    import nbformat
    nb = nbformat.read(path, as_version=4)
    first = next((c.source for c in nb.cells if c.cell_type == "markdown"), "")
    heading = re.search(r"^#\s+(.+)$", first, re.MULTILINE)
    name = heading.group(1).strip() if heading else path.stem[3:].replace("-", " ")
    return re.sub(r"^Lesson\s+\d+\s*[·:.\-–—]\s*", "", name)


def processor() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown processor"


def figure(value) -> str:
    """A table entry: rounded to a whole number, or a dash for what an earlier run did not measure."""
    return "–" if value is None else f"{value:.0f}"


def table(rows: list) -> str:
    over = [r for r in rows if not within(r)]
    timed = [r["two_cores"] for r in rows if r.get("two_cores") is not None]
    course = sum(timed)
    intro = (f"Seconds to run each lesson top to bottom, kernel start-up included: the student version on "
             f"**two cores** (`taskset -c {TWO_CORES}`), and both versions on **one core** (`taskset -c {CORE}`) "
             f"as on a Binder machine; measured {date.today().isoformat()} with `make budget` on {processor()} "
             f"({os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} when the table was written: other "
             f"work on the same cores makes the figures larger), the kernel's heap sized for a 2 GB container. "
             f"*Kernel CPU* is the CPU time the kernel used in the slower one-core run: what the lesson needs "
             f"from an idle core, whatever the load. *Plots* counts the images a lesson shows and *exercises* "
             f"its self-checking exercises. The budgets are {TWO_CORE_BUDGET:.0f} s per lesson on two cores "
             f"({', '.join(f'lesson {n}: {b:.0f} s' for n, b in LONG_LESSONS.items())}), "
             f"{BUDGET:.0f} s on one core, and {COURSE_BUDGET / 60:.0f} minutes for the whole course on two cores.")
    lines = [
        BEGIN,
        "",
        textwrap.fill(intro, width=100, break_on_hyphens=False),
        "",
        "| # | Lesson | plots | exercises | two cores, student (s) | one core, student (s) | one core, solutions (s) "
        "| kernel CPU (s) | slowest cell (s) | kernel peak (MB) | within budget |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        cpu = f"{r['cpu']:.0f}" if r["cpu"] else "–"  # rows measured before the CPU time was recorded
        lines.append(f"| {r['number']} | {r['name']} | {figure(r.get('plots'))} | {figure(r.get('exercises'))} | "
                     f"{figure(r.get('two_cores'))} | {figure(r['student'])} | {figure(r['solutions'])} | {cpu} | {r['slowest']:.0f} | "
                     f"{r['peak_mb']:.0f} | {'yes' if within(r) else '**no**'} |")
    if len(timed) == len(rows):
        lines.append(f"| | **whole course** | | | **{course:.0f}** ({course / 60:.1f} min) | "
                     f"{sum(r['student'] for r in rows):.0f} | | | | | "
                     f"{'yes' if course <= COURSE_BUDGET else '**no**'} |")
    lines += ["", ("Over budget: " + ", ".join(r["number"] for r in over) + ".") if over
              else "Every lesson is within its budgets.", "", END]
    return "\n".join(lines)


def write_readme(block: str) -> None:
    text = README.read_text(encoding="utf-8") if README.exists() else "# Transformer course\n"
    if BEGIN in text and END in text:
        start, stop = text.index(BEGIN), text.index(END) + len(END)
        text = text[:start] + block + text[stop:]
    else:
        section = "### Time per lesson\n\n" + block + "\n"
        lessons = re.search(r"^## The lessons\b.*?(?=^## )", text, flags=re.MULTILINE | re.DOTALL)
        if lessons:
            text = text[:lessons.end()] + section + "\n" + text[lessons.end():]
        else:
            text = text.rstrip("\n") + "\n\n" + section
    README.write_text(text, encoding="utf-8")


def merge_csv(rows: list) -> list:
    """Keep earlier measurements of lessons not timed this time, so a partial run updates the table."""
    known = {}
    if CSV.exists():
        with CSV.open() as f:
            for r in csv.DictReader(f):
                known[r["number"]] = {"number": r["number"], "name": r["name"], "student": float(r["student"]),
                                      "solutions": float(r["solutions"]) if r["solutions"] else None,
                                      "slowest": float(r["slowest"]), "peak_mb": float(r.get("peak_mb") or 0),
                                      "cpu": float(r.get("cpu") or 0),
                                      "two_cores": float(r["two_cores"]) if r.get("two_cores") else None,
                                      "plots": int(r["plots"]) if r.get("plots") else None,
                                      "exercises": int(r["exercises"]) if r.get("exercises") else None}
    for r in rows:
        known[r["number"]] = r
    present = {p.name[:2] for p in NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")}
    merged = [known[n] for n in sorted(known) if n in present]
    CSV.parent.mkdir(parents=True, exist_ok=True)
    with CSV.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["number", "name", "student", "solutions", "slowest", "peak_mb", "cpu",
                                               "two_cores", "plots", "exercises"])
        writer.writeheader()
        for r in merged:
            writer.writerow({**r, "student": f"{r['student']:.1f}",
                             "solutions": "" if r["solutions"] is None else f"{r['solutions']:.1f}",
                             "slowest": f"{r['slowest']:.1f}", "peak_mb": f"{r['peak_mb']:.0f}",
                             "cpu": f"{r['cpu']:.1f}",
                             "two_cores": "" if r.get("two_cores") is None else f"{r['two_cores']:.1f}",
                             "plots": "" if r.get("plots") is None else r["plots"],
                             "exercises": "" if r.get("exercises") is None else r["exercises"]})
    return merged


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lessons", nargs="*", help="lesson numbers to time (default: all)")
    parser.add_argument("--student-only", action="store_true", help="skip the worked solutions")
    parser.add_argument("--one-core-only", action="store_true", help="skip the two-core run")
    parser.add_argument("--run-one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_one:
        print(json.dumps(run_one(Path(args.run_one))))
        return 0

    lessons = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
    if args.lessons:
        lessons = [p for p in lessons if p.name[:2] in args.lessons]
    if not lessons:
        print("budget: no lessons to time", file=sys.stderr)
        return 1
    rows = []
    for path in lessons:
        student = time_pinned(path)
        solution_path = NOTEBOOKS / "solutions" / path.name
        solutions = None if args.student_only or not solution_path.exists() else time_pinned(solution_path)
        two = None if args.one_core_only or len(os.sched_getaffinity(0)) < 2 else time_pinned(path, TWO_CORES)
        row = {"number": path.name[:2], "name": lesson_name(path), "student": student["seconds"],
               "solutions": solutions["seconds"] if solutions else None,
               "slowest": max(student["slowest_cell"], solutions["slowest_cell"] if solutions else 0),
               "peak_mb": max(student["peak_mb"], solutions["peak_mb"] if solutions else 0),
               "cpu": max(student["cpu"], solutions["cpu"] if solutions else 0),
               "two_cores": two["seconds"] if two else None, "plots": student["plots"],
               "exercises": student["exercises"]}
        rows.append(row)
        problems = student["problems"] + (solutions["problems"] if solutions else []) + (two["problems"] if two else [])
        print(f"budget: {row['number']} {row['name']}: "
              + (f"two cores {row['two_cores']:.1f} s; " if two else "")
              + f"one core: student {row['student']:.1f} s"
              + (f", solutions {row['solutions']:.1f} s" if solutions else "")
              + f", kernel CPU {row['cpu']:.1f} s, slowest cell {row['slowest']:.1f} s, kernel peak {row['peak_mb']:.0f} MB"
              + (f"; ERRORS {problems}" if problems else ""), flush=True)
    merged = merge_csv(rows)
    write_readme(table(merged))
    over = [r["number"] for r in merged if not within(r)]
    course = [r["two_cores"] for r in merged if r.get("two_cores") is not None]
    print(f"budget: table written to {README.name}; whole course on two cores {sum(course):.0f} s "
          f"({len(course)} lessons); over budget: {', '.join(over) if over else 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
