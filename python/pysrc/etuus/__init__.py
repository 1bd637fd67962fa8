"""etuus: Finnish benefit rules as code, for many households at once.

The rules of perustoimeentulotuki (1412/1997), yleinen asumistuki (938/2014),
työttömyysturva (1290/2002) and lapsilisä (796/1992) run in Rust; this
package hands them households as dicts or Arrow tables:

>>> import etuus
>>> row = etuus.calculate(
...     {"kunta": "Turku", "vuokra": 615,
...      "henkilot": {"jaakko": {"ika": 30, "palkkatulo": 742}}},
...     "2022-06")
>>> row["yleinen_asumistuki"]
Decimal('330.40')

``calculate_batch`` takes a pyarrow Table, a Polars or pandas DataFrame (or
anything with ``__arrow_c_stream__``) and returns a ``pyarrow.Table`` with one
row per household and month: the columns are those of ``etuus batch`` (see
``columns()``). Money is exact (``decimal128(38, 2)``); a household that
cannot be calculated gets its error in the ``error`` column and the others
are calculated.
"""

from __future__ import annotations

import datetime as _dt
import decimal as _decimal
import json as _json
from typing import Any, Iterable, Mapping, Optional, Sequence, Union

from . import _etuus
from ._etuus import EtuusError, InputError, RulesError, UsageError

__all__ = [
    "calculate",
    "calculate_batch",
    "calculate_polars",
    "calculate_pandas",
    "output_schema",
    "schema",
    "columns",
    "receipt",
    "results",
    "EtuusError",
    "InputError",
    "UsageError",
    "RulesError",
]

__version__ = _etuus.__version__

Sets = Optional[Mapping[str, Union[Any, Sequence[Any]]]]


def _month(month: Any) -> Optional[str]:
    if month is None:
        return None
    if isinstance(month, (_dt.date, _dt.datetime)):
        return f"{month.year:04d}-{month.month:02d}"
    return str(month)


def _sets(set: Sets) -> Optional[list]:
    """``{"param": value}`` or ``{"param": [v1, v2]}`` as ``--set`` arguments."""
    if not set:
        return None
    out = []
    for name, value in set.items():
        values = value if isinstance(value, (list, tuple, range)) else [value]
        for v in values:
            out.append(f"{name}={_text(v)}")
    return out


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _json_default(value: Any) -> Any:
    if isinstance(value, _decimal.Decimal):
        return str(value)
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()[:10]
    raise TypeError(f"{type(value).__name__} is not a household value")


def calculate(
    household: Mapping[str, Any],
    month: Any,
    *,
    results: Optional[Sequence[str]] = None,
    values: Optional[Sequence[str]] = None,
    all_lines: bool = False,
    set: Sets = None,
    assume_latest: bool = False,
) -> dict:
    """One household (a dict as in a household file) for one month.

    Returns the row as a dict: each result's amount (``Decimal``, or ``None``
    where the result lacks an input — the reason is then under ``error``),
    the values asked for, and per person under ``henkilot``. Raises
    ``InputError`` (with ``.field``) for a household or month that cannot be
    calculated at all, ``UsageError`` for an unknown result, variable or
    parameter.
    """
    text = _json.dumps(dict(household), default=_json_default, ensure_ascii=False)
    line = _etuus.calculate_json(
        text,
        _month(month),
        results=list(results) if results else None,
        values=list(values) if values else None,
        all_lines=all_lines,
        sets=_sets(set),
        assume_latest=assume_latest,
    )
    row = _json.loads(line, parse_float=_decimal.Decimal, parse_int=_decimal.Decimal)
    row["row"] = int(row["row"])
    error = row.get("error")
    if error:
        amounts = [row.get(name) for name, _, default in _etuus.result_names()
                   if (name in (results or [])) or (not results and default)]
        if all(a is None for a in amounts):
            err = InputError(f"{error['field']}: {error['message']}" if error["field"]
                             else error["message"])
            err.field = error["field"]
            err.message = error["message"]
            raise err
    return row


def _arrow_stream(data: Any) -> Any:
    if hasattr(data, "__arrow_c_stream__"):
        return data
    try:
        import pandas as pd  # noqa: F401
        import pyarrow as pa

        if isinstance(data, pd.DataFrame):
            return pa.Table.from_pandas(data, preserve_index=False)
    except ImportError:
        pass
    import pyarrow as pa

    if isinstance(data, (list, tuple)):
        # Every key of every row a column (from_pylist would take the first
        # row's keys only and drop the others' inputs).
        names = list(dict.fromkeys(k for row in data for k in row))
        return pa.table({name: [row.get(name) for row in data] for name in names})
    raise TypeError(
        "calculate_batch takes a pyarrow Table or RecordBatch, a Polars or pandas "
        f"DataFrame, or a list of dicts; got {type(data).__name__}"
    )


def calculate_batch(
    table: Any,
    month: Any = None,
    *,
    months: Optional[str] = None,
    results: Optional[Sequence[str]] = None,
    values: Optional[Sequence[str]] = None,
    all_lines: bool = False,
    set: Sets = None,
    assume_latest: bool = False,
    ignore: Optional[Iterable[str]] = None,
    jobs: int = 1,
):
    """Households in a table: one row per household, month and ``set`` scenario.

    ``table`` is a pyarrow Table or RecordBatch, a Polars or pandas DataFrame
    or anything with ``__arrow_c_stream__`` (read without copying), in the
    columns ``columns()`` lists: household inputs by name, persons as
    ``henkilot: list<struct<id, …>>`` or ``henkilot.N.NAME`` columns, an
    optional ``id`` and ``month``. ``month`` is the month of rows without a
    ``month`` column; ``months="2024-01..2026-12"`` makes a panel. ``set``
    replaces parameters or table cells (``{"asumistuki.tukiprosentti": [0.7,
    0.8]}``; a list makes a grid). The GIL is released while calculating, on
    ``jobs`` threads. Returns a ``pyarrow.Table``.
    """
    table_out, _summary = _etuus.calculate_arrow(
        _arrow_stream(table),
        month=_month(month),
        months=months,
        results=list(results) if results else None,
        values=list(values) if values else None,
        all_lines=all_lines,
        sets=_sets(set),
        assume_latest=assume_latest,
        ignore=list(ignore) if ignore else None,
        jobs=int(jobs),
    )
    return table_out


def calculate_polars(df: Any, month: Any = None, **options: Any):
    """``calculate_batch`` for a Polars DataFrame, returning a Polars DataFrame
    (use it in ``LazyFrame.map_batches``)."""
    import polars as pl

    return pl.from_arrow(calculate_batch(df, month, **options))


def calculate_pandas(df: Any, month: Any = None, **options: Any):
    """``calculate_batch`` for a pandas DataFrame, returning a pandas DataFrame
    with Arrow-backed columns (exact decimals; use it in Dask's
    ``map_partitions``)."""
    import pandas as pd

    return calculate_batch(df, month, **options).to_pandas(types_mapper=pd.ArrowDtype)


def output_schema(
    *,
    results: Optional[Sequence[str]] = None,
    values: Optional[Sequence[str]] = None,
    all_lines: bool = False,
    set: Sets = None,
    int_ids: bool = False,
):
    """The ``pyarrow.Schema`` of ``calculate_batch``'s rows for these options
    (for Dask's ``meta`` and Spark's ``mapInArrow`` schema)."""
    return _etuus.output_schema(
        results=list(results) if results else None,
        values=list(values) if values else None,
        all_lines=all_lines,
        sets=_sets(set),
        int_ids=int_ids,
    )


def schema(lang: str = "en") -> dict:
    """The JSON Schema of household files: every input, its type, unit and range."""
    return _json.loads(_etuus.household_schema(lang))


def columns(lang: str = "en") -> str:
    """The column layout of tables in and out (as ``etuus schema --columns``)."""
    return _etuus.columns(lang)


def receipt() -> dict:
    """What calculates: the engine's version, the rules' name, version and
    SHA-256, the months they cover — to record with a study's results."""
    return _json.loads(_etuus.receipt())


def results() -> list:
    """The results: ``(name, label, calculated by default)``."""
    return list(_etuus.result_names())
