#!/usr/bin/env python3
"""Writes the example points files (standard library only, fixed seed, so every run writes the same bytes).

  python3 make_points.py               # moons.csv: two interleaving half circles, x, y and a label
  python3 make_points.py --parquet F   # also ring8 samples as Parquet via pyarrow (the test fixture generator)

moons.csv: 1,000 points, 500 per moon (label "upper" / "lower"), Gaussian noise of std 0.05,
the layout of scikit-learn's make_moons (upper: (cos t, sin t); lower: (1 - cos t, 0.5 - sin t),
t uniform in [0, pi]).

--parquet F writes ring8 samples (SCIENCE.md: 8 Gaussians on a circle of radius 2, std 0.02), columns
x, y (DOUBLE) and label (INT64, the mode index), 2,000 rows, with pyarrow's defaults (snappy pages,
dictionary encoding): the file sweep-driver's PointsSweepTest reads to show a pyarrow file trains.
"""
import csv
import math
import random
import sys


def moons(path, n=1000, noise=0.05, seed=7):
    rng = random.Random(seed)
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["x", "y", "label"])
        for i in range(n):
            t = rng.uniform(0, math.pi)
            if i % 2 == 0:
                x, y, label = math.cos(t), math.sin(t), "upper"
            else:
                x, y, label = 1 - math.cos(t), 0.5 - math.sin(t), "lower"
            w.writerow([f"{x + rng.gauss(0, noise):.5f}", f"{y + rng.gauss(0, noise):.5f}", label])


def ring8_parquet(path, n=2000, seed=11):
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = random.Random(seed)
    xs, ys, labels = [], [], []
    for _ in range(n):
        k = rng.randrange(8)
        a = 2 * math.pi * k / 8
        xs.append(2 * math.cos(a) + rng.gauss(0, 0.02))
        ys.append(2 * math.sin(a) + rng.gauss(0, 0.02))
        labels.append(k)
    table = pa.table({"x": pa.array(xs, pa.float64()), "y": pa.array(ys, pa.float64()), "label": pa.array(labels, pa.int64())})
    pq.write_table(table, path)


if __name__ == "__main__":
    moons("moons.csv")
    if len(sys.argv) == 3 and sys.argv[1] == "--parquet":
        ring8_parquet(sys.argv[2])
