"""Reads a sweep directory's tables with every engine's documented one-liner and checks that all
see the same rows and column types (docs/guide/output-layout.md, reading-results.md).

Usage: python check_readers.py OUT     (exit status 0 when every reader agrees)

Expectations come from the data itself (DuckDB's count of the Parquet files is the reference):
nothing here knows the quickstart's grid, ids or labels.
"""
import sys

import duckdb
import pandas as pd
import polars as pl
import pyarrow.dataset as ds

out = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "runs"
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


# What each reader must agree on: numeric and string columns keep their kind in every engine.
KINDS = {"trials": {"trial_id": "str", "sweep_id": "str", "seed": "int", "lr_g": "float", "steps_done": "int",
                    "status": "str", "final_distance": "float"},
         "metrics": {"trial_id": "str", "sweep_id": "str", "step": "int", "d_loss": "float", "modes": "int"}}


def kind_pandas(s):
    if pd.api.types.is_integer_dtype(s.dtype):
        return "int"
    if pd.api.types.is_float_dtype(s.dtype):
        return "float"
    if isinstance(s.dtype, pd.CategoricalDtype) or pd.api.types.is_object_dtype(s.dtype) or pd.api.types.is_string_dtype(s.dtype):
        return "str"
    return str(s.dtype)


def kind_polars(t):
    if t.is_integer():
        return "int"
    if t.is_float():
        return "float"
    if t in (pl.Utf8, pl.Categorical) or isinstance(t, (pl.Categorical, pl.Enum)):
        return "str"
    return str(t)


def kind_arrow(t):
    import pyarrow as pa
    if pa.types.is_dictionary(t):
        t = t.value_type
    if pa.types.is_integer(t):
        return "int"
    if pa.types.is_floating(t):
        return "float"
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return "str"
    return str(t)


def kind_duck(t):
    t = t.upper()
    if t in ("INTEGER", "BIGINT", "SMALLINT", "TINYINT"):
        return "int"
    if t in ("DOUBLE", "FLOAT"):
        return "float"
    if t == "VARCHAR":
        return "str"
    return t


for table in ("trials", "metrics"):
    con = duckdb.connect()
    rel = con.sql(f"SELECT * FROM read_parquet('{out}/{table}/*/*.parquet', hive_partitioning = 1)")
    duck_kinds = {c: kind_duck(str(t)) for c, t in zip(rel.columns, rel.types)}
    n = con.sql(f"SELECT count(*) FROM read_parquet('{out}/{table}/*/*.parquet', hive_partitioning = 1)").fetchone()[0]
    check(n > 0, f"{table}: DuckDB reads {n} rows")

    frames = {}
    try:
        frames["pandas"] = pd.read_parquet(out + "/" + table)
    except Exception as e:  # the one-liner itself failing is the bug this check exists for
        check(False, f"{table}: pd.read_parquet(OUT + '/{table}') raised {type(e).__name__}: {e}")
    try:
        frames["polars"] = pl.read_parquet(f"{out}/{table}/*/*.parquet", hive_partitioning=True)
    except Exception as e:
        check(False, f"{table}: pl.read_parquet(..., hive_partitioning=True) raised {type(e).__name__}: {e}")
    try:
        frames["pyarrow"] = ds.dataset(out + "/" + table, format="parquet", partitioning="hive").to_table()
    except Exception as e:
        check(False, f"{table}: pyarrow.dataset.dataset(..., partitioning='hive') raised {type(e).__name__}: {e}")

    for name, f in frames.items():
        rows = f.num_rows if name == "pyarrow" else len(f)
        check(rows == n, f"{table}: {name} reads {rows} rows (DuckDB {n})")
        cols = f.column_names if name == "pyarrow" else list(f.columns)
        check(set(cols) == set(duck_kinds), f"{table}: {name} sees the same {len(cols)} columns as DuckDB"
              + ("" if set(cols) == set(duck_kinds) else f" (differ: {sorted(set(cols) ^ set(duck_kinds))})"))
        check(cols.count("sweep_id") == 1, f"{table}: {name} has sweep_id once")
        for col, want in KINDS[table].items():
            if name == "pandas":
                got = kind_pandas(f[col])
                if got == "float" and want == "int" and f[col].isna().any():
                    got = "int"  # pandas' convention: an int column with nulls reads as float64 with NaN
            elif name == "polars":
                got = kind_polars(f.schema[col])
            else:
                got = kind_arrow(f.schema.field(col).type)
            check(got == want and duck_kinds.get(col) == want, f"{table}.{col}: {name} {got}, DuckDB {duck_kinds.get(col)} (want {want})")

    # The same trial ids everywhere, not just the same count.
    ids = set(r[0] for r in con.sql(f"SELECT DISTINCT trial_id FROM read_parquet('{out}/{table}/*/*.parquet', hive_partitioning = 1)").fetchall())
    for name, f in frames.items():
        got = set(f.column("trial_id").to_pylist()) if name == "pyarrow" else set(f["trial_id"].to_list() if name == "polars" else f["trial_id"])
        check(got == ids, f"{table}: {name} sees the same {len(ids)} trial ids")

# The samples table (2-D sweeps): one point per row, every committed 2-D trial.
import glob
if glob.glob(f"{out}/samples/*/*.parquet"):
    con = duckdb.connect()
    s = con.sql(f"SELECT count(*), count(DISTINCT trial_id) FROM read_parquet('{out}/samples/*/*.parquet', hive_partitioning = 1)").fetchone()
    p = pl.read_parquet(f"{out}/samples/*/*.parquet", hive_partitioning=True)
    check(len(p) == s[0] and p["trial_id"].n_unique() == s[1], f"samples: Polars and DuckDB read {s[0]} points of {s[1]} trials")
    check(p.schema["x"] == pl.Float64 and p.schema["step"] == pl.Int32, "samples: x double, step int")

if failures:
    print(f"{len(failures)} check(s) failed", file=sys.stderr)
    sys.exit(1)
print("every reader agrees")
