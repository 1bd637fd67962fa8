//! Which inputs still matter: read by the rules for this household, asked
//! `given(…)` of and then read, or missing for a result.

use etuus::engine::eval::Options;
use etuus::engine::trace::ROOT;
use etuus::relevance::Relevance;

fn relevance(json: &str, month: &str) -> (Relevance, &'static etuus::engine::Program) {
    let rules = etuus::rules().unwrap_or_else(|d| panic!("{d}"));
    let household = rules.household_from_json(json).expect("a valid household");
    let options = Options {
        trace: true,
        ..Options::default()
    };
    let calc = rules
        .calculate_with(&household, month.parse().expect("a month"), &options)
        .expect("calculated");
    (Relevance::of(&calc).expect("traced"), rules.program())
}

fn var(program: &etuus::engine::Program, name: &str) -> etuus::engine::compile::ids::VarId {
    program
        .var_named(name)
        .unwrap_or_else(|| panic!("no {name}"))
}

#[test]
fn unemployment_details_wait_until_the_person_is_a_jobseeker() {
    let working = r#"{"kunta": "Tampere", "vuokra": 700, "henkilot": {"aino": {"ika": 30, "palkkatulo": 2000, "veroprosentti": "20 %"}}}"#;
    let (r, p) = relevance(working, "2026-06");
    assert!(r.matters(var(p, "tyottomyysturva.tyoton_tyonhakija"), 0));
    for detail in [
        "tyottomyysturva.kassan_jasen",
        "tyottomyysturva.tyossaoloehto_taytetty",
        "tyottomyysturva.ilmoitettu_paivaraha",
        "tyottomyysturva.palvelu_alkoi",
        "tyottomyysturva.vahennettava_etuus",
    ] {
        assert!(
            !r.matters(var(p, detail), 0),
            "{detail} asked of someone working"
        );
    }
    let unemployed = r#"{"kunta": "Tampere", "vuokra": 700, "henkilot": {"aino": {"ika": 30, "veroprosentti": "20 %", "tyottomyysturva": {"tyoton_tyonhakija": true}}}}"#;
    let (r, p) = relevance(unemployed, "2026-06");
    assert!(r.matters(var(p, "tyottomyysturva.kassan_jasen"), 0));
    assert!(r.matters(var(p, "tyottomyysturva.vahennettava_etuus"), 0));
}

#[test]
fn an_optional_input_asked_about_with_given_matters_once_it_would_be_read() {
    // `if given(paatospaiva) then paatospaiva else month_start`: giving the
    // decision date changes the housing allowance's law date.
    let (r, p) = relevance(
        r#"{"kunta": "Tampere", "vuokra": 700, "henkilot": {"aino": {"ika": 30}}}"#,
        "2024-06",
    );
    assert!(r.matters(var(p, "asumistuki.paatospaiva"), ROOT));
    // The child benefit given instead of computed: asked of every person.
    assert!(r.matters(var(p, "lapsilisa"), 0));
}

#[test]
fn a_missing_input_that_stopped_a_result_matters() {
    // Taxable unemployment benefit without a tax card: the results after tax
    // cannot be computed until the withholding rate is given.
    let (r, p) = relevance(
        r#"{"kunta": "Tampere", "vuokra": 700, "henkilot": {"aino": {"ika": 30, "tyottomyysturva": {"tyoton_tyonhakija": true}}}}"#,
        "2026-06",
    );
    assert!(r.matters(var(p, "veroprosentti"), 0));
}

#[test]
fn a_calculation_without_a_trace_has_no_answer() {
    let rules = etuus::rules().unwrap_or_else(|d| panic!("{d}"));
    let household = rules
        .household_from_json(r#"{"kunta": "Tampere", "henkilot": {"a": {"ika": 30}}}"#)
        .unwrap();
    let calc = rules
        .calculate(&household, "2026-06".parse().unwrap())
        .unwrap();
    assert!(Relevance::of(&calc).is_none());
}
