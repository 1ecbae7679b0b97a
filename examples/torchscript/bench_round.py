"""Round time of the ring8 TorchScript pair in PyTorch eager: the figure gansweep's bench section 13 compares with.

    python3 bench_round.py [--penalty none] [--warmup 20] [--rounds 100] [--reps 5] [--batch 256] [--dir DIR]
    python3 bench_round.py --serve [--batch 256] [--dir DIR]      (how `gansweep bench --sections 13` runs it)

A round is the quickstart's recipe as train_reference.py trains it: one D update on a fresh real batch
of ring8 and fresh z (nsgan loss; with --penalty r1 also R1, gamma 1, (gamma/2)·mean ||grad_x D(x)||^2
at the real batch through torch.autograd.grad(create_graph=True)), then one G update on the same z
with D's parameters frozen; Adam(1e-4, betas (0.5, 0.999), eps 1e-8) for each; both losses read back
with .item() every round, as a training loop that logs them does. CPU, torch.set_num_threads(1).
Each trial loads both modules afresh with torch.jit.load (the file's weights, in training mode),
runs --warmup untimed rounds (TorchScript's profiling executor optimises a graph after its first
runs), then times --rounds rounds one by one.

Alone, it prints the median ms per round of each of --reps trials and their median. With --serve it
answers one request per line of stdin (space separated; gansweep interleaves them with its own
trials, so both see the same machine):
  on start    ready torch <version> threads <n>
  request     round <none|r1> <warmup> <rounds>
  reply       result <none|r1> <rounds> <median ms> <mean ms>
              error <one line>
End of stdin ends it.
"""
import argparse
import math
import os
import statistics
import sys
import time

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
K, RADIUS, STD, LATENT = 8, 2.0, 0.02, 2
MODES = torch.tensor([[RADIUS * math.cos(2 * math.pi * k / K), RADIUS * math.sin(2 * math.pi * k / K)]
                      for k in range(K)])
LR, BETAS, EPS, GAMMA = 1e-4, (0.5, 0.999), 1e-8, 1.0
PENALTIES = ("none", "r1")


def ring8(n, gen):
    k = torch.randint(0, K, (n,), generator=gen)
    return MODES[k] + STD * torch.randn(n, 2, generator=gen)


def trial(folder, penalty, batch, warmup, rounds, seed=0):
    """Milliseconds of each timed round of one fresh trial."""
    g = torch.jit.load(os.path.join(folder, "ring8_g.pt")).train()
    d = torch.jit.load(os.path.join(folder, "ring8_d.pt")).train()
    g_params, d_params = list(g.parameters()), list(d.parameters())
    opt_g = torch.optim.Adam(g_params, lr=LR, betas=BETAS, eps=EPS)
    opt_d = torch.optim.Adam(d_params, lr=LR, betas=BETAS, eps=EPS)
    data_gen = torch.Generator().manual_seed(2000 + seed)
    noise_gen = torch.Generator().manual_seed(3000 + seed)
    times = []
    for step in range(warmup + rounds):
        t0 = time.perf_counter()
        real = ring8(batch, data_gen)
        z = torch.randn(batch, LATENT, generator=noise_gen)
        fake = g(z)
        opt_d.zero_grad(set_to_none=True)
        if penalty == "r1":
            real.requires_grad_(True)
        r, f = d(real), d(fake.detach())
        d_loss = F.softplus(-r).mean() + F.softplus(f).mean()
        if penalty == "r1":
            (grad,) = torch.autograd.grad(r.sum(), real, create_graph=True)
            d_loss = d_loss + GAMMA / 2 * grad.pow(2).sum(dim=1).mean()
        d_loss.backward()
        opt_d.step()
        for p in d_params:
            p.requires_grad_(False)
        opt_g.zero_grad(set_to_none=True)
        g_loss = F.softplus(-d(fake)).mean()
        g_loss.backward()
        opt_g.step()
        for p in d_params:
            p.requires_grad_(True)
        d_loss.item(), g_loss.item()
        if step >= warmup:
            times.append((time.perf_counter() - t0) * 1000)
    return times


def serve(args):
    print(f"ready torch {torch.__version__} threads {torch.get_num_threads()}", flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        try:
            if len(words) != 4 or words[0] != "round" or words[1] not in PENALTIES:
                raise ValueError(f"bad request {line.strip()!r} (allowed: round <none|r1> <warmup> <rounds>)")
            warmup, rounds = int(words[2]), int(words[3])
            if warmup < 0 or rounds < 1:
                raise ValueError(f"bad counts {warmup} {rounds} (allowed: warmup >= 0, rounds >= 1)")
            ms = trial(args.dir, words[1], args.batch, warmup, rounds)
            print(f"result {words[1]} {rounds} {statistics.median(ms):.6f} {statistics.fmean(ms):.6f}", flush=True)
        except Exception as e:  # one line back to the bench, which stops the section with it
            print("error " + " ".join(f"{type(e).__name__}: {e}".split()), flush=True)


def main():
    ap = argparse.ArgumentParser(description="round time of the ring8 TorchScript pair in PyTorch eager")
    ap.add_argument("--dir", default=HERE, help="folder with ring8_g.pt and ring8_d.pt")
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--penalty", choices=PENALTIES, default="none")
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=100)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--serve", action="store_true", help="answer requests from stdin (see the module's doc)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    if args.serve:
        serve(args)
        return
    medians = []
    for rep in range(args.reps):
        ms = trial(args.dir, args.penalty, args.batch, args.warmup, args.rounds, seed=rep)
        medians.append(statistics.median(ms))
        print(f"trial {rep}: median {medians[-1]:.3f} ms, mean {statistics.fmean(ms):.3f} ms per round")
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s), penalty {args.penalty}, batch {args.batch}: "
          f"median of {args.reps} trials {statistics.median(medians):.3f} ms per round")


if __name__ == "__main__":
    main()
