"""Households in a Parquet file, calculated from Polars with ``map_batches``.

    python polars_example.py households.parquet results.parquet --month 2025-06

Each batch Polars hands over is calculated in Rust (the table's buffers are
shared, not copied); the results come back as a Polars DataFrame with exact
decimal amounts, one row per household and month.
"""

from __future__ import annotations

import argparse

import polars as pl

import etuus


def calculate(source: str, month: str | None = None, **options) -> pl.LazyFrame:
    """A lazy frame of the households' results."""
    # The output schema lets Polars plan the query without running it.
    schema = pl.from_arrow(etuus.output_schema(**options).empty_table()).schema
    return pl.scan_parquet(source).map_batches(
        lambda df: etuus.calculate_polars(df, month, **options),
        schema=schema,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--month")
    args = parser.parse_args()
    result = calculate(args.input, args.month).collect()
    result.write_parquet(args.output)
    print(
        result.select(
            pl.len().alias("households"),
            pl.col("yleinen_asumistuki").cast(pl.Float64).mean().alias("mean housing allowance"),
            pl.col("error").is_not_null().sum().alias("errors"),
        )
    )


if __name__ == "__main__":
    main()
