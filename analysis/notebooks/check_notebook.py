"""Checks reading-results.ipynb: it is what make_notebook.py makes from reading-results.md (the two
agree), every cell executes headless (nbclient, the ipykernel kernel) against a sweep directory,
and the values it prints are the tables' own, read here independently with pyarrow and DuckDB.

Usage: python check_notebook.py OUT     (exit status 0 when all holds)
"""
import glob
import os
import pathlib
import sys

import duckdb
import nbformat
import pyarrow.dataset as ds
import pyarrow.parquet as pq
from nbclient import NotebookClient

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import make_notebook  # noqa: E402

here = pathlib.Path(__file__).parent
# Absolute: the kernel runs in this folder (resources path below), not where this script was started.
out = str(pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "runs").resolve())
path = here / "reading-results.ipynb"
if path.read_text() != make_notebook.render():
    sys.exit(f"Cannot check {path}: it differs from reading-results.md (got a stale notebook; allowed "
             f"the output of python {here / 'make_notebook.py'})")

analysed = sorted(glob.glob(f"{out}/analysis/sweep_id=*/ranking.parquet"), key=os.path.getmtime)
if not analysed:
    sys.exit(f"Cannot check the notebook: no analysed sweep under {out} (got none; allowed an OUT of bin/gansweep run)")
sweep = analysed[-1].split("sweep_id=")[1].split("/")[0]

nb = nbformat.read(str(path), as_version=4)
os.environ["GANSWEEP_OUT"] = out
os.environ.pop("GANSWEEP_SWEEP", None)
NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(here)}}).execute()

printed = {}
images = 0
for cell in nb.cells:
    for o in cell.get("outputs", []):
        if o.get("output_type") == "stream":
            for line in o["text"].splitlines():
                if line.startswith("CHECK "):
                    _, key, value = line.split(" ", 2)
                    printed[key] = value
        if o.get("output_type") in ("display_data", "execute_result") and "image/png" in o.get("data", {}):
            images += 1

trials = ds.dataset(f"{out}/trials", format="parquet", partitioning="hive").to_table(filter=ds.field("sweep_id") == sweep)
metrics = ds.dataset(f"{out}/metrics", format="parquet", partitioning="hive").to_table(filter=ds.field("sweep_id") == sweep)
ranking = pq.read_table(f"{out}/analysis/sweep_id={sweep}/ranking.parquet").to_pylist()
ranking.sort(key=lambda r: r["rank"])
sample_trials = duckdb.sql(f"SELECT count(DISTINCT trial_id) FROM read_parquet('{out}/samples/sweep_id={sweep}/*.parquet')").fetchone()[0]
expected = {
    "trials_rows": str(trials.num_rows),
    "duckdb_trials_rows": str(trials.num_rows),
    "metrics_rows": str(metrics.num_rows),
    "polars_metrics_rows": str(metrics.num_rows),
    "top_config": ranking[0]["config_id"],
    "worst_config": ranking[-1]["config_id"],
    "samples_trials": str(sample_trials),
}
failed = [f"{k}: notebook printed {printed.get(k)!r}, the tables say {v!r}" for k, v in expected.items() if printed.get(k) != v]
if images < 2:
    failed.append(f"figures: {images} PNG outputs (want the curves and the scatters)")
for f in failed:
    print("FAIL", f)
if failed:
    sys.exit(1)
print(f"notebook ok on {sweep}: {len(nb.cells)} cells executed, {images} figures, values {printed}")
