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

# name, d_model, heads, layers, d_ff, batch, length, vocab: as SETUPS in TrainingThroughput.java
SETUPS = [("tiny", 32, 4, 2, 128, 32, 10, 20), ("small", 64, 4, 2, 256, 64, 12, 20)]
WARMUP_STEPS, STEPS, REPEATS, DROPOUT = 5, 20, 5, 0.1
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
    name, d_model, heads, layers, d_ff, batch, length, vocab = setup
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

    for _ in range(WARMUP_STEPS):
        step()
    cpu_times = []
    for r in range(REPEATS):
        cpu, wall = time.process_time(), time.perf_counter()  # process CPU, as the kit's Timing measures
        for _ in range(STEPS):
            step()
        cpu = time.process_time() - cpu
        wall = time.perf_counter() - wall
        cpu_times.append(cpu)
        writer.writerow([name, threads, STEPS, r, f"{cpu:.6f}", f"{wall:.6f}", batch * length])
    steps_per_second = STEPS / statistics.median(cpu_times)
    print(f"PyTorch {name:<6} {steps_per_second:6.2f} steps/s  {steps_per_second * batch * length:9.0f} tokens/s"
          f"  (median CPU time of {REPEATS} x {STEPS} steps)")


def median_steps_per_second(path):
    by_config = {}
    with open(path) as f:
        for row in csv.DictReader(f):
            by_config.setdefault(row["config"], []).append(float(row["cpu_seconds"]) / int(row["steps"]))
    return {name: 1 / statistics.median(times) for name, times in by_config.items()}


def main():
    results = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/results")
    threads = int(os.environ.get("BENCH_THREADS", "1"))
    torch.set_num_threads(threads)
    torch.set_default_dtype(torch.float64)
    with open(results / "training_pytorch.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["config", "threads", "steps", "repeat", "cpu_seconds", "wall_seconds", "target_tokens_per_step"])
        for setup in SETUPS:
            run(setup, threads, writer)
    java_csv = results / "training_java.csv"
    if java_csv.exists():
        kit, torch_rate = median_steps_per_second(java_csv), median_steps_per_second(results / "training_pytorch.csv")
        print(f"\nthreads {threads}, torch {torch.__version__}, float64 on CPU; steps/s from median CPU time")
        print(f"{'config':<8}{'kit steps/s':>14}{'PyTorch steps/s':>18}{'kit / PyTorch':>16}")
        for name in kit:
            if name in torch_rate:
                print(f"{name:<8}{kit[name]:>14.2f}{torch_rate[name]:>18.2f}{kit[name] / torch_rate[name]:>16.3f}")


if __name__ == "__main__":
    main()
