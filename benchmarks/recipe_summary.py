"""The nanoGPT recipe's figures side by side: reads shakespeare_kit_<T>t.csv and
shakespeare_pytorch_{float64,float32}_<T>t.csv from a results folder (written by ShakespeareBenchmark and
nanogpt_shakespeare.py) and prints training time, final held-out loss and the kit's time over PyTorch's.

Usage: python benchmarks/recipe_summary.py RESULTS_DIR THREADS
"""
import csv
import sys
from pathlib import Path


def read(path):
    figures, curve = {}, []
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.reader(f):
            if len(row) == 2:
                figures[row[0]] = float(row[1])
            elif len(row) == 3 and row[0].isdigit():
                curve.append((int(row[0]), float(row[2])))
    return figures, curve


def main():
    results, threads = Path(sys.argv[1]), int(sys.argv[2])
    runs = {"kit float64": f"shakespeare_kit_{threads}t.csv",
            "PyTorch float64": f"shakespeare_pytorch_float64_{threads}t.csv",
            "PyTorch float32": f"shakespeare_pytorch_float32_{threads}t.csv"}
    found = {name: read(results / file) for name, file in runs.items() if (results / file).exists()}
    if "kit float64" not in found:
        print(f"no {runs['kit float64']} in {results}")
        return
    kit = found["kit float64"][0]
    steps = found["kit float64"][1][-1][0]
    print(f"nanoGPT recipe, {steps} steps, {threads} thread(s); time of the training steps alone")
    print(f"{'run':<17}{'CPU s':>9}{'wall s':>9}{'val loss (200)':>16}{'kit CPU / this':>16}{'kit wall / this':>17}")
    for name, (fig, _) in found.items():
        print(f"{name:<17}{fig['training CPU s']:>9.1f}{fig['training wall s']:>9.1f}"
              f"{fig['final val loss (200 batches)']:>16.4f}"
              f"{kit['training CPU s'] / fig['training CPU s']:>16.2f}{kit['training wall s'] / fig['training wall s']:>17.2f}")


if __name__ == "__main__":
    main()
