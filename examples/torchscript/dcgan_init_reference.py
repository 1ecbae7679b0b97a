"""PyTorch reference for known outcome 002 (practitioner note 002: "N(0, 0.02) init works, N(0, 0.2) fails")
on gansweep's DCGAN and shapes, outside gansweep.

    python3 dcgan_init_reference.py [--stds 0.02,0.2] [--seeds 0,1,2,3] [--steps 400]

The networks are gansweep's built-in DCGAN (gan/ConvNet.java) at the size of the known-outcome test:
G: z (32) -> linear -> 64 x 7 x 7 -> ReLU -> transposed conv 4x4/2 -> 32 x 14 x 14 -> ReLU -> transposed
conv 4x4/2 -> 1 x 28 x 28 -> tanh; D: conv 4x4/2 -> 32 -> LeakyReLU 0.2 -> conv 4x4/2 -> 64 -> LeakyReLU 0.2
-> linear -> logit. Init normal: every weight N(0, std), biases 0 (gansweep's init normal with init_std).
The recipe is gansweep's trial (docs/concepts/training.md): per round one D update on a fresh real batch
and fresh z, then one G update on the same z; nsgan; Adam(2e-4, betas (0.5, 0.999)) for each; batch 64.
The data are the shapes images (worker/.../data/Shapes.java, redrawn here with numpy's generator: the
same ten classes and ranges, other draws), in [-1, 1].

Quality: gansweep scores images by the Frechet distance on its pinned classifier's features; here, to stay
small, the Frechet distance of 7x7 average-pooled pixels (49 features) between 1,000 generated and 1,000
held-out real images, at round 0 and at the end. It prints per std and seed: fd0, fd (end), the ratio,
d_fake (mean sigmoid(D(G(z))) over the last 25 rounds) and the mean std of G's output pixels at init
(how saturated its tanh is), then the median ratio per std.
"""
import argparse
import math
import statistics
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

SIZE, LATENT, BASE, BATCH, LR, EVAL = 28, 32, 32, 64, 2e-4, 1000


def shapes(n, seed):
    """n shapes images in [0, 1], classes cycling 0..9 (gansweep's Shapes.generate, numpy draws)."""
    rng = np.random.default_rng(seed)
    ys, xs = np.mgrid[0:SIZE, 0:SIZE] + 0.5
    out = np.zeros((n, SIZE, SIZE), dtype=np.float32)
    for i in range(n):
        c = i % 10
        cx, cy = 9 + 10 * rng.random(), 9 + 10 * rng.random()
        r, b = 5 + 3 * rng.random(), 0.7 + 0.3 * rng.random()
        dx, dy = xs - cx, ys - cy

        def box(u, w, hx, hy):
            return np.maximum(np.abs(u) - hx, np.abs(w) - hy)

        def tri(u, w):
            d = np.full(u.shape, -np.inf)
            for k in range(3):
                a = math.pi / 2 + 2 * math.pi * k / 3
                d = np.maximum(d, u * math.cos(a) + w * math.sin(a) - r / 2)
            return d
        filled = lambda d: 0.5 - d
        outlined = lambda d: 1.0 - np.abs(d)
        circle = np.hypot(dx, dy) - r
        u, w = (dx + dy) / math.sqrt(2), (dx - dy) / math.sqrt(2)
        v = [filled(circle), outlined(circle), filled(box(dx, dy, .8 * r, .8 * r)), outlined(box(dx, dy, .8 * r, .8 * r)),
             filled(tri(dx, dy)), outlined(tri(dx, dy)), filled(box(dx, dy, r, r / 3)), filled(box(dx, dy, r / 3, r)),
             filled(np.minimum(box(dx, dy, r, r / 4), box(dx, dy, r / 4, r))),
             filled(np.minimum(box(u, w, r, r / 4), box(u, w, r / 4, r)))][c]
        out[i] = np.round(255 * np.clip(b * v, 0, 1)) / 255
    return torch.from_numpy(out).unsqueeze(1)


class G(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(LATENT, 2 * BASE * 7 * 7)
        self.up1 = nn.ConvTranspose2d(2 * BASE, BASE, 4, 2, 1)
        self.up2 = nn.ConvTranspose2d(BASE, 1, 4, 2, 1)

    def forward(self, z):
        h = F.relu(self.fc(z).view(-1, 2 * BASE, 7, 7))
        return torch.tanh(self.up2(F.relu(self.up1(h))))


class D(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, BASE, 4, 2, 1)
        self.c2 = nn.Conv2d(BASE, 2 * BASE, 4, 2, 1)
        self.fc = nn.Linear(2 * BASE * 7 * 7, 1)

    def forward(self, x):
        h = F.leaky_relu(self.c2(F.leaky_relu(self.c1(x), 0.2)), 0.2)
        return self.fc(h.flatten(1)).squeeze(1)


def init_normal(m, std, gen):
    with torch.no_grad():
        for name, p in m.named_parameters():
            if name.endswith("weight"):
                p.copy_(torch.randn(p.shape, generator=gen) * std)
            else:
                p.zero_()


def frechet(a, b):
    """Frechet distance of two sample sets (rows), by the eigenvalues of sqrt(S1) S2 sqrt(S1)."""
    a, b = a.double(), b.double()
    m1, m2 = a.mean(0), b.mean(0)
    s1, s2 = torch.cov(a.T), torch.cov(b.T)
    e, v = torch.linalg.eigh(s1)
    r1 = v @ torch.diag(e.clamp(min=0).sqrt()) @ v.T
    tr = torch.linalg.eigvalsh(r1 @ s2 @ r1).clamp(min=0).sqrt().sum()
    return float(((m1 - m2) ** 2).sum() + torch.trace(s1) + torch.trace(s2) - 2 * tr)


def feats(x):
    return F.avg_pool2d(x, 4).flatten(1)


def run(std, seed, steps, train, held, z_eval):
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(1000 + seed)
    g, d = G(), D()
    init_normal(g, std, gen)
    init_normal(d, std, gen)
    og = torch.optim.Adam(g.parameters(), LR, betas=(0.5, 0.999))
    od = torch.optim.Adam(d.parameters(), LR, betas=(0.5, 0.999))
    real_f = feats(held)
    with torch.no_grad():
        x0 = g(z_eval)
        fd0, spread0 = frechet(feats(x0), real_f), float(x0.std(dim=0).mean())
    data = torch.Generator().manual_seed(2000 + seed)
    d_fake = []
    for step in range(steps):
        real = train[torch.randint(0, len(train), (BATCH,), generator=data)]
        z = torch.randn(BATCH, LATENT, generator=gen)
        fake = g(z)
        loss_d = F.softplus(-d(real)).mean() + F.softplus(d(fake.detach())).mean()
        od.zero_grad()
        loss_d.backward()
        od.step()
        out = d(fake)
        loss_g = F.softplus(-out).mean()
        og.zero_grad()
        loss_g.backward()
        og.step()
        if step >= steps - 25:
            d_fake.append(float(torch.sigmoid(out.detach()).mean()))
    with torch.no_grad():
        fd = frechet(feats(g(z_eval)), real_f)
    return fd0, fd, statistics.mean(d_fake), spread0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stds", default="0.02,0.2")
    ap.add_argument("--seeds", default="0,1,2,3")
    ap.add_argument("--steps", type=int, default=400)
    args = ap.parse_args()
    torch.set_num_threads(1)
    train = shapes(12000, 28) * 2 - 1
    held = shapes(EVAL, 5) * 2 - 1
    z_eval = torch.randn(EVAL, LATENT, generator=torch.Generator().manual_seed(7))
    for std in [float(s) for s in args.stds.split(",")]:
        ratios = []
        for seed in [int(s) for s in args.seeds.split(",")]:
            t0 = time.time()
            fd0, fd, dfake, spread0 = run(std, seed, args.steps, train, held, z_eval)
            ratios.append(fd / fd0)
            print(f"std {std} seed {seed}: fd0 {fd0:.2f} fd {fd:.2f} ratio {fd / fd0:.3f} d_fake {dfake:.3f} "
                  f"pixel_std0 {spread0:.3f} ({time.time() - t0:.0f} s)", flush=True)
        print(f"std {std}: median fd/fd0 {statistics.median(ratios):.3f} over {len(ratios)} seeds", flush=True)


if __name__ == "__main__":
    main()
