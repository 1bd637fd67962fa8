"""Shared fixtures: the repository, the CLI, the bench households."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
from decimal import Decimal

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "python" / "examples"
sys.path.insert(0, str(EXAMPLES))


def etuus_cli() -> str:
    """The `etuus` binary: $ETUUS_BIN, or the workspace's release or debug build."""
    if os.environ.get("ETUUS_BIN"):
        return os.environ["ETUUS_BIN"]
    for profile in ("release", "debug"):
        path = ROOT / "target" / profile / "etuus"
        if path.exists():
            return str(path)
    pytest.skip("no etuus binary: build it with `cargo build -p etuus-cli` or set ETUUS_BIN")


def cli_batch(input_path: pathlib.Path, *args: str) -> list[dict]:
    """`etuus batch INPUT ARGS…` as parsed JSON lines (decimals exact)."""
    out = subprocess.run(
        [etuus_cli(), "batch", str(input_path), "--quiet", *args],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [json.loads(line, parse_float=Decimal) for line in out.splitlines()]


@pytest.fixture(scope="session")
def bench_path() -> pathlib.Path:
    return ROOT / "benches" / "data" / "households-1000.etuus.jsonl"


@pytest.fixture(scope="session")
def cli_rows(bench_path) -> list[dict]:
    """The CLI's rows for the bench households, default results."""
    return cli_batch(bench_path)


def default_results() -> list[str]:
    import etuus

    return [name for name, _, default in etuus.results() if default]


def same_as_cli(rows: list[dict], cli: list[dict], key: str = "id") -> None:
    """Every default result of `rows` (dicts) equals the CLI's, matched by `key`."""
    by_key = {r[key]: r for r in cli}
    assert len(rows) == len(cli)
    for row in rows:
        expected = by_key[row[key]]
        for name in default_results():
            got, want = row[name], expected[name]
            assert (got is None) == (want is None), (name, row, expected)
            if got is not None:
                assert Decimal(str(got)) == want, (name, row[key], got, want)
        assert row["error"] is None or row["error"] == {} or pd_null(row["error"]), row
        assert row["month"] == expected["month"]


def pd_null(value) -> bool:
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (ImportError, TypeError, ValueError):
        return False
