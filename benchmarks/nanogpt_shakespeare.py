"""nanoGPT's CPU recipe for tiny Shakespeare in PyTorch, the reference for benchmarks/src/ShakespeareRecipe.java.

Written from nanoGPT's train.py, model.py, config/train_shakespeare_char.py and the README's CPU command
(block 64, batch 12, 4 layers, 4 heads, n_embd 128, dropout 0, 2000 iterations, AdamW lr 1e-3 with
beta1 0.9, beta2 0.99, weight decay 0.1 on 2-D weights only, 100 warm-up steps then cosine decay to 1e-4
over 2000 iterations, gradient clipping at 1.0, no biases, GELU (exact erf) in a 4x MLP, pre-norm blocks
with a final layer norm, learned positions, input and output embeddings tied, 90/10 split of the
characters, 65 sorted distinct characters as the vocabulary).

Usage:
  python benchmarks/nanogpt_shakespeare.py [--dtype float64|float32] [--threads 1] [--iters 2000]
         [--data data/tinyshakespeare.txt] [--out benchmarks/results] [--seed 1337]

Prints the validation-loss curve (every --eval-interval steps, on --curve-batches batches of each split),
the final validation loss on 200 and on 20 batches, and the CPU and wall time of training alone
(evaluation and sampling excluded) and of the whole run. Writes <out>/shakespeare_pytorch_<dtype>_<threads>t.csv.
"""

import argparse
import csv
import math
import pathlib
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

BLOCK, BATCH, LAYERS, HEADS, EMBD = 64, 12, 4, 4, 128
LR, MIN_LR, WARMUP, BETAS, WEIGHT_DECAY, CLIP = 1e-3, 1e-4, 100, (0.9, 0.99), 0.1, 1.0


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm1 = nn.LayerNorm(EMBD, bias=False)
        self.qkv = nn.Linear(EMBD, 3 * EMBD, bias=False)
        self.out = nn.Linear(EMBD, EMBD, bias=False)
        self.norm2 = nn.LayerNorm(EMBD, bias=False)
        self.up = nn.Linear(EMBD, 4 * EMBD, bias=False)
        self.down = nn.Linear(4 * EMBD, EMBD, bias=False)

    def attention(self, x):
        b, t, c = x.shape
        q, k, v = self.qkv(x).split(EMBD, dim=2)
        q, k, v = (z.view(b, t, HEADS, c // HEADS).transpose(1, 2) for z in (q, k, v))
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        return self.out(y.transpose(1, 2).contiguous().view(b, t, c))

    def forward(self, x):
        x = x + self.attention(self.norm1(x))
        return x + self.down(F.gelu(self.up(self.norm2(x))))  # F.gelu: the exact erf form


class GPT(nn.Module):
    def __init__(self, vocab):
        super().__init__()
        self.tokens = nn.Embedding(vocab, EMBD)
        self.positions = nn.Embedding(BLOCK, EMBD)
        self.blocks = nn.ModuleList(Block() for _ in range(LAYERS))
        self.norm = nn.LayerNorm(EMBD, bias=False)
        self.head = nn.Linear(EMBD, vocab, bias=False)
        self.head.weight = self.tokens.weight  # tied
        for name, p in self.named_parameters():
            if p.dim() == 2:  # every weight and embedding: N(0, 0.02); residual projections scaled down
                std = 0.02 / math.sqrt(2 * LAYERS) if name.endswith(("out.weight", "down.weight")) else 0.02
                nn.init.normal_(p, 0.0, std)

    def forward(self, idx, targets=None):
        x = self.tokens(idx) + self.positions(torch.arange(idx.shape[1]))
        for block in self.blocks:
            x = block(x)
        logits = self.head(self.norm(x))
        loss = None if targets is None else F.cross_entropy(logits.view(-1, logits.shape[-1]), targets.view(-1))
        return logits, loss


def learning_rate(it, iters):
    if it < WARMUP:
        return LR * (it + 1) / (WARMUP + 1)
    if it > iters:
        return MIN_LR
    ratio = (it - WARMUP) / (iters - WARMUP)
    return MIN_LR + 0.5 * (1.0 + math.cos(math.pi * ratio)) * (LR - MIN_LR)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dtype", default="float64", choices=["float64", "float32"])
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--iters", type=int, default=2000)
    ap.add_argument("--eval-interval", type=int, default=250)
    ap.add_argument("--curve-batches", type=int, default=20)
    ap.add_argument("--data", default="data/tinyshakespeare.txt")
    ap.add_argument("--out", default="benchmarks/results")
    ap.add_argument("--seed", type=int, default=1337)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.set_default_dtype(getattr(torch, args.dtype))
    torch.manual_seed(args.seed)

    text = pathlib.Path(args.data).read_text(encoding="utf-8")
    chars = sorted(set(text))
    index = {c: i for i, c in enumerate(chars)}
    ids = torch.tensor([index[c] for c in text], dtype=torch.long)
    split = int(len(ids) * 0.9)
    data = {"train": ids[:split], "val": ids[split:]}

    def batch(part, generator):
        d = data[part]
        starts = torch.randint(len(d) - BLOCK, (BATCH,), generator=generator)
        x = torch.stack([d[i:i + BLOCK] for i in starts])
        y = torch.stack([d[i + 1:i + 1 + BLOCK] for i in starts])
        return x, y

    @torch.no_grad()
    def estimate(part, batches, seed):
        g = torch.Generator().manual_seed(seed)
        model.eval()
        total = sum(model(*batch(part, g))[1].item() for _ in range(batches)) / batches
        model.train()
        return total

    model = GPT(len(chars))
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": WEIGHT_DECAY},
                                   {"params": no_decay, "weight_decay": 0.0}], lr=LR, betas=BETAS)
    n_params = sum(p.numel() for p in model.parameters())
    print(f"PyTorch {torch.__version__}, {args.dtype}, {args.threads} thread(s); {len(chars)} characters, "
          f"{len(data['train'])} train / {len(data['val'])} val tokens; {n_params} parameters")

    train_gen = torch.Generator().manual_seed(args.seed)
    rows = []
    train_cpu = train_wall = 0.0
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for it in range(args.iters + 1):
        if it % args.eval_interval == 0 or it == args.iters:
            tr, va = estimate("train", args.curve_batches, 1), estimate("val", args.curve_batches, 2)
            rows.append((it, tr, va))
            print(f"step {it}: train loss {tr:.4f}, val loss {va:.4f}", flush=True)
        if it == args.iters:
            break
        c, w = time.process_time(), time.perf_counter()
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(it, args.iters)
        x, y = batch("train", train_gen)
        _, loss = model(x, y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP)
        optimizer.step()
        train_cpu += time.process_time() - c
        train_wall += time.perf_counter() - w
    val200, val20 = estimate("val", 200, 3), estimate("val", 20, 3)
    total_cpu, total_wall = time.process_time() - cpu0, time.perf_counter() - wall0

    with torch.no_grad():
        model.eval()
        idx = torch.zeros((1, 1), dtype=torch.long)  # "\n"
        g = torch.Generator().manual_seed(args.seed)
        for _ in range(300):
            logits, _ = model(idx[:, -BLOCK:])
            logits = logits[:, -1, :] / 0.8
            v, _ = torch.topk(logits, 10)
            logits[logits < v[:, [-1]]] = -float("inf")
            idx = torch.cat((idx, torch.multinomial(F.softmax(logits, dim=-1), 1, generator=g)), dim=1)
        sample = "".join(chars[i] for i in idx[0].tolist())

    print(f"final val loss: {val200:.4f} (200 batches), {val20:.4f} (20 batches)")
    print(f"training {args.iters} steps: CPU {train_cpu:.1f} s, wall {train_wall:.1f} s; "
          f"whole run with evaluation: CPU {total_cpu:.1f} s, wall {total_wall:.1f} s")
    print("sample (temperature 0.8, top-k 10):\n" + sample)
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"shakespeare_pytorch_{args.dtype}_{args.threads}t.csv"
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["step", "train loss", "val loss"])
        w.writerows(rows)
        w.writerow([])
        w.writerow(["final val loss (200 batches)", val200])
        w.writerow(["final val loss (20 batches)", val20])
        w.writerow(["training CPU s", round(train_cpu, 2)])
        w.writerow(["training wall s", round(train_wall, 2)])
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
