"""Training steps of nanoGPT's recipe alone in PyTorch, beside benchmarks/src/GptStep.java: the model of
nanogpt_shakespeare.py, AdamW with its weight-decay groups, clipping at 1, batches of 12 x 64 random
characters; 5 warm-up steps, then the timed ones.

Usage: python benchmarks/nanogpt_step.py [--dtype float64|float32] [--threads 1] [--steps 30]
"""
import argparse
import time

import torch

import nanogpt_shakespeare as recipe


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dtype", default="float64", choices=["float64", "float32"])
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--steps", type=int, default=30)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.set_default_dtype(getattr(torch, args.dtype))
    torch.manual_seed(1337)
    model = recipe.GPT(65)
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": recipe.WEIGHT_DECAY},
                                   {"params": no_decay, "weight_decay": 0.0}], lr=recipe.LR, betas=recipe.BETAS)
    g = torch.Generator().manual_seed(1)

    def step():
        x = torch.randint(65, (recipe.BATCH, recipe.BLOCK), generator=g)
        y = torch.randint(65, (recipe.BATCH, recipe.BLOCK), generator=g)
        _, loss = model(x, y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), recipe.CLIP)
        optimizer.step()

    for _ in range(5):
        step()
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(args.steps):
        step()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(f"PyTorch {args.dtype}, {args.threads} thread(s): {1000 * cpu / args.steps:.1f} ms CPU (process),"
          f" {1000 * wall / args.steps:.1f} ms wall per step ({args.steps} steps)")


if __name__ == "__main__":
    main()
