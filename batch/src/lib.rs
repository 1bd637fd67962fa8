//! Many households at once: the rules of an [`etuus_engine::RuleSet`] run
//! over a population, a survey or a reform grid.
//!
//! Households come in as JSON lines, CSV (the flat column convention) or
//! Arrow record batches (Parquet files, Python data frames); each becomes
//! one row per month calculated (and per scenario of a reform grid), written
//! as JSON lines, CSV or Arrow. Chunks of rows are read, calculated and
//! encoded on every core with the engine's flat evaluator, and written in
//! input order with a fixed number of chunks in flight, so memory stays flat
//! however many rows there are. A row that cannot be read or calculated gets
//! an error record (row, field, message) and the run goes on.
//!
//! ```
//! use etuus_batch::{Batch, BatchOptions, MonthSpec, run_lines};
//!
//! let rules = etuus::rules().expect("the embedded rules are checked by the tests");
//! let options = BatchOptions {
//!     months: MonthSpec::One("2025-06".parse().unwrap()),
//!     ..BatchOptions::default()
//! };
//! let batch = Batch::new(rules, &options).unwrap();
//! let input = r#"{"id": "a", "kunta": "Turku", "vuokra": 615, "henkilot": {"jaakko": {"ika": 30, "palkkatulo": 742}}}"#;
//! let (output, summary) = run_lines(&batch, input).unwrap();
//! assert_eq!(summary.rows, 1);
//! assert!(output.contains(r#""yleinen_asumistuki":"#));
//! ```

#![deny(missing_docs)]
#![deny(clippy::unwrap_used)]

pub mod columns_doc;
pub mod compute;
pub mod error;
pub mod files;
pub mod input;
pub mod layout;
pub mod months;
pub mod output;
pub mod row;
pub mod run;
pub mod scenario;

pub use compute::{Batch, BatchOptions, Calculator};
pub use error::{BatchError, RowError};
pub use files::{run_files, FileJob, Format};
pub use layout::Selection;
pub use months::MonthSpec;
pub use run::{Progress, Summary};

/// Runs `batch` over JSON lines `input` on one thread; returns the JSON
/// lines written and the summary (for tests and small jobs).
pub fn run_lines(batch: &Batch<'_>, input: &str) -> Result<(String, Summary), BatchError> {
    struct Collect(Vec<u8>);
    impl run::Sink for Collect {
        fn write(&mut self, encoded: output::Encoded) -> Result<(), BatchError> {
            if let output::Encoded::Bytes(b) = encoded {
                self.0.extend_from_slice(&b);
            }
            Ok(())
        }
    }
    let source = input::LinesSource::new(
        std::io::Cursor::new(input.as_bytes().to_vec()),
        "input",
        None,
    );
    let mut sink = Collect(Vec::new());
    let read = run::ReadOptions::default();
    let summary = run::run(
        batch,
        &read,
        Box::new(source),
        &mut sink,
        &|| Box::new(output::jsonl::JsonlEncoder::new(batch)),
        1,
        &|_| {},
    )?;
    Ok((String::from_utf8_lossy(&sink.0).into_owned(), summary))
}
