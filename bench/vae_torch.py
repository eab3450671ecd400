#!/usr/bin/python3
"""The seed's VAE (spec vae.md §3) trained the same way in minima (bench_vae) and in PyTorch on one
and two threads: time per epoch, ratios, and the last epoch's terms (mean ± std over the runs).

Same data (x, y ~ U(-pi, pi), z = cos x, N(0, 0.05^2) noise; each side draws its own with the
same recipe), network (3-32-2 encoder and 2-32-3 decoder, parametric tanh p*tanh(s*h) per layer,
nn.Linear's default initialisation), loss (reconstruction (1/B)|X - X~|^2 + mean KL), Adam lr 1e-3,
batches of 100, a new shuffle each epoch. PyTorch in float32 (its default) with a DataLoader-free
loop (index tensors), which is the fastest plain way to write it.

  /usr/bin/python3 bench/vae_torch.py --bench build-bench/bench/bench_vae [--epochs 20] [--runs 3]
"""
import argparse
import json
import math
import statistics
import subprocess
import time

import numpy as np
import torch


class PTanh(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.p = torch.nn.Parameter(torch.tensor(1.0))
        self.s = torch.nn.Parameter(torch.tensor(1.0))

    def forward(self, h):
        return self.p * torch.tanh(self.s * h)


class Vae(torch.nn.Module):
    def __init__(self, d=3, h=32, latent=2):
        super().__init__()
        self.latent = latent
        self.enc = torch.nn.Sequential(torch.nn.Linear(d, h), PTanh(), torch.nn.Linear(h, 2 * latent))
        self.dec = torch.nn.Sequential(torch.nn.Linear(latent, h), PTanh(), torch.nn.Linear(h, d))

    def forward(self, x):
        out = self.enc(x)
        mu, logvar = out[:, : self.latent], out[:, self.latent :]
        z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
        return self.dec(z), mu, logvar


def cosine_data(n, seed):
    rng = np.random.default_rng(seed)
    x, y = rng.uniform(-math.pi, math.pi, n), rng.uniform(-math.pi, math.pi, n)
    data = np.stack([x, y, np.cos(x)], axis=1) + rng.normal(0, 0.05, (n, 3))
    return torch.tensor(data, dtype=torch.float32)


def train_torch(threads, epochs, n, seed, objective):
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    data = cosine_data(n, seed)
    model = Vae()
    alpha = torch.nn.Parameter(torch.tensor(1.0))
    params = list(model.parameters()) + ([alpha] if objective == "eq7" else [])
    opt = torch.optim.Adam(params, lr=1e-3)
    delta = 0.1
    start = time.perf_counter()
    for _ in range(epochs):
        perm = torch.randperm(n)
        sr = sk = 0.0
        nb = 0
        for b in range(0, n, 100):
            xb = data[perm[b : b + 100]]
            xr, mu, logvar = model(xb)
            recon = ((xb - xr) ** 2).sum() / xb.shape[0]
            kl = (-0.5 * (1 + logvar - mu ** 2 - logvar.exp())).sum() / xb.shape[0]
            if objective == "eq7":  # the seed's rule: alpha trained jointly, gradient reversed while alpha < 0
                loss = (1 + alpha) * recon + alpha * (kl - delta)
            else:
                loss = recon + kl
            opt.zero_grad()
            loss.backward()
            if objective == "eq7" and alpha.item() < 0:
                alpha.grad.neg_()
            opt.step()
            sr += recon.item()
            sk += kl.item()
            nb += 1
    seconds = time.perf_counter() - start
    return {"seconds_per_epoch": seconds / epochs, "reconstruction": sr / nb, "kl": sk / nb,
            "alpha": alpha.item() if objective == "eq7" else 0.0}


def summary(rows, key):
    v = [r[key] for r in rows]
    return statistics.mean(v), (statistics.stdev(v) if len(v) > 1 else 0.0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", default="build-bench/bench/bench_vae")
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--points", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--objective", default="elbo", choices=["elbo", "eq7"])
    args = ap.parse_args()

    results = {}
    out = subprocess.run([args.bench, "--objective", args.objective, "--epochs", str(args.epochs), "--points",
                          str(args.points), "--runs", str(args.runs)], check=True, capture_output=True, text=True)
    results["minima (1 thread)"] = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    for threads in (1, 2):
        results[f"PyTorch {torch.__version__}, {threads} thread{'s' if threads > 1 else ''}"] = [
            train_torch(threads, args.epochs, args.points, 1000 + r, args.objective) for r in range(args.runs)]

    base = summary(results["minima (1 thread)"], "seconds_per_epoch")[0]
    print(f"VAE, objective {args.objective}: {args.points} points, batch 100, Adam lr 1e-3, {args.epochs} epochs, "
          f"{args.runs} runs (mean ± std of the last epoch's terms)\n")
    print("| implementation | s / epoch | PyTorch time / minima time | reconstruction | KL | alpha |")
    print("|---|---:|---:|---|---|---|")
    for name, rows in results.items():
        t = summary(rows, "seconds_per_epoch")[0]
        r, rs = summary(rows, "reconstruction")
        k, ks = summary(rows, "kl")
        a, as_ = summary(rows, "alpha")
        alpha = f"{a:.4g} ± {as_:.2g}" if args.objective == "eq7" else "-"
        print(f"| {name} | {t:.4g} | {t / base:.2f} | {r:.4g} ± {rs:.2g} | {k:.4g} ± {ks:.2g} | {alpha} |")


if __name__ == "__main__":
    main()
