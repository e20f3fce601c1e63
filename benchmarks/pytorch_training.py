"""The kit's training benchmark in PyTorch, on CPU in float64, with the same configurations, thread
count and number of steps as benchmarks/src/TrainingThroughput.java, then the ratio per configuration.

Usage (run by benchmarks/run.sh): python benchmarks/pytorch_training.py [results-dir]
"""

import csv
import math
import os
import pathlib
import statistics
import sys
import time

import torch
import torch.nn as nn

# name, d_model, heads, layers, d_ff, batch, length, vocab, warm-ups, steps, repeats: as SETUPS in
# TrainingThroughput.java
SETUPS = [("tiny", 32, 4, 2, 128, 32, 10, 20, 5, 20, 5), ("small", 64, 4, 2, 256, 64, 12, 20, 5, 20, 5),
          ("medium", 128, 4, 2, 512, 32, 32, 100, 3, 5, 5), ("large", 256, 8, 4, 1024, 32, 32, 500, 2, 2, 3),
          ("base", 512, 8, 6, 2048, 32, 32, 1000, 1, 1, 3)]
DROPOUT = 0.1
PAD, BOS = 0, 1


class Seq2Seq(nn.Module):
    """Embeddings scaled by sqrt(d_model), sinusoidal positions, nn.Transformer, and the generator's
    linear layer; CrossEntropyLoss applies the log-softmax, as the kit's Generator does."""

    def __init__(self, vocab, d_model, heads, layers, d_ff):
        super().__init__()
        self.d_model = d_model
        self.source_embedding = nn.Embedding(vocab, d_model)
        self.target_embedding = nn.Embedding(vocab, d_model)
        position = torch.arange(64).unsqueeze(1).double()
        angle = position / torch.pow(torch.tensor(10000.0), torch.arange(0, d_model, 2).double() / d_model)
        table = torch.zeros(64, d_model)
        table[:, 0::2], table[:, 1::2] = torch.sin(angle), torch.cos(angle)
        self.register_buffer("positions", table)
        self.dropout = nn.Dropout(DROPOUT)
        self.transformer = nn.Transformer(d_model, heads, layers, layers, d_ff, DROPOUT, batch_first=True)
        self.generator = nn.Linear(d_model, vocab)

    def embed(self, embedding, tokens):
        x = embedding(tokens) * math.sqrt(self.d_model) + self.positions[: tokens.shape[1]]
        return self.dropout(x)

    def forward(self, source, target_input):
        n = target_input.shape[1]
        causal = torch.triu(torch.ones(n, n, dtype=torch.bool), diagonal=1)  # True = blocked
        out = self.transformer(self.embed(self.source_embedding, source), self.embed(self.target_embedding, target_input),
                               tgt_mask=causal, src_key_padding_mask=source == PAD,
                               tgt_key_padding_mask=target_input == PAD, memory_key_padding_mask=source == PAD)
        return self.generator(out)


def copy_batch(batch, length, vocab, generator):
    source = torch.randint(4, vocab, (batch, length), generator=generator)
    target_input = torch.cat([torch.full((batch, 1), BOS), source[:, :-1]], dim=1)
    return source, target_input, source.clone()


def run(setup, threads, writer):
    name, d_model, heads, layers, d_ff, batch, length, vocab, warmups, steps, repeats = setup
    torch.manual_seed(7)
    model = Seq2Seq(vocab, d_model, heads, layers, d_ff).train()
    loss_fn = nn.CrossEntropyLoss(label_smoothing=0.1, ignore_index=PAD)
    adam = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.98), eps=1e-9)
    source, target_input, target = copy_batch(batch, length, vocab, torch.Generator().manual_seed(11))

    def step():
        logits = model(source, target_input)
        loss = loss_fn(logits.reshape(-1, vocab), target.reshape(-1))
        adam.zero_grad()
        loss.backward()
        adam.step()

    for _ in range(warmups):
        step()
    cpu_times, wall_times = [], []
    for r in range(repeats):
        cpu, wall = time.process_time(), time.perf_counter()  # process CPU, as the kit's Timing measures
        for _ in range(steps):
            step()
        cpu = time.process_time() - cpu
        wall = time.perf_counter() - wall
        cpu_times.append(cpu)
        wall_times.append(wall)
        writer.writerow([name, threads, steps, r, f"{cpu:.6f}", f"{wall:.6f}", batch * length])
    print(f"PyTorch {name:<6} {statistics.median(cpu_times) / steps:8.3f} s CPU, {statistics.median(wall_times) / steps:8.3f} s wall"
          f" per step  (medians of {repeats} x {steps} steps)")


def median_seconds_per_step(path, clock):
    by_config = {}
    with open(path) as f:
        for row in csv.DictReader(f):
            by_config.setdefault(row["config"], []).append(float(row[clock]) / int(row["steps"]))
    return {name: statistics.median(times) for name, times in by_config.items()}


def main():
    results = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/results")
    threads = int(os.environ.get("BENCH_THREADS", "1"))
    torch.set_num_threads(threads)
    torch.set_default_dtype(torch.float64)
    with open(results / f"training_pytorch_{threads}t.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["config", "threads", "steps", "repeat", "cpu_seconds", "wall_seconds", "target_tokens_per_step"])
        for setup in SETUPS:
            run(setup, threads, writer)
    java_csv = results / f"training_java_{threads}t.csv"
    if java_csv.exists():
        print(f"\nthreads {threads}, torch {torch.__version__}, float64 on CPU; seconds per step, medians;"
              f" speed ratio = PyTorch time / kit time (1 or more: the kit is as fast or faster)")
        print(f"{'config':<8}{'kit CPU':>10}{'torch CPU':>11}{'ratio':>7}{'kit wall':>10}{'torch wall':>12}{'ratio':>7}")
        kit_cpu, kit_wall = median_seconds_per_step(java_csv, "cpu_seconds"), median_seconds_per_step(java_csv, "wall_seconds")
        t_path = results / f"training_pytorch_{threads}t.csv"
        t_cpu, t_wall = median_seconds_per_step(t_path, "cpu_seconds"), median_seconds_per_step(t_path, "wall_seconds")
        for name in kit_cpu:
            if name in t_cpu:
                print(f"{name:<8}{kit_cpu[name]:>10.3f}{t_cpu[name]:>11.3f}{t_cpu[name] / kit_cpu[name]:>7.2f}"
                      f"{kit_wall[name]:>10.3f}{t_wall[name]:>12.3f}{t_wall[name] / kit_wall[name]:>7.2f}")


if __name__ == "__main__":
    main()
