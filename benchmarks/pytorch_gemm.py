"""GFLOP/s of PyTorch's BLAS (float64 and float32) at the shapes of results/gemm_java_<threads>t.csv, beside the kit's.

Run after GemmThroughput (benchmarks/run.sh does both): it reads the kit's figures and shapes from
results/gemm_java_<threads>t.csv, times the same three forms (X·W, Xᵀ·dY, dY·Wᵀ) with torch.matmul on the
same number of threads (BENCH_THREADS), and prints one table with the ratio kit / PyTorch float64.
Timing: median of 5 repeats of about 0.2 GFLOP each, after 3 warm-ups; process CPU time at one
thread, wall time above (the process clock would add the threads up).
"""
import csv
import os
import statistics
import sys
import time
from pathlib import Path

import torch

REPEATS, WARMUPS = 5, 3


def gflops(fn, flops, threads):
    calls = max(1, min(2000, int(0.2e9 / flops)))
    clock = time.process_time if threads == 1 else time.perf_counter
    times = []
    for r in range(WARMUPS + REPEATS):
        start = clock()
        for _ in range(calls):
            fn()
        if r >= WARMUPS:
            times.append((clock() - start) / calls)
    return flops / statistics.median(times) / 1e9


def forms(n, m, p, dtype):
    g = torch.Generator().manual_seed(1)
    x = torch.randn(n, m, dtype=dtype, generator=g)
    w = torch.randn(m, p, dtype=dtype, generator=g)
    dy = torch.randn(n, p, dtype=dtype, generator=g)
    y = torch.empty(n, p, dtype=dtype)
    dw = torch.zeros(m, p, dtype=dtype)
    dx = torch.empty(n, m, dtype=dtype)
    return {
        "X·W": lambda: torch.matmul(x, w, out=y),
        "Xᵀ·dY": lambda: dw.addmm_(x.t(), dy),
        "dY·Wᵀ": lambda: torch.matmul(dy, w.t(), out=dx),
    }


def main():
    results = Path(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/results")
    threads = int(os.environ.get("BENCH_THREADS", "1"))
    torch.set_num_threads(threads)
    rows = list(csv.DictReader(open(results / f"gemm_java_{threads}t.csv", encoding="utf-8")))
    peak = float(rows[0]["peak_gflops_one_core"]) if rows else float("nan")
    print(f"GFLOP/s, {threads} thread(s); float64 peak {peak:.1f} per core (measured by GemmThroughput); "
          f"PyTorch {torch.__version__}")
    header = f"{'model':8} {'layer':16} {'form':6} {'shape':>13} {'kit':>6} {'EJML':>6} {'torch64':>8} {'torch32':>8} {'kit/t64':>8} {'kit/peak':>8}"
    print(header)
    out_rows = []
    ratios = []
    for row in rows:
        n, m, p = int(row["n"]), int(row["m"]), int(row["p"])
        flops = 2.0 * n * m * p
        t64 = gflops(forms(n, m, p, torch.float64)[row["form"]], flops, threads)
        t32 = gflops(forms(n, m, p, torch.float32)[row["form"]], flops, threads)
        kit = float(row["kit_gflops"])
        ratios.append(kit / t64)
        print(f"{row['model']:8} {row['layer']:16} {row['form']:6} {n:>5}x{m}x{p:<5} {kit:6.1f} {float(row['ejml_gflops']):6.1f}"
              f" {t64:8.1f} {t32:8.1f} {kit / t64:8.2f} {kit / (peak * threads):8.2f}")
        out_rows.append({**row, "torch_float64_gflops": f"{t64:.3f}", "torch_float32_gflops": f"{t32:.3f}"})
    if ratios:
        print(f"kit / PyTorch float64: median {statistics.median(ratios):.2f}, lowest {min(ratios):.2f}, highest {max(ratios):.2f}")
    with open(results / f"gemm_pytorch_{threads}t.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(out_rows[0].keys()) if out_rows else ["model"])
        writer.writeheader()
        writer.writerows(out_rows)


if __name__ == "__main__":
    main()
