//! Which month a call calculates: the one asked for, or the visitor's
//! current month — the rules' last month once the calendar has moved past
//! them, with a notice saying so (as `etuus calc` does without `--month`).

use etuus_engine::compile::Coverage;
use etuus_engine::{Month, Program};

use crate::error::ApiError;

/// The month to calculate and, if the reader should know how it was chosen,
/// a notice in the language asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChosenMonth {
    /// The month.
    pub month: Month,
    /// Whether the law of the rules' last month is carried forward to it.
    pub assume_latest: bool,
    /// Said above the result.
    pub notice: Option<String>,
}

/// Chooses the month: `month` if given (an error if the rules do not cover
/// it, unless `assume_latest` carries their last law forward), else `today`
/// (the visitor's month, which the JavaScript API passes), else the rules'
/// last month.
pub fn choose(
    program: &Program,
    month: Option<&str>,
    today: Option<&str>,
    assume_latest: bool,
    lang: &str,
) -> Result<ChosenMonth, ApiError> {
    let (first, last) = (program.info.first_month, program.info.last_month);
    let span = format!("{first} … {last}");
    let parse = |text: &str, field: &str| {
        text.parse::<Month>()
            .map_err(|e| ApiError::option(field, e.to_string()).allowing(format!("a month {span}")))
    };
    let Some(text) = month else {
        let today = match today {
            Some(t) => parse(t, "options.today")?,
            None => last,
        };
        return Ok(match program.coverage(today) {
            Coverage::After => ChosenMonth {
                month: last,
                assume_latest: false,
                notice: Some(past_coverage(lang, today, first, last)),
            },
            Coverage::Before => ChosenMonth {
                month: first,
                assume_latest: false,
                notice: None,
            },
            Coverage::Covered => ChosenMonth {
                month: today,
                assume_latest: false,
                notice: None,
            },
        });
    };
    let month = parse(text, "options.month")?;
    match program.coverage(month) {
        Coverage::Covered => Ok(ChosenMonth {
            month,
            assume_latest: false,
            notice: None,
        }),
        Coverage::After if assume_latest => Ok(ChosenMonth {
            month,
            assume_latest: true,
            notice: None,
        }),
        Coverage::After => Err(ApiError::option(
            "options.month",
            format!(
                "the rules cover {span}; {month} is after them and its law is not in these \
                 rules yet. Calculate {last} or earlier, or set assumeLatest to carry the law \
                 of {last} forward (every value then marked unconfirmed)."
            ),
        )
        .allowing(format!("a month {span}"))),
        Coverage::Before => Err(ApiError::option(
            "options.month",
            format!("the rules cover {span}; {month} is before them."),
        )
        .allowing(format!("a month {span}"))),
    }
}

/// `6/2026`, or `2026-06` in English, as the rest of etuus writes months.
fn shown(month: Month, lang: &str) -> String {
    if lang == "en" {
        month.to_string()
    } else {
        format!("{}/{}", month.month, month.year)
    }
}

fn past_coverage(lang: &str, today: Month, first: Month, last: Month) -> String {
    let (t, f, l) = (shown(today, lang), shown(first, lang), shown(last, lang));
    match lang {
        "fi" => format!(
            "Laskelma on kuukaudelta {l}: säännöt kattavat kuukaudet {f}–{l}, eikä kuluvan \
             kuukauden {t} lakia ole niissä vielä."
        ),
        "sv" => format!(
            "Beräkningen gäller {l}: reglerna täcker månaderna {f}–{l}, och lagen för \
             innevarande månad {t} finns inte i dem ännu."
        ),
        _ => format!(
            "Calculated for {l}: the rules cover {f} … {l}, and the law of the current month \
             {t} is not in them yet."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn program() -> &'static Program {
        etuus::rules().expect("the embedded rules").program()
    }

    #[test]
    fn the_current_month_past_the_rules_becomes_their_last_month_with_a_notice() {
        let p = program();
        let last = p.info.last_month;
        let later = last.next().next().to_string();
        let chosen = choose(p, None, Some(&later), false, "fi").unwrap();
        assert_eq!(chosen.month, last);
        let notice = chosen.notice.unwrap();
        assert!(
            notice.contains(&format!("{}/{}", last.month, last.year)),
            "{notice}"
        );
        let chosen = choose(p, None, Some("2026-06"), false, "en").unwrap();
        assert_eq!(chosen.month.to_string(), "2026-06");
        assert_eq!(chosen.notice, None);
    }

    #[test]
    fn a_month_after_the_rules_needs_assume_latest() {
        let p = program();
        let later = p.info.last_month.next().to_string();
        let error = choose(p, Some(&later), None, false, "en").unwrap_err();
        assert_eq!(error.field.as_deref(), Some("options.month"));
        assert!(error.message.contains("assumeLatest"), "{}", error.message);
        let chosen = choose(p, Some(&later), None, true, "en").unwrap();
        assert!(chosen.assume_latest);
        let error = choose(p, Some("2026-13"), None, false, "en").unwrap_err();
        assert_eq!(error.kind, "options");
        assert!(error.allowed.unwrap().starts_with("a month 2021-01"));
        assert!(choose(p, Some("2019-01"), None, false, "en").is_err());
    }
}
