"""Bench section 16's Optuna side: Optuna's samplers ask configurations of a tabular benchmark.

Usage: python optuna_table.py TABLE.csv BUDGET WIDTH N_STARTUP SEEDS OUT.csv

TABLE.csv has one row per cell: index,loss,lr_g,ttur,objective (lower is better). The space is
section 11's: loss in {nsgan, lsgan}, lr_g log-uniform in [1e-5, 1e-2], ttur log-uniform in
[0.5, 8]; an asked configuration is read as the table's nearest cell (nearest in log lr_g and log
ttur, the same loss), and told that cell's recorded objective. Trials are asked WIDTH at a time
and told together (Optuna's ask-and-tell interface, as parallel workers would), BUDGET trials per
sampler seed. Writes one row per trial: sampler,seed,trial,cell.
"""
import csv
import math
import sys
import warnings

import optuna

warnings.filterwarnings("ignore")
optuna.logging.set_verbosity(optuna.logging.ERROR)


def main(table_path, budget, width, n_startup, seeds, out_path):
    cells = list(csv.DictReader(open(table_path)))
    lrs = sorted({float(c["lr_g"]) for c in cells})
    tturs = sorted({float(c["ttur"]) for c in cells})
    by_key = {(c["loss"], float(c["lr_g"]), float(c["ttur"])): c for c in cells}

    def nearest(values, v):
        return min(values, key=lambda x: abs(math.log(x) - math.log(v)))

    def cell(params):
        return by_key[(params["loss"], nearest(lrs, params["lr_g"]), nearest(tturs, params["ttur"]))]

    samplers = {
        "optuna tpe multivariate": lambda s: optuna.samplers.TPESampler(
            seed=s, n_startup_trials=n_startup, multivariate=True, constant_liar=True),
        "optuna tpe independent": lambda s: optuna.samplers.TPESampler(
            seed=s, n_startup_trials=n_startup, multivariate=False, constant_liar=True),
        "optuna gp": lambda s: optuna.samplers.GPSampler(seed=s, n_startup_trials=n_startup),
    }
    with open(out_path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["sampler", "seed", "trial", "cell"])
        for name, make in samplers.items():
            for seed in range(1, seeds + 1):
                study = optuna.create_study(direction="minimize", sampler=make(seed))
                n = 0
                while n < budget:
                    batch = []  # asked and suggested one after another, told together: running while the rest are asked
                    for _ in range(min(width, budget - n)):
                        t = study.ask()
                        params = {"loss": t.suggest_categorical("loss", ["nsgan", "lsgan"]),
                                  "lr_g": t.suggest_float("lr_g", 1e-5, 1e-2, log=True),
                                  "ttur": t.suggest_float("ttur", 0.5, 8.0, log=True)}
                        batch.append((t, cell(params)))
                    for t, c in batch:
                        study.tell(t, float(c["objective"]))
                        w.writerow([name, seed, n, c["index"]])
                        n += 1
                f.flush()
                print(f"{name} seed {seed}: best {study.best_value:.4g}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    a = sys.argv[1:]
    main(a[0], int(a[1]), int(a[2]), int(a[3]), int(a[4]), a[5])
