"""Exports the dense ring8 sweep's tables to the CSV files bench section 16 reads.

Usage (a Python with pyarrow): python export_ring8_dense.py OUT_DIR_OF_THE_SWEEP SWEEP_ID
Writes ring8-dense-trials.csv (one row per trial) and ring8-dense-evals.csv (one row per trial and
evaluation at 250, 500, 750 and 1,000 rounds; distance empty where the trial had diverged by then)
next to this script.
"""
import csv
import glob
import os
import sys

import pyarrow.parquet as pq

out, sweep = sys.argv[1], sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))
trials = []
for f in sorted(glob.glob(f"{out}/trials/sweep_id={sweep}/*.parquet")):
    trials += pq.read_table(f, columns=["trial_id", "config_id", "seed", "loss", "lr_g", "ttur", "status", "steps_done",
                                          "diverged_step", "final_distance", "final_modes_covered", "attempt"]).to_pylist()
latest = {}
for t in trials:
    if t["trial_id"] not in latest or t["attempt"] > latest[t["trial_id"]]["attempt"]:
        latest[t["trial_id"]] = t
evals = {}
for f in sorted(glob.glob(f"{out}/metrics/sweep_id={sweep}/*.parquet")):
    for r in pq.read_table(f, columns=["trial_id", "step", "distance"]).to_pylist():
        if r["distance"] is not None and r["step"] > 0:
            evals[(r["trial_id"], r["step"])] = r["distance"]
rows = sorted(latest.values(), key=lambda t: (t["loss"], t["lr_g"], t["ttur"], t["seed"]))
with open(os.path.join(here, "ring8-dense-trials.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["trial_id", "config_id", "loss", "lr_g", "ttur", "seed", "status", "steps_done", "diverged_step", "final_distance",
                "final_modes_covered"])
    for t in rows:
        w.writerow([t["trial_id"], t["config_id"], t["loss"], t["lr_g"], t["ttur"], t["seed"], t["status"], t["steps_done"],
                    "" if t["diverged_step"] is None else t["diverged_step"],
                    "" if t["final_distance"] is None else f"{t['final_distance']:.6g}",
                    "" if t["final_modes_covered"] is None else t["final_modes_covered"]])
with open(os.path.join(here, "ring8-dense-evals.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["loss", "lr_g", "ttur", "seed", "step", "distance"])
    for t in rows:
        for step in (250, 500, 750, 1000):
            d = evals.get((t["trial_id"], step))
            dead = t["status"] in ("DIVERGED", "FAILED") and (t["diverged_step"] is None or step >= t["diverged_step"])
            w.writerow([t["loss"], t["lr_g"], t["ttur"], t["seed"], step, "" if d is None or dead else f"{d:.6g}"])
print(f"{len(rows)} trials, {len(evals)} evaluations", file=sys.stderr)
