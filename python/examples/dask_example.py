"""A Parquet dataset of households calculated as a Dask job on a local
cluster of worker processes, one partition at a time.

    python dask_example.py households/ results/ --month 2025-06 --workers 2

Each worker calculates its partitions in Rust with the GIL released; the
results are written as a Parquet dataset with exact decimal amounts.
"""

from __future__ import annotations

import argparse

import dask.dataframe as dd
import pandas as pd
import pyarrow.dataset
from dask.distributed import Client, LocalCluster

import etuus


def calculate(source: str, month: str | None = None, **options) -> dd.DataFrame:
    """A Dask DataFrame of the households' results."""
    households = dd.read_parquet(source, dtype_backend="pyarrow")
    meta = etuus.output_schema(**options).empty_table().to_pandas(types_mapper=pd.ArrowDtype)
    return households.map_partitions(etuus.calculate_pandas, month, meta=meta, **options)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--month")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster):
        results = calculate(args.input, args.month)
        results.to_parquet(args.output, write_index=False)
    rows = pyarrow.dataset.dataset(args.output).count_rows()
    print(f"{rows} rows written to {args.output}")


if __name__ == "__main__":
    main()
