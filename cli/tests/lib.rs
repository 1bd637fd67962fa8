//! Tests of the `etuus` command: output, explanations and exit codes.

mod batch;
mod diff;
mod harness;
mod test_command;
mod whatif;

use harness::Test;

const JAAKKO: &str =
    "kunta: Turku\nvuokra: 615\nhenkilot:\n  jaakko: {ika: 30, muut_tulot: 742, veroprosentti: 0 %}\n";

#[test]
fn calc_json_matches_kelas_example() {
    let out = Test::new()
        .file("jaakko.yaml", JAAKKO)
        .args([
            "calc",
            "jaakko.yaml",
            "--month",
            "2022-06",
            "--format",
            "json",
        ])
        .success();
    let json: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(json["format_version"], 1);
    assert_eq!(json["month"], "2022-06");
    assert_eq!(
        json["results"]["yleinen_asumistuki"]["amount"],
        serde_json::json!(330.40)
    );
    assert_eq!(
        json["values"]["asumistuki"]["perusomavastuu"],
        serde_json::json!(0.0)
    );
    assert_eq!(json["values"]["kunta"], "853");
    assert_eq!(
        json["members"]["henkilot"]["jaakko"]["asumistuki"]["huomioon_otettavat_tulot"],
        serde_json::json!(742.0)
    );
    assert!(
        out.contains("\"amount\": 330.40"),
        "money keeps two decimals: {out}"
    );
    assert!(json["receipt"]["rules_sha256"]
        .as_str()
        .is_some_and(|h| h.len() == 64));
}

#[test]
fn calc_yaml_is_the_same_document() {
    let out = Test::new()
        .file("jaakko.yaml", JAAKKO)
        .args([
            "calc",
            "jaakko.yaml",
            "--month",
            "2022-06",
            "--format",
            "yaml",
        ])
        .success();
    let doc: serde_json::Value = serde_saphyr_dev::from_str(&out).expect("valid YAML");
    assert_eq!(
        doc["results"]["yleinen_asumistuki"]["amount"],
        serde_json::json!(330.4)
    );
}

#[test]
fn explain_names_the_legal_section_of_each_line() {
    let out = Test::new()
        .file("jaakko.yaml", JAAKKO)
        .args(["calc", "jaakko.yaml", "--month", "2022-06", "--explain"])
        .success();
    for expected in [
        "Laskelma 6/2022",
        "enimmäisasumismenot",
        "938/2014 10 §",
        "perusomavastuu",
        "938/2014 16 §",
        "= yleinen asumistuki",
        "330,40 €/kk",
        "= 80 % × max(0; 413,00 − 0,00)",
        "Laskennan perusteet",
        "Kuitti",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
}

#[test]
fn explain_in_english_and_json() {
    let out = Test::new()
        .file("jaakko.yaml", JAAKKO)
        .args([
            "calc",
            "jaakko.yaml",
            "--month",
            "2022-06",
            "--explain",
            "--lang",
            "en",
            "--format",
            "json",
        ])
        .success();
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let lines = json["explanation"]["results"][0]["lines"]
        .as_array()
        .unwrap();
    assert!(lines
        .iter()
        .all(|l| l["reference"].as_str().is_some_and(|r| r.contains('§'))));
    assert_eq!(json["explanation"]["language"], "en");
}

#[test]
fn set_changes_an_input_for_a_what_if() {
    let out = Test::new()
        .file("jaakko.yaml", JAAKKO)
        .args([
            "calc",
            "jaakko.yaml",
            "--month",
            "2022-06",
            "--format",
            "json",
            "--set",
            "jaakko.muut_tulot=1200",
        ])
        .success();
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    // 0.42 × (1 200 − 722) = 200.76; 0.8 × (413 − 200.76) = 169.79
    assert_eq!(
        json["results"]["yleinen_asumistuki"]["amount"],
        serde_json::json!(169.79)
    );
}

#[test]
fn unknown_municipality_is_bad_input() {
    let err = Test::new()
        .file("h.yaml", "kunta: Turkku\nhenkilot:\n  a: {ika: 30}\n")
        .args(["calc", "h.yaml", "--month", "2025-01"])
        .status(2);
    assert!(
        err.contains("kunta: `Turkku` is not a known value"),
        "{err}"
    );
    assert!(err.contains("did you mean `Turku`"), "{err}");
}

#[test]
fn aland_is_refused_with_a_reason() {
    let err = Test::new()
        .file("h.yaml", "kunta: Jomala\nhenkilot:\n  a: {ika: 30}\n")
        .args(["calc", "h.yaml", "--month", "2025-01"])
        .status(2);
    assert!(err.contains("Åland"), "{err}");
}

#[test]
fn month_outside_the_rules_is_bad_input() {
    let err = Test::new()
        .file("jaakko.yaml", JAAKKO)
        .args(["calc", "jaakko.yaml", "--month", "2030-01"])
        .status(2);
    assert!(err.contains("the rules cover 2021-01 … 2027-12"), "{err}");
    assert!(
        err.contains("--assume-latest"),
        "the error says how to proceed: {err}"
    );
}

#[test]
fn assume_latest_carries_the_last_law_forward_and_says_so() {
    let out = Test::new()
        .file("jaakko.yaml", JAAKKO)
        .args([
            "calc",
            "jaakko.yaml",
            "--month",
            "2030-01",
            "--assume-latest",
        ])
        .success();
    assert!(
        out.starts_with("HUOM: säännöt kattavat kuukaudet 2021-01 … 2027-12."),
        "the notice comes first: {out}"
    );
    let explained = Test::new()
        .file("jaakko.yaml", JAAKKO)
        .args([
            "calc",
            "jaakko.yaml",
            "--month",
            "2030-01",
            "--assume-latest",
            "--explain",
            "--lang",
            "en",
        ])
        .success();
    assert!(explained.contains("! NOTE: the rules cover 2021-01 … 2027-12. 2030-01 was calculated with the law of 2027-12 carried forward"), "{explained}");
    assert!(
        explained
            .contains("[value not confirmed by a primary source: carried forward from 2027-12]"),
        "every parameter is marked: {explained}"
    );
    let json = Test::new()
        .file("jaakko.yaml", JAAKKO)
        .args([
            "calc",
            "jaakko.yaml",
            "--month",
            "2030-01",
            "--assume-latest",
            "--format",
            "json",
        ])
        .success();
    let json: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(json["month"], "2030-01");
    assert_eq!(json["carried_forward_from"], "2027-12");
    assert!(json["warnings"][0]
        .as_str()
        .is_some_and(|w| w.contains("kuukauden 2027-12 lainsäädännöllä")));
}

#[test]
fn without_a_month_a_date_past_the_rules_uses_their_last_month() {
    let out = Test::new()
        .file("jaakko.yaml", JAAKKO)
        .env("ETUUS_TODAY", "2028-02-15")
        .args(["calc", "jaakko.yaml"])
        .status(0);
    assert!(
        out.contains("the current month 2028-02 is after the months these rules cover"),
        "{out}"
    );
    assert!(out.contains("Yleinen asumistuki 2027-12"), "{out}");
}

#[test]
fn check_warns_when_the_rules_are_about_to_end() {
    let out = Test::new()
        .env("ETUUS_TODAY", "2027-10-20")
        .args(["check"])
        .status(0);
    assert!(
        out.contains("warning: the rules' coverage ends with 2027-12, within 3 months"),
        "{out}"
    );
    let out = Test::new()
        .env("ETUUS_TODAY", "2026-12-02")
        .args(["check"])
        .status(0);
    assert!(!out.contains("warning: the rules' coverage"), "{out}");
}

#[test]
fn malformed_month_is_bad_input() {
    let err = Test::new()
        .file("jaakko.yaml", JAAKKO)
        .args(["calc", "jaakko.yaml", "--month", "6/2026"])
        .status(2);
    assert!(err.contains("write it as YYYY-MM"), "{err}");
}

#[test]
fn unknown_language_is_bad_input() {
    let err = Test::new()
        .file("jaakko.yaml", JAAKKO)
        .args(["calc", "jaakko.yaml", "--lang", "de"])
        .status(2);
    assert!(err.contains("choose one of fi, sv, en"), "{err}");
}

#[test]
fn missing_household_file_is_bad_input() {
    let err = Test::new()
        .args(["calc", "nowhere.yaml", "--month", "2025-01"])
        .status(2);
    assert!(err.contains("nowhere.yaml"), "{err}");
}

#[test]
fn check_the_embedded_rules() {
    let out = Test::new().args(["check"]).success();
    assert!(out.contains("no errors"), "{out}");
}

#[test]
fn check_points_at_a_deliberate_mistake() {
    let test = Test::new().copy_rules();
    let path = test.path("rules/asumistuki/laskenta.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let broken = text.replacen(
        "formula: if perusomavastuu_laskennallinen < perusomavastuu_alaraja",
        "formula: if perusomavastuu_laskennalinen < perusomavastuu_alaraja",
        1,
    );
    assert_ne!(text, broken, "the line to break exists");
    std::fs::write(&path, &broken).unwrap();
    let line = broken
        .lines()
        .position(|l| l.contains("perusomavastuu_laskennalinen"))
        .unwrap()
        + 1;
    let err = test.args(["check", "--rules", "rules"]).status(3);
    assert!(
        err.contains("unknown name `perusomavastuu_laskennalinen`"),
        "{err}"
    );
    assert!(
        err.contains(&format!("laskenta.yaml:{line}:")),
        "expected line {line} in {err}"
    );
    assert!(
        err.contains("did you mean `perusomavastuu_laskennallinen`?"),
        "{err}"
    );
}

#[test]
fn test_command_reports_differences() {
    let case = "cases:\n  - name: wrong expectation\n    source: https://www.kela.fi/fa/asumisen-tuet-maara-ja-maksaminen\n    month: 2022-06\n    household: {kunta: Turku, vuokra: 615, henkilot: {j: {ika: 30, muut_tulot: 742}}}\n    expect:\n      asumistuki.yleinen_asumistuki: 330.41\n";
    let out = Test::new()
        .file("case.yaml", case)
        .args(["test", "case.yaml"])
        .status(1);
    assert!(out.contains("FAILED"), "{out}");
    assert!(
        out.contains("asumistuki.yleinen_asumistuki: expected 330.41, got 330.40"),
        "{out}"
    );
}

#[test]
fn test_command_passes_the_official_cases() {
    let out = Test::new()
        .args([
            "test",
            concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/cases"),
        ])
        .success();
    assert!(out.contains(" 0 failed"), "{out}");
}

/// The README's first set-up command prints what the README shows. After a
/// rule change that moves the sample, refresh it with
/// `ETUUS_UPDATE_README=1 cargo test -p etuus-cli --test integration readme`
/// and review the change with `git diff README.md`.
#[test]
fn readme_sample_output_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md");
    let readme = std::fs::read_to_string(path).unwrap();
    let start = readme
        .find("```text\nLaskelma")
        .expect("the README has a sample")
        + "```text\n".len();
    let sample: Vec<&str> = readme[start..]
        .lines()
        .take_while(|l| !l.starts_with("```") && l.trim() != "…")
        .collect();
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fixtures/tyomarkkinatuki_yksinhuoltaja_sipoo.yaml"
    );
    let out = Test::new()
        .args(["calc", fixture, "--month", "2026-06", "--explain"])
        .success();
    let out = out.replace('\u{a0}', " ");
    // The sample ends with the first basis of the calculation (the line
    // after "Laskennan perusteet" and its source).
    let all: Vec<&str> = out.lines().collect();
    let length = all
        .iter()
        .position(|l| *l == "Laskennan perusteet")
        .map_or(sample.len(), |i| (i + 3).min(all.len()));
    let actual = &all[..length];
    if actual != sample.as_slice() && std::env::var_os("ETUUS_UPDATE_README").is_some() {
        let end = start + sample.iter().map(|l| l.len() + 1).sum::<usize>();
        let mut updated = readme[..start].to_string();
        for line in actual {
            updated.push_str(line);
            updated.push('\n');
        }
        updated.push_str(&readme[end..]);
        std::fs::write(path, updated).unwrap();
        eprintln!("README.md: sample output rewritten; review it with `git diff README.md`");
        return;
    }
    pretty_assertions::assert_eq!(
        actual,
        sample.as_slice(),
        "the README's sample output is out of date; after reviewing the change, refresh it with\n  ETUUS_UPDATE_README=1 cargo test -p etuus-cli --test integration readme"
    );
}

const WAGE_EARNER_WITHOUT_TAX_RATE: &str =
    "kunta: Turku\nvuokra: 600\nhenkilot:\n  a: {ika: 30, palkkatulo: 900}\n";

/// With `--allow-partial`, a result that needs an input the household lacks
/// is reported, and the others are still computed: the exit code stays 0.
#[test]
fn calc_reports_a_result_that_lacks_an_input() {
    let out = Test::new()
        .file("a.yaml", WAGE_EARNER_WITHOUT_TAX_RATE)
        .args([
            "calc",
            "a.yaml",
            "--month",
            "2026-06",
            "--format",
            "json",
            "--allow-partial",
        ])
        .success();
    let json: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(
        json["results"]["yleinen_asumistuki"]["amount"],
        serde_json::json!(264.25)
    );
    let error = json["results"]["toimeentulotuki"]["error"]
        .as_str()
        .expect("the error is reported");
    assert!(error.contains("henkilot.a.veroprosentti"), "{error}");
}

/// When the only result asked for cannot be computed, the input is bad: exit 2.
#[test]
fn calc_exits_2_when_the_result_asked_for_lacks_an_input() {
    let out = Test::new()
        .file("a.yaml", WAGE_EARNER_WITHOUT_TAX_RATE)
        .args([
            "calc",
            "a.yaml",
            "--month",
            "2026-06",
            "--result",
            "toimeentulotuki",
        ])
        .status(2);
    assert!(out.contains("henkilot.a.veroprosentti"), "{out}");
}

/// Kela's "Sanna" example as JSON: every benefit and the combined entitlement.
#[test]
fn calc_json_has_the_combined_entitlement() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fixtures/tyomarkkinatuki_yksinhuoltaja_sipoo.yaml"
    );
    let out = Test::new()
        .args(["calc", fixture, "--month", "2021-06", "--format", "json"])
        .success();
    let json: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    let amount = |name: &str| json["results"][name]["amount"].clone();
    assert_eq!(amount("tyottomyysturva"), serde_json::json!(831.20));
    assert_eq!(amount("yleinen_asumistuki"), serde_json::json!(592.80));
    assert_eq!(amount("toimeentulotuki"), serde_json::json!(191.33));
    // 831.20 − 166.24 + 592.80 + 191.33 + lapsilisä 94.88 + 104.84 + 2 × 63.30
    assert_eq!(amount("etuudet_yhteensa"), serde_json::json!(1775.41));
    // The perusosat: what is left after housing costs when assistance is paid.
    assert_eq!(
        amount("kaytettavissa_olevat_tulot"),
        serde_json::json!(1255.11)
    );
}

/// Without `--allow-partial`, a result that could not be calculated is an
/// error (exit 2) that names the missing input and the results it stops.
#[test]
fn calc_exits_2_when_a_result_lacks_an_input() {
    let err = Test::new()
        .file("a.yaml", WAGE_EARNER_WITHOUT_TAX_RATE)
        .args(["calc", "a.yaml", "--month", "2026-06"])
        .status(2);
    assert!(
        err.contains("error: henkilot.a.veroprosentti: needed for this calculation"),
        "{err}"
    );
    assert!(err.contains("Basic social assistance"), "{err}");
    assert!(err.contains("--allow-partial"), "{err}");
    let summary = Test::new()
        .file("a.yaml", WAGE_EARNER_WITHOUT_TAX_RATE)
        .args(["calc", "a.yaml", "--month", "2026-06", "--allow-partial"])
        .success();
    assert!(
        summary.contains("  = yleinen asumistuki: 264,25"),
        "{summary}"
    );
    assert!(
        summary.contains("Perustoimeentulotuki 2026-06: — (henkilot.a.veroprosentti"),
        "{summary}"
    );
}

fn error_document(out: &str) -> serde_json::Value {
    let json: serde_json::Value = serde_json::from_str(out).expect("the error is a JSON document");
    json["error"].clone()
}

/// Under `--format json` an error is a document on standard output, with the
/// field, the message and what is allowed, and never the file's path.
#[test]
fn json_errors_are_a_document_on_standard_output() {
    let test = Test::new().file("tmp123.yaml", "kunta: Turku\nhenkilot:\n  a: {ika: 300}\n");
    let path = test.path("tmp123.yaml").display().to_string();
    let out = test
        .args(["calc", &path, "--month", "2025-06", "--format", "json"])
        .status(2);
    let error = error_document(&out);
    assert_eq!(error["field"], "henkilot.a.ika");
    assert_eq!(error["message"], "300 is outside the allowed range 0 … 120");
    assert_eq!(error["allowed"], "a whole number, 0 … 120");
    assert!(!out.contains("tmp123"), "the path leaks: {out}");

    // A result that lacks an input, and a month outside the rules.
    let out = Test::new()
        .file("a.yaml", WAGE_EARNER_WITHOUT_TAX_RATE)
        .args(["calc", "a.yaml", "--month", "2026-06", "--format", "json"])
        .status(2);
    let error = error_document(&out);
    assert_eq!(error["field"], "henkilot.a.veroprosentti");
    assert_eq!(error["allowed"], "a rate (0.25 or \"25 %\"), 0 % … 100 %");
    let out = Test::new()
        .file("jaakko.yaml", JAAKKO)
        .args([
            "calc",
            "jaakko.yaml",
            "--month",
            "2030-01",
            "--format",
            "json",
        ])
        .status(2);
    let error = error_document(&out);
    assert_eq!(error["field"], "month");
    assert_eq!(error["allowed"], "YYYY-MM, 2021-01 … 2027-12");
    // A rules check: no field-level allowed values, but the field.
    let out = Test::new()
        .file(
            "h.yaml",
            "kunta: Turku\nhenkilot:\n  a: {palkkatulo: 500}\n",
        )
        .args(["calc", "h.yaml", "--month", "2025-06", "--format", "json"])
        .status(2);
    let error = error_document(&out);
    assert_eq!(error["field"], "henkilot.a.ika");
    assert_eq!(error["allowed"], serde_json::Value::Null);
}

/// A JSON household with a person given twice is refused, not half-read.
#[test]
fn duplicate_person_ids_in_json_are_refused() {
    let err = Test::new()
        .file(
            "h.json",
            r#"{"kunta": "Turku", "henkilot": {"a": {"ika": 30}, "a": {"ika": 40}}}"#,
        )
        .args(["calc", "h.json", "--month", "2025-06"])
        .status(2);
    assert!(
        err.contains("error: h.json: henkilot.a: the id `a` is given twice"),
        "{err}"
    );
}

/// An error in a `--set` value names the argument, not the household file.
#[test]
fn set_errors_name_the_set_argument() {
    let err = Test::new()
        .file("jaakko.yaml", JAAKKO)
        .args([
            "calc",
            "jaakko.yaml",
            "--month",
            "2022-06",
            "--set",
            "vuokra=paljon",
        ])
        .status(2);
    assert!(
        err.contains("error: --set vuokra=paljon: vuokra: `paljon` is not a number"),
        "{err}"
    );
    assert!(!err.contains("jaakko.yaml"), "{err}");
    let err = Test::new()
        .file("jaakko.yaml", JAAKKO)
        .args([
            "calc",
            "jaakko.yaml",
            "--month",
            "2022-06",
            "--set",
            "jaakko.ika=35v",
        ])
        .status(2);
    assert!(
        err.contains("--set jaakko.ika=35v: henkilot.jaakko.ika:"),
        "{err}"
    );
}

/// A month is written with two digits for the month.
#[test]
fn a_short_month_is_bad_input() {
    let err = Test::new()
        .file("jaakko.yaml", JAAKKO)
        .args(["calc", "jaakko.yaml", "--month", "2024-6"])
        .status(2);
    assert!(err.contains("`2024-6` is not a month"), "{err}");
}
