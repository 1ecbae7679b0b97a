"""Save TorchScript generator/discriminator pairs for gansweep's `model: {type: torchscript}`.

    python3 make_models.py --out DIR        (default: this script's folder)

Writes:
  ring8_g.pt, ring8_d.pt   twin of the quickstart's built-in MLPs (examples/quickstart.yaml):
                           latent_dim 2, hidden 128, layers 3; G z[B,2] -> x[B,2], D x[B,2] -> logit[B,1].
                           Weights: gansweep's default init `xavier` (N(0, gain*sqrt(2/(in+out))),
                           gain sqrt(2) for ReLU, sqrt(2/1.04) for LeakyReLU(0.2), 1 for the output layer;
                           biases 0), so `init: as_saved` starts where a built-in quickstart trial would.
  dcgan_g.pt, dcgan_d.pt   DCGAN pair for 28x28 greyscale (`dataset: shapes`), the built-in ConvNet with
                           batch_norm: true. LATENT = 32 and BASE = 32 channels (examples/shapes-dcgan.yaml).
                           G z[B,32] -> x[B,1,28,28] in [-1,1]; D x[B,1,28,28] -> logit[B,1].
                           Weights: init `normal02` (N(0, 0.02), biases 0, BatchNorm weight 1, bias 0).
  r1_grad.pt               parameter-free helper: forward(out, x) = d(out.sum())/dx with create_graph=True,
                           for gp / r1 penalties on any D (double backward through libtorch's autograd).

All modules are saved in training mode (as freshly built); seeds are fixed, so a rerun with the same
torch version writes the same weights. Each file records the torch version that wrote it (extra file
`torch_version`).
"""
import argparse
import os
from typing import List

import torch
from torch import nn

# ring8 pair (the quickstart's built-in MLPs)
RING8_LATENT = 2
RING8_HIDDEN = 128
RING8_LAYERS = 3          # hidden layers; plus one linear output layer
LEAKY_SLOPE = 0.2

# DCGAN pair for 28x28 greyscale (the built-in ConvNet)
LATENT = 32               # latent_dim
BASE = 32                 # base channels (`hidden` of the built-in ConvNet)
SIZE = 28                 # image side; G starts at SIZE/4 = 7


def mlp(inp: int, hidden: int, layers: int, out: int, act: nn.Module) -> nn.Sequential:
    """Linear -> act, `layers` times, then a linear output (with bias, no activation)."""
    mods: List[nn.Module] = []
    for _ in range(layers):
        mods += [nn.Linear(inp, hidden), act]
        inp = hidden
    mods.append(nn.Linear(inp, out))
    return nn.Sequential(*mods)


class Ring8G(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = mlp(RING8_LATENT, RING8_HIDDEN, RING8_LAYERS, 2, nn.ReLU())

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.net(z)


class Ring8D(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = mlp(2, RING8_HIDDEN, RING8_LAYERS, 1, nn.LeakyReLU(LEAKY_SLOPE))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


class DcganG(nn.Module):
    """z -> linear -> 2C x 7 x 7 -> BN ReLU -> convT 4x4/2 -> C x 14 x 14 -> BN ReLU -> convT 4x4/2 -> 1 x 28 x 28 -> tanh."""

    def __init__(self):
        super().__init__()
        s = SIZE // 4
        self.shape = [2 * BASE, s, s]   # a list attribute: TorchScript keeps it in the module
        self.fc = nn.Linear(LATENT, 2 * BASE * s * s)
        self.net = nn.Sequential(
            nn.BatchNorm2d(2 * BASE),
            nn.ReLU(),
            nn.ConvTranspose2d(2 * BASE, BASE, 4, stride=2, padding=1),
            nn.BatchNorm2d(BASE),
            nn.ReLU(),
            nn.ConvTranspose2d(BASE, 1, 4, stride=2, padding=1),
            nn.Tanh(),
        )

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.net(self.fc(z).view([z.size(0)] + self.shape))


class DcganD(nn.Module):
    """x -> conv 4x4/2 (C) -> LeakyReLU 0.2 -> conv 4x4/2 (2C) -> LeakyReLU 0.2 -> flatten -> linear -> logit."""

    def __init__(self):
        super().__init__()
        s = SIZE // 4
        self.net = nn.Sequential(
            nn.Conv2d(1, BASE, 4, stride=2, padding=1),
            nn.LeakyReLU(LEAKY_SLOPE),
            nn.Conv2d(BASE, 2 * BASE, 4, stride=2, padding=1),
            nn.LeakyReLU(LEAKY_SLOPE),
            nn.Flatten(),
            nn.Linear(2 * BASE * s * s, 1),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


class R1Grad(nn.Module):
    """forward(out, x) = d(out.sum())/dx, kept differentiable (create_graph) for a penalty's backward."""

    def forward(self, out: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        grads = torch.autograd.grad([out.sum()], [x], create_graph=True)
        g = grads[0]
        assert g is not None
        return g


def init_xavier(net: nn.Sequential, hidden_gain: float) -> None:
    """gansweep's `xavier`: every Linear N(0, gain*sqrt(2/(in+out))), output layer gain 1, biases 0."""
    linears = [m for m in net if isinstance(m, nn.Linear)]
    for i, m in enumerate(linears):
        nn.init.xavier_normal_(m.weight, gain=1.0 if i == len(linears) - 1 else hidden_gain)
        nn.init.zeros_(m.bias)


def init_normal02(module: nn.Module) -> None:
    """gansweep's `normal02` (DCGAN): conv/linear weights N(0, 0.02), biases 0; BatchNorm 1 and 0."""
    for m in module.modules():
        if isinstance(m, (nn.Linear, nn.Conv2d, nn.ConvTranspose2d)):
            nn.init.normal_(m.weight, 0.0, 0.02)
            nn.init.zeros_(m.bias)
        elif isinstance(m, nn.BatchNorm2d):
            nn.init.ones_(m.weight)
            nn.init.zeros_(m.bias)


def build(seed: int, factory, init) -> nn.Module:
    torch.manual_seed(seed)
    m = factory()
    init(m)
    return m.train()


def models():
    relu_gain = nn.init.calculate_gain("relu")
    leaky_gain = nn.init.calculate_gain("leaky_relu", LEAKY_SLOPE)
    return {
        "ring8_g.pt": build(1, Ring8G, lambda m: init_xavier(m.net, relu_gain)),
        "ring8_d.pt": build(2, Ring8D, lambda m: init_xavier(m.net, leaky_gain)),
        "dcgan_g.pt": build(3, DcganG, init_normal02),
        "dcgan_d.pt": build(4, DcganD, init_normal02),
        "r1_grad.pt": R1Grad(),
    }


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)), help="output folder")
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for name, module in models().items():
        path = os.path.join(args.out, name)
        torch.jit.script(module).save(path, _extra_files={"torch_version": torch.__version__})
        n = sum(p.numel() for p in module.parameters())
        print(f"{path}: {n} parameters, {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
