//! The result document written straight into its text is the document the
//! tree builds, for every fixture household in the months reviewed.

use etuus::engine::output::{result_document, write_result_json, Detail};

#[test]
fn the_direct_json_writer_writes_the_document_tree() {
    let rules = etuus::rules().unwrap_or_else(|e| panic!("{e}"));
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).expect("fixtures/") {
        let path = entry.expect("an entry").path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable");
        let household = rules
            .household_from_yaml(&text)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for month in etuus::REVIEW_MONTHS {
            let Ok(calc) = rules.calculate(&household, month) else {
                continue;
            };
            for lang in 0..3 {
                let tree = result_document(&calc, lang);
                let mut direct = String::new();
                write_result_json(&calc, lang, Detail::All, true, &mut direct);
                assert_eq!(direct, tree.to_json(), "{} {month}", path.display());
                let mut line = String::new();
                write_result_json(&calc, lang, Detail::All, false, &mut line);
                assert_eq!(line, tree.to_json_line(), "{} {month}", path.display());
            }
            let mut amounts = String::new();
            write_result_json(&calc, 0, Detail::Amounts, false, &mut amounts);
            let parsed: serde_json::Value = serde_json::from_str(&amounts).expect("JSON");
            for (name, result) in parsed["results"].as_object().expect("results") {
                assert!(result.get("lines").is_none(), "{name}: amounts only");
            }
            assert!(parsed.get("values").is_none());
            checked += 1;
        }
    }
    assert!(checked > 400, "{checked} calculations");
}
