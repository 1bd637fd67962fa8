"""Households in Parquet calculated by Spark (local mode) with ``mapInArrow``.

    python spark_example.py households.parquet results/ --month 2025-06

Spark hands each task Arrow record batches; etuus calculates them in Rust
and hands back record batches in the schema given to Spark up front.
"""

from __future__ import annotations

import argparse
import os
import sys

from pyspark.sql import SparkSession
from pyspark.sql.pandas.types import from_arrow_schema

import etuus


def calculate(spark: SparkSession, source: str, month: str | None = None, **options):
    """A Spark DataFrame of the households' results."""
    schema = from_arrow_schema(etuus.output_schema(**options))

    def run(batches):
        for batch in batches:
            yield from etuus.calculate_batch(batch, month, **options).to_batches()

    return spark.read.parquet(source).mapInArrow(run, schema)


def session(cores: int = 2) -> SparkSession:
    """A local Spark session whose workers run this Python."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("etuus")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--month")
    args = parser.parse_args()
    spark = session()
    try:
        results = calculate(spark, args.input, args.month)
        results.write.mode("overwrite").parquet(args.output)
        print(f"{spark.read.parquet(args.output).count()} rows written to {args.output}")
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
