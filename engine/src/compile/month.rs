//! Calendar months and the per-month choice of formulas and parameter values.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

use super::ids::NodeId;

/// A calendar month, e.g. 2026-06.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Month {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
}

impl Month {
    /// The month of a year, if `month` is 1–12.
    pub fn new(year: i32, month: u32) -> Option<Month> {
        ((1..=12).contains(&month) && (1..=9999).contains(&year)).then_some(Month { year, month })
    }

    /// The month a date falls in.
    pub fn of(date: NaiveDate) -> Month {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    /// Its first day.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// Its last day.
    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().unwrap_or(NaiveDate::MAX)
    }

    /// The following month.
    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// Months from `self` to `later` (0 if equal).
    pub fn months_until(self, later: Month) -> i64 {
        (later.year as i64 - self.year as i64) * 12 + later.month as i64 - self.month as i64
    }

    /// Number of days in the month.
    pub fn days(self) -> u32 {
        self.last_day().day()
    }

    /// Number of Mondays–Fridays in the month.
    pub fn weekdays(self) -> u32 {
        let mut day = self.first_day();
        let mut count = 0;
        while day.month() == self.month {
            if day.weekday().number_from_monday() <= 5 {
                count += 1;
            }
            day = day.succ_opt().unwrap_or(NaiveDate::MAX);
        }
        count
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// A month that is not written `YYYY-MM`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthParseError(pub String);

impl fmt::Display for MonthParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a month; write it as YYYY-MM with two digits for the month, e.g. 2026-06",
            self.0
        )
    }
}

impl std::error::Error for MonthParseError {}

impl FromStr for Month {
    type Err = MonthParseError;

    fn from_str(s: &str) -> Result<Month, MonthParseError> {
        let err = || MonthParseError(s.to_string());
        let (year, month) = s.trim().split_once('-').ok_or_else(err)?;
        // Exactly YYYY-MM: `2024-6` is refused rather than guessed.
        let digits = |t: &str, n: usize| t.len() == n && t.bytes().all(|b| b.is_ascii_digit());
        if !digits(year, 4) || !digits(month, 2) {
            return Err(err());
        }
        let year = year.parse().map_err(|_| err())?;
        let month = month.parse().map_err(|_| err())?;
        Month::new(year, month).ok_or_else(err)
    }
}

/// The calendar facts of the month being calculated. They can differ from
/// the month of the law applied: a month past the rules' coverage may be
/// calculated with the law of the last covered month carried forward, while
/// ages, weekdays and date comparisons still use the real month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MonthDates {
    /// The month.
    pub month: Month,
    /// Its first day.
    #[serde(with = "crate::serial::date")]
    pub first_day: NaiveDate,
    /// Its last day.
    #[serde(with = "crate::serial::date")]
    pub last_day: NaiveDate,
    /// Days in the month.
    pub days: u32,
    /// Weekdays (Monday–Friday) in the month.
    pub weekdays: u32,
}

impl MonthDates {
    /// The calendar facts of `month`.
    pub fn of(month: Month) -> MonthDates {
        MonthDates {
            month,
            first_day: month.first_day(),
            last_day: month.last_day(),
            days: month.days(),
            weekdays: month.weekdays(),
        }
    }
}

/// For one month: the formula version of each variable and the value
/// version of each parameter in force on the month's first day.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct MonthPlan {
    /// The month.
    pub month: Month,
    /// Per variable: index into its formulas, or `NONE` for inputs.
    pub formula: Vec<u16>,
    /// Per variable: the root node of the formula in force (inputs: a dummy).
    pub root: Vec<NodeId>,
    /// Per parameter: index into its values, or `NONE` if it has no value then.
    pub param: Vec<u16>,
    /// The month's calendar facts.
    pub dates: MonthDates,
}

impl MonthPlan {
    /// Marks "no formula" or "no value".
    pub const NONE: u16 = u16::MAX;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_counts() {
        let m: Month = "2024-02".parse().unwrap();
        assert_eq!(m.days(), 29);
        assert_eq!(m.weekdays(), 21);
        assert_eq!(m.to_string(), "2024-02");
        assert!("2024-13".parse::<Month>().is_err());
        assert!("24-01".parse::<Month>().is_err());
        assert!("2024-6".parse::<Month>().is_err());
        assert!("2024-+6".parse::<Month>().is_err());
        assert_eq!(m.next(), "2024-03".parse().unwrap());
        assert_eq!(
            "2021-01"
                .parse::<Month>()
                .unwrap()
                .months_until("2026-12".parse().unwrap()),
            71
        );
    }
}
