//! Which months each household is calculated for.

use etuus_engine::Month;

use crate::error::{BatchError, RowError};

/// The months of rows that do not name their own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum MonthSpec {
    /// Every row must have a `month` column.
    #[default]
    FromRows,
    /// One month (`--month`) for rows without their own.
    One(Month),
    /// Every month of a range (`--months FROM..TO`), for a panel: each row
    /// without its own month gives one output row per month.
    Range(Month, Month),
}

impl MonthSpec {
    /// From `--month` and `--months`, at most one of them given.
    pub fn parse(month: Option<&str>, months: Option<&str>) -> Result<MonthSpec, BatchError> {
        let parse = |text: &str| {
            text.trim()
                .parse::<Month>()
                .map_err(|e| BatchError::Usage(e.to_string()))
        };
        match (month, months) {
            (Some(_), Some(_)) => Err(BatchError::Usage(
                "give --month or --months, not both".into(),
            )),
            (Some(m), None) => Ok(MonthSpec::One(parse(m)?)),
            (None, Some(range)) => {
                let (from, to) = range.split_once("..").ok_or_else(|| {
                    BatchError::Usage(format!(
                        "--months {range}: write FROM..TO, e.g. 2024-01..2026-12"
                    ))
                })?;
                let (from, to) = (parse(from)?, parse(to)?);
                if to < from {
                    return Err(BatchError::Usage(format!(
                        "--months {range}: the last month is before the first"
                    )));
                }
                if from.months_until(to) >= 1200 {
                    return Err(BatchError::Usage(format!(
                        "--months {range}: at most 100 years"
                    )));
                }
                Ok(MonthSpec::Range(from, to))
            }
            (None, None) => Ok(MonthSpec::FromRows),
        }
    }

    /// The months of a row whose own month (if any) is `own`.
    pub fn months_of(&self, own: Option<Month>, out: &mut Vec<Month>) -> Result<(), RowError> {
        out.clear();
        match (own, self) {
            (Some(m), _) => out.push(m),
            (None, MonthSpec::One(m)) => out.push(*m),
            (None, MonthSpec::Range(from, to)) => {
                let mut m = *from;
                while m <= *to {
                    out.push(m);
                    m = m.next();
                }
            }
            (None, MonthSpec::FromRows) => {
                return Err(RowError::new(
                    "month",
                    "no month: give the row a `month` (YYYY-MM), or the run --month or --months",
                ))
            }
        }
        Ok(())
    }
}
