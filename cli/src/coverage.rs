//! Which month a command calculates, and what it says when the month lies
//! outside the rules' coverage.

use etuus_engine::compile::Coverage;
use etuus_engine::{Month, Program};

use crate::failure::{Failure, FieldFailure};

/// A failure of the `--month` argument, with the months the rules cover.
fn month_failure(program: &Program, message: String) -> Failure {
    Failure::Field(Box::new(FieldFailure {
        origin: None,
        field: Some("month".into()),
        message,
        allowed: Some(format!(
            "YYYY-MM, {} … {}",
            program.info.first_month, program.info.last_month
        )),
    }))
}

/// The month to calculate and, if the user should know how it was chosen, a
/// notice for them.
pub struct ChosenMonth {
    /// The month.
    pub month: Month,
    /// Said on standard error (and at the top of text output).
    pub notice: Option<String>,
}

/// The month given with `--month`, or the current one. Without `--month`, a
/// current month after the rules becomes their last month, with a notice; a
/// month given explicitly after the rules is an error unless the law is
/// carried forward (`--assume-latest`).
pub fn choose_month(
    program: &Program,
    given: Option<&str>,
    assume_latest: bool,
) -> Result<ChosenMonth, Failure> {
    let last = program.info.last_month;
    let Some(text) = given else {
        let today = current_month();
        if program.coverage(today) == Coverage::After && !assume_latest {
            return Ok(ChosenMonth {
                month: last,
                notice: Some(format!(
                    "the current month {today} is after the months these rules cover \
                     ({} … {last}); calculating {last}. For {today}, give --month {today} \
                     --assume-latest to carry the law of {last} forward (every value then \
                     unconfirmed).",
                    program.info.first_month
                )),
            });
        }
        return Ok(ChosenMonth {
            month: today,
            notice: None,
        });
    };
    let month = text
        .parse::<Month>()
        .map_err(|e| month_failure(program, e.to_string()))?;
    match program.coverage(month) {
        Coverage::After if !assume_latest => Err(month_failure(
            program,
            format!(
                "the rules cover {} … {last}; {month} is after them and its law is not in these \
                 rules yet. Calculate {last} or earlier, or add --assume-latest to carry the law \
                 of {last} forward (every value then marked unconfirmed).",
                program.info.first_month
            ),
        )),
        Coverage::Before => Err(month_failure(
            program,
            format!(
                "the rules cover {} … {last}; {month} is before them.",
                program.info.first_month
            ),
        )),
        _ => Ok(ChosenMonth {
            month,
            notice: None,
        }),
    }
}

/// The month of today's date.
pub fn current_month() -> Month {
    Month::of(today())
}

/// Today's date (UTC), or `ETUUS_TODAY` (`YYYY-MM-DD`) if set: for
/// reproducible runs and tests of what happens when the calendar moves past
/// the rules.
pub fn today() -> chrono::NaiveDate {
    if let Some(date) = std::env::var("ETUUS_TODAY")
        .ok()
        .and_then(|text| text.parse().ok())
    {
        return date;
    }
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    chrono::DateTime::from_timestamp(seconds, 0).map_or(chrono::NaiveDate::MIN, |t| t.date_naive())
}

/// Months that a release's rules should still cover ahead of today.
pub const STALE_WITHIN_MONTHS: i64 = 3;

/// A warning if the rules' coverage ends within [`STALE_WITHIN_MONTHS`] of
/// today (or has ended): the next year's law should be added before release.
pub fn staleness_warning(program: &Program) -> Option<String> {
    let today = current_month();
    let last = program.info.last_month;
    let left = today.months_until(last);
    (left < STALE_WITHIN_MONTHS).then(|| {
        let when = if left < 0 {
            format!("ended with {last}, before the current month {today}")
        } else {
            format!("ends with {last}, within {STALE_WITHIN_MONTHS} months of the current month {today}")
        };
        format!(
            "the rules' coverage {when}: add the law of the coming months before a release \
             (the yearly update checklist is in rules/README.md); until then later months need \
             --assume-latest"
        )
    })
}
