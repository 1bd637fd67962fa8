"""The Python API: one household as a dict, Arrow tables, errors, grids."""

from __future__ import annotations

import json
from decimal import Decimal

import pyarrow as pa
import pytest

import etuus
import population
from conftest import cli_batch, same_as_cli

JAAKKO = {"kunta": "Turku", "vuokra": 615, "henkilot": {"jaakko": {"ika": 30, "palkkatulo": 742}}}


def test_calculate_gives_kelas_example_exactly():
    row = etuus.calculate(JAAKKO, "2022-06", results=["yleinen_asumistuki"])
    assert row["yleinen_asumistuki"] == Decimal("330.40")
    assert row["month"] == "2022-06"
    assert row["error"] is None


def test_a_default_result_that_lacks_an_input_is_none_with_the_reason():
    row = etuus.calculate(JAAKKO, "2022-06")
    assert row["yleinen_asumistuki"] == Decimal("330.40")
    assert row["toimeentulotuki"] is None
    assert row["error"]["field"] == "henkilot.jaakko.veroprosentti"


def test_calculate_takes_a_date_and_values_per_person():
    import datetime

    row = etuus.calculate(
        JAAKKO,
        datetime.date(2022, 6, 1),
        results=["yleinen_asumistuki"],
        values=["asumistuki.huomioon_otettavat_tulot"],
    )
    assert row["henkilot"][0]["id"] == "jaakko"
    assert row["henkilot"][0]["asumistuki.huomioon_otettavat_tulot"] is not None


def test_bad_input_raises_input_error_naming_the_field():
    bad = {"kunta": "Turku", "vuokra": 615, "henkilot": {"jaakko": {"ika": -1}}}
    with pytest.raises(etuus.InputError) as info:
        etuus.calculate(bad, "2022-06")
    assert info.value.field == "henkilot.jaakko.ika"
    with pytest.raises(etuus.InputError):
        etuus.calculate(JAAKKO, "2099-01")
    assert issubclass(etuus.InputError, etuus.EtuusError)


def test_unknown_names_raise_usage_error():
    with pytest.raises(etuus.UsageError, match="yleinen_asumistuki"):
        etuus.calculate(JAAKKO, "2022-06", results=["asumistuki"])
    with pytest.raises(etuus.UsageError, match="etuus params"):
        etuus.calculate_batch(pa.table({"vuokra": [1]}), "2022-06", set={"ei.ole": 1})
    with pytest.raises(etuus.UsageError, match="vuokraa"):
        etuus.calculate_batch(pa.table({"vuokraa": [1]}), "2022-06")


def test_schema_columns_and_receipt():
    schema = etuus.schema()
    assert "properties" in json.dumps(schema)
    assert "henkilot.N.palkkatulo" in etuus.columns()
    receipt = etuus.receipt()
    assert receipt["rules"] == "etuus-fi"
    assert len(receipt["rules_sha256"]) == 64
    names = [name for name, _, _ in etuus.results()]
    assert "yleinen_asumistuki" in names


def test_calculate_batch_equals_the_cli_on_the_bench_households(cli_rows):
    table = population.table(1000)
    out = etuus.calculate_batch(table)
    assert isinstance(out, pa.Table)
    assert out.num_rows == 1000
    same_as_cli(out.to_pylist(), cli_rows, key="row")
    assert out.schema.field("yleinen_asumistuki").type == pa.decimal128(38, 2)


def test_several_threads_give_the_same_rows(cli_rows):
    table = population.table(1000)
    one = etuus.calculate_batch(table, jobs=1)
    two = etuus.calculate_batch(table, jobs=2)
    assert one.equals(two)


def test_pandas_and_record_batches_are_read_too(cli_rows):
    table = population.table(1000)
    from_pandas = etuus.calculate_batch(table.to_pandas())
    same_as_cli(from_pandas.to_pylist(), cli_rows, key="row")
    batch = table.to_batches()[0]
    assert etuus.calculate_batch(batch).num_rows == batch.num_rows


def test_a_bad_row_gets_its_error_and_the_others_are_calculated():
    rows = population.households(5)
    rows[2]["vuokra"] = -5
    out = etuus.calculate_batch(pa.Table.from_pylist(rows)).to_pylist()
    assert [r["row"] for r in out] == [1, 2, 3, 4, 5]
    assert out[2]["error"]["field"] == "vuokra"
    assert out[2]["yleinen_asumistuki"] is None
    assert all(r["error"] is None for i, r in enumerate(out) if i != 2)


def test_flat_person_columns_as_in_csv():
    table = pa.table(
        {
            "id": [1, 2],
            "kunta": ["Turku", "Turku"],
            "vuokra": [615, 615],
            "henkilot.0.ika": [30, 30],
            "henkilot.0.palkkatulo": [742.0, None],
        }
    )
    out = etuus.calculate_batch(table, "2022-06", results=["yleinen_asumistuki"]).to_pylist()
    assert out[0]["id"] == 1, "integer ids stay integers"
    assert out[0]["yleinen_asumistuki"] == Decimal("330.40")


def test_a_grid_of_parameter_values_is_recorded():
    table = pa.Table.from_pylist([{"id": "j", **JAAKKO, "henkilot": [{"id": "jaakko", "ika": 30, "palkkatulo": 742}]}])
    out = etuus.calculate_batch(
        table,
        "2022-06",
        results=["yleinen_asumistuki"],
        set={"asumistuki.tukiprosentti": [0.8, 0.9]},
    ).to_pylist()
    # 80 % was the rules' own share in 2022 (938/2014 16 §, before 2024).
    assert [r["set.asumistuki.tukiprosentti"] for r in out] == ["0.8", "0.9"]
    assert out[0]["yleinen_asumistuki"] == Decimal("330.40")
    assert out[1]["yleinen_asumistuki"] > out[0]["yleinen_asumistuki"]


def test_a_panel_of_months(tmp_path):
    table = pa.Table.from_pylist(
        [{"id": "j", "kunta": "Turku", "vuokra": 615, "henkilot": [{"ika": 30, "palkkatulo": 742}]}]
    )
    out = etuus.calculate_batch(table, months="2024-11..2025-02").to_pylist()
    assert [r["month"] for r in out] == ["2024-11", "2024-12", "2025-01", "2025-02"]
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"id": "j", **JAAKKO}) + "\n")
    cli = cli_batch(path, "--months", "2024-11..2025-02")
    for row, expected in zip(out, cli):
        assert row["toimeentulotuki"] == expected["toimeentulotuki"]
