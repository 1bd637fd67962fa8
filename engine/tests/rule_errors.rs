//! Every kind of rule error: its code, message and the text it points at.

use etuus_engine::{DiagnosticKind, Severity};
use pretty_assertions::assert_eq;

use crate::common::{errors, load};

/// Asserts that `rules` fails with an error of `kind` whose message contains
/// `message`, pointing at `text` on line `line` of `rules.yaml`.
macro_rules! check_error {
    ($name:ident, rules: $rules:expr, kind: $kind:ident, message: $message:expr, text: $text:expr, line: $line:expr $(, help: $help:expr)? $(,)?) => {
        #[test]
        fn $name() {
            let diagnostics = errors($rules);
            let found = diagnostics
                .items()
                .iter()
                .find(|d| d.kind == DiagnosticKind::$kind && d.message.contains($message));
            let Some(d) = found else {
                panic!(
                    "no {:?} error containing {:?}; got:\n{}",
                    DiagnosticKind::$kind,
                    $message,
                    diagnostics.render_plain()
                );
            };
            assert_eq!(d.severity, Severity::Error);
            let span = d.span.expect("the error has a location");
            assert_eq!(diagnostics.sources().text(span), $text, "the error points at the wrong text");
            let location = diagnostics.location(span);
            assert!(
                location.starts_with(&format!("rules.yaml:{}:", $line)),
                "expected line {}, got {location}",
                $line
            );
            $(assert!(
                d.help.as_deref().unwrap_or("").contains($help),
                "help {:?} lacks {:?}",
                d.help,
                $help
            );)?
        }
    };
}

const HEADER: &str = "variables:\n  total:\n    entity: household\n    type: money\n    unit: eur/month\n    labels: {fi: yhteensä, en: total}\n    reference: 938/2014 9 §\n";

fn with_formula(formula: &str) -> String {
    format!("{HEADER}    formula: {formula}\n")
}

check_error!(
    yaml_unknown_key,
    rules: "variables:\n  x:\n    entity: household\n    formla: rent\n",
    kind: Yaml,
    message: "unknown field `formla`",
    text: "formla",
    line: 4,
);

check_error!(
    syntax_error_in_formula,
    rules: &with_formula("rent + * 2"),
    kind: Syntax,
    message: "expected an expression, but found `*`",
    text: "*",
    line: 8,
);

check_error!(
    syntax_error_in_block_formula_points_into_the_block,
    rules: &format!("{HEADER}    formula: |\n      rent +\n        min(rent,, 1)\n"),
    kind: Syntax,
    message: "expected an expression, but found `,`",
    text: ",",
    line: 10,
);

check_error!(
    unknown_name_suggests,
    rules: &with_formula("rentt * share"),
    kind: UnknownName,
    message: "unknown name `rentt`",
    text: "rentt",
    line: 8,
    help: "did you mean `rent`?",
);

check_error!(
    unknown_function,
    rules: &with_formula("maxx(rent, 0)"),
    kind: UnknownName,
    message: "unknown function `maxx`",
    text: "maxx",
    line: 8,
    help: "did you mean `max`?",
);

check_error!(
    unknown_enum_value,
    rules: &with_formula("if tenure == 'rnt' then rent else 0"),
    kind: UnknownName,
    message: "`tenure` has no value `rnt`",
    text: "'rnt'",
    line: 8,
);

check_error!(
    duplicate_definition,
    rules: "variables:\n  rent:\n    entity: household\n    type: money\n    unit: eur/month\n    labels: {fi: a, en: a}\n    input: {default: 0}\n",
    kind: Duplicate,
    message: "`rent` is defined twice",
    text: "rent",
    line: 2,
);

check_error!(
    money_used_as_condition,
    rules: &with_formula("if rent then rent else 0"),
    kind: TypeMismatch,
    message: "an `if` condition must be true or false, but this is an amount in eur/month",
    text: "rent",
    line: 8,
);

check_error!(
    money_plus_rate,
    rules: &with_formula("rent + share"),
    kind: UnitMismatch,
    message: "`+` combines an amount in eur/month with a number without unit",
    text: "share",
    line: 8,
);

check_error!(
    bare_number_added_to_money,
    rules: &with_formula("rent - 300"),
    kind: UnitMismatch,
    message: "`-` combines an amount in eur/month with a number without unit",
    text: "300",
    line: 8,
    help: "make it a parameter with its legal reference",
);

check_error!(
    formula_unit_differs_from_declaration,
    rules: "parameters:\n  daily:\n    type: money\n    unit: eur/day\n    labels: {fi: pv, en: daily}\n    values: [{since: 2015-01-01, value: 10, reference: 938/2014 9 §}]\nvariables:\n  total:\n    entity: household\n    type: money\n    unit: eur/month\n    labels: {fi: yhteensä, en: total}\n    reference: 938/2014 9 §\n    formula: daily * 2\n",
    kind: UnitMismatch,
    message: "the formula of `total` gives an amount in eur/day, but `total` is declared as money in eur/month",
    text: "daily * 2",
    line: 14,
);

check_error!(
    person_value_in_household_formula,
    rules: &with_formula("wages"),
    kind: EntityMismatch,
    message: "`wages` has one value per person",
    text: "wages",
    line: 8,
    help: "sum(persons, wages)",
);

check_error!(
    circular_dependency,
    rules: "variables:\n  a:\n    entity: household\n    type: money\n    unit: eur/month\n    labels: {fi: a, en: a}\n    reference: 938/2014 9 §\n    formula: b + rent\n  b:\n    entity: household\n    type: money\n    unit: eur/month\n    labels: {fi: b, en: b}\n    reference: 938/2014 9 §\n    formula: a\n",
    kind: CircularDependency,
    message: "depends on its own value: `a -> b -> a`",
    text: "b + rent",
    line: 8,
);

check_error!(
    formula_starts_after_coverage,
    rules: &format!("{HEADER}    formulas:\n      - since: 2022-01-01\n        formula: rent\n"),
    kind: CoverageGap,
    message: "`total` has no formula for 2021-01-01 … 2021-12-31",
    text: "rent",
    line: 10,
);

check_error!(
    parameter_without_value_in_some_months,
    rules: "parameters:\n  late:\n    type: money\n    unit: eur/month\n    labels: {fi: myöhä, en: late}\n    values: [{since: 2023-01-01, value: 5, reference: 938/2014 9 §}]\nvariables:\n  total:\n    entity: household\n    type: money\n    unit: eur/month\n    labels: {fi: yhteensä, en: total}\n    reference: 938/2014 9 §\n    formula: rent + late\n",
    kind: CoverageGap,
    message: "`late` has no value for 2021-01 … 2022-12, but the formula of `total` reads it then",
    text: "late",
    line: 14,
);

check_error!(
    abolished_parameter_still_read,
    rules: "parameters:\n  gone:\n    type: money\n    unit: eur/month\n    labels: {fi: pois, en: gone}\n    values:\n      - {since: 2015-01-01, value: 5, reference: 938/2014 9 §}\n      - {since: 2024-04-01, abolished: true, reference: 1241/2023}\nvariables:\n  total:\n    entity: household\n    type: money\n    unit: eur/month\n    labels: {fi: yhteensä, en: total}\n    reference: 938/2014 9 §\n    formula: rent + gone\n",
    kind: CoverageGap,
    message: "`gone` has no value for 2024-04 … 2026-12",
    text: "gone",
    line: 16,
);

check_error!(
    values_out_of_order,
    rules: "parameters:\n  p:\n    type: rate\n    labels: {fi: p, en: p}\n    reference: 938/2014 9 §\n    values:\n      - {since: 2024-01-01, value: 0.5}\n      - {since: 2020-01-01, value: 0.4}\n",
    kind: DateOrder,
    message: "values of `p` must be in ascending date order, but 2020-01-01 follows 2024-01-01",
    text: "2020-01-01",
    line: 8,
);

check_error!(
    table_missing_a_key,
    rules: "parameters:\n  by_tenure:\n    type: money\n    unit: eur/month\n    keys: [tenure]\n    labels: {fi: t, en: t}\n    reference: 938/2014 9 §\n    values:\n      - since: 2015-01-01\n        table: {rent: 10}\n",
    kind: IncompleteTable,
    message: "the table `by_tenure` from 2015-01-01 has no value for [own]",
    text: "2015-01-01",
    line: 9,
);

check_error!(
    missing_label_language,
    rules: "variables:\n  x:\n    entity: household\n    type: money\n    unit: eur/month\n    labels: {fi: x}\n    input: {default: 0}\n",
    kind: MissingMetadata,
    message: "`x` has no label in en",
    text: "x",
    line: 2,
);

check_error!(
    reference_that_names_no_statute,
    rules: "parameters:\n  p:\n    type: rate\n    labels: {fi: p, en: p}\n    values: [{since: 2015-01-01, value: 0.5, reference: TODO}]\n",
    kind: MissingMetadata,
    message: "`TODO` does not name a statute or an official source",
    text: "TODO",
    line: 5,
);

check_error!(
    formula_without_reference,
    rules: "variables:\n  x:\n    entity: household\n    type: money\n    unit: eur/month\n    labels: {fi: x, en: x}\n    formula: rent\n",
    kind: MissingMetadata,
    message: "the formula of `x` cites no statute",
    text: "rent",
    line: 7,
);

check_error!(
    value_of_the_wrong_type,
    rules: "parameters:\n  p:\n    type: money\n    unit: eur/month\n    labels: {fi: p, en: p}\n    values: [{since: 2015-01-01, value: lots, reference: 938/2014 9 §}]\n",
    kind: InvalidValue,
    message: "`lots` is not a number",
    text: "lots",
    line: 6,
);

check_error!(
    table_key_not_a_variant,
    rules: "parameters:\n  by_tenure:\n    type: money\n    unit: eur/month\n    keys: [tenure]\n    labels: {fi: t, en: t}\n    reference: 938/2014 9 §\n    values:\n      - since: 2015-01-01\n        table: {rent: 10, owned: 5, onw: 3}\n",
    kind: InvalidValue,
    message: "`onw` is not a known value",
    text: "onw",
    line: 10,
);

#[test]
fn unused_parameter_is_a_warning_not_an_error() {
    let rules = load("parameters:\n  spare:\n    type: rate\n    labels: {fi: s, en: s}\n    values: [{since: 2015-01-01, value: 0.5, reference: 938/2014 9 §}]\n")
        .expect("warnings do not stop loading");
    let warning = rules
        .warnings()
        .items()
        .iter()
        .find(|d| d.kind == DiagnosticKind::Unused && d.message.contains("`spare`"))
        .expect("an unused-parameter warning");
    assert_eq!(warning.severity, Severity::Warning);
}

#[test]
fn all_errors_are_reported_at_once() {
    let diagnostics = errors(&format!(
        "{HEADER}    formula: rentt + share\n  other:\n    entity: household\n    type: money\n    unit: eur/month\n    labels: {{fi: o, en: o}}\n    reference: 938/2014 9 §\n    formula: if rent then 1 else 0\n"
    ));
    assert!(
        diagnostics.error_count() >= 2,
        "{}",
        diagnostics.render_plain()
    );
}

#[test]
fn rendered_error_quotes_the_line_with_a_caret() {
    let diagnostics = errors(&with_formula("rentt * share"));
    let text = diagnostics.render_plain();
    assert!(
        text.contains("error[etuus::check::unknown_name]: unknown name `rentt`"),
        "{text}"
    );
    assert!(text.contains("--> rules.yaml:8:14"), "{text}");
    assert!(text.contains("8 |     formula: rentt * share"), "{text}");
    assert!(
        text.contains("  |              ^^^^^ not defined"),
        "{text}"
    );
}
