"""Export PyTorch reference results as JSON fixtures for the kit's parity tests.

Every fixture is computed in float64 with a fixed seed, from PyTorch's own modules (or, for the
positional-encoding table, from the paper's formula written in torch). The Java tests copy the
weights into the kit's components and compare outputs to about 1e-9.

Run from the repository root (PyTorch is needed only here, never by the kit):
    python lib/src/test/pytorch/export_fixtures.py
"""

import json
import math
import pathlib

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = pathlib.Path(__file__).resolve().parents[1] / "resources" / "pytorch"
torch.set_default_dtype(torch.float64)

D_MODEL = 8
HEADS = 2
D_FF = 16
BATCH = 2


def plain(t):
    """A tensor as nested lists (bools stay bools)."""
    return t.detach().tolist()


def write(name, payload):
    payload = {"torch_version": torch.__version__, "dtype": "float64", **payload}
    path = OUT / f"{name}.json"
    path.write_text(json.dumps(payload, indent=None, separators=(",", ":")) + "\n")
    print(f"wrote {path.relative_to(OUT.parents[4])} ({path.stat().st_size} bytes)")


def randomise(module, seed):
    """Non-trivial values for every parameter, biases and layer-norm gains included."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.randn(p.shape, generator=g) * 0.5)


def weights(module):
    return {name: plain(p) for name, p in module.named_parameters()}


def causal(n):
    """PyTorch's boolean attention mask: True means NOT allowed (a later key)."""
    return torch.triu(torch.ones(n, n, dtype=torch.bool), diagonal=1)


def multihead_attention():
    torch.manual_seed(1)
    mha = nn.MultiheadAttention(D_MODEL, HEADS, batch_first=True, dropout=0.0)
    randomise(mha, 11)
    n_q, n_k = 4, 5
    query = torch.randn(BATCH, n_q, D_MODEL)
    memory = torch.randn(BATCH, n_k, D_MODEL)
    x = torch.randn(BATCH, n_k, D_MODEL)
    key_padding = torch.tensor([[False] * 5, [False, False, False, True, True]])  # True = pad
    cross_mask = torch.tensor([[False, True, False, False, False],  # True = may NOT attend
                               [False, False, True, True, False],
                               [True, False, False, False, False],
                               [False, False, False, False, True]])
    cases = []

    def run(case, q, kv, attn_mask=None, key_padding_mask=None):
        out, avg = mha(q, kv, kv, attn_mask=attn_mask, key_padding_mask=key_padding_mask,
                       need_weights=True, average_attn_weights=True)
        out2, per_head = mha(q, kv, kv, attn_mask=attn_mask, key_padding_mask=key_padding_mask,
                             need_weights=True, average_attn_weights=False)
        assert torch.equal(out, out2)
        cases.append({
            "name": case,
            "query": plain(q), "key_value": plain(kv),
            "attn_mask": None if attn_mask is None else plain(attn_mask),
            "key_padding_mask": None if key_padding_mask is None else plain(key_padding_mask),
            "output": plain(out), "average_weights": plain(avg), "head_weights": plain(per_head),
        })

    with torch.no_grad():
        run("self_attention_without_masks", x, x)
        run("cross_attention_with_attention_and_padding_masks", query, memory, cross_mask, key_padding)
        run("self_attention_causal_with_padding", x, x, causal(n_k), key_padding)
    write("multihead_attention", {
        "d_model": D_MODEL, "heads": HEADS, "weights": weights(mha), "cases": cases,
        "mask_conventions": "attn_mask True = may NOT attend; key_padding_mask True = padding (ignored)",
    })


def layer_norm():
    torch.manual_seed(2)
    norm = nn.LayerNorm(D_MODEL)
    randomise(norm, 12)
    x = torch.randn(BATCH, 3, D_MODEL) * 3 + 1
    with torch.no_grad():
        y = norm(x)
    write("layer_norm", {"d_model": D_MODEL, "eps": norm.eps, "weights": weights(norm),
                         "input": plain(x), "output": plain(y)})


def encoder_layer(norm_first):
    torch.manual_seed(3)
    layer = nn.TransformerEncoderLayer(D_MODEL, HEADS, D_FF, dropout=0.0, activation="relu",
                                       batch_first=True, norm_first=norm_first)
    randomise(layer, 13)
    layer.train()  # dropout is 0; training mode keeps PyTorch off its fused fast path
    x = torch.randn(BATCH, 5, D_MODEL)
    padding = torch.tensor([[False] * 5, [False, False, False, False, True]])
    with torch.no_grad():
        y = layer(x, src_key_padding_mask=padding)
    write(f"encoder_layer_{'pre' if norm_first else 'post'}_norm", {
        "d_model": D_MODEL, "heads": HEADS, "d_ff": D_FF, "norm_first": norm_first, "activation": "relu",
        "weights": weights(layer), "input": plain(x), "src_key_padding_mask": plain(padding),
        "output": plain(y)})


def decoder_layer(norm_first):
    torch.manual_seed(4)
    layer = nn.TransformerDecoderLayer(D_MODEL, HEADS, D_FF, dropout=0.0, activation="relu",
                                       batch_first=True, norm_first=norm_first)
    randomise(layer, 14)
    layer.train()
    tgt = torch.randn(BATCH, 4, D_MODEL)
    memory = torch.randn(BATCH, 5, D_MODEL)
    tgt_padding = torch.tensor([[False] * 4, [False, False, False, True]])
    memory_padding = torch.tensor([[False] * 5, [False, False, False, True, True]])
    with torch.no_grad():
        y = layer(tgt, memory, tgt_mask=causal(4), tgt_key_padding_mask=tgt_padding,
                  memory_key_padding_mask=memory_padding)
    write(f"decoder_layer_{'pre' if norm_first else 'post'}_norm", {
        "d_model": D_MODEL, "heads": HEADS, "d_ff": D_FF, "norm_first": norm_first, "activation": "relu",
        "weights": weights(layer), "target": plain(tgt), "memory": plain(memory),
        "tgt_mask": plain(causal(4)), "tgt_key_padding_mask": plain(tgt_padding),
        "memory_key_padding_mask": plain(memory_padding), "output": plain(y)})


def sinusoidal_table():
    max_len, d_model = 12, 16
    position = torch.arange(max_len).unsqueeze(1).to(torch.float64)
    two_i = torch.arange(0, d_model, 2).to(torch.float64)
    angle = position / torch.pow(torch.tensor(10000.0), two_i / d_model)  # pos / 10000^(2i/d_model)
    table = torch.zeros(max_len, d_model)
    table[:, 0::2] = torch.sin(angle)
    table[:, 1::2] = torch.cos(angle)
    # The same table the way many implementations write it, through exp and log.
    div_term = torch.exp(two_i * -(math.log(10000.0) / d_model))
    assert torch.allclose(table[:, 0::2], torch.sin(position * div_term), atol=1e-12)
    write("sinusoidal_positional_encoding", {"max_length": max_len, "d_model": d_model, "table": plain(table)})


def cross_entropy():
    torch.manual_seed(5)
    smoothing, pad, vocab = 0.1, 0, 7
    logits = (torch.randn(BATCH * 5, vocab) * 2).requires_grad_()
    targets = torch.tensor([3, 1, 6, 2, 0, 5, 4, 0, 0, 2])  # three pad positions are ignored
    loss_fn = nn.CrossEntropyLoss(label_smoothing=smoothing, ignore_index=pad)
    loss = loss_fn(logits, targets)
    loss.backward()
    # The same loss as a function of log-probabilities, to give its gradient with respect to them.
    log_probs = F.log_softmax(logits.detach(), dim=-1).requires_grad_()
    counted = targets != pad
    nll = F.nll_loss(log_probs, targets, ignore_index=pad)
    uniform = -(log_probs.mean(dim=-1))[counted].mean()
    loss_lp = (1 - smoothing) * nll + smoothing * uniform
    loss_lp.backward()
    assert torch.allclose(loss, loss_lp, atol=1e-12, rtol=0), (loss.item(), loss_lp.item())
    write("cross_entropy_label_smoothing", {
        "label_smoothing": smoothing, "ignore_index": pad, "classes": vocab,
        "logits": plain(logits), "targets": plain(targets), "loss": loss.item(),
        "grad_logits": plain(logits.grad), "log_probs": plain(log_probs), "grad_log_probs": plain(log_probs.grad)})


def gelu():
    """nn.GELU() (exact: x * Phi(x) through erf) and its derivative, over the range activations reach."""
    x = torch.cat([torch.linspace(-9, 9, 181), torch.tensor([-1e-9, 0.0, 1e-9, 0.7071, 5.5, 6.0, 6.5])])
    x.requires_grad_()
    y = nn.GELU()(x)
    y.sum().backward()
    erf = torch.erf(x.detach())
    write("gelu", {"input": plain(x), "output": plain(y), "derivative": plain(x.grad), "erf": plain(erf)})


class TinyGPT(nn.Module):
    """nanoGPT's model (bias=False, GELU, pre-norm, final norm, learned positions, tied embeddings),
    written out with separate query/key/value weights as the kit holds them."""

    def __init__(self, vocab, d, heads, layers, block):
        super().__init__()
        self.heads = heads
        self.tokens = nn.Embedding(vocab, d)
        self.positions = nn.Embedding(block, d)
        self.blocks = nn.ModuleList()
        for _ in range(layers):
            self.blocks.append(nn.ModuleDict(dict(
                norm1=nn.LayerNorm(d, bias=False), q=nn.Linear(d, d, bias=False), k=nn.Linear(d, d, bias=False),
                v=nn.Linear(d, d, bias=False), o=nn.Linear(d, d, bias=False), norm2=nn.LayerNorm(d, bias=False),
                up=nn.Linear(d, 4 * d, bias=False), down=nn.Linear(4 * d, d, bias=False))))
        self.norm = nn.LayerNorm(d, bias=False)
        self.head = nn.Linear(d, vocab, bias=False)
        self.head.weight = self.tokens.weight

    def forward(self, idx):
        b, t = idx.shape
        x = self.tokens(idx) + self.positions(torch.arange(t))
        for blk in self.blocks:
            h = blk["norm1"](x)
            q, k, v = (blk[n](h).view(b, t, self.heads, -1).transpose(1, 2) for n in "qkv")
            a = F.scaled_dot_product_attention(q, k, v, is_causal=True).transpose(1, 2).reshape(b, t, -1)
            x = x + blk["o"](a)
            x = x + blk["down"](F.gelu(blk["up"](blk["norm2"](x))))
        return F.log_softmax(self.head(self.norm(x)), dim=-1)


def kit_names(model):
    """(kit name, PyTorch parameter, transpose?) for every parameter: the kit's Linear holds W as in x out."""
    out = [("embedding.table", model.tokens.weight, False), ("positions.table", model.positions.weight, False)]
    for i, blk in enumerate(model.blocks):
        p = f"blocks.{i}"
        out += [(f"{p}.attention.W_Q", blk["q"].weight, True), (f"{p}.attention.W_K", blk["k"].weight, True),
                (f"{p}.attention.W_V", blk["v"].weight, True), (f"{p}.attention.W_O", blk["o"].weight, True),
                (f"{p}.norm1.gain", blk["norm1"].weight, False), (f"{p}.feedForward.W_1", blk["up"].weight, True),
                (f"{p}.feedForward.W_2", blk["down"].weight, True), (f"{p}.norm2.gain", blk["norm2"].weight, False)]
    return out + [("norm.gain", model.norm.weight, False)]


def as_kit(pairs, of=lambda p: p):
    return {name: plain(of(p).t() if transpose else of(p)) for name, p, transpose in pairs}


def gpt():
    """A tiny GPT: log-probabilities, the cross-entropy and every gradient (the tied table gets both uses),
    then three training steps of nanoGPT's optimiser: AdamW (beta 0.9/0.99, weight decay 0.1 on 2-D
    weights only), warm-up then cosine learning rate, clipping at global norm 1."""
    vocab, d, heads, layers, block = 7, 8, 2, 2, 6
    model = TinyGPT(vocab, d, heads, layers, block)
    g = torch.Generator().manual_seed(21)
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.randn(p.shape, generator=g) * 0.4 + (1.0 if p.dim() == 1 else 0.0))
    pairs = kit_names(model)
    start = as_kit(pairs)
    tokens = torch.tensor([[0, 3, 6, 2, 0], [5, 1, 0, 4, 4]])
    targets = torch.tensor([[3, 6, 2, 0, 1], [1, 0, 4, 4, 6]])
    log_probs = model(tokens)
    loss = F.nll_loss(log_probs.view(-1, vocab), targets.view(-1))
    loss.backward()
    grads = as_kit(pairs, lambda p: p.grad)
    peak, low, warmup, decay_steps = 1e-2, 1e-3, 1, 3

    def lr(it):  # nanoGPT's get_lr
        if it < warmup:
            return peak * (it + 1) / (warmup + 1)
        if it > decay_steps:
            return low
        return low + 0.5 * (1 + math.cos(math.pi * (it - warmup) / (decay_steps - warmup))) * (peak - low)

    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=peak, betas=(0.9, 0.99), eps=1e-8)
    losses, rates, norms = [], [], []
    for it in range(3):
        for group in opt.param_groups:
            group["lr"] = lr(it)
        opt.zero_grad()
        step_loss = F.nll_loss(model(tokens).view(-1, vocab), targets.view(-1))
        step_loss.backward()
        norms.append(torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0).item())
        opt.step()
        losses.append(step_loss.item())
        rates.append(lr(it))
    write("gpt", {
        "vocab": vocab, "d_model": d, "heads": heads, "layers": layers, "block_size": block,
        "tokens": plain(tokens), "targets": plain(targets), "weights": start, "log_probs": plain(log_probs),
        "loss": loss.item(), "grads": grads,
        "schedule": {"peak": peak, "min": low, "warmup": warmup, "decay_steps": decay_steps},
        "step_losses": losses, "step_rates": rates, "step_norms": norms, "weights_after": as_kit(pairs)})


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    multihead_attention()
    layer_norm()
    for first in (False, True):
        encoder_layer(first)
        decoder_layer(first)
    sinusoidal_table()
    cross_entropy()
    gelu()
    gpt()
