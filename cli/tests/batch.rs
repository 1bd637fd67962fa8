//! `etuus batch`: the same answers as `etuus calc`, every format, error rows.

use std::path::Path;

use crate::harness::Test;

/// Every fixture as (name, household JSON).
fn fixtures() -> Vec<(String, serde_json::Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("a fixture");
            let options = serde_saphyr_dev::options! { leading_zero_numbers_as_strings: true };
            let tree: serde_json::Value =
                serde_saphyr_dev::from_str_with_options(&text, options).expect("YAML");
            let name = p.file_stem().and_then(|s| s.to_str()).expect("a name");
            (name.to_string(), tree)
        })
        .collect()
}

#[test]
fn batch_equals_calc_for_every_fixture() {
    let fixtures = fixtures();
    let mut lines = String::new();
    let mut test = Test::new();
    for (name, household) in &fixtures {
        lines.push_str(&serde_json::json!({"id": name, "etuus": household}).to_string());
        lines.push('\n');
        test = test.file(&format!("{name}.json"), &household.to_string());
    }
    let out = test
        .file("all.jsonl", &lines)
        .args(["batch", "all.jsonl", "--month", "2026-06", "--jobs", "2"])
        .success();
    let rows: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(rows.len(), fixtures.len());
    for ((name, household), row) in fixtures.iter().zip(&rows) {
        assert_eq!(row["id"], name.as_str());
        let calc = Test::new()
            .file("h.json", &household.to_string())
            .args(["calc", "h.json", "--month", "2026-06", "--format", "json"])
            .success();
        let calc: serde_json::Value = serde_json::from_str(&calc).expect("JSON");
        let results = calc["results"].as_object().expect("results");
        assert!(!results.is_empty());
        for (result, document) in results {
            assert_eq!(row[result.as_str()], document["amount"], "{name}: {result}");
        }
    }
}

#[test]
fn csv_and_parquet_out() {
    let household = r#"{"id":"j","kunta":"Turku","vuokra":615,"henkilot":{"jaakko":{"ika":30,"palkkatulo":742}}}"#;
    let args = [
        "batch",
        "in.jsonl",
        "--month",
        "2022-06",
        "--result",
        "yleinen_asumistuki",
        "--value",
        "asumistuki.huomioon_otettavat_tulot",
    ];
    let out = Test::new()
        .file("in.jsonl", &format!("{household}\n"))
        .args(args)
        .status(0);
    assert!(
        out.contains("1 households, 1 rows written, 0 with an error"),
        "{out}"
    );
    assert!(out.contains("households/s"), "{out}");
    let csv = Test::new()
        .file("in.jsonl", &format!("{household}\n"))
        .args(args)
        .args(["--to", "csv", "--quiet"])
        .success();
    let mut lines = csv.lines();
    let header = lines.next().expect("a header");
    assert!(header.starts_with("row,id,month,yleinen_asumistuki,henkilot.0.id,henkilot.0.asumistuki.huomioon_otettavat_tulot"), "{header}");
    assert!(header.ends_with("error.field,error.message"), "{header}");
    let record = lines.next().expect("a record");
    assert!(
        record.starts_with("1,j,2022-06,330.40,jaakko,442.00,"),
        "the wage less the 300 € earned-income deduction of 2022: {record}"
    );
    let parquet = Test::new()
        .file("in.jsonl", &format!("{household}\n"))
        .args(args)
        .args(["--to", "parquet", "--quiet"])
        .success();
    assert!(parquet.starts_with("PAR1"), "a Parquet file");
}

#[test]
fn a_bad_row_is_reported_and_the_run_goes_on() {
    let good = r#"{"kunta":"Turku","vuokra":615,"henkilot":{"jaakko":{"ika":30}}}"#;
    let bad = r#"{"kunta":"Turku","vuokra":615,"henkilot":{"jaakko":{"ika":300}}}"#;
    let out = Test::new()
        .file("in.jsonl", &format!("{good}\n{bad}\n{good}\n"))
        .args(["batch", "in.jsonl", "--month", "2022-06"])
        .status(0);
    assert!(
        out.contains("3 households, 3 rows written, 1 with an error"),
        "{out}"
    );
    assert!(out.contains("row 2: henkilot.jaakko.ika"), "{out}");
    let rows: Vec<&str> = out.lines().filter(|l| l.starts_with('{')).collect();
    assert_eq!(rows.len(), 3);
    assert!(
        rows[1].contains(r#""error":{"field":"henkilot.jaakko.ika""#),
        "{}",
        rows[1]
    );
}

#[test]
fn every_row_failing_exits_2_and_bad_arguments_are_refused() {
    Test::new()
        .file("in.jsonl", "{\"vuokra\": 1}\n")
        .args(["batch", "in.jsonl", "--quiet"])
        .status(2);
    let out = Test::new()
        .file("in.jsonl", "\n")
        .args(["batch", "in.jsonl", "--result", "asumistuki"])
        .status(2);
    assert!(out.contains("yleinen_asumistuki"), "{out}");
    let out = Test::new()
        .file("in.txt", "\n")
        .args(["batch", "in.txt"])
        .status(2);
    assert!(out.contains("--from"), "{out}");
    let out = Test::new()
        .file("in.csv", "id,vuokraa\n1,2\n")
        .args(["batch", "in.csv", "--month", "2022-06"])
        .status(2);
    assert!(out.contains("did you mean `vuokra`"), "{out}");
}

#[test]
fn schema_columns_lists_the_flat_convention() {
    let out = Test::new().args(["schema", "--columns"]).success();
    assert!(out.contains("henkilot.N.palkkatulo"), "{out}");
    assert!(out.contains("yleinen_asumistuki"), "{out}");
    assert!(out.contains("error.field"), "{out}");
}
