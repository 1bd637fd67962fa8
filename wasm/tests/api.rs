//! The JSON API as JavaScript sees it, called natively: the same documents
//! as the command line, structured errors, the inputs that still matter.

use etuus_wasm::{api, respond};
use serde_json::{json, Value};

fn call(result: Result<etuus_engine::output::Out, etuus_wasm::error::ApiError>) -> Value {
    serde_json::from_str(&respond(result)).expect("the API answers JSON")
}

fn ok(result: Result<etuus_engine::output::Out, etuus_wasm::error::ApiError>) -> Value {
    let answer = call(result);
    assert!(answer.get("error").is_none(), "{answer:#}");
    answer["ok"].clone()
}

fn error(result: Result<etuus_engine::output::Out, etuus_wasm::error::ApiError>) -> Value {
    let answer = call(result);
    answer
        .get("error")
        .cloned()
        .unwrap_or_else(|| panic!("expected an error: {answer:#}"))
}

const AINO: &str = r#"{"kunta": "Tampere", "vuokra": 780, "toimeentulotuki": {"vesimaksu": 40},
  "henkilot": {"aino": {"ika": 34, "veroprosentti": "20 %", "tyottomyysturva": {"tyoton_tyonhakija": true}},
               "lapsi": {"ika": 6}}}"#;

#[test]
fn calculate_is_the_result_document_of_the_command_line() {
    let doc = ok(api::calculate(AINO, r#"{"month": "2026-06"}"#));
    let rules = etuus::rules().unwrap();
    let household = rules.household_from_json(AINO).unwrap();
    let calc = rules
        .calculate(&household, "2026-06".parse().unwrap())
        .unwrap();
    let cli: Value =
        serde_json::from_str(&etuus_engine::output::result_document(&calc, 0).to_json()).unwrap();
    assert_eq!(doc, cli);
    assert_eq!(doc["month"], "2026-06");
    assert_eq!(
        doc["receipt"]["rules_sha256"],
        rules.program().info.hash.as_str()
    );
    assert!(doc["results"]["yleinen_asumistuki"]["amount"].is_number());
}

#[test]
fn bad_input_is_an_error_naming_the_field_and_what_it_allows() {
    let e = error(api::calculate(
        r#"{"kunta": "Tampere", "henkilot": {"a": {"ika": -3}}}"#,
        r#"{"month": "2026-06"}"#,
    ));
    assert_eq!(e["kind"], "out_of_range");
    assert_eq!(e["field"], "henkilot.a.ika");
    assert_eq!(e["allowed"], "a whole number 0 … 120");
    assert!(e["message"].as_str().unwrap().contains("-3"), "{e}");

    let e = error(api::calculate(
        r#"{"kunta": "Turkku", "henkilot": {"a": {"ika": 30}}}"#,
        r#"{"month": "2026-06"}"#,
    ));
    assert_eq!(e["kind"], "invalid_value");
    assert_eq!(e["field"], "kunta");
    assert!(e["message"].as_str().unwrap().contains("Turku"), "{e}");

    let e = error(api::calculate(r#"{"henkilot": {"a": {"ika": 30}}}"#, "{}"));
    assert_eq!(e["kind"], "missing");
    assert_eq!(e["field"], "kunta");

    let e = error(api::calculate("[1, 2", "{}"));
    assert_eq!(e["kind"], "syntax");
    assert_eq!(e["field"], Value::Null);

    let e = error(api::calculate(AINO, r#"{"month": "2026-6x"}"#));
    assert_eq!(e["kind"], "options");
    assert_eq!(e["field"], "options.month");

    let e = error(api::calculate(AINO, r#"{"mnth": "2026-06"}"#));
    assert_eq!(e["field"], "options.mnth");
    assert!(e["allowed"].as_str().unwrap().contains("month"));

    let e = error(api::calculate(AINO, r#"{"lang": "de"}"#));
    assert_eq!(e["field"], "options.lang");
    assert_eq!(e["allowed"], "one of fi, sv, en");
}

#[test]
fn without_a_month_the_current_one_past_the_rules_becomes_their_last_with_a_notice() {
    let doc = ok(api::calculate(
        AINO,
        r#"{"today": "2031-01", "lang": "en"}"#,
    ));
    let last = etuus::rules()
        .unwrap()
        .program()
        .info
        .last_month
        .to_string();
    assert_eq!(doc["month"], last.as_str());
    let notice = doc["notices"][0].as_str().unwrap();
    assert!(
        notice.contains("2031-01") && notice.contains(&last),
        "{notice}"
    );
    let doc = ok(api::calculate(AINO, r#"{"today": "2026-03"}"#));
    assert_eq!(doc["month"], "2026-03");
    assert!(doc.get("notices").is_none());
}

#[test]
fn explain_gives_the_laskelma_as_data_and_text() {
    let doc = ok(api::explain(AINO, r#"{"month": "2026-06", "lang": "sv"}"#));
    assert_eq!(doc["language"], "sv");
    assert!(
        doc["text"].as_str().unwrap().contains("BOSTADSBIDRAG"),
        "{}",
        doc["text"]
    );
    let results = doc["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["name"] == "yleinen_asumistuki"));
    assert!(doc["receipt"].is_object());
}

#[test]
fn relevance_leaves_out_fund_membership_until_the_person_is_unemployed() {
    let employed = r#"{"kunta": "Tampere", "vuokra": 700, "henkilot": {"aino": {"ika": 30, "palkkatulo": 2000, "veroprosentti": "20 %"}}}"#;
    let doc = ok(api::relevant_inputs(employed, r#"{"month": "2026-06"}"#));
    let aino = doc["members"]["henkilot"]["aino"].as_array().unwrap();
    assert!(
        aino.contains(&json!("tyottomyysturva.tyoton_tyonhakija")),
        "{aino:?}"
    );
    assert!(
        !aino.contains(&json!("tyottomyysturva.kassan_jasen")),
        "{aino:?}"
    );
    assert!(aino.contains(&json!("palkkatulo")));
    let household = doc["household"].as_array().unwrap();
    assert!(household.contains(&json!("kunta")) && household.contains(&json!("vuokra")));

    let doc = ok(api::relevant_inputs(AINO, r#"{"month": "2026-06"}"#));
    let aino = doc["members"]["henkilot"]["aino"].as_array().unwrap();
    assert!(
        aino.contains(&json!("tyottomyysturva.kassan_jasen")),
        "{aino:?}"
    );
}

#[test]
fn compare_and_sweep_carry_the_receipt() {
    let doc = ok(api::compare(
        AINO,
        r#"[{"name": "600 € työ", "set": {"aino.palkkatulo": 600}},
            {"name": "Nokia", "set": {"kunta": "Nokia", "vuokra": 620}},
            {"add": {"puoliso": {"ika": 36, "palkkatulo": 2300, "veroprosentti": "21 %"}}},
            {"remove": ["lapsi"]}]"#,
        r#"{"month": "2026-06"}"#,
    ));
    assert!(doc["receipt"].is_object());
    assert_eq!(doc["options"].as_array().unwrap().len(), 4);
    assert_eq!(doc["options"][0]["name"], "600 € työ");
    assert!(doc["options"][0]["does_work_pay"]["sentence"].is_string());

    let doc = ok(api::sweep(
        AINO,
        r#"{"month": "2026-06", "vary": {"path": "aino.palkkatulo", "from": 0, "to": 1000, "step": 100}}"#,
    ));
    assert_eq!(doc["points"].as_array().unwrap().len(), 11);
    assert!(doc["receipt"].is_object());
}

#[test]
fn what_if_errors_are_structured_too() {
    let e = error(api::compare(
        AINO,
        r#"[{"set": {"bob.palkkatulo": 600}}]"#,
        r#"{"month": "2026-06"}"#,
    ));
    assert_eq!(e["kind"], "invalid_value", "{e}");
    let e = error(api::compare(AINO, r#"[]"#, r#"{"month": "2026-06"}"#));
    assert_eq!(e["field"], "options");
    let e = error(api::compare(AINO, r#"[{"sett": {}}]"#, "{}"));
    assert_eq!(e["field"], "options[0].sett");
    let e = error(api::sweep(
        AINO,
        r#"{"vary": {"path": "aino.palkkatulo", "from": 0, "to": 100, "step": 0}}"#,
    ));
    assert_eq!(e["field"], "options.vary.step");
    let e = error(api::sweep(AINO, r#"{"month": "2026-06"}"#));
    assert_eq!(e["field"], "options.vary");
}

#[test]
fn metadata_describes_every_input_in_every_language() {
    let doc = ok(api::metadata());
    assert_eq!(doc["languages"], json!(["fi", "sv", "en"]));
    assert_eq!(doc["coverage"]["first"], "2021-01");
    let inputs = doc["inputs"].as_array().unwrap();
    let rent = inputs.iter().find(|i| i["name"] == "vuokra").unwrap();
    assert_eq!(rent["type"], "money");
    assert_eq!(rent["entity"], "kotitalous");
    assert_eq!(rent["unit"]["code"], "eur/month");
    assert_eq!(rent["min"], 0);
    assert!(rent["labels"]["sv"].is_string());
    let fund = inputs
        .iter()
        .find(|i| i["name"] == "tyottomyysturva.kassan_jasen")
        .unwrap();
    assert_eq!(fund["entity"], "henkilot");
    assert_eq!(fund["namespace"], "tyottomyysturva");
    assert_eq!(fund["type"], "bool");
    let kunta = inputs.iter().find(|i| i["name"] == "kunta").unwrap();
    assert!(kunta["required"].as_bool().unwrap());
    assert!(kunta["values"].as_array().unwrap().len() > 250);
}

#[test]
fn the_summary_is_text_to_copy() {
    let doc = ok(api::summary(AINO, r#"{"month": "2026-06", "lang": "en"}"#));
    assert!(doc["text"].as_str().unwrap().len() > 100);
    assert!(
        doc["markdown"].as_str().unwrap().contains('|')
            || doc["markdown"].as_str().unwrap().contains('#')
    );
}
