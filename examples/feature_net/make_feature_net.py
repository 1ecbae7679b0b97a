"""Writes a small TorchScript feature network and the FD a scipy computation gives on its features.

Run with torch, numpy and scipy installed:

    python examples/feature_net/make_feature_net.py

It writes, beside this script:
  tiny_features.pt   a scripted convnet taking [N, 3, 20, 20] in [0, 1] to features [N, 6]
  unpooled.pt        a scripted module returning its input [N, 3, 20, 20]: not features, for the refusal test
  expected_fd.json   the Fréchet distance between two fixed greyscale image sets (12 x 12 bytes)
                     after gansweep's documented preprocessing, computed here with scipy

gansweep's FeatureFileFdTest loads the same file with feature_net {input_size: 20, range: [0, 1],
channels: 3}, builds the same images and must find the same distance to 1e-6 relative. The
preprocessing below is the one docs/concepts/metrics.md documents: bytes mapped onto the range,
greyscale repeated into 3 channels, then torch.nn.functional.interpolate(bilinear,
align_corners=False) to input_size.
"""
import json
import os

import numpy as np
import scipy.linalg
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
N, SIDE, INPUT = 64, 12, 20
LOW, HIGH = 0.0, 1.0


class Tiny(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 8, 3, stride=2, padding=1)
        self.fc = torch.nn.Linear(8 * 4, 6)

    def forward(self, x):
        h = torch.relu(self.conv(x))
        h = torch.nn.functional.adaptive_avg_pool2d(h, 2)
        return 10 * self.fc(h.flatten(1))


class Unpooled(torch.nn.Module):
    """A module whose output is not [N, D]: gansweep must refuse it in one line."""

    def forward(self, x):
        return x * 2.0


def images(offset):
    """N greyscale images as bytes, the formula FeatureFileFdTest uses."""
    i = np.arange(N).reshape(N, 1, 1)
    r = np.arange(SIDE).reshape(1, SIDE, 1)
    c = np.arange(SIDE).reshape(1, 1, SIDE)
    v = (i * 37 + r * 11 + c * 5 + (r * c) % 7) % 256
    return (v if offset == 0 else (v * 3 + i * 5 * r) % 256 // 2).astype(np.uint8)


def preprocess(b):
    v = torch.from_numpy(b.astype(np.float32)).unsqueeze(1)  # N x 1 x SIDE x SIDE, 0..255
    x = v * np.float32((HIGH - LOW) / 255.0) + np.float32(LOW)
    x = x.repeat(1, 3, 1, 1)
    return torch.nn.functional.interpolate(x, size=(INPUT, INPUT), mode="bilinear", align_corners=False)


def fd(f1, f2):
    mu1, mu2 = f1.mean(0), f2.mean(0)
    s1, s2 = np.cov(f1, rowvar=False), np.cov(f2, rowvar=False)
    covmean = scipy.linalg.sqrtm(s1 @ s2).real
    return float(((mu1 - mu2) ** 2).sum() + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean))


def main():
    torch.manual_seed(0)
    net = torch.jit.script(Tiny().eval())
    net.save(os.path.join(HERE, "tiny_features.pt"))
    torch.jit.script(Unpooled()).save(os.path.join(HERE, "unpooled.pt"))
    with torch.no_grad():
        a = net(preprocess(images(0))).double().numpy()
        b = net(preprocess(images(1))).double().numpy()
    out = {"fd": fd(a, b), "features": 6, "n": N, "side": SIDE, "input_size": INPUT, "range": [LOW, HIGH],
           "first_feature_of_first_image": float(a[0, 0]), "torch": torch.__version__, "scipy": scipy.__version__}
    with open(os.path.join(HERE, "expected_fd.json"), "w") as f:
        json.dump(out, f, indent=2)
        f.write("\n")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
