"""The examples run as a researcher would run them, and give the CLI's rows."""

from __future__ import annotations

import json
import subprocess
import sys

import pyarrow.parquet as pq
import pytest

import population
from conftest import EXAMPLES, cli_batch, same_as_cli

N = 2000


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    """N households as one Parquet file, a dataset of 4 files, and JSON lines for the CLI."""
    root = tmp_path_factory.mktemp("population")
    rows = population.households(N)
    table = population.table(N)
    pq.write_table(table, root / "households.parquet", row_group_size=500)
    dataset = root / "dataset"
    dataset.mkdir()
    for k in range(4):
        pq.write_table(table.slice(k * N // 4, N // 4), dataset / f"part-{k}.parquet")
    lines = root / "households.jsonl"
    with lines.open("w") as f:
        for row in rows:
            nested = {k: v for k, v in row.items() if k not in ("id", "month", "henkilot")}
            nested["henkilot"] = {p["id"]: {k: v for k, v in p.items() if k != "id"} for p in row["henkilot"]}
            f.write(json.dumps({"id": row["id"], "month": row["month"], "etuus": nested}) + "\n")
    return root, cli_batch(lines)


def run(script: str, *args: str) -> None:
    subprocess.run([sys.executable, str(EXAMPLES / script), *args], check=True, timeout=600)


def test_polars_example(data, tmp_path):
    root, cli = data
    out = tmp_path / "polars.parquet"
    run("polars_example.py", str(root / "households.parquet"), str(out))
    same_as_cli(pq.read_table(out).to_pylist(), cli)


def test_dask_example(data, tmp_path):
    pytest.importorskip("dask.distributed")
    root, cli = data
    out = tmp_path / "dask"
    run("dask_example.py", str(root / "dataset"), str(out), "--workers", "2")
    same_as_cli(pq.read_table(out).to_pylist(), cli)


def test_spark_example(data, tmp_path):
    pytest.importorskip("pyspark")
    root, cli = data
    out = tmp_path / "spark"
    run("spark_example.py", str(root / "households.parquet"), str(out))
    same_as_cli(pq.read_table(out).to_pylist(), cli)
