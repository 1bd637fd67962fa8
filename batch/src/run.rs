//! The pipeline: one thread reads chunks, `jobs` workers parse, calculate
//! and encode them, and the calling thread writes them out in input order.
//! A fixed number of chunks is in flight at any time, so memory does not
//! grow with the number of rows.

use std::collections::BTreeMap;
use std::time::Instant;

use crossbeam_channel::bounded;
use etuus_engine::{Household, Month};

use crate::compute::{Batch, Calculator};
use crate::error::{BatchError, RowError};
use crate::input::arrow::ArrowTable;
use crate::input::columns::ColumnPlan;
use crate::input::csv::RecordCells;
use crate::input::jsonl::{read_line, Line};
use crate::input::value::Cell;
use crate::input::{Chunk, Source, Total};
use crate::output::{Encoded, Encoder};
use crate::row::{Id, Row};

/// Errors kept for the summary.
const SAMPLE_ERRORS: usize = 10;

/// Where the rows are at, after each chunk written.
#[derive(Debug, Clone, Copy, Default)]
pub struct Progress {
    /// Input rows read.
    pub rows: u64,
    /// Input bytes read (text input).
    pub bytes: u64,
    /// Output rows written.
    pub outputs: u64,
    /// Output rows with an error.
    pub errors: u64,
    /// How much input there is, if known.
    pub total: Option<Total>,
}

/// What a run did.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Households (input rows) read.
    pub rows: u64,
    /// Rows written (a household per month and scenario).
    pub outputs: u64,
    /// Rows written with an error.
    pub errors: u64,
    /// Rows written without any result (the others with an error lack only
    /// the results that needed a missing input).
    pub failed: u64,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// The first errors: each its input row and the error.
    pub first_errors: Vec<(u64, RowError)>,
}

impl Summary {
    /// Households per second.
    pub fn households_per_second(&self) -> f64 {
        if self.seconds > 0.0 {
            self.rows as f64 / self.seconds
        } else {
            0.0
        }
    }
}

/// Takes encoded chunks in input order.
pub trait Sink {
    /// Writes a chunk.
    fn write(&mut self, encoded: Encoded) -> Result<(), BatchError>;
}

/// How the columns of CSV input make households (built from its header).
pub type CsvPlan = ColumnPlan;

/// What a worker needs besides the batch: how to read columnar input.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// The plan of CSV input's columns.
    pub csv: Option<CsvPlan>,
    /// Columns of Arrow input to skip.
    pub ignore: Vec<String>,
}

struct Done {
    encoded: Encoded,
    rows: u64,
    bytes: u64,
    outputs: u64,
    errors: u64,
    failed: u64,
    samples: Vec<(u64, RowError)>,
}

struct Worker<'b, 'p, 'r> {
    calc: Calculator<'b, 'p>,
    encoder: Box<dyn Encoder + 'b>,
    read: &'r ReadOptions,
    months: Vec<Month>,
    done: Done,
}

impl<'b, 'p, 'r> Worker<'b, 'p, 'r> {
    fn new(
        batch: &'b Batch<'p>,
        encoder: Box<dyn Encoder + 'b>,
        read: &'r ReadOptions,
    ) -> Worker<'b, 'p, 'r> {
        Worker {
            calc: Calculator::new(batch),
            encoder,
            read,
            months: Vec::new(),
            done: Done {
                encoded: Encoded::Bytes(Vec::new()),
                rows: 0,
                bytes: 0,
                outputs: 0,
                errors: 0,
                failed: 0,
                samples: Vec::new(),
            },
        }
    }

    fn process(&mut self, chunk: Chunk) -> Result<Done, BatchError> {
        self.done.bytes = chunk.bytes();
        let batch = self.calc.batch();
        let program = batch.program();
        match chunk {
            Chunk::Lines { first_line, data } => {
                for (k, line) in data.split(|&b| b == b'\n').enumerate() {
                    let line = line.strip_suffix(b"\r").unwrap_or(line);
                    if line.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    let row = first_line + k as u64;
                    match std::str::from_utf8(line) {
                        Ok(text) => {
                            let Line {
                                id,
                                id_text,
                                month,
                                household,
                            } = read_line(batch.rules(), text);
                            let id = match &id_text {
                                Some(text) => Id::Text(text),
                                None => id,
                            };
                            self.emit(row, id, month, household);
                        }
                        Err(_) => self.emit(
                            row,
                            Id::None,
                            Ok(None),
                            Err(RowError::new("", "the line is not UTF-8 text")),
                        ),
                    }
                }
            }
            Chunk::Records { first_row, records } => {
                let plan = self.read.csv.as_ref().ok_or_else(|| {
                    BatchError::Format("CSV records without a header plan".into())
                })?;
                for (k, record) in records.iter().enumerate() {
                    let row = first_row + k as u64;
                    match record {
                        Ok(record) => {
                            let cells = RecordCells(record);
                            let (id, month, household) = plan.read(program, &cells);
                            let id = match id {
                                Cell::Text(t) => Id::Text(t),
                                _ => Id::None,
                            };
                            self.emit(row, id, month, household);
                        }
                        Err(e) => self.emit(row, Id::None, Ok(None), Err(e.clone())),
                    }
                }
            }
            Chunk::Arrow { first_row, batch } => {
                let table = ArrowTable::new(&batch)?;
                let plan = ColumnPlan::new(
                    program,
                    table.names(),
                    table.list_names(),
                    &self.read.ignore,
                )?;
                let mut id_text = String::new();
                for i in 0..table.rows() {
                    let cells = table.row(i);
                    let (id, month, household) = plan.read(program, &cells);
                    id_text.clear();
                    let id = match id {
                        Cell::Text(t) => Id::Text(t),
                        Cell::Int(n) => Id::Int(n),
                        Cell::Null => Id::None,
                        other => {
                            use std::fmt::Write as _;
                            let _ = write!(id_text, "{other:?}");
                            Id::Text(&id_text)
                        }
                    };
                    self.emit(first_row + i as u64, id, month, household);
                }
            }
        }
        let encoded = self.encoder.finish()?;
        let done = std::mem::replace(
            &mut self.done,
            Done {
                encoded: Encoded::Bytes(Vec::new()),
                rows: 0,
                bytes: 0,
                outputs: 0,
                errors: 0,
                failed: 0,
                samples: Vec::new(),
            },
        );
        Ok(Done { encoded, ..done })
    }

    /// Calculates one input row for each of its months and scenarios and
    /// encodes the rows; a row that cannot be read gives one error row.
    fn emit(
        &mut self,
        row: u64,
        id: Id<'_>,
        month: Result<Option<Month>, RowError>,
        household: Result<Household, RowError>,
    ) {
        self.done.rows += 1;
        let batch = self.calc.batch();
        let (own, household) = match (month, household) {
            (Ok(own), Ok(h)) => (own, h),
            (Err(e), _) | (_, Err(e)) => {
                let month = match batch.months {
                    crate::months::MonthSpec::One(m) => Some(m),
                    _ => None,
                };
                return self.fail(row, id, month, e);
            }
        };
        if let Err(e) = batch.months.months_of(own, &mut self.months) {
            return self.fail(row, id, None, e);
        }
        for m in 0..self.months.len() {
            let month = self.months[m];
            for scenario in 0..batch.grid.scenarios.len() {
                let error = self.calc.calculate(&household, month, scenario);
                self.encoder.row(&Row {
                    row,
                    id,
                    month: Some(month),
                    scenario,
                    household: Some(&household),
                    values: &self.calc.values,
                    error: error.as_ref(),
                });
                self.done.outputs += 1;
                if let Some(e) = error {
                    self.done.errors += 1;
                    if !self.calc.partial {
                        self.done.failed += 1;
                    }
                    if self.done.samples.len() < SAMPLE_ERRORS {
                        self.done.samples.push((row, e));
                    }
                }
            }
        }
    }

    fn fail(&mut self, row: u64, id: Id<'_>, month: Option<Month>, error: RowError) {
        self.calc.clear_empty();
        self.encoder.row(&Row {
            row,
            id,
            month,
            scenario: 0,
            household: None,
            values: &self.calc.values,
            error: Some(&error),
        });
        self.done.outputs += 1;
        self.done.errors += 1;
        self.done.failed += 1;
        if self.done.samples.len() < SAMPLE_ERRORS {
            self.done.samples.push((row, error));
        }
    }
}

/// Runs `batch` over `source` into `sink` on `jobs` workers, each encoding
/// with an encoder from `encoder`; `progress` hears after each chunk.
pub fn run<'b, 'p>(
    batch: &'b Batch<'p>,
    read: &ReadOptions,
    mut source: Box<dyn Source + 'b>,
    sink: &mut dyn Sink,
    encoder: &(dyn Fn() -> Box<dyn Encoder + 'b> + Sync),
    jobs: usize,
    progress: &dyn Fn(&Progress),
) -> Result<Summary, BatchError> {
    let start = Instant::now();
    let mut summary = Summary::default();
    let mut state = Progress {
        total: source.total(),
        ..Progress::default()
    };
    let mut record = |done: Done, sink: &mut dyn Sink| -> Result<(), BatchError> {
        sink.write(done.encoded)?;
        summary.rows += done.rows;
        summary.outputs += done.outputs;
        summary.errors += done.errors;
        summary.failed += done.failed;
        for sample in done.samples {
            if summary.first_errors.len() < SAMPLE_ERRORS {
                summary.first_errors.push(sample);
            }
        }
        state.rows += done.rows;
        state.bytes += done.bytes;
        state.outputs += done.outputs;
        state.errors += done.errors;
        progress(&state);
        Ok(())
    };
    if jobs <= 1 {
        let mut worker = Worker::new(batch, encoder(), read);
        while let Some(chunk) = source.next_chunk()? {
            let done = worker.process(chunk)?;
            record(done, sink)?;
        }
    } else {
        let in_flight = jobs * 3;
        std::thread::scope(|scope| -> Result<(), BatchError> {
            let (work_tx, work_rx) = bounded::<(u64, Chunk)>(jobs);
            let (done_tx, done_rx) = bounded::<(u64, Result<Done, BatchError>)>(in_flight);
            let (ticket_tx, ticket_rx) = bounded::<()>(in_flight);
            for _ in 0..in_flight {
                let _ = ticket_tx.send(());
            }
            let reader_done = done_tx.clone();
            scope.spawn(move || {
                let mut seq = 0u64;
                // A ticket per chunk in flight; the writer returns it.
                while ticket_rx.recv().is_ok() {
                    match source.next_chunk() {
                        Ok(Some(chunk)) => {
                            if work_tx.send((seq, chunk)).is_err() {
                                break;
                            }
                        }
                        Ok(None) => break,
                        Err(e) => {
                            let _ = reader_done.send((seq, Err(e)));
                            break;
                        }
                    }
                    seq += 1;
                }
            });
            for _ in 0..jobs {
                let work_rx = work_rx.clone();
                let done_tx = done_tx.clone();
                scope.spawn(move || {
                    let mut worker = Worker::new(batch, encoder(), read);
                    for (seq, chunk) in work_rx {
                        if done_tx.send((seq, worker.process(chunk))).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(done_tx);
            drop(work_rx);
            let mut pending = BTreeMap::new();
            let mut next = 0u64;
            let outcome = (|| {
                for (seq, done) in &done_rx {
                    pending.insert(seq, done);
                    while let Some(done) = pending.remove(&next) {
                        record(done?, sink)?;
                        next += 1;
                        let _ = ticket_tx.send(());
                    }
                }
                Ok(())
            })();
            // On an error the reader and the workers find their channels
            // closed and stop.
            drop(ticket_tx);
            drop(done_rx);
            outcome
        })?;
    }
    summary.seconds = start.elapsed().as_secs_f64();
    Ok(summary)
}
