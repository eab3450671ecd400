#!/usr/bin/python3
"""Writes vae_torch_reference.json: the VAE of include/minima/neural/vae.hpp in PyTorch (float64),
with fixed weights and fixed noise, its two terms and the gradient of c_R*R + c_K*K by autograd, and
a decoded batch. vae_torch_test.cpp compares minima's hand-written forward and backward with it.

Run: /usr/bin/python3 tests/neural/torch_reference.py   (needs python3-torch)
"""
import json
import os

import numpy as np
import torch

D, H, L, B = 3, 7, 2, 5  # small, odd sizes so that a transposed layout would show
C_R, C_K = 1.7, 0.6
rng = np.random.default_rng(20261123)


def t(a):
    return torch.tensor(a, dtype=torch.float64, requires_grad=True)


params = {
    "w1": t(rng.normal(0, 0.6, (H, D))), "b1": t(rng.normal(0, 0.3, H)),
    "p1": t(1.3), "s1": t(0.8),
    "w2": t(rng.normal(0, 0.5, (2 * L, H))), "b2": t(rng.normal(0, 0.3, 2 * L)),
    "w3": t(rng.normal(0, 0.6, (H, L))), "b3": t(rng.normal(0, 0.3, H)),
    "p3": t(0.9), "s3": t(1.2),
    "w4": t(rng.normal(0, 0.5, (D, H))), "b4": t(rng.normal(0, 0.3, D)),
}
order = ["w1", "b1", "p1", "s1", "w2", "b2", "w3", "b3", "p3", "s3", "w4", "b4"]
x = torch.tensor(rng.normal(0, 1, (B, D)), dtype=torch.float64)  # rows are the points, as in torch
eps = torch.tensor(rng.normal(0, 1, (B, L)), dtype=torch.float64)
z_decode = torch.tensor(rng.normal(0, 1, (4, L)), dtype=torch.float64)

P = params


def decode(z):
    h3 = z @ P["w3"].T + P["b3"]
    a3 = P["p3"] * torch.tanh(P["s3"] * h3)
    return a3 @ P["w4"].T + P["b4"]


h1 = x @ P["w1"].T + P["b1"]
a1 = P["p1"] * torch.tanh(P["s1"] * h1)
out = a1 @ P["w2"].T + P["b2"]
mu, logvar = out[:, :L], out[:, L:]
z = mu + torch.exp(0.5 * logvar) * eps
xr = decode(z)
recon = ((x - xr) ** 2).sum() / B
kl = (-0.5 * (1 + logvar - mu ** 2 - logvar.exp())).sum() / B
(C_R * recon + C_K * kl).backward()


def flat(v):
    """Column-major flattening (minima stores an out x in weight column by column)."""
    a = v.detach().numpy()
    return np.atleast_1d(a).flatten(order="F").tolist()


ref = {
    "input": D, "hidden": H, "latent": L, "batch": B,
    "reconstruction_weight": C_R, "kl_weight": C_K,
    "parameters": sum((flat(P[k]) for k in order), []),
    "x": flat(x.T), "noise": flat(eps.T),  # input x B and latent x B, column-major
    "mean": flat(mu.T), "log_variance": flat(logvar.T),
    "reconstruction": recon.item(), "kl": kl.item(),
    "gradient": sum((flat(P[k].grad) for k in order), []),
    "z_decode": flat(z_decode.T), "decoded": flat(decode(z_decode).T),
    "torch_version": torch.__version__,
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "vae_torch_reference.json")
with open(path, "w") as f:
    json.dump(ref, f, indent=1)
print("wrote", path)
