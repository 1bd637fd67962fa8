//! Bad rows give error records and the run goes on; months; ids.

use etuus_batch::{run_lines, Batch, BatchOptions, MonthSpec, Selection};

use crate::common::{bench_lines, parse_output, rules};

fn batch(months: MonthSpec, results: &[&str]) -> Batch<'static> {
    let options = BatchOptions {
        selection: Selection {
            results: results.iter().map(|s| s.to_string()).collect(),
            ..Selection::default()
        },
        months,
        ..BatchOptions::default()
    };
    Batch::new(rules(), &options).expect("a batch")
}

#[test]
fn bad_rows_in_the_middle_give_error_records_and_every_other_row() {
    let lines: Vec<String> = bench_lines().lines().take(20).map(str::to_string).collect();
    let mut input = lines[..7].join("\n");
    input.push('\n');
    input.push_str("{\"id\": \"broken\", \"etuus\": {\"kunta\": \n"); // line 8: not JSON
    input.push_str(&lines[7..12].join("\n"));
    input.push('\n');
    // Line 14: an input out of range; line 15: an unknown input; line 16: blank.
    input.push_str(r#"{"id":"old","month":"2025-06","etuus":{"kunta":"Espoo","asumismuoto":"vuokra","vuokra":500,"henkilot":{"a":{"ika":-3}}}}"#);
    input.push('\n');
    input.push_str(r#"{"id":"typo","month":"2025-06","etuus":{"kunta":"Espoo","vuokraa":500,"henkilot":{"a":{"ika":30}}}}"#);
    input.push_str("\n\n");
    input.push_str(&lines[12..].join("\n"));
    let batch = batch(MonthSpec::FromRows, &[]);
    let (output, summary) = run_lines(&batch, &input).expect("runs");
    let rows = parse_output(&output);
    assert_eq!(rows.len(), 23, "20 good rows and 3 bad");
    assert_eq!(summary.rows, 23);
    assert_eq!(summary.errors, 3);
    let errors: Vec<_> = rows.iter().filter(|r| !r["error"].is_null()).collect();
    assert_eq!(errors[0]["row"], 8);
    assert_eq!(errors[0]["error"]["field"], "");
    assert!(errors[0]["error"]["message"]
        .as_str()
        .expect("text")
        .contains("not valid JSON"));
    assert_eq!(errors[1]["row"], 14);
    assert_eq!(errors[1]["id"], "old");
    assert_eq!(errors[1]["error"]["field"], "henkilot.a.ika");
    assert_eq!(errors[2]["row"], 15);
    assert_eq!(errors[2]["error"]["field"], "vuokraa");
    assert!(errors[2]["error"]["message"]
        .as_str()
        .expect("text")
        .contains("vuokra"));
    // Every good row is there, in order, with its result.
    let good: Vec<_> = rows.iter().filter(|r| r["error"].is_null()).collect();
    assert_eq!(good.len(), 20);
    for (row, line) in good.iter().zip(&lines) {
        let v: serde_json::Value = serde_json::from_str(line).expect("json");
        assert_eq!(row["id"], v["id"]);
        assert!(row["yleinen_asumistuki"].is_number());
    }
    assert_eq!(
        good[19]["row"], 24,
        "line numbers count the bad and blank lines"
    );
}

#[test]
fn a_row_without_a_month_is_an_error_unless_the_run_gives_one() {
    let input =
        r#"{"kunta":"Turku","vuokra":615,"henkilot":{"jaakko":{"ika":30,"palkkatulo":742}}}"#;
    let (output, summary) = run_lines(&batch(MonthSpec::FromRows, &[]), input).expect("runs");
    assert_eq!(summary.errors, 1);
    assert_eq!(parse_output(&output)[0]["error"]["field"], "month");
    let one = MonthSpec::One("2022-06".parse().expect("month"));
    let (output, _) = run_lines(&batch(one, &["yleinen_asumistuki"]), input).expect("runs");
    let row = &parse_output(&output)[0];
    // Kela's example household (see the etuus crate's documentation).
    assert_eq!(row["yleinen_asumistuki"].as_f64(), Some(330.40));
    assert_eq!(row["month"], "2022-06");
    assert!(row["id"].is_null());
}

#[test]
fn a_panel_gives_a_row_per_month_and_a_row_keeps_its_own_month() {
    let months = MonthSpec::parse(None, Some("2024-11..2025-02")).expect("a range");
    let input = concat!(
        r#"{"id":1,"kunta":"Turku","vuokra":615,"henkilot":{"jaakko":{"ika":30,"palkkatulo":742}}}"#,
        "\n",
        r#"{"id":2,"month":"2023-05","kunta":"Turku","vuokra":615,"henkilot":{"jaakko":{"ika":30}}}"#,
        "\n"
    );
    let (output, summary) =
        run_lines(&batch(months, &["yleinen_asumistuki"]), input).expect("runs");
    let rows = parse_output(&output);
    assert_eq!(summary.rows, 2);
    let months: Vec<_> = rows
        .iter()
        .map(|r| r["month"].as_str().expect("month"))
        .collect();
    assert_eq!(
        months,
        ["2024-11", "2024-12", "2025-01", "2025-02", "2023-05"]
    );
    assert_eq!(rows[0]["id"], 1, "a number id stays a number");
}

#[test]
fn a_month_after_the_rules_is_an_error_row_unless_the_law_is_carried() {
    let input = r#"{"kunta":"Turku","vuokra":615,"henkilot":{"jaakko":{"ika":30}}}"#;
    let month = MonthSpec::One("2031-01".parse().expect("month"));
    let (output, _) = run_lines(&batch(month.clone(), &[]), input).expect("runs");
    let row = &parse_output(&output)[0];
    assert_eq!(row["error"]["field"], "month");
    let options = BatchOptions {
        months: month,
        assume_latest: true,
        ..BatchOptions::default()
    };
    let carried = Batch::new(rules(), &options).expect("a batch");
    let (output, summary) = run_lines(&carried, input).expect("runs");
    assert_eq!(summary.errors, 0, "{output}");
    assert!(parse_output(&output)[0]["yleinen_asumistuki"].is_number());
}

#[test]
fn unknown_results_and_variables_are_refused_before_any_row() {
    let options = BatchOptions {
        selection: Selection {
            results: vec!["asumistuki".into()],
            ..Selection::default()
        },
        ..BatchOptions::default()
    };
    let err = Batch::new(rules(), &options).expect_err("no such result");
    assert!(err.to_string().contains("yleinen_asumistuki"), "{err}");
    let options = BatchOptions {
        selection: Selection {
            values: vec!["asumistuki.ei_ole".into()],
            ..Selection::default()
        },
        ..BatchOptions::default()
    };
    assert!(Batch::new(rules(), &options).is_err());
}

#[test]
fn a_person_variable_is_listed_per_person() {
    let options = BatchOptions {
        selection: Selection {
            results: vec!["yleinen_asumistuki".into()],
            values: vec!["asumistuki.huomioon_otettavat_tulot".into()],
            all_lines: false,
        },
        months: MonthSpec::One("2022-06".parse().expect("month")),
        ..BatchOptions::default()
    };
    let batch = Batch::new(rules(), &options).expect("a batch");
    let input = r#"{"kunta":"Turku","vuokra":615,"henkilot":{"jaakko":{"ika":30,"palkkatulo":742},"liisa":{"ika":29}}}"#;
    let (output, _) = run_lines(&batch, input).expect("runs");
    let row = &parse_output(&output)[0];
    let members = row["henkilot"].as_array().expect("a list");
    assert_eq!(members.len(), 2);
    assert_eq!(members[0]["id"], "jaakko");
    assert_eq!(members[1]["id"], "liisa");
    assert!(members[0]["asumistuki.huomioon_otettavat_tulot"].is_number());
}
