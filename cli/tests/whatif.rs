//! The what-if commands as a counsellor uses them: `compare`, `sweep`,
//! `timeline`, `calc --format summary|markdown|html`, `params` and `vars`.
//! Snapshots show what a person reads; a change shows as a diff to review.

use crate::harness::Test;

const SANNA: &str = include_str!("../../fixtures/tyomarkkinatuki_yksinhuoltaja_sipoo.yaml");

const MIKKO: &str = include_str!("../../fixtures/porrastus_tampere.yaml");

/// Without the rule set's hash and the engine version.
fn stable(text: &str) -> String {
    text.lines()
        .map(|l| if l.contains("sha256") { "<receipt>" } else { l })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn compare_a_job_in_finnish() {
    let out = Test::new()
        .file("sanna.yaml", SANNA)
        .args([
            "compare",
            "sanna.yaml",
            "--month",
            "2026-06",
            "--set",
            "sanna.palkkatulo=600",
        ])
        .success();
    assert!(out.contains("kotitaloudelle jää siitä 0,00 € (efektiivinen rajaveroaste 100 %)"));
    insta::assert_snapshot!("compare_job_fi", out);
}

#[test]
fn compare_three_options_in_english_markdown() {
    let out = Test::new()
        .file("sanna.yaml", SANNA)
        .args([
            "compare",
            "sanna.yaml",
            "--month",
            "2026-06",
            "--lang",
            "en",
            "--format",
            "markdown",
            "--option",
            "job",
            "--set",
            "sanna.palkkatulo=600",
            "--option",
            "Kerava",
            "--set",
            "kunta=Kerava",
            "--set",
            "vuokra=690",
            "--option",
            "partner",
            "--add",
            "puoliso.ika=37",
            "--add",
            "puoliso.palkkatulo=2400",
            "--add",
            "puoliso.veroprosentti=22 %",
        ])
        .success();
    assert!(
        out.contains("| | now | job | change (job) | Kerava |"),
        "{out}"
    );
    insta::assert_snapshot!("compare_options_en_markdown", out);
}

#[test]
fn compare_a_second_file_as_json() {
    let out = Test::new()
        .file("sanna.yaml", SANNA)
        .file("other.yaml", &SANNA.replace("vuokra: 810", "vuokra: 700"))
        .args([
            "compare",
            "sanna.yaml",
            "--month",
            "2026-06",
            "--vs",
            "other.yaml",
            "--format",
            "json",
        ])
        .success();
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(
        json["options"][0]["totals"]["housing"],
        serde_json::json!(745.0)
    );
    assert!(out.contains("\"after_housing_change\": "));
}

#[test]
fn compare_explains_a_missing_person_and_a_missing_option() {
    let err = Test::new()
        .file("sanna.yaml", SANNA)
        .args([
            "compare",
            "sanna.yaml",
            "--month",
            "2026-06",
            "--set",
            "puoliso.palkkatulo=100",
        ])
        .status(2);
    assert!(
        err.contains("no person `puoliso`") && err.contains("--add puoliso.palkkatulo=VALUE"),
        "{err}"
    );
    let err = Test::new()
        .file("sanna.yaml", SANNA)
        .args(["compare", "sanna.yaml", "--month", "2026-06"])
        .status(2);
    assert!(err.contains("give at least one option"), "{err}");
}

#[test]
fn sweep_table_csv_and_chart() {
    let dir = tempfile::tempdir().expect("a directory");
    let svg = dir.path().join("chart.svg");
    let svg_arg = svg.display().to_string();
    let out = Test::new()
        .file("sanna.yaml", SANNA)
        .args([
            "sweep",
            "sanna.yaml",
            "--month",
            "2026-06",
            "--vary",
            "sanna.palkkatulo=0..2000:250",
            "--svg",
            &svg_arg,
        ])
        .success();
    insta::assert_snapshot!("sweep_fi", out);
    let chart = std::fs::read_to_string(svg).expect("the chart was written");
    assert!(chart.starts_with("<svg") && chart.trim_end().ends_with("</svg>"));
    let csv = Test::new()
        .file("sanna.yaml", SANNA)
        .args([
            "sweep",
            "sanna.yaml",
            "--month",
            "2026-06",
            "--vary",
            "sanna.palkkatulo=0..200:100",
            "--format",
            "csv",
            "--keep-under",
            "30",
        ])
        .success();
    insta::assert_snapshot!("sweep_csv", csv);
}

#[test]
fn sweep_refuses_a_bad_range() {
    let err = Test::new()
        .file("sanna.yaml", SANNA)
        .args(["sweep", "sanna.yaml", "--vary", "sanna.palkkatulo=0..3000"])
        .status(2);
    assert!(err.contains("PATH=FROM..TO:STEP"), "{err}");
}

#[test]
fn timeline_of_a_benefit_about_to_be_stepped_down() {
    let out = Test::new()
        .file("mikko.yaml", MIKKO)
        .args([
            "timeline",
            "mikko.yaml",
            "--from",
            "2026-01",
            "--to",
            "2026-09",
        ])
        .success();
    assert!(
        out.contains("2/2026: työttömyysturva pienenee 20 %"),
        "{out}"
    );
    insta::assert_snapshot!("timeline_fi", out);
    let en = Test::new()
        .file("mikko.yaml", MIKKO)
        .args([
            "timeline",
            "mikko.yaml",
            "--from",
            "2026-01",
            "--to",
            "2026-03",
            "--lang",
            "en",
            "--enimmaisaika",
            "300",
        ])
        .success();
    assert!(
        en.contains("2026-02: unemployment benefits falls by 20 %")
            || en.contains("2026-02: unemployment benefits"),
        "{en}"
    );
}

#[test]
fn summaries_for_the_client_record() {
    let text = Test::new()
        .file("sanna.yaml", SANNA)
        .args([
            "calc",
            "sanna.yaml",
            "--month",
            "2026-06",
            "--format",
            "summary",
        ])
        .success();
    insta::assert_snapshot!("summary_fi", stable(&text));
    let md = Test::new()
        .file("sanna.yaml", SANNA)
        .args([
            "calc",
            "sanna.yaml",
            "--month",
            "2026-06",
            "--format",
            "markdown",
            "--lang",
            "sv",
        ])
        .success();
    insta::assert_snapshot!("summary_sv_markdown", stable(&md));
    let html = Test::new()
        .file("sanna.yaml", SANNA)
        .args([
            "calc",
            "sanna.yaml",
            "--month",
            "2026-06",
            "--format",
            "html",
            "--lang",
            "en",
        ])
        .success();
    insta::assert_snapshot!("summary_en_html", stable(&html));
}

#[test]
fn params_and_vars_document_the_rules() {
    let out = Test::new()
        .args(["params", "toimeentulotuki.perusosa", "--at", "2022-08-01"])
        .success();
    assert!(out.contains("yksin asuva: 532,97 €/kk"), "{out}");
    insta::assert_snapshot!("params_perusosa", out);
    let out = Test::new()
        .args(["params", "yksinhuoltajakorotus", "--lang", "en"])
        .success();
    insta::assert_snapshot!("params_yksinhuoltajakorotus_en", out);
    let out = Test::new()
        .args(["vars", "toimeentulotuki.etuoikeutettu_ansiotulo"])
        .success();
    insta::assert_snapshot!("vars_etuoikeutettu_ansiotulo", out);
    let err = Test::new().args(["params", "eiole"]).status(2);
    assert!(err.contains("no parameter matches"), "{err}");
}

#[test]
fn short_answer_ends_with_income_after_housing() {
    let out = Test::new()
        .file("sanna.yaml", SANNA)
        .args(["calc", "sanna.yaml", "--month", "2026-06"])
        .success();
    let last = out.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("  = käytettävissä asumismenojen jälkeen: "),
        "{out}"
    );
    // No label is repeated with another amount.
    let mut seen: Vec<(String, String)> = Vec::new();
    for line in out.lines().filter(|l| l.starts_with("  ")) {
        if let Some((label, value)) = line.trim().split_once(": ") {
            if let Some((_, v)) = seen.iter().find(|(l, _)| l == label) {
                assert_eq!(v, value, "{label} repeats with another amount");
            } else {
                seen.push((label.to_string(), value.to_string()));
            }
        }
    }
}
