//! `etuus diff` on rule changes planted the way a rule author makes them,
//! with effects worked out by hand.

use crate::harness::Test;

/// A couple with two children whose wages keep them off toimeentulotuki: a
/// change in the housing allowance is a change in their total.
const FAMILY: &str = "description: Pariskunta ja kaksi lasta, Turku, palkat 2 000 + 1 300 €/kk
kunta: Turku
vuokra: 1000
henkilot:
  a: {ika: 40, palkkatulo: 2000, veroprosentti: 17 %, lapsilisa: 199.72}
  b: {ika: 38, palkkatulo: 1300, veroprosentti: 12 %}
  c: {ika: 5}
  d: {ika: 8}
";

/// Without income: toimeentulotuki takes up any change in the housing
/// allowance, so the total stays.
const NO_INCOME: &str = "description: Tuloton, Turku, vuokra 615 €/kk
kunta: Turku
vuokra: 615
henkilot:
  a: {ika: 30}
";

/// Too well off for either benefit.
const WELL_OFF: &str = "description: Hyvätuloinen, Helsinki
kunta: Helsinki
vuokra: 900
henkilot:
  a: {ika: 40, palkkatulo: 4000, veroprosentti: 25 %}
";

/// The same household in Tampere, which the planted municipality move leaves alone.
const TAMPERE: &str = "description: Tuloton, Tampere, vuokra 615 €/kk
kunta: Tampere
vuokra: 615
henkilot:
  a: {ika: 30}
";

fn corpus() -> Test {
    Test::new()
        .file("households/perhe.yaml", FAMILY)
        .file("households/tuloton.yaml", NO_INCOME)
        .file("households/hyvatuloinen.yaml", WELL_OFF)
        .file("households/tampere.yaml", TAMPERE)
}

/// The support rate of 1.4.2024 put back from 70 % to 80 %, in a copy of
/// the rules.
fn support_rate_back_to_80() -> Test {
    corpus().copy_rules().copy_rules_to("planted").edit(
        "planted/asumistuki/parametrit.yaml",
        "      - since: 2024-04-01\n        value: 0.70\n",
        "      - since: 2024-04-01\n        value: 0.80\n",
    )
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("valid JSON")
}

fn row<'j>(report: &'j serde_json::Value, id: &str, month: &str) -> &'j serde_json::Value {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id && r["month_b"] == month)
        .unwrap_or_else(|| panic!("no row {id} {month}"))
}

fn change(report: &serde_json::Value, id: &str, month: &str, result: &str) -> f64 {
    row(report, id, month)["results"][result]["change"]
        .as_f64()
        .expect("a change")
}

/// The family: housing costs taken into account 981 (Turku, group II, four
/// persons), perusomavastuu 926.50, so 70 % × 54.50 = 38.15 becomes
/// 80 % × 54.50 = 43.60: +5.45, all of it in the total. Without income,
/// 70 % × 447 = 312.90 becomes 357.60 and toimeentulotuki falls by the same
/// 44.70. Before 1.4.2024 the rate was 80 % on both sides: nothing moves.
#[test]
fn support_rate_back_to_80_percent_has_the_effects_worked_out_by_hand() {
    let out = support_rate_back_to_80()
        .args([
            "diff",
            "households",
            "--rules-a",
            "rules",
            "--rules-b",
            "planted",
            "--month",
            "2024-03",
            "--month",
            "2024-06",
            "--format",
            "json",
        ])
        .success();
    let report = json(&out);
    assert_eq!(
        change(&report, "perhe", "2024-06", "yleinen_asumistuki"),
        5.45
    );
    assert_eq!(change(&report, "perhe", "2024-06", "toimeentulotuki"), 0.00);
    assert_eq!(row(&report, "perhe", "2024-06")["total_change"], 5.45);
    assert_eq!(
        change(&report, "tuloton", "2024-06", "yleinen_asumistuki"),
        44.70
    );
    assert_eq!(
        change(&report, "tuloton", "2024-06", "toimeentulotuki"),
        -44.70
    );
    assert_eq!(row(&report, "tuloton", "2024-06")["total_change"], 0.0);
    for id in ["perhe", "tuloton", "hyvatuloinen", "tampere"] {
        assert_eq!(row(&report, id, "2024-03")["total_change"], 0.0, "{id}");
        assert!(row(&report, id, "2024-03")["changed_lines"]
            .as_array()
            .unwrap()
            .is_empty());
    }
    // The largest mover comes first, and the line that moved it is the rate.
    assert_eq!(report["rows"][0]["id"], "perhe");
    let summary = &report["summary"];
    assert_eq!(summary["compared"], 8);
    assert_eq!(summary["gain"], 1);
    assert_eq!(summary["lose"], 0);
    assert_eq!(summary["same"], 7);
    assert_eq!(summary["total_change"], 5.45);
    let mover = &report["movers"][0];
    assert_eq!(mover["id"], "perhe");
    let rate = mover["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["label"] == "tuen osuus")
        .expect("the rate is a line that moved");
    assert_eq!((&rate["a"], &rate["b"]), (&"70 %".into(), &"80 %".into()));
    let parameter = &mover["parameters"][0];
    assert_eq!(parameter["name"], "asumistuki.tukiprosentti");
    assert_eq!(parameter["a"][0]["value"], "70 %");
    assert_eq!(parameter["b"][0]["value"], "80 %");
    // The rule file's changed lines.
    let file = &report["rule_changes"][0];
    assert_eq!(file["path"], "asumistuki/parametrit.yaml");
    let changed: Vec<String> = file["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["sign"] != " ")
        .map(|l| {
            format!(
                "{}{}",
                l["sign"].as_str().unwrap(),
                l["text"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(changed, ["-        value: 0.70", "+        value: 0.80"]);
}

/// The text report a rule author reads, whole.
#[test]
fn support_rate_back_to_80_percent_as_text() {
    let out = support_rate_back_to_80()
        .args([
            "diff",
            "households",
            "--rules-a",
            "rules",
            "--rules-b",
            "planted",
            "--month",
            "2024-06",
            "--movers",
            "2",
        ])
        .success();
    insta::assert_snapshot!(out);
}

/// Over several months each household's identical changes are one line,
/// with the months they apply to.
#[test]
fn support_rate_back_to_80_percent_over_several_months_as_text() {
    let out = support_rate_back_to_80()
        .args([
            "diff",
            "households",
            "--rules-a",
            "rules",
            "--rules-b",
            "planted",
            "--month",
            "2024-03",
            "--month",
            "2024-04",
            "--month",
            "2024-06",
            "--month",
            "2025-06",
            "--movers",
            "0",
        ])
        .success();
    insta::assert_snapshot!(out);
}

/// The pull-request comment, whole.
#[test]
fn support_rate_back_to_80_percent_as_markdown() {
    let out = support_rate_back_to_80()
        .args([
            "diff",
            "households",
            "--rules-a",
            "rules",
            "--rules-b",
            "planted",
            "--month",
            "2024-06",
            "--movers",
            "1",
            "--format",
            "markdown",
        ])
        .success();
    insta::assert_snapshot!(out);
}

/// Turku moved from group II to group I from 2025: its four-person ceiling
/// rises from 981 to 1 188 and the one-person ceiling from 447 to 563. The
/// family's accepted costs become its rent, 1 000: 70 % × (1 000 − 926.50)
/// = 51.45 instead of 38.15 (+13.30). The household without income gets
/// 70 % × 563 = 394.10 instead of 312.90 (+81.20), taken up by
/// toimeentulotuki. Tampere and Helsinki do not move, nor does any month
/// before 2025.
#[test]
fn turku_moved_to_group_one_moves_only_turku_from_2025() {
    let out = corpus()
        .copy_rules()
        .copy_rules_to("planted")
        .edit(
            "planted/asumistuki/kuntaryhmat.yaml",
            "          Turku: II\n",
            "          Turku: I\n",
        )
        .args([
            "diff",
            "households",
            "--rules-a",
            "rules",
            "--rules-b",
            "planted",
            "--month",
            "2024-06",
            "--month",
            "2025-06",
            "--format",
            "json",
        ])
        .success();
    let report = json(&out);
    assert_eq!(
        change(&report, "perhe", "2025-06", "yleinen_asumistuki"),
        13.30
    );
    assert_eq!(row(&report, "perhe", "2025-06")["total_change"], 13.30);
    assert_eq!(
        change(&report, "tuloton", "2025-06", "yleinen_asumistuki"),
        81.20
    );
    assert_eq!(
        change(&report, "tuloton", "2025-06", "toimeentulotuki"),
        -81.20
    );
    for (id, month) in [
        ("tampere", "2025-06"),
        ("hyvatuloinen", "2025-06"),
        ("perhe", "2024-06"),
        ("tuloton", "2024-06"),
    ] {
        assert!(
            row(&report, id, month)["changed_lines"]
                .as_array()
                .unwrap()
                .is_empty(),
            "{id} {month} should not move"
        );
    }
    let ceiling = row(&report, "perhe", "2025-06")["changed_lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["name"] == "asumistuki.enimmaisasumismenot")
        .expect("the ceiling moved")
        .clone();
    assert_eq!(
        (&ceiling["a"], &ceiling["b"]),
        (&"981.00".into(), &"1188.00".into())
    );
    let by_month = &report["summary"]["by_month"];
    assert_eq!(by_month[0]["month_b"], "2024-06");
    assert_eq!(by_month[0]["total_change"], 0.0);
    assert_eq!(by_month[1]["gain"], 1);
}

/// `--rules-a git:HEAD` reads the committed rules: the uncommitted edit is
/// what the report shows.
#[test]
fn diff_against_the_committed_rules_of_a_git_revision() {
    let test = support_rate_back_to_80()
        .shell("git", ["init", "-q"])
        .shell("git", ["add", "rules"])
        .shell(
            "git",
            [
                "-c",
                "user.name=etuus",
                "-c",
                "user.email=etuus@example.invalid",
                "commit",
                "-q",
                "-m",
                "rules",
            ],
        )
        // The author edits rules/ in the work tree.
        .edit(
            "rules/asumistuki/parametrit.yaml",
            "      - since: 2024-04-01\n        value: 0.70\n",
            "      - since: 2024-04-01\n        value: 0.80\n",
        )
        .args([
            "diff",
            "households",
            "--rules-a",
            "git:HEAD",
            "--rules-b",
            "rules",
            "--month",
            "2024-06",
            "--format",
            "json",
        ]);
    let report = json(&test.run_expecting(0));
    assert_eq!(report["a"]["label"], "git:HEAD");
    assert_eq!(
        change(&report, "perhe", "2024-06", "yleinen_asumistuki"),
        5.45
    );
    assert_eq!(
        report["rule_changes"][0]["path"],
        "asumistuki/parametrit.yaml"
    );
    let error = test
        .with_args([
            "diff",
            "households",
            "--rules-a",
            "git:no-such-revision",
            "--month",
            "2024-06",
        ])
        .status(2);
    assert!(error.contains("git ls-tree"), "{error}");
}

/// Two months with the same rules: the report names the parameters that
/// changed between them (the support rate fell on 1.4.2024).
#[test]
fn two_months_with_the_same_rules() {
    let out = corpus()
        .args([
            "diff",
            "households",
            "--month",
            "2024-03",
            "--vs",
            "2024-04",
            "--format",
            "json",
        ])
        .success();
    let report = json(&out);
    assert_eq!(report["a"]["label"], "built-in rules");
    assert_eq!(row(&report, "perhe", "2024-04")["month_a"], "2024-03");
    assert!(report["rule_changes"].as_array().unwrap().is_empty());
    let parameters: Vec<&str> = report["movers"][0]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert!(
        parameters.contains(&"asumistuki.tukiprosentti"),
        "{parameters:?}"
    );
}

#[test]
fn csv_has_one_row_per_household_and_exact_decimals() {
    let out = support_rate_back_to_80()
        .args([
            "diff",
            "households",
            "--rules-a",
            "rules",
            "--rules-b",
            "planted",
            "--month",
            "2024-06",
            "--format",
            "csv",
        ])
        .success();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 5, "{out}");
    assert!(lines[0].starts_with("id,month_a,month_b,description,tyottomyysturva_a,"));
    assert!(lines[0].ends_with(",total_change,error"));
    assert!(lines[1].starts_with(
        "perhe,2024-06,2024-06,\"Pariskunta ja kaksi lasta, Turku, palkat 2 000 + 1 300 €/kk\","
    ));
    assert!(lines[1].contains(",38.15,43.60,5.45,"), "{}", lines[1]);
}

/// A JSON Lines corpus names households by their `id`, or by line.
#[test]
fn json_lines_corpus() {
    let out = support_rate_back_to_80()
        .file(
            "corpus.jsonl",
            "{\"id\": \"yksin\", \"kunta\": \"Turku\", \"vuokra\": 615, \"henkilot\": {\"a\": {\"ika\": 30}}}\n{\"kunta\": \"Oulu\", \"vuokra\": 500, \"henkilot\": {\"a\": {\"ika\": 30}}}\n",
        )
        .args([
            "diff",
            "corpus.jsonl",
            "--rules-a",
            "rules",
            "--rules-b",
            "planted",
            "--month",
            "2024-06",
            "--format",
            "csv",
        ])
        .success();
    assert!(out.contains("\nyksin,2024-06,"), "{out}");
    assert!(out.contains("\nline 2,2024-06,"), "{out}");
}

#[test]
fn exit_code_reports_whether_anything_changed() {
    support_rate_back_to_80()
        .args([
            "diff",
            "households",
            "--rules-a",
            "rules",
            "--rules-b",
            "planted",
            "--month",
            "2024-06",
            "--exit-code",
        ])
        .status(1);
    // The same rules on both sides: nothing moves.
    corpus()
        .copy_rules()
        .args([
            "diff",
            "households",
            "--rules-a",
            "rules",
            "--month",
            "2024-06",
            "--exit-code",
        ])
        .success();
}

#[test]
fn bad_arguments_say_what_to_give() {
    let out = corpus().args(["diff", "households"]).status(2);
    assert!(out.contains("nothing to compare"), "{out}");
    let out = corpus()
        .args([
            "diff",
            "households",
            "--month",
            "2024-03",
            "--month",
            "2024-05",
            "--vs",
            "2024-04",
        ])
        .status(2);
    assert!(out.contains("exactly one --month"), "{out}");
    let out = corpus()
        .args([
            "diff",
            "households",
            "--month",
            "2024-13",
            "--vs",
            "2024-04",
        ])
        .status(2);
    assert!(out.contains("is not a month"), "{out}");
    let out = corpus()
        .args(["diff", "nowhere", "--month", "2024-03", "--vs", "2024-04"])
        .status(2);
    assert!(out.contains("nowhere: no such file or directory"), "{out}");
    let out = corpus()
        .args([
            "diff",
            "households",
            "--month",
            "2024-03",
            "--vs",
            "2024-04",
            "--total",
            "nothing",
        ])
        .status(2);
    assert!(out.contains("no result `nothing`"), "{out}");
    let out = corpus()
        .args([
            "diff",
            "households",
            "--rules-a",
            "missing-dir",
            "--month",
            "2024-03",
        ])
        .status(2);
    assert!(out.contains("missing-dir"), "{out}");
}
