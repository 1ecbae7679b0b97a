"""PyTorch reference trainer for the ring8 TorchScript pair: the quickstart's recipe, outside gansweep.

    python3 train_reference.py [--lr 1e-4] [--loss nsgan] [--steps 3000] [--seeds 0,1,2] [--init xavier] [--g-step-noise same]

Loads ring8_g.pt / ring8_d.pt with torch.jit.load and trains them as a gansweep trial does (docs/concepts/training.md,
"What a trial trains and measures"): per round one D update on a fresh real batch and fresh z, then one
G update on the same z, D frozen; Adam(lr, betas (0.5, 0.999), eps 1e-8) for each, lr_d = lr_g; batch
256; ring8 = 8 Gaussians on a circle of radius 2, std 0.02; CPU, one thread. At the end, on 1,000
samples from a fixed z, it prints per seed:
  modes    modes with at least 1% of the samples within 3 std of it (nearest-mode assignment)
  hq       share of samples within 3 std of their nearest mode
  covered  gansweep's modes_covered: samples within a quarter of the neighbour distance (0.38) of their
           nearest mode, a mode counting with 10% of a uniform share (12.5 of 1,000)
  rkl      gansweep's reverse KL of the HQ samples' mode histogram (0 uniform, ln 8 one mode)
  label    gansweep's stability label from these numbers and the loss curve (rules of TrialLabeler:
           diverged, d_collapse, mode_collapse, unconverged, oscillating, stable)
and the mean step time (one D and one G update). d_loss and d_fake (mean sigmoid(D(G(z)))) are the last
logged round's; grad_x is the largest gradient norm over its early median (the label's slow-explosion rule).

--init: xavier (default; each seed re-draws the weights with gansweep's default scheme, biases 0),
as_saved (the file's weights for every seed), torch_default (U(+-1/sqrt(fan_in)) weights and biases),
normal (N(0, --init-std) weights, biases 0: gansweep's init normal with init_std).
--grad-clip C: clip each network's global gradient norm to C before its update (torch's clip_grad_norm_,
gansweep's grad_clip); 0 (default) is off.
"""
import argparse
import math
import os
import statistics
import time

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
K, RADIUS, STD = 8, 2.0, 0.02
MODES = torch.tensor([[RADIUS * math.cos(2 * math.pi * k / K), RADIUS * math.sin(2 * math.pi * k / K)]
                      for k in range(K)])
NEIGHBOUR = 2 * RADIUS * math.sin(math.pi / K)          # 1.53: a quarter is 0.38
LATENT, BATCH, LOG_EVERY, EVAL_SAMPLES = 2, 256, 25, 1000
INIT_STD = [0.02]                                       # --init-std, for --init normal
BOUND = 1e6                                             # gansweep's divergence bound on |loss| and grad norms
LN4 = 2 * math.log(2)                                   # nsgan/minimax D loss at equilibrium


def ring8(n, gen):
    k = torch.randint(0, K, (n,), generator=gen)
    return MODES[k] + STD * torch.randn(n, 2, generator=gen)


def reinit(module, scheme, hidden_gain, gen):
    """Re-draw parameters by name and shape, in file order (weight then bias per layer)."""
    params = list(module.named_parameters())
    weights = [n for n, p in params if n.endswith("weight") and p.dim() > 1]
    with torch.no_grad():
        for name, p in params:
            fan_in = p.shape[1] if p.dim() > 1 else None
            if name.endswith("weight") and p.dim() > 1:
                if scheme == "xavier":
                    gain = 1.0 if name == weights[-1] else hidden_gain
                    p.normal_(0.0, gain * math.sqrt(2.0 / (p.shape[0] + p.shape[1])), generator=gen)
                elif scheme == "normal":
                    p.normal_(0.0, INIT_STD[0], generator=gen)
                else:
                    b = 1 / math.sqrt(fan_in)
                    p.uniform_(-b, b, generator=gen)
            elif name.endswith("bias"):
                layer = dict(params)[name[: -len("bias")] + "weight"]
                if scheme in ("xavier", "normal"):
                    p.zero_()
                else:
                    b = 1 / math.sqrt(layer.shape[1])
                    p.uniform_(-b, b, generator=gen)


def quality(x):
    d = torch.cdist(x, MODES)
    dist, nearest = d.min(dim=1)
    n = x.shape[0]
    hq_mask = dist < 3 * STD
    hq_counts = torch.bincount(nearest[hq_mask], minlength=K)
    modes = int((hq_counts >= 0.01 * n).sum())
    covered = int((torch.bincount(nearest[dist < NEIGHBOUR / 4], minlength=K) >= 0.1 * n / K).sum())
    n_hq = int(hq_mask.sum())
    if n_hq:
        q = hq_counts.double() / n_hq
        rkl = float((q[q > 0] * torch.log(K * q[q > 0])).sum())
    else:
        rkl = float("nan")
    return {"modes": modes, "hq": n_hq / n, "covered": covered, "rkl": rkl}


def grad_norm(params):
    return math.sqrt(sum(float(p.grad.pow(2).sum()) for p in params if p.grad is not None))


def grad_ratio(rows):
    """Largest gradient norm (the larger of D's and G's per logged row) over its early median."""
    grads = [max(r["gn_d"], r["gn_g"]) for r in rows]
    if not grads:
        return float("nan")
    early = statistics.median(grads[: max(1, math.ceil(0.1 * len(grads)))])
    return max(grads) / early if early > 0 else float("nan")


def label(status, rows, q):
    """gansweep's TrialLabeler rules (analysis/.../TrialLabeler.java, StabilityThresholds.java)."""
    if status != "ok":
        return "diverged"
    window = min(len(rows), max(5, math.ceil(0.1 * len(rows))))
    tail = rows[-window:]
    if grad_ratio(rows) > 100:
        return "diverged"
    d_med = statistics.median(r["d_loss"] for r in tail)
    fake_med = statistics.median(r["d_fake"] for r in tail)
    if 1 - d_med / LN4 > 0.3 and fake_med < 0.1:
        return "d_collapse"
    fidelity_ok = q["hq"] >= 0.5
    if q["covered"] < K or (not math.isnan(q["rkl"]) and q["rkl"] > 0.1 and fidelity_ok):
        return "mode_collapse"
    if not fidelity_ok:
        return "unconverged"
    g = [r["g_loss"] for r in tail]
    if statistics.pstdev(g) / (abs(statistics.fmean(g)) + 0.1) > 0.5:
        return "oscillating"
    return "stable"


def train(seed, args):
    g = torch.jit.load(os.path.join(args.dir, "ring8_g.pt")).train()
    d = torch.jit.load(os.path.join(args.dir, "ring8_d.pt")).train()
    if args.init != "as_saved":
        init_gen = torch.Generator().manual_seed(1000 + seed)
        reinit(g, args.init, math.sqrt(2.0), init_gen)
        reinit(d, args.init, math.sqrt(2.0 / (1 + 0.2 ** 2)), init_gen)
    data_gen = torch.Generator().manual_seed(2000 + seed)
    noise_gen = torch.Generator().manual_seed(3000 + seed)
    eval_z = torch.randn(EVAL_SAMPLES, LATENT, generator=torch.Generator().manual_seed(4000 + seed))
    g_params, d_params = list(g.parameters()), list(d.parameters())
    opt_g = torch.optim.Adam(g_params, lr=args.lr, betas=(0.5, 0.999), eps=1e-8)
    opt_d = torch.optim.Adam(d_params, lr=args.lr * args.ttur, betas=(0.5, 0.999), eps=1e-8)
    rows, status = [], "ok"
    t0 = time.perf_counter()
    for step in range(1, args.steps + 1):
        real = ring8(BATCH, data_gen)
        z = torch.randn(BATCH, LATENT, generator=noise_gen)
        fake = g(z)
        opt_d.zero_grad(set_to_none=True)
        r, f = d(real), d(fake.detach())
        d_loss = F.softplus(-r).mean() + F.softplus(f).mean()
        d_loss.backward()
        log = step % LOG_EVERY == 0 or step == args.steps
        gn_d = grad_norm(d_params) if log else 0.0  # before clipping, as gansweep logs it
        if args.grad_clip > 0:
            torch.nn.utils.clip_grad_norm_(d_params, args.grad_clip)
        opt_d.step()
        for p in d_params:
            p.requires_grad_(False)
        opt_g.zero_grad(set_to_none=True)
        if args.g_step_noise == "fresh":  # a new z for G's update (gansweep's g_step_noise: fresh)
            fake = g(torch.randn(BATCH, LATENT, generator=noise_gen))
        f_g = d(fake)
        g_loss = F.softplus(-f_g).mean() if args.loss == "nsgan" else -F.softplus(f_g).mean()
        g_loss.backward()
        gn_g = grad_norm(g_params) if log else 0.0
        if args.grad_clip > 0:
            torch.nn.utils.clip_grad_norm_(g_params, args.grad_clip)
        opt_g.step()
        for p in d_params:
            p.requires_grad_(True)
        dl, gl = d_loss.item(), g_loss.item()
        if not all(math.isfinite(v) and abs(v) < BOUND for v in (dl, gl, gn_d, gn_g)):
            status = f"diverged at step {step}"
            break
        if log:
            rows.append({"step": step, "d_loss": dl, "g_loss": gl, "gn_d": gn_d, "gn_g": gn_g,
                         "d_fake": float(torch.sigmoid(f.detach()).mean())})
    seconds = time.perf_counter() - t0
    with torch.no_grad():
        q = quality(g(eval_z))
    return q, rows, status, seconds / step * 1000


def main():
    ap = argparse.ArgumentParser(description="reference training of the ring8 TorchScript pair")
    ap.add_argument("--dir", default=HERE, help="folder with ring8_g.pt and ring8_d.pt")
    ap.add_argument("--steps", type=int, default=3000)
    ap.add_argument("--lr", type=float, default=1e-4, help="lr_g (lr_d = ttur * lr_g)")
    ap.add_argument("--ttur", type=float, default=1.0)
    ap.add_argument("--loss", choices=["nsgan", "minimax"], default="nsgan")
    ap.add_argument("--init", choices=["xavier", "as_saved", "torch_default", "normal"], default="xavier")
    ap.add_argument("--init-std", type=float, default=0.02, help="std of --init normal's weights")
    ap.add_argument("--grad-clip", type=float, default=0.0, help="max global gradient norm per network (0: off)")
    ap.add_argument("--seeds", default="0,1,2")
    ap.add_argument("--g-step-noise", choices=["same", "fresh"], default="same",
                    help="z of G's update: D's (same, the default) or a new draw (fresh)")
    args = ap.parse_args()
    INIT_STD[0] = args.init_std
    torch.set_num_threads(1)
    print(f"torch {torch.__version__}, 1 thread; loss {args.loss}, lr {args.lr:g}, init {args.init}"
          f"{' std %g' % args.init_std if args.init == 'normal' else ''}, grad_clip {args.grad_clip:g}, g_step_noise {args.g_step_noise}, "
          f"{args.steps} rounds, batch {BATCH}")
    print("seed  modes  hq     covered  rkl     d_loss   d_fake  grad_x  label          ms/step  status")
    times, labels = [], []
    for seed in (int(s) for s in args.seeds.split(",")):
        q, rows, status, ms = train(seed, args)
        times.append(ms)
        labels.append(label(status, rows, q))
        last = rows[-1] if rows else {"d_loss": float("nan"), "d_fake": float("nan")}
        print(f"{seed:<5} {q['modes']}/{K}    {q['hq']:.3f}  {q['covered']}/{K}      {q['rkl']:.3f}   "
              f"{last['d_loss']:.2e} {last['d_fake']:.3f}   {grad_ratio(rows):<7.1f} {label(status, rows, q):<14} {ms:<8.3f} {status}")
    print(f"stable {labels.count('stable')} of {len(labels)}: {', '.join(labels)}")
    print(f"mean step time {statistics.fmean(times):.3f} ms (one D and one G update, batch {BATCH}, 1 thread)")


if __name__ == "__main__":
    main()
