"""Write a population of households as a Parquet file (or dataset) for the
other examples: the 1 000 bench households of the repository, repeated with
new ids until there are as many as asked, persons as a ``henkilot`` list.

    python population.py households.parquet --households 100000
"""

from __future__ import annotations

import argparse
import json
import pathlib

import pyarrow as pa
import pyarrow.parquet as pq

BENCH = pathlib.Path(__file__).resolve().parents[2] / "benches" / "data" / "households-1000.etuus.jsonl"


def households(n: int, bench: pathlib.Path = BENCH) -> list[dict]:
    """``n`` households as dicts: ``id``, ``month``, the inputs (a namespace's
    as a dict), ``henkilot`` as a list of ``{"id", …}``."""
    base = [json.loads(line) for line in bench.read_text().splitlines() if line.strip()]
    rows = []
    for i in range(n):
        line = base[i % len(base)]
        household = dict(line["etuus"])
        persons = household.pop("henkilot")
        row = {"id": f"{line['id']}-{i // len(base)}", "month": line["month"]}
        # A namespace's inputs (`toimeentulotuki: {vesimaksu: …}`) stay a
        # struct column: dotted names trouble Spark.
        row.update(household)
        row["henkilot"] = [{"id": pid, **inputs} for pid, inputs in persons.items()]
        rows.append(row)
    return rows


def table(n: int) -> pa.Table:
    """The households as an Arrow table (every input a column; a household
    without it has null there)."""
    rows = households(n)
    names = list(dict.fromkeys(k for row in rows for k in row))
    return pa.table({name: [row.get(name) for row in rows] for name in names})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("output")
    parser.add_argument("--households", type=int, default=10_000)
    parser.add_argument("--files", type=int, default=1, help="write a dataset of this many files")
    args = parser.parse_args()
    t = table(args.households)
    out = pathlib.Path(args.output)
    if args.files == 1:
        pq.write_table(t, out)
    else:
        out.mkdir(parents=True, exist_ok=True)
        step = -(-t.num_rows // args.files)
        for k in range(args.files):
            pq.write_table(t.slice(k * step, step), out / f"part-{k:03d}.parquet")


if __name__ == "__main__":
    main()
