"""How many learners one machine holds: N learners run lesson 10 at once on a real JupyterHub.

A measurement, not a test (as root): ``python workshop/hub_capacity.py [--ns 1,2,4,8] [--variants …]``.

It starts the hub of ``workshop/hub.py`` with as many learners as the largest N, spawns every
learner's server through the hub, and copies lesson 10 (the student version, the heaviest lesson)
and the checkpoints it loads into each learner's home. Then, for each N, N learners at once open the
lesson as JupyterLab does (a session through the hub's proxy, which starts the kernel in the
learner's server, in the notebook's folder) and run its code cells one after another over the
kernel's websocket, stopping at the first error. Meanwhile every process of every learner is
sampled once a second:

* **memory per learner**: the peak, over the run, of the sum of the PSS (proportional set size:
  pages shared between processes, such as the JDK's class-data archive or the Python libraries,
  are divided among the processes that share them, so N learners' PSS adds up to what they take
  from the machine) of the learner's processes, split into the server (jupyterhub-singleuser) and the
  kernel (JJava's launcher JVM and the kernel JVM it starts); RSS, which counts shared pages in full
  for every process, is given too;
* **first cell**: seconds from asking for the session to the reply of the lesson's first code cell
  (the JVM and JShell starting, the kit's classes loading);
* **lesson**: seconds from asking for the session to the reply of the last code cell;
* **kernel CPU**: CPU seconds the kernel's processes used (user + system), which does not depend on
  how busy the machine was.

Then it runs the lesson with other JVM settings (each a kernel of its own, the ``java`` kernel with
other ``JJAVA_JVM_OPTS``) at one N, to show what the heap size, the garbage collector and class-data
sharing change. The tables go to ``build/hub-capacity.md`` after every run (``docs/workshop.md``
quotes them). A run whose learners would not fit in the memory the machine has available at that
moment (N times the largest memory per learner measured so far, plus a quarter, plus 2 GB for
everything else) is not started, and the table says so: that N is what does not fit.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import websocket  # websocket-client, which jupyter_server depends on

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hub import DEFAULT_JVM_OPTIONS, ROOT, CourseHub  # noqa: E402

LESSON = next((ROOT / "notebooks").glob("10-*.ipynb"))
CHECKPOINTS = ROOT / "notebooks" / "checkpoints"
OUT = ROOT / "build" / "hub-capacity.md"
CLK_TCK = os.sysconf("SC_CLK_TCK")

VARIANTS = {
    "java": DEFAULT_JVM_OPTIONS,
    "java-xmx512m": DEFAULT_JVM_OPTIONS + " -Xmx512m",
    "java-serialgc": DEFAULT_JVM_OPTIONS + " -XX:+UseSerialGC",
    "java-serialgc-xmx512m": DEFAULT_JVM_OPTIONS + " -XX:+UseSerialGC -Xmx512m",
    "java-serialgc-xmx512m-c1": DEFAULT_JVM_OPTIONS + " -XX:+UseSerialGC -Xmx512m -XX:TieredStopAtLevel=1",
    "java-no-cds": DEFAULT_JVM_OPTIONS + " -Xshare:off",
}


def say(message):
    print(f"hub-capacity: {message}", flush=True)


def memory_of(pid):
    """(PSS, RSS) of a process in MB, from /proc/PID/smaps_rollup; None once it has gone."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None
    values = {}
    for line in text.splitlines():
        parts = line.split()
        if parts and parts[0] in ("Pss:", "Rss:"):
            values[parts[0]] = int(parts[1]) / 1024
    return values.get("Pss:", 0.0), values.get("Rss:", 0.0)


def command_of(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def cpu_seconds(pid):
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime


class Sampler(threading.Thread):
    """Samples the memory of each learner's server and kernel processes, keeping each learner's peak."""

    def __init__(self, hub, names):
        super().__init__(daemon=True)
        self.hub, self.names, self.stop = hub, names, threading.Event()
        self.peak = {n: {"pss": 0.0, "rss": 0.0, "server_pss": 0.0, "kernel_pss": 0.0,
                         "server_rss": 0.0, "kernel_rss": 0.0} for n in names}
        self.kernel_cpu = {n: {} for n in names}

    def sample(self):
        for name in self.names:
            total = {"server_pss": 0.0, "kernel_pss": 0.0, "server_rss": 0.0, "kernel_rss": 0.0}
            for pid in self.hub.pids(name):
                mem = memory_of(pid)
                if mem is None:
                    continue
                part = "kernel" if "java" in command_of(pid).split(" ")[0] else "server"
                total[f"{part}_pss"] += mem[0]
                total[f"{part}_rss"] += mem[1]
                if part == "kernel":
                    cpu = cpu_seconds(pid)
                    if cpu is not None:
                        self.kernel_cpu[name][pid] = cpu
            peak = self.peak[name]
            pss, rss = total["server_pss"] + total["kernel_pss"], total["server_rss"] + total["kernel_rss"]
            if pss > peak["pss"]:
                peak.update(total, pss=pss)
            peak["rss"] = max(peak["rss"], rss)

    def run(self):
        while not self.stop.is_set():
            self.sample()
            self.stop.wait(1.0)


def code_cells(path):
    nb = json.loads(path.read_text())
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in nb["cells"] if c["cell_type"] == "code"]


def run_lesson(hub, name, kernel, cells):
    """Open the lesson in a session on ``kernel`` and run its cells; times from asking for the session."""
    started = time.perf_counter()
    notebook = f"course/{LESSON.name}"
    session = hub.server(name, "POST", "/api/sessions",
                         body={"path": notebook, "name": LESSON.name, "type": "notebook", "kernel": {"name": kernel}})
    kernel_id = session["kernel"]["id"]
    url = hub.url.replace("http://", "ws://") + f"/user/{hub.user(name)}/api/kernels/{kernel_id}/channels"
    ws = websocket.create_connection(url, header=[f"Authorization: token {hub.token(name)}"], timeout=900)
    result = {"first_cell": None, "lesson": None, "cells": 0, "error": None}
    try:
        client_session = uuid.uuid4().hex
        for n, code in enumerate(cells):
            msg_id = uuid.uuid4().hex
            ws.send(json.dumps({
                "header": {"msg_id": msg_id, "username": hub.user(name), "session": client_session,
                           "msg_type": "execute_request", "version": "5.3"},
                "parent_header": {}, "metadata": {}, "channel": "shell",
                "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                            "allow_stdin": False, "stop_on_error": True}}))
            while True:
                msg = json.loads(ws.recv())
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind = msg["header"]["msg_type"]
                if kind == "error":
                    result["error"] = f"cell {n}: {msg['content'].get('ename')}: {msg['content'].get('evalue')}"
                if kind == "execute_reply":
                    break
            if n == 0:
                result["first_cell"] = time.perf_counter() - started
            result["cells"] = n + 1
            if result["error"]:
                break
        result["lesson"] = time.perf_counter() - started
    finally:
        ws.close()
        hub.server(name, "DELETE", f"/api/sessions/{session['id']}")
    return result


def available_mb():
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) / 1024
    return 0.0


def fits(n, per_learner_mb):
    need, have = n * per_learner_mb * 1.25 + 2048, available_mb()
    if need > have:
        say(f"N={n} does not fit now: it needs about {need:.0f} MB, {have:.0f} MB are available")
        return f"N={n}: not run, it needs about {need:.0f} MB and {have:.0f} MB were available"
    return None


def measure(hub, names, kernel, cells):
    sampler = Sampler(hub, names)
    load_before = os.getloadavg()[0]
    sampler.start()
    try:
        with ThreadPoolExecutor(len(names)) as pool:
            results = dict(zip(names, pool.map(lambda n: run_lesson(hub, n, kernel, cells), names)))
    finally:
        sampler.stop.set()
        sampler.join()
    for name in names:
        results[name].update(sampler.peak[name])
        results[name]["kernel_cpu"] = sum(sampler.kernel_cpu[name].values())
    errors = [f"{n}: {r['error']}" for n, r in results.items() if r["error"]]
    row = {
        "kernel": kernel, "n": len(names), "load": (load_before + os.getloadavg()[0]) / 2,
        "pss": statistics.median(r["pss"] for r in results.values()),
        "server_pss": statistics.median(r["server_pss"] for r in results.values()),
        "kernel_pss": statistics.median(r["kernel_pss"] for r in results.values()),
        "rss": statistics.median(r["rss"] for r in results.values()),
        "first_cell": statistics.median(r["first_cell"] for r in results.values()),
        "lesson": statistics.median(r["lesson"] for r in results.values()),
        "lesson_max": max(r["lesson"] for r in results.values()),
        "kernel_cpu": statistics.median(r["kernel_cpu"] for r in results.values()),
        "cells": min(r["cells"] for r in results.values()), "errors": errors,
    }
    say(f"{kernel} N={row['n']}: PSS {row['pss']:.0f} MB (server {row['server_pss']:.0f}, kernel "
        f"{row['kernel_pss']:.0f}), RSS {row['rss']:.0f} MB, first cell {row['first_cell']:.1f} s, lesson "
        f"{row['lesson']:.0f} s (slowest {row['lesson_max']:.0f}), kernel CPU {row['kernel_cpu']:.0f} s, "
        f"load {row['load']:.1f}{', ERRORS ' + '; '.join(errors) if errors else ''}")
    time.sleep(3)  # let the kernels' processes go before the next run
    return row


def table(rows, with_kernel=False):
    head = ("| JVM options | " if with_kernel else "| N | ") + ("memory per learner, PSS (MB) | server PSS | "
            "kernel PSS | RSS (MB) | first cell (s) | lesson, median (s) | lesson, slowest (s) | "
            "kernel CPU (s) | load average |\n")
    head += "|" + "---|" * (10) + "\n"
    lines = []
    for r in rows:
        first = f"`{VARIANTS[r['kernel']]}`" if with_kernel else str(r["n"])
        lines.append(f"| {first} | {r['pss']:.0f} | {r['server_pss']:.0f} | {r['kernel_pss']:.0f} | {r['rss']:.0f} "
                     f"| {r['first_cell']:.1f} | {r['lesson']:.0f} | {r['lesson_max']:.0f} | {r['kernel_cpu']:.0f} "
                     f"| {r['load']:.1f} |")
    return head + "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ns", default="1,2,4,8", help="the class sizes to run, comma-separated")
    parser.add_argument("--variants", default="java-xmx512m,java-serialgc,java-serialgc-xmx512m,java-no-cds",
                        help=f"kernels with other JVM settings to compare, of: {', '.join(VARIANTS)}")
    parser.add_argument("--variant-n", type=int, default=2, help="how many learners run each variant at once")
    parser.add_argument("--expect-mb", type=float, default=1200.0,
                        help="memory per learner to expect before the first run has measured it (MB)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"where the tables go (default {OUT})")
    parser.add_argument("--kernel", default="java", help=f"the kernel of the runs over N, of: {', '.join(VARIANTS)}")
    args = parser.parse_args()
    ns = [int(n) for n in args.ns.split(",")]
    variants = [v for v in args.variants.split(",") if v]
    unknown = [v for v in variants + [args.kernel] if v not in VARIANTS]
    if unknown:
        sys.exit(f"hub-capacity: unknown variants {unknown}; choose from {list(VARIANTS)}")
    cells = code_cells(LESSON)
    learners = [f"l{i}" for i in range(1, max(ns + ([args.variant_n] if variants else [])) + 1)]
    extra = {v: VARIANTS[v] for v in variants + [args.kernel] if v != "java"}
    say(f"{LESSON.name}: {len(cells)} code cells; {len(learners)} learners; {os.cpu_count()} cores, "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GB")
    with CourseHub(learners, kernels=extra) as hub:
        started = time.perf_counter()
        spawned = hub.spawn_all(learners)
        say(f"{len(learners)} servers spawned at once in {time.perf_counter() - started:.1f} s "
            f"(median {statistics.median(spawned.values()):.1f} s each)")
        for name in learners:
            home = hub.home(name)
            course = home / "course"
            course.mkdir()
            shutil.copy(LESSON, course / LESSON.name)
            shutil.copytree(CHECKPOINTS, course / "checkpoints")
            user = hub.user(name)
            subprocess.run(["chown", "-R", f"{user}:{user}", str(course)], check=True)
        idle = Sampler(hub, learners)
        idle.sample()
        idle_server = statistics.median(p["server_pss"] for p in idle.peak.values())
        say(f"an idle server: PSS {idle_server:.0f} MB")
        rows, variant_rows, skipped = [], [], []

        def write():
            text = (f"Lesson 10 ({len(cells)} code cells, student version) run by N learners at once through the "
                    f"hub on the kernel `{args.kernel}` (`{VARIANTS[args.kernel]}`); {os.cpu_count()} cores; spawn of {len(learners)} servers at once: median "
                    f"{statistics.median(spawned.values()):.1f} s; an idle server's PSS {idle_server:.0f} MB.\n\n"
                    + table(rows) + (f"\nJVM settings, {args.variant_n} learners at once:\n\n" + table(variant_rows, True)
                                     if variant_rows else ""))
            if skipped:
                text += "\nNot run:\n" + "".join(f"- {s}\n" for s in skipped)
            errors = [e for r in rows + variant_rows for e in r["errors"]]
            if errors:
                text += "\nErrors:\n" + "".join(f"- {e}\n" for e in errors)
            args.out.parent.mkdir(exist_ok=True)
            args.out.write_text(text)
            return text, errors

        largest = args.expect_mb  # until a run has measured it
        for n in ns:
            why = fits(n, largest)
            if why:
                skipped.append(why)
                break
            rows.append(measure(hub, learners[:n], args.kernel, cells))
            largest = max(r["pss"] for r in rows)
            write()
        baseline = [r for r in rows if r["n"] == args.variant_n and r["kernel"] == "java"]
        variant_rows.extend(baseline if variants else [])
        for v in ([] if baseline or not variants else ["java"]) + variants:
            why = fits(args.variant_n, largest)
            if why:
                skipped.append(f"{v}: {why}")
                continue
            variant_rows.append(measure(hub, learners[:args.variant_n], v, cells))
            write()
    text, errors = write()
    print(text)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
