"""Writes worker/src/main/resources/io/gansweep/metrics/fd_trace_sqrt.pt, the scripted helper
gansweep's FrechetDistance uses for wide features (D >= 128, e.g. Inception's 2048): the trace of
(C1 C2)^(1/2) as the sum of the square roots of the eigenvalues of sqrt(C1) C2 sqrt(C1), in
float64 through libtorch's eigh (LAPACK), instead of the Java Jacobi solver (O(D^3) with a large
constant). Parameter-free; any torch version whose operators libtorch 2.7.1 has.

    python examples/feature_net/make_fd_helper.py
"""
import os

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "worker", "src", "main", "resources", "io", "gansweep", "metrics", "fd_trace_sqrt.pt")


class TraceSqrt(torch.nn.Module):
    def forward(self, c1: torch.Tensor, c2: torch.Tensor) -> torch.Tensor:
        w, v = torch.linalg.eigh(c1)
        root = (v * w.clamp(min=0.0).sqrt()) @ v.t()
        m = root @ c2 @ root
        m = (m + m.t()) / 2
        return torch.linalg.eigvalsh(m).clamp(min=0.0).sqrt().sum()


if __name__ == "__main__":
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    torch.jit.script(TraceSqrt()).save(OUT)
    print(os.path.normpath(OUT))
