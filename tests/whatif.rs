//! The what-if library: comparisons, "does work pay?", sweeps, timelines and
//! the SVG chart, checked against individual calculations and by hand.

use etuus::engine::{Household, Month, RuleSet};
use etuus::whatif::{self, chart, render, Change, Profile, Scenario, SweepSpec, TimelineOptions};
use rust_decimal::Decimal;

fn rules() -> &'static RuleSet {
    etuus::rules().unwrap_or_else(|d| panic!("{d}"))
}

fn d(text: &str) -> Decimal {
    text.parse().expect("a decimal")
}

fn month(text: &str) -> Month {
    text.parse().expect("a month")
}

/// Kela's "Sanna" (fixtures/tyomarkkinatuki_yksinhuoltaja_sipoo.yaml): a single
/// parent on the unemployment benefit, paid for four weeks (20 days).
fn sanna() -> Household {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/tyomarkkinatuki_yksinhuoltaja_sipoo.yaml"),
    )
    .expect("the fixture");
    rules().household_from_yaml(&text).expect("a valid fixture")
}

fn job(wage: &str) -> Scenario {
    Scenario {
        name: format!("{wage} €"),
        changes: vec![Change::set(&format!("sanna.palkkatulo={wage}")).expect("a change")],
    }
}

/// The 600 € job by hand, for 6/2026 (after 1.3.2026): the benefit is
/// adjusted by 50 % of the wage over the 20-day period, 600 × 0.5 = 300 €
/// (37.21 → 22.21 €/day), −240 € after the 20 % tax; the net wage is 480 €,
/// and with no earned-income disregard for adults (1412/1997 11 § 3 mom.,
/// 26/2026) social assistance counts 480 − 240 = 240 € more income and falls
/// by 240 €. 600 − 120 − 300 + 60 − 240 = 0: the household keeps nothing, an
/// effective marginal tax rate of 100 %.
#[test]
fn a_600_euro_job_pays_nothing_after_the_2026_disregard_cut() {
    let c = whatif::compare(
        rules(),
        &sanna(),
        &[job("600")],
        month("2026-06"),
        0,
        &Profile::finnish(),
    )
    .expect("the comparison");
    let o = &c.options[0];
    let i = o.incentive.as_ref().expect("the earnings changed");
    assert_eq!(i.earnings, d("600"));
    assert_eq!(i.kept, d("0"));
    assert_eq!(i.rate, d("1"));
    assert_eq!(o.after_housing, d("0"));
    let benefit = |key: &str| {
        o.differences
            .iter()
            .find(|x| x.key == format!("benefit:{key}"))
            .unwrap_or_else(|| panic!("{key} changed"))
    };
    assert_eq!(benefit("tyottomyysetuudet").gross, d("-300"));
    assert_eq!(benefit("tyottomyysetuudet").net, d("-240"));
    assert_eq!(benefit("toimeentulotuki").net, d("-240"));
    // Each difference names the lines that moved it, with the law.
    let adjusted = benefit("tyottomyysetuudet")
        .reasons
        .iter()
        .find(|r| r.name == "tyottomyysturva.soviteltu_pv")
        .expect("the adjusted daily amount moved");
    assert_eq!(
        (adjusted.before.as_str(), adjusted.after.as_str()),
        ("37,21 €/pv", "22,21 €/pv")
    );
    assert!(adjusted
        .reference
        .as_deref()
        .is_some_and(|r| r.contains("1290/2002 4 luku")));
    // And the zero that explains the loss.
    assert!(
        benefit("toimeentulotuki")
            .notes
            .iter()
            .any(|n| n.contains("1.3.2026")),
        "{:?}",
        benefit("toimeentulotuki").notes
    );
    let sentence = i.sentence("fi");
    assert!(
        sentence.contains("kotitaloudelle jää siitä 0,00 €"),
        "{sentence}"
    );
    assert!(
        sentence.contains("efektiivinen rajaveroaste 100 %"),
        "{sentence}"
    );
    assert!(i
        .sentence("en")
        .starts_with("Of 600.00 € more gross pay the household keeps 0.00 €"));
    assert!(i.sentence("sv").contains("effektiv marginalskatt 100 %"));
}

/// The same job in 2/2026, before the cut: the first 150 € of net earnings
/// were not counted (1412/1997 11 § 3 mom.), so social assistance falls by
/// 240 − 150 = 90 € and the household keeps 150 € of 600 €: 75 %.
#[test]
fn before_march_2026_the_disregard_kept_150_euros() {
    let c = whatif::compare(
        rules(),
        &sanna(),
        &[job("600")],
        month("2026-02"),
        0,
        &Profile::finnish(),
    )
    .expect("the comparison");
    let i = c.options[0]
        .incentive
        .as_ref()
        .expect("the earnings changed");
    assert_eq!(i.kept, d("150"));
    assert_eq!(i.rate, d("0.75"));
}

#[test]
fn a_partner_moving_in_ends_the_single_parent_supplement() {
    let partner = Scenario {
        name: "puoliso".into(),
        changes: vec![
            Change::add("puoliso.ika=37").unwrap(),
            Change::add("puoliso.palkkatulo=2400").unwrap(),
            Change::add("puoliso.veroprosentti=22 %").unwrap(),
        ],
    };
    let c = whatif::compare(
        rules(),
        &sanna(),
        &[partner],
        month("2026-06"),
        0,
        &Profile::finnish(),
    )
    .expect("the comparison");
    let child = c.options[0]
        .differences
        .iter()
        .find(|x| x.key == "benefit:lapsilisa")
        .expect("child benefit changed");
    // Two children lose 73.30 € each (796/1992 7 § 3 mom.).
    assert_eq!(child.net, d("-146.60"));
}

#[test]
fn options_name_what_is_wrong() {
    let program = rules().program();
    let household = sanna();
    let err = whatif::apply(
        program,
        &household,
        &[Change::set("puoliso.palkkatulo=100").unwrap()],
    )
    .unwrap_err();
    assert!(err.message().contains("no person `puoliso`"), "{err}");
    assert!(
        err.message().contains("--add puoliso.palkkatulo=VALUE"),
        "{err}"
    );
    let err = whatif::apply(program, &household, &[Change::remove("mikko")]).unwrap_err();
    assert!(err.message().contains("sanna, lapsi1, lapsi2"), "{err}");
    let err = whatif::apply(
        program,
        &household,
        &[Change::add("puoliso.ikä=30").unwrap()],
    )
    .unwrap_err();
    assert!(err.message().contains("puoliso"), "{err}");
    assert!(Change::add("a b.ika=3").is_err());
    assert!(Change::set("vuokra").is_err());
    let added = whatif::apply(program, &household, &[Change::add("vauva.ika=0").unwrap()]).unwrap();
    assert_eq!(added.members.len(), 4);
    let removed = whatif::apply(program, &household, &[Change::remove("lapsi2")]).unwrap();
    assert_eq!(removed.members.len(), 2);
}

#[test]
fn sweep_points_equal_individual_calculations() {
    let rules = rules();
    let spec: SweepSpec = "sanna.palkkatulo=0..1500:100".parse().expect("a sweep");
    let m = month("2026-06");
    let s = whatif::sweep(
        rules,
        &sanna(),
        &spec,
        m,
        0,
        &Profile::finnish(),
        &mut |_, _| {},
    )
    .expect("the sweep");
    assert_eq!(s.points.len(), 16);
    for wage in ["0", "700", "1300", "1500"] {
        let mut h = sanna();
        h.set(rules.program(), "sanna.palkkatulo", wage).unwrap();
        let calc = rules.calculate(&h, m).unwrap();
        let point = s
            .points
            .iter()
            .find(|p| p.value == d(wage))
            .expect("the point");
        for name in [
            "yhteensa.tyottomyysetuudet_brutto",
            "yhteensa.asumistuki",
            "yhteensa.toimeentulotuki",
            "yhteensa.tulot_asumismenojen_jalkeen",
        ] {
            let ledger = &point.ledger;
            let value = match name {
                "yhteensa.tyottomyysetuudet_brutto" => {
                    ledger.benefit("tyottomyysetuudet").unwrap().gross
                }
                "yhteensa.asumistuki" => ledger.benefit("asumistuki").unwrap().gross,
                "yhteensa.toimeentulotuki" => ledger.benefit("toimeentulotuki").unwrap().gross,
                _ => ledger.after_housing,
            };
            assert_eq!(Some(value), calc.number(name), "{name} at {wage}");
        }
    }
    // Up to 1 100 € every euro earned is taken back: one trap, 0–1 100 €.
    assert_eq!(s.traps.len(), 1);
    assert_eq!((s.traps[0].from, s.traps[0].to), (d("0"), d("1100")));
    assert!(s.traps[0]
        .responsible
        .iter()
        .any(|(l, _)| l == "Perustoimeentulotuki"));
    // With a lower bar (keeps under 30 %), the range runs further.
    let mut lower = spec.clone();
    lower.trap_rate = Some(d("0.7"));
    let s = whatif::sweep(
        rules,
        &sanna(),
        &lower,
        m,
        0,
        &Profile::finnish(),
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!(s.traps[0].to, d("1500"));
}

#[test]
fn sweep_specs_are_checked() {
    for bad in [
        "x",
        "a=1..2",
        "a=0..10:0",
        "a=10..0:1",
        "a=0..1000000:1",
        "a=x..2:1",
    ] {
        assert!(bad.parse::<SweepSpec>().is_err(), "{bad}");
    }
    let s: SweepSpec = "hakija.palkkatulo=0..3000:50".parse().unwrap();
    assert_eq!(s.count(), 61);
}

/// The timeline's months equal month-by-month calculations with the paid
/// days advanced by hand: 21.5 days a month for a full earnings-related
/// allowance, the step-down to 80 % once 40 days are paid (1290/2002 6 luku
/// 2 §, maximum period from 2.9.2024).
#[test]
fn timeline_equals_calculations_with_the_days_advanced() {
    let rules = rules();
    let text = "kunta: Tampere\nvuokra: 650\nhenkilot:\n  mikko:\n    ika: 40\n    veroprosentti: 25 %\n    tyottomyysturva:\n      tyoton_tyonhakija: true\n      tyossaoloehto_taytetty: true\n      kassan_jasen: true\n      palkka_ennen_tyottomyytta: 2800\n      paivarahan_alkamispaiva: 2025-10-01\n      maksetut_paivat: 20\n";
    let base = rules.household_from_yaml(text).unwrap();
    let options = TimelineOptions::finnish(month("2026-01"), month("2026-04"));
    let t = whatif::timeline(rules, &base, &options, 0, &Profile::finnish()).expect("the timeline");
    assert_eq!(t.months.len(), 4);
    let mut paid = d("20");
    for m in &t.months {
        let mut h = base.clone();
        h.set(
            rules.program(),
            "mikko.tyottomyysturva.maksetut_paivat",
            &paid.to_string(),
        )
        .unwrap();
        let calc = rules.calculate(&h, m.month).unwrap();
        assert_eq!(
            Some(m.ledger.benefit("tyottomyysetuudet").unwrap().gross),
            calc.number("yhteensa.tyottomyysetuudet_brutto"),
            "{}",
            m.month
        );
        assert_eq!(
            Some(m.ledger.after_housing),
            calc.number("yhteensa.tulot_asumismenojen_jalkeen")
        );
        assert_eq!(m.days[0].1, paid);
        paid += d("21.5");
    }
    // In 2/2026 (41.5 days paid) the benefit falls by 20 %, and says why.
    let feb = &t.months[1];
    let change = feb
        .changes
        .iter()
        .find(|c| c.key == "benefit:tyottomyysetuudet")
        .expect("a change");
    let jan_gross = t.months[0]
        .ledger
        .benefit("tyottomyysetuudet")
        .unwrap()
        .gross;
    assert_eq!(change.gross / jan_gross, d("-0.2"));
    assert!(change
        .reasons
        .iter()
        .any(|r| r.name == "tyottomyysturva.porrastettu_ansiopaivaraha_pv"));
    let text = render::timeline_text(&t);
    assert!(
        text.contains("2/2026: työttömyysturva pienenee 20 %"),
        "{text}"
    );
    // The law change of 1.3.2026 is named with its date.
    assert!(t.months[2]
        .events
        .iter()
        .any(|e| e.text.contains("1.3.2026")));
}

#[test]
fn the_maximum_period_ends_the_benefit() {
    let rules = rules();
    let text = "kunta: Tampere\nvuokra: 650\nhenkilot:\n  mikko:\n    ika: 40\n    veroprosentti: 25 %\n    tyottomyysturva:\n      tyoton_tyonhakija: true\n      tyossaoloehto_taytetty: true\n      kassan_jasen: true\n      palkka_ennen_tyottomyytta: 2800\n      maksetut_paivat: 380\n";
    let base = rules.household_from_yaml(text).unwrap();
    let options = TimelineOptions::finnish(month("2026-01"), month("2026-03"));
    let t = whatif::timeline(rules, &base, &options, 0, &Profile::finnish()).unwrap();
    assert!(t.months[0].events.iter().any(|e| e.kind == "max_period"));
    assert!(!t.assumptions.is_empty(), "the 400 days are an assumption");
    let last = t.months[1].ledger.benefit("tyottomyysetuudet").unwrap();
    assert!(
        last.gross
            < t.months[0]
                .ledger
                .benefit("tyottomyysetuudet")
                .unwrap()
                .gross
    );
}

#[test]
fn the_chart_is_well_formed_svg_with_its_labels() {
    let spec: SweepSpec = "sanna.palkkatulo=0..3000:100".parse().unwrap();
    for lang in [0, 1, 2] {
        let s = whatif::sweep(
            rules(),
            &sanna(),
            &spec,
            month("2026-06"),
            lang,
            &Profile::finnish(),
            &mut |_, _| {},
        )
        .unwrap();
        let svg = chart::svg(&s);
        let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
        let text_of = |class: &str| {
            doc.descendants()
                .find(|n| n.attribute("class") == Some(class))
                .and_then(|n| n.text())
                .unwrap_or_default()
                .to_string()
        };
        let (x, y, rate) = (
            text_of("x-label"),
            text_of("y-label"),
            text_of("rate-label"),
        );
        match lang {
            0 => {
                assert_eq!(x, "palkkatulot (brutto) (sanna) (€/kk)");
                assert_eq!(y, "€ kuukaudessa");
                assert_eq!(rate, "efektiivinen rajaveroaste (%)");
            }
            2 => {
                assert_eq!(x, "wages (gross) (sanna) (€/month)");
                assert_eq!(rate, "effective marginal tax rate (%)");
            }
            _ => assert!(!x.is_empty() && !y.is_empty() && !rate.is_empty()),
        }
        assert!(doc
            .descendants()
            .any(|n| n.attribute("class") == Some("trap")));
        assert!(
            doc.descendants()
                .filter(|n| n.attribute("class") == Some("series"))
                .count()
                >= 4
        );
        assert!(doc
            .descendants()
            .any(|n| n.attribute("class") == Some("marginal-rate")));
    }
}

#[test]
fn summaries_hold_only_what_was_given() {
    use etuus::engine::eval::Options;
    let rules = rules();
    let h = sanna();
    let calc = rules
        .calculate_with(
            &h,
            month("2026-06"),
            &Options {
                trace: true,
                ..Options::default()
            },
        )
        .unwrap();
    let s = render::Summary::of(&calc, &Profile::finnish(), 0).unwrap();
    let text = render::summary_text(&s);
    assert!(
        text.lines()
            .any(|l| l.starts_with("= käytettävissä asumismenojen jälkeen")),
        "{text}"
    );
    assert!(text.contains("sanna: ikä (vuotta) 35"), "{text}");
    assert!(text.contains("Kuitti: etuus-engine"), "{text}");
    let html = render::summary_html(&s);
    assert!(html.contains("@media print"));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script"));
    let md = render::summary_markdown(&s);
    assert!(
        md.contains("| **käytettävissä asumismenojen jälkeen** |"),
        "{md}"
    );
}

#[test]
fn rule_documentation_answers_what_and_why() {
    let program = rules().program();
    let found = whatif::docs::find_params(program, "toimeentulotuki.perusosa");
    assert_eq!(found.len(), 1);
    let at = chrono_date(2022, 8, 1);
    let text = whatif::docs::param_text(program, found[0], Some(at), 0);
    assert!(text.contains("▶ 1.8.2022 alkaen"), "{text}");
    assert!(text.contains("yksin asuva: 532,97 €/kk"), "{text}");
    assert!(text.contains("HE 75/2022"), "{text}");
    let var = program
        .var_named("toimeentulotuki.etuoikeutettu_ansiotulo")
        .unwrap();
    let text = whatif::docs::var_text(program, var, 0);
    assert!(text.contains("26/2026"), "{text}");
    assert!(text.contains("palkkatulo"), "{text}");
}

fn chrono_date(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date")
}
