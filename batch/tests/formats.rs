//! CSV and Parquet give the same rows as JSON lines: the flat convention,
//! typed nested Arrow columns, and a Parquet round trip.

use std::collections::BTreeMap;
use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{Array, ArrayRef, ListArray, RecordBatch, StructArray};
use arrow_buffer::OffsetBuffer;
use arrow_schema::{DataType, Field, Fields, Schema};
use etuus_batch::{run_files, run_lines, Batch, BatchOptions, FileJob, Format};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ArrowWriter;
use serde_json::Value as Json;

use crate::common::{bench_lines, parse_output, rules};

/// The bench households (the first `n`): (id, month, household JSON).
fn households(n: usize) -> Vec<(String, String, serde_json::Map<String, Json>)> {
    bench_lines()
        .lines()
        .take(n)
        .map(|l| {
            let v: Json = serde_json::from_str(l).expect("json");
            let Json::Object(h) = v["etuus"].clone() else {
                panic!("a household")
            };
            (
                v["id"].as_str().expect("id").to_string(),
                v["month"].as_str().expect("month").to_string(),
                h,
            )
        })
        .collect()
}

/// A household's inputs as flat `name → value` (namespaces joined by dots)
/// and its persons as (id, inputs).
type Flat = (
    BTreeMap<String, Json>,
    Vec<(String, BTreeMap<String, Json>)>,
);

fn flatten(h: &serde_json::Map<String, Json>) -> Flat {
    let mut root = BTreeMap::new();
    let mut persons = Vec::new();
    for (k, v) in h {
        match (k.as_str(), v) {
            ("henkilot", Json::Object(ps)) => {
                for (id, p) in ps {
                    let Json::Object(p) = p else {
                        panic!("a person")
                    };
                    persons.push((id.clone(), p.clone().into_iter().collect()));
                }
            }
            (ns, Json::Object(inner)) => {
                for (k2, v2) in inner {
                    root.insert(format!("{ns}.{k2}"), v2.clone());
                }
            }
            _ => {
                root.insert(k.clone(), v.clone());
            }
        }
    }
    (root, persons)
}

fn text(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        Json::Null => String::new(),
        other => other.to_string(),
    }
}

fn jsonl_rows(n: usize) -> Vec<Json> {
    let batch = Batch::new(rules(), &BatchOptions::default()).expect("a batch");
    let input: String = bench_lines()
        .lines()
        .take(n)
        .map(|l| format!("{l}\n"))
        .collect();
    let (output, summary) = run_lines(&batch, &input).expect("runs");
    assert_eq!(summary.errors, 0);
    parse_output(&output)
}

fn same_results(a: &[Json], b: &[Json]) {
    assert_eq!(a.len(), b.len());
    let program = rules().program();
    for (x, y) in a.iter().zip(b) {
        assert_eq!(x["id"], y["id"]);
        assert_eq!(x["month"], y["month"]);
        for r in &program.default_results {
            let name = program.results[r.index()].name.as_str();
            assert_eq!(
                x[name].to_string(),
                y[name].to_string(),
                "{name}: {x} vs {y}"
            );
        }
        assert!(y["error"].is_null(), "{y}");
    }
}

#[test]
fn csv_in_the_flat_convention_gives_the_same_rows() {
    let n = 200;
    let hs = households(n);
    let flats: Vec<Flat> = hs.iter().map(|(_, _, h)| flatten(h)).collect();
    let mut root_names: Vec<String> = flats.iter().flat_map(|(r, _)| r.keys().cloned()).collect();
    root_names.sort();
    root_names.dedup();
    let mut person_names: Vec<String> = flats
        .iter()
        .flat_map(|(_, ps)| ps.iter().flat_map(|(_, p)| p.keys().cloned()))
        .collect();
    person_names.sort();
    person_names.dedup();
    let width = flats.iter().map(|(_, ps)| ps.len()).max().expect("some");
    let mut header = vec!["id".to_string(), "month".to_string()];
    header.extend(root_names.iter().cloned());
    for i in 0..width {
        header.push(format!("henkilot.{i}.id"));
        header.extend(person_names.iter().map(|p| format!("henkilot.{i}.{p}")));
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&header).expect("header");
    for ((id, month, _), (root, persons)) in hs.iter().zip(&flats) {
        let mut record = vec![id.clone(), month.clone()];
        record.extend(
            root_names
                .iter()
                .map(|k| root.get(k).map(text).unwrap_or_default()),
        );
        for i in 0..width {
            match persons.get(i) {
                Some((pid, p)) => {
                    record.push(pid.clone());
                    record.extend(
                        person_names
                            .iter()
                            .map(|k| p.get(k).map(text).unwrap_or_default()),
                    );
                }
                None => record.extend(std::iter::repeat_n(String::new(), person_names.len() + 1)),
            }
        }
        writer.write_record(&record).expect("record");
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    let input = dir.path().join("households.csv");
    std::fs::write(&input, writer.into_inner().expect("bytes")).expect("written");
    let batch = Batch::new(rules(), &BatchOptions::default()).expect("a batch");
    let output = dir.path().join("rows.jsonl");
    let job = FileJob {
        input: Some(input.clone()),
        input_format: Format::Csv,
        output: Some(output.clone()),
        output_format: Format::Jsonl,
        jobs: 2,
        ignore: Vec::new(),
        members: 8,
    };
    let summary = run_files(&batch, &job, &|_| {}).expect("runs");
    assert_eq!(summary.rows, n as u64);
    let rows = parse_output(&std::fs::read_to_string(&output).expect("output"));
    same_results(&jsonl_rows(n), &rows);
    // CSV out in the same layout.
    let csv_out = dir.path().join("rows.csv");
    let job = FileJob {
        output: Some(csv_out.clone()),
        output_format: Format::Csv,
        ..job
    };
    run_files(&batch, &job, &|_| {}).expect("runs");
    let mut reader = csv::Reader::from_path(&csv_out).expect("CSV");
    let headers = reader.headers().expect("a header").clone();
    let column = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let amount = column("yleinen_asumistuki");
    for (record, row) in reader.records().zip(&rows) {
        let record = record.expect("a record");
        let csv: f64 = record[amount].parse().expect("a number");
        assert_eq!(Some(csv), row["yleinen_asumistuki"].as_f64());
        assert!(record[amount].ends_with(|c: char| c.is_ascii_digit()));
        assert_eq!(
            record[amount].split('.').nth(1).map(str::len),
            Some(2),
            "cents"
        );
        assert_eq!(&record[column("error.message")], "");
    }
}

/// A typed Arrow column from JSON values: integers, floats, bools or text.
fn typed(values: &[Option<&Json>]) -> (DataType, ArrayRef) {
    let present: Vec<&Json> = values.iter().flatten().copied().collect();
    if present.iter().all(|v| v.is_i64()) {
        let mut b = Int64Builder::new();
        values
            .iter()
            .for_each(|v| b.append_option(v.and_then(Json::as_i64)));
        (DataType::Int64, Arc::new(b.finish()))
    } else if present.iter().all(|v| v.is_number()) {
        let mut b = Float64Builder::new();
        values
            .iter()
            .for_each(|v| b.append_option(v.and_then(Json::as_f64)));
        (DataType::Float64, Arc::new(b.finish()))
    } else if present.iter().all(|v| v.is_boolean()) {
        let mut b = BooleanBuilder::new();
        values
            .iter()
            .for_each(|v| b.append_option(v.and_then(Json::as_bool)));
        (DataType::Boolean, Arc::new(b.finish()))
    } else {
        let mut b = StringBuilder::new();
        values.iter().for_each(|v| b.append_option(v.map(text)));
        (DataType::Utf8, Arc::new(b.finish()))
    }
}

/// The households as a record batch: typed household columns (namespaces
/// flat) and the persons as `henkilot: list<struct<id, …>>`.
fn nested_batch(n: usize) -> RecordBatch {
    let hs = households(n);
    let flats: Vec<Flat> = hs.iter().map(|(_, _, h)| flatten(h)).collect();
    let mut fields = Vec::new();
    let mut columns: Vec<ArrayRef> = Vec::new();
    let ids: Vec<Json> = hs
        .iter()
        .map(|(id, _, _)| Json::String(id.clone()))
        .collect();
    let months: Vec<Json> = hs.iter().map(|(_, m, _)| Json::String(m.clone())).collect();
    for (name, values) in [("id", &ids), ("month", &months)] {
        let (ty, array) = typed(&values.iter().map(Some).collect::<Vec<_>>());
        fields.push(Field::new(name, ty, true));
        columns.push(array);
    }
    let mut root_names: Vec<String> = flats.iter().flat_map(|(r, _)| r.keys().cloned()).collect();
    root_names.sort();
    root_names.dedup();
    for name in &root_names {
        let values: Vec<Option<&Json>> = flats.iter().map(|(r, _)| r.get(name)).collect();
        let (ty, array) = typed(&values);
        fields.push(Field::new(name, ty, true));
        columns.push(array);
    }
    let persons: Vec<&(String, BTreeMap<String, Json>)> =
        flats.iter().flat_map(|(_, ps)| ps.iter()).collect();
    let mut person_names: Vec<String> = persons
        .iter()
        .flat_map(|(_, p)| p.keys().cloned())
        .collect();
    person_names.sort();
    person_names.dedup();
    let pid: Vec<Json> = persons
        .iter()
        .map(|(id, _)| Json::String(id.clone()))
        .collect();
    let (_, id_array) = typed(&pid.iter().map(Some).collect::<Vec<_>>());
    let mut item_fields = vec![Field::new("id", DataType::Utf8, true)];
    let mut item_columns = vec![id_array];
    for name in &person_names {
        let values: Vec<Option<&Json>> = persons.iter().map(|(_, p)| p.get(name)).collect();
        let (ty, array) = typed(&values);
        item_fields.push(Field::new(name, ty, true));
        item_columns.push(array);
    }
    let item_fields = Fields::from(item_fields);
    let items = StructArray::new(item_fields.clone(), item_columns, None);
    let offsets = OffsetBuffer::from_lengths(flats.iter().map(|(_, ps)| ps.len()));
    let item = Arc::new(Field::new("item", DataType::Struct(item_fields), true));
    let list = ListArray::new(item.clone(), offsets, Arc::new(items), None);
    fields.push(Field::new("henkilot", DataType::List(item), true));
    columns.push(Arc::new(list));
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).expect("a batch")
}

#[test]
fn parquet_round_trip_with_nested_persons() {
    let n = 300;
    let input_batch = nested_batch(n);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let input = dir.path().join("households.parquet");
    let file = std::fs::File::create(&input).expect("created");
    let mut writer = ArrowWriter::try_new(file, input_batch.schema(), None).expect("a writer");
    // Two row groups, to read more than one batch.
    writer.write(&input_batch.slice(0, 120)).expect("written");
    writer.flush().expect("flushed");
    writer
        .write(&input_batch.slice(120, n - 120))
        .expect("written");
    writer.close().expect("closed");
    let output = dir.path().join("rows.parquet");
    let batch = Batch::new(rules(), &BatchOptions::default()).expect("a batch");
    let job = FileJob {
        input: Some(input),
        input_format: Format::Parquet,
        output: Some(output.clone()),
        output_format: Format::Parquet,
        jobs: 2,
        ignore: Vec::new(),
        members: 8,
    };
    let summary = run_files(&batch, &job, &|_| {}).expect("runs");
    assert_eq!(summary.rows, n as u64);
    assert_eq!(summary.errors, 0, "{:?}", summary.first_errors);
    // Read the rows back and compare with JSON lines.
    let file = std::fs::File::open(&output).expect("the output");
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .expect("Parquet")
        .build()
        .expect("a reader");
    let mut rows = Vec::new();
    for b in reader {
        let b = b.expect("a batch");
        let mut buf = Vec::new();
        {
            let mut w = arrow_json_lines(&mut buf);
            w(&b);
        }
        rows.extend(parse_output(&String::from_utf8(buf).expect("utf-8")));
    }
    same_results(&jsonl_rows(n), &rows);
}

/// Renders a record batch of rows as JSON lines with the values exact, for
/// comparing with the JSON lines output.
fn arrow_json_lines(out: &mut Vec<u8>) -> impl FnMut(&RecordBatch) + '_ {
    use arrow_array::cast::AsArray;
    use arrow_array::types::Decimal128Type;
    move |batch: &RecordBatch| {
        for i in 0..batch.num_rows() {
            let mut map = serde_json::Map::new();
            for (field, column) in batch.schema().fields().iter().zip(batch.columns()) {
                let value = if column.is_null(i) {
                    Json::Null
                } else {
                    match column.data_type() {
                        DataType::Utf8 => Json::String(column.as_string::<i32>().value(i).into()),
                        DataType::Int64 => Json::from(
                            column
                                .as_primitive::<arrow_array::types::Int64Type>()
                                .value(i),
                        ),
                        DataType::Decimal128(_, s) => {
                            let d = rust_decimal::Decimal::from_i128_with_scale(
                                column.as_primitive::<Decimal128Type>().value(i),
                                *s as u32,
                            );
                            serde_json::from_str(&d.to_string()).expect("a number")
                        }
                        _ => Json::String("…".into()),
                    }
                };
                map.insert(field.name().clone(), value);
            }
            out.extend_from_slice(Json::Object(map).to_string().as_bytes());
            out.push(b'\n');
        }
    }
}
