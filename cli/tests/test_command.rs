//! `etuus test`: failures summarised at the end, `--quiet`, `--filter` and
//! `--update`.

use crate::harness::Test;

const SOURCE: &str = "https://www.kela.fi/fa/asumisen-tuet-maara-ja-maksaminen";

/// Three cases: Kela's Jaakko (passes), a wrong housing allowance and a
/// wrong basic deductible (fail), each in its own way.
fn cases() -> String {
    format!(
        "cases:
  - name: Jaakko as Kela computes him
    source: {SOURCE}
    month: 2022-06
    household: {{kunta: Turku, vuokra: 615, henkilot: {{j: {{ika: 30, muut_tulot: 742}}}}}}
    expect:
      asumistuki.yleinen_asumistuki: 330.40
  - name: wrong allowance
    source: {SOURCE}
    month: 2022-06
    household: {{kunta: Turku, vuokra: 615, henkilot: {{j: {{ika: 30, muut_tulot: 742}}}}}}
    expect:
      asumistuki.yleinen_asumistuki: 330.41   # a typo
  - name: wrong deductible
    source: {SOURCE}
    month: 2022-06
    household: {{kunta: Turku, vuokra: 615, henkilot: {{j: {{ika: 30, muut_tulot: 1500}}}}}}
    expect: {{asumistuki.perusomavastuu: \"1.00\", asumistuki.tulot_yhteensa: 1500}}
"
    )
}

#[test]
fn failures_are_summarised_after_every_case() {
    let out = Test::new()
        .file("case.yaml", &cases())
        .args(["test", "case.yaml"])
        .status(1);
    let summary = out
        .split("\nFailures (2):\n")
        .nth(1)
        .unwrap_or_else(|| panic!("no summary of the failures:\n{out}"));
    assert!(summary.contains("case.yaml:8 wrong allowance\n"), "{out}");
    assert!(
        summary.contains("asumistuki.yleinen_asumistuki: expected 330.41, got 330.40"),
        "{out}"
    );
    assert!(summary.contains("case.yaml:14 wrong deductible\n"), "{out}");
    assert!(out.trim_end().ends_with("1 passed, 2 failed"), "{out}");
    assert!(out.contains("ok      case.yaml:2 Jaakko"), "{out}");
}

#[test]
fn quiet_prints_only_the_failures() {
    let out = Test::new()
        .file("case.yaml", &cases())
        .args(["test", "--quiet", "case.yaml"])
        .status(1);
    assert!(!out.contains("ok "), "{out}");
    assert!(
        !out.contains("FAILED"),
        "each failure once, in the summary:\n{out}"
    );
    assert!(out.starts_with("\nFailures (2):\n"), "{out}");
}

#[test]
fn filter_by_name_or_benefit() {
    let out = Test::new()
        .file("case.yaml", &cases())
        .args(["test", "--filter", "jaakko", "case.yaml"])
        .success();
    assert!(
        out.trim_end()
            .ends_with("1 passed, 0 failed, 2 filtered out"),
        "{out}"
    );
    // By the values a case expects: only the third expects the deductible.
    let out = Test::new()
        .file("case.yaml", &cases())
        .args(["test", "-f", "perusomavastuu", "case.yaml"])
        .status(1);
    assert!(out.contains("0 passed, 1 failed, 2 filtered out"), "{out}");
    let out = Test::new()
        .file("case.yaml", &cases())
        .args(["test", "--filter", "toimeentulotuki", "case.yaml"])
        .status(2);
    assert!(
        out.contains("no case matches the filter `toimeentulotuki`"),
        "{out}"
    );
}

/// `--update` rewrites only the failing values, keeping comments, quotes and
/// flow style, lists what it rewrote, and the cases pass afterwards.
#[test]
fn update_rewrites_the_failing_values_and_says_which() {
    let test = Test::new()
        .file("case.yaml", &cases())
        .args(["test", "--update", "case.yaml"]);
    let out = test.run_expecting(0);
    assert!(out.contains("updated case.yaml:8 wrong allowance"), "{out}");
    assert!(
        out.contains("asumistuki.yleinen_asumistuki: 330.41 → 330.40"),
        "{out}"
    );
    assert!(out.contains("expected value(s) rewritten"), "{out}");
    let text = test.read("case.yaml");
    assert!(
        text.contains("      asumistuki.yleinen_asumistuki: 330.40   # a typo\n"),
        "{text}"
    );
    assert!(
        text.contains("expect: {asumistuki.perusomavastuu: \""),
        "{text}"
    );
    assert!(text.contains("asumistuki.tulot_yhteensa: 1500}"), "{text}");
    let expected = cases()
        .replace("330.41   # a typo", "330.40   # a typo")
        .replace("\"1.00\"", &format!("\"{}\"", deductible(&text)));
    assert_eq!(text, expected, "nothing else changes");
    let out = test.with_args(["test", "case.yaml"]).run_expecting(0);
    assert!(out.contains("3 passed, 0 failed"), "{out}");
}

/// The basic deductible `--update` wrote, read back from the file.
fn deductible(text: &str) -> String {
    let start = text.find("asumistuki.perusomavastuu: \"").unwrap() + 28;
    text[start..].split('"').next().unwrap().to_string()
}

#[test]
fn update_leaves_cases_that_fail_with_an_error() {
    let case = format!(
        "cases:\n  - name: bad month\n    source: {SOURCE}\n    month: 1999-01\n    household: {{kunta: Turku, henkilot: {{a: {{ika: 30}}}}}}\n    expect:\n      asumistuki.yleinen_asumistuki: 1\n"
    );
    let test = Test::new()
        .file("case.yaml", &case)
        .args(["test", "--update", "case.yaml"]);
    let out = test.run_expecting(1);
    assert!(
        out.contains("not updated: the case fails with an error"),
        "{out}"
    );
    assert_eq!(test.read("case.yaml"), case);
}
