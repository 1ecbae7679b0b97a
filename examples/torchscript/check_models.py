"""Check the TorchScript files written by make_models.py; one line per check, exit 1 on any failure.

    python3 check_models.py [--dir DIR]        (default: this script's folder)

Besides shapes, finiteness and the R1 helper, it checks that the files compute what gansweep's
built-in networks compute: each pair against a functional transcription of Mlp.java / ConvNet.java
(including ConvNet's sub-pixel transposed convolution), and D's input gradient against Mlp.java's
closed form, all from the loaded parameters.
"""
import argparse
import copy
import os
import sys

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_models as mm  # noqa: E402

MAX_BYTES = 2 * 1024 * 1024
failures = 0


def check(name, ok, detail=""):
    global failures
    print(f"{'PASS' if ok else 'FAIL'} {name}{': ' + detail if detail else ''}")
    if not ok:
        failures += 1


def skip(name, why):
    print(f"SKIP {name}: {why}")


def maxdiff(a, b):
    return (a - b).abs().max().item()


def load(d, f):
    path = os.path.join(d, f)
    try:
        size = os.path.getsize(path)
        extra = {"torch_version": ""}
        m = torch.jit.load(path, _extra_files=extra)
    except Exception as e:  # noqa: BLE001
        check(f"{f} loads with torch.jit.load", False, f"{type(e).__name__}: {str(e).splitlines()[0]}")
        return None, None
    check(f"{f} loads with torch.jit.load", True,
          f"{size} bytes, written by torch {extra['torch_version'].decode() if extra['torch_version'] else '?'}")
    check(f"{f} is under 2 MB", size < MAX_BYTES, f"{size} bytes")
    return m, extra["torch_version"].decode() if extra["torch_version"] else None


def layout(m):
    return [(n, tuple(p.shape)) for n, p in m.named_parameters()]


def out_ok(name, y, shape, lo=None, hi=None):
    ok = tuple(y.shape) == shape and bool(torch.isfinite(y).all())
    detail = f"shape {tuple(y.shape)} (expected {shape}), finite {bool(torch.isfinite(y).all())}"
    if lo is not None:
        inside = bool((y >= lo).all() and (y <= hi).all())
        ok = ok and inside
        detail += f", range [{y.min().item():.4f}, {y.max().item():.4f}] within [{lo}, {hi}] {inside}"
    check(name, ok, detail)


# ---- functional transcriptions of the built-in networks (worker/.../gan/Mlp.java, ConvNet.java)

def mlp_builtin(params, x, act):
    """Mlp.forward: hidden layers Linear -> act, then a Linear output (with bias, no activation)."""
    ws = [params[k] for k in params if k.endswith("weight")]
    bs = [params[k] for k in params if k.endswith("bias")]
    h = x
    for w, b in zip(ws[:-1], bs[:-1]):
        a = F.linear(h, w, b)
        h = F.relu(a) if act == "relu" else F.leaky_relu(a, mm.LEAKY_SLOPE)
    return F.linear(h, ws[-1], bs[-1])


def mlp_input_gradient(params, x, act):
    """Mlp.inputGradient: delta = W_out; for each hidden layer from the top, delta = (delta * slope) . W."""
    ws = [params[k] for k in params if k.endswith("weight")]
    bs = [params[k] for k in params if k.endswith("bias")]
    slopes, h = [], x
    leak = 0.0 if act == "relu" else mm.LEAKY_SLOPE
    for w, b in zip(ws[:-1], bs[:-1]):
        a = F.linear(h, w, b)
        slopes.append((a > 0).to(a.dtype) * (1.0 - leak) + leak)
        h = F.relu(a) if act == "relu" else F.leaky_relu(a, mm.LEAKY_SLOPE)
    delta = ws[-1]
    for s, w in zip(reversed(slopes), reversed(ws[:-1])):
        delta = (s * delta) @ w
    return delta


PHASE_TAP = [[3, 1, -1], [-1, 2, 0]]


def phase_selection():
    m = torch.zeros(16, 36)
    for a in range(2):
        for c in range(2):
            for t in range(3):
                for u in range(3):
                    if PHASE_TAP[a][t] >= 0 and PHASE_TAP[c][u] >= 0:
                        m[PHASE_TAP[a][t] * 4 + PHASE_TAP[c][u], ((a * 2 + c) * 3 + t) * 3 + u] = 1
    return m


def transposed_conv_subpixel(x, w, bias):
    """ConvNet.transposedConv (groups = 1): the four output phases as one 3x3 conv, interleaved."""
    cin, cout = w.shape[0], w.shape[1]
    taps = w.reshape(cin * cout, 16) @ phase_selection()
    kernel = taps.reshape(cin, cout, 2, 2, 3, 3).permute(1, 2, 3, 0, 4, 5).reshape(cout * 4, cin, 3, 3)
    phases = F.conv2d(x, kernel, bias.repeat_interleave(4), stride=1, padding=1)
    b, h, wd = x.shape[0], x.shape[2], x.shape[3]
    return phases.reshape(b, cout, 2, 2, h, wd).permute(0, 1, 4, 2, 5, 3).reshape(b, cout, 2 * h, 2 * wd)


def dcgan_g_builtin(p, bufs, z):
    """ConvNet.generate with batch_norm: linear -> BN ReLU -> convT -> BN ReLU -> convT -> tanh (train mode)."""
    s = mm.SIZE // 4
    a = F.linear(z, p["fc.weight"], p["fc.bias"]).reshape(z.shape[0], 2 * mm.BASE, s, s)
    h = F.relu(F.batch_norm(a, bufs["net.0.running_mean"], bufs["net.0.running_var"], p["net.0.weight"],
                            p["net.0.bias"], True, 0.1, 1e-5))
    a = transposed_conv_subpixel(h, p["net.2.weight"], p["net.2.bias"])
    h = F.relu(F.batch_norm(a, bufs["net.3.running_mean"], bufs["net.3.running_var"], p["net.3.weight"],
                            p["net.3.bias"], True, 0.1, 1e-5))
    return torch.tanh(transposed_conv_subpixel(h, p["net.5.weight"], p["net.5.bias"]))


def dcgan_d_builtin(p, x):
    """ConvNet.discriminate: conv 4x4/2 -> LeakyReLU -> conv 4x4/2 -> LeakyReLU -> flatten -> linear."""
    h = F.leaky_relu(F.conv2d(x, p["net.0.weight"], p["net.0.bias"], stride=2, padding=1), mm.LEAKY_SLOPE)
    h = F.leaky_relu(F.conv2d(h, p["net.2.weight"], p["net.2.bias"], stride=2, padding=1), mm.LEAKY_SLOPE)
    return F.linear(h.reshape(h.shape[0], -1), p["net.5.weight"], p["net.5.bias"])


def dcgan_d_input_gradient(p, x):
    """ConvNet.inputGradient: output weights as the last feature map, back through each conv as the
    transposed conv with the same weights, times the activation slopes."""
    slopes, h = [], x
    for k in ("net.0", "net.2"):
        a = F.conv2d(h, p[k + ".weight"], p[k + ".bias"], stride=2, padding=1)
        slopes.append((a > 0).to(a.dtype) * (1.0 - mm.LEAKY_SLOPE) + mm.LEAKY_SLOPE)
        h = F.leaky_relu(a, mm.LEAKY_SLOPE)
    s = mm.SIZE // 4
    delta = p["net.5.weight"].reshape(1, 2 * mm.BASE, s, s)
    for slope, k in zip(reversed(slopes), ("net.2", "net.0")):
        w = p[k + ".weight"]
        delta = transposed_conv_subpixel(slope * delta, w, torch.zeros(w.shape[1]))
    return delta


def params_of(m):
    return {n: p.detach().clone() for n, p in m.named_parameters()}


def r1_checks(tag, d, helper, x):
    """The helper's gradient and the penalty's parameter gradients against eager autograd."""
    x1 = x.clone().requires_grad_(True)
    g_helper = helper(d(x1), x1)
    x2 = x.clone().requires_grad_(True)
    (g_ref,) = torch.autograd.grad(d(x2).sum(), x2, create_graph=True)
    diff = maxdiff(g_helper, g_ref)
    check(f"r1_grad.pt on {tag}: input gradient equals torch.autograd.grad", diff < 1e-6,
          f"shape {tuple(g_helper.shape)}, max abs diff {diff:.2e}")
    params = [p for p in d.parameters()]
    pen_h = g_helper.pow(2).flatten(1).sum(1).mean()
    zero = lambda gs: [torch.zeros_like(p) if g is None else g for g, p in zip(gs, params)]  # noqa: E731
    gh = zero(torch.autograd.grad(pen_h, params, allow_unused=True))  # the output bias does not reach it
    pen_r = g_ref.pow(2).flatten(1).sum(1).mean()
    gr = zero(torch.autograd.grad(pen_r, params, allow_unused=True))
    diff = max(maxdiff(a, b) for a, b in zip(gh, gr))
    scale = max(b.abs().max().item() for b in gr)
    check(f"r1_grad.pt on {tag}: penalty's parameter gradients (double backward) equal eager", diff < 1e-6 * max(1.0, scale),
          f"max abs diff {diff:.2e} (largest gradient {scale:.2e})")
    return g_helper.detach()


def main():
    ap = argparse.ArgumentParser(description="check the TorchScript files of make_models.py")
    ap.add_argument("--dir", default=HERE)
    args = ap.parse_args()
    torch.manual_seed(1234)
    print(f"torch {torch.__version__}, files in {args.dir}")
    loaded = {f: load(args.dir, f) for f in ["ring8_g.pt", "ring8_d.pt", "dcgan_g.pt", "dcgan_d.pt", "r1_grad.pt"]}
    if any(m is None for m, _ in loaded.values()):
        print(f"{failures} check(s) failed")
        sys.exit(1)
    g8, d8, gc, dc, r1 = (loaded[f][0] for f in loaded)
    fresh = mm.models()

    # ---- ring8 pair
    h, L = mm.RING8_HIDDEN, mm.RING8_LAYERS
    want = lambda inp, out: [(f"net.{2 * i}.{k}", s) for i in range(L + 1)  # noqa: E731
                             for k, s in (("weight", (out if i == L else h, inp if i == 0 else h)),
                                          ("bias", (out if i == L else h,)))]
    check("ring8_g.pt parameters are Mlp.java's layout (net.0 ... net.6, every layer with a bias)",
          layout(g8) == want(2, 2), str(layout(g8)))
    check("ring8_d.pt parameters are Mlp.java's layout", layout(d8) == want(2, 1), str(layout(d8)))
    for b in (1, 256):
        out_ok(f"ring8_g.pt z[{b},2] -> [{b},2], finite", g8(torch.randn(b, 2)), (b, 2))
        out_ok(f"ring8_d.pt x[{b},2] -> [{b},1], finite", d8(torch.randn(b, 2)), (b, 1))
    z, x = torch.randn(512, 2), 2.5 * torch.randn(512, 2)
    diff = maxdiff(g8(z), mlp_builtin(params_of(g8), z, "relu"))
    check("ring8_g.pt equals Mlp.java's forward (ReLU hidden, linear output, no output activation)", diff < 1e-6,
          f"max abs diff {diff:.2e}")
    diff = maxdiff(d8(x), mlp_builtin(params_of(d8), x, "leaky"))
    check("ring8_d.pt equals Mlp.java's forward (LeakyReLU 0.2 hidden, linear output)", diff < 1e-6,
          f"max abs diff {diff:.2e}")
    for name, m, gain in (("ring8_g.pt", g8, 2 ** 0.5), ("ring8_d.pt", d8, (2 / 1.04) ** 0.5)):
        ws = [p for n, p in m.named_parameters() if n.endswith("weight")]
        ratios = [p.std().item() / ((gain if i < len(ws) - 1 else 1.0) * (2 / sum(p.shape)) ** 0.5)
                  for i, p in enumerate(ws)]
        zero_bias = all(bool((p == 0).all()) for n, p in m.named_parameters() if n.endswith("bias"))
        check(f"{name} weights are gansweep's xavier (std / expected within 10%, biases 0)",
              zero_bias and all(0.9 < r < 1.1 for r in ratios[:-1]) and 0.5 < ratios[-1] < 1.5,
              "std ratios " + ", ".join(f"{r:.3f}" for r in ratios) + f"; biases zero {zero_bias}")

    # ---- DCGAN pair
    s = mm.SIZE // 4
    for b in (1, 64):
        g = copy.deepcopy(gc).train()
        out_ok(f"dcgan_g.pt z[{b},{mm.LATENT}] -> [{b},1,28,28] in [-1,1], train mode", g(torch.randn(b, mm.LATENT)),
               (b, 1, 28, 28), -1.0, 1.0)
        g = copy.deepcopy(gc).eval()
        with torch.no_grad():
            out_ok(f"dcgan_g.pt z[{b},{mm.LATENT}] -> [{b},1,28,28] in [-1,1], eval mode, no grad",
                   g(torch.randn(b, mm.LATENT)), (b, 1, 28, 28), -1.0, 1.0)
        out_ok(f"dcgan_d.pt x[{b},1,28,28] -> [{b},1], finite", dc(torch.rand(b, 1, 28, 28) * 2 - 1), (b, 1))
    check("dcgan_g.pt saved in training mode (as freshly built)", gc.training)
    bufs = {n: tuple(t.shape) for n, t in gc.named_buffers()}
    want_bufs = {"net.0.running_mean": (2 * mm.BASE,), "net.0.running_var": (2 * mm.BASE,),
                 "net.0.num_batches_tracked": (), "net.3.running_mean": (mm.BASE,),
                 "net.3.running_var": (mm.BASE,), "net.3.num_batches_tracked": ()}
    check("dcgan_g.pt holds BatchNorm running statistics as buffers", bufs == want_bufs, str(bufs))
    g = copy.deepcopy(gc).train()
    before = dict(g.named_buffers())["net.0.running_mean"].clone()
    g(torch.randn(64, mm.LATENT))
    moved = maxdiff(dict(g.named_buffers())["net.0.running_mean"], before)
    check("dcgan_g.pt: a training-mode forward updates the running statistics (a dry run must use eval mode)",
          moved > 0, f"running_mean moved by {moved:.2e}")
    g = copy.deepcopy(gc).train()
    z = torch.randn(64, mm.LATENT)
    ref_bufs = {n: t.clone() for n, t in g.named_buffers()}
    diff = maxdiff(g(z), dcgan_g_builtin(params_of(g), ref_bufs, z))
    check("dcgan_g.pt equals ConvNet.java's generator (batch_norm on, sub-pixel transposed conv)", diff < 1e-5,
          f"max abs diff {diff:.2e}")
    x = torch.rand(64, 1, 28, 28) * 2 - 1
    diff = maxdiff(dc(x), dcgan_d_builtin(params_of(dc), x))
    check("dcgan_d.pt equals ConvNet.java's discriminator", diff < 1e-5, f"max abs diff {diff:.2e}")
    w = [p for n, p in list(gc.named_parameters()) + list(dc.named_parameters())
         if n.endswith("weight") and p.dim() > 1]
    bn_ok = all(bool((p == 1).all()) for n, p in gc.named_parameters() if n.endswith("weight") and p.dim() == 1)
    check("dcgan weights are normal02 (std within 10% of 0.02; biases 0; BatchNorm weight 1)",
          all(abs(p.std().item() / 0.02 - 1) < 0.1 for p in w if p.numel() > 400) and bn_ok
          and all(bool((p == 0).all()) for m in (gc, dc) for n, p in m.named_parameters() if n.endswith("bias")),
          "stds " + ", ".join(f"{p.std().item():.4f}" for p in w))

    # ---- R1 helper
    check("r1_grad.pt has no parameters or buffers", not list(r1.parameters()) and not list(r1.buffers()))
    xr = torch.randn(256, 2) * 2
    g_helper = r1_checks("ring8_d.pt", d8, r1, xr)
    diff = maxdiff(g_helper, mlp_input_gradient(params_of(d8), xr, "leaky"))
    check("r1_grad.pt on ring8_d.pt equals Mlp.java's closed-form input gradient", diff < 1e-5,
          f"max abs diff {diff:.2e}")
    xi = torch.rand(64, 1, 28, 28) * 2 - 1
    g_helper = r1_checks("dcgan_d.pt", dc, r1, xi)
    diff = maxdiff(g_helper, dcgan_d_input_gradient(params_of(dc), xi))
    check("r1_grad.pt on dcgan_d.pt equals ConvNet.java's closed-form input gradient", diff < 1e-5,
          f"max abs diff {diff:.2e}")
    # gp at interpolates between G's output and real images: the graph back to G must survive
    g = copy.deepcopy(gc).train()
    fake = g(torch.randn(16, mm.LATENT))
    alpha = torch.rand(16, 1, 1, 1)
    xh = (alpha * (torch.rand(16, 1, 28, 28) * 2 - 1) + (1 - alpha) * fake.detach()).requires_grad_(True)
    gp = ((r1(dc(xh), xh).flatten(1).norm(dim=1) - 1) ** 2).mean()
    gp.backward()
    filled = [n for n, p in dc.named_parameters() if p.grad is not None and bool(torch.isfinite(p.grad).all())]
    check("r1_grad.pt: a gp penalty's backward fills every D parameter's gradient but the output bias's",
          filled == [n for n, _ in dc.named_parameters()][:-1], f"gp {gp.item():.4f}, filled {filled}")

    # ---- the files are what make_models.py writes (same torch version only: RNG streams may differ)
    for f in ["ring8_g.pt", "ring8_d.pt", "dcgan_g.pt", "dcgan_d.pt"]:
        m, ver = loaded[f]
        if ver != torch.__version__:
            skip(f"{f} equals make_models.py's weights", f"written by torch {ver}, checking with {torch.__version__}")
            continue
        want_sd = fresh[f].state_dict()
        got_sd = m.state_dict()
        same = list(want_sd) == list(got_sd) and all(torch.equal(want_sd[k], got_sd[k]) for k in want_sd)
        check(f"{f} equals make_models.py's weights (seeded, reproducible)", same)

    print(f"{failures} check(s) failed" if failures else "all checks passed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
