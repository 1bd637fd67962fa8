//! Reading households: JSON lines, CSV and Arrow record batches (from
//! Parquet files or Python), each chunk of rows read by a worker.

pub mod arrow;
pub mod columns;
pub mod csv;
pub mod jsonl;
pub mod value;

use std::io::Read;

use ::arrow_array::RecordBatch;

use crate::error::{BatchError, RowError};

/// A chunk of input rows, handed to one worker.
#[derive(Debug)]
pub enum Chunk {
    /// JSON lines, whole lines only.
    Lines {
        /// The 1-based number of the first line.
        first_line: u64,
        /// The text.
        data: Vec<u8>,
    },
    /// CSV records (or why a record could not be read).
    Records {
        /// The 1-based number of the first record.
        first_row: u64,
        /// The records.
        records: Vec<Result<::csv::StringRecord, RowError>>,
    },
    /// An Arrow record batch.
    Arrow {
        /// The 1-based number of its first row.
        first_row: u64,
        /// The rows.
        batch: RecordBatch,
    },
}

impl Chunk {
    /// Bytes read for this chunk (for progress), if known.
    pub fn bytes(&self) -> u64 {
        match self {
            Chunk::Lines { data, .. } => data.len() as u64,
            Chunk::Records { records, .. } => records
                .iter()
                .map(|r| {
                    r.as_ref()
                        .map_or(0, |r| r.as_byte_record().as_slice().len() as u64 + 1)
                })
                .sum(),
            Chunk::Arrow { .. } => 0,
        }
    }
}

/// How much input there is, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Total {
    /// Bytes (text input from a file).
    Bytes(u64),
    /// Rows (Parquet, Arrow).
    Rows(u64),
}

/// Produces chunks of input in order.
pub trait Source: Send {
    /// The next chunk, or `None` at the end.
    fn next_chunk(&mut self) -> Result<Option<Chunk>, BatchError>;
    /// How much input there is, if known.
    fn total(&self) -> Option<Total> {
        None
    }
}

/// About this many bytes of JSON lines make a chunk.
const LINES_CHUNK: usize = 256 * 1024;

/// JSON lines from a reader.
pub struct LinesSource<R: Read + Send> {
    reader: R,
    name: String,
    carry: Vec<u8>,
    next_line: u64,
    done: bool,
    total: Option<u64>,
}

impl<R: Read + Send> LinesSource<R> {
    /// Reads JSON lines from `reader` (`name` for messages; `total` bytes if known).
    pub fn new(reader: R, name: impl Into<String>, total: Option<u64>) -> LinesSource<R> {
        LinesSource {
            reader,
            name: name.into(),
            carry: Vec::new(),
            next_line: 1,
            done: false,
            total,
        }
    }
}

impl<R: Read + Send> Source for LinesSource<R> {
    fn next_chunk(&mut self) -> Result<Option<Chunk>, BatchError> {
        if self.done && self.carry.is_empty() {
            return Ok(None);
        }
        let mut data = std::mem::take(&mut self.carry);
        data.reserve(LINES_CHUNK + 4096);
        let mut buf = [0u8; 64 * 1024];
        while !self.done && data.len() < LINES_CHUNK {
            let n = match self.reader.read(&mut buf) {
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(BatchError::io(&self.name, e)),
            };
            if n == 0 {
                self.done = true;
            }
            data.extend_from_slice(&buf[..n]);
        }
        if !self.done {
            // Whole lines only; the rest starts the next chunk.
            match memchr::memrchr(b'\n', &data) {
                Some(end) => self.carry = data.split_off(end + 1),
                None => {
                    // One very long line: keep reading.
                    self.carry = data;
                    return self.next_chunk();
                }
            }
        }
        if data.is_empty() {
            return Ok(None);
        }
        let first_line = self.next_line;
        self.next_line += memchr::memchr_iter(b'\n', &data).count() as u64;
        if !data.ends_with(b"\n") {
            self.next_line += 1;
        }
        Ok(Some(Chunk::Lines { first_line, data }))
    }

    fn total(&self) -> Option<Total> {
        self.total.map(Total::Bytes)
    }
}

/// Records per CSV chunk.
const RECORDS_CHUNK: usize = 1024;

/// CSV records from a reader, after its header.
pub struct CsvSource<R: Read + Send> {
    reader: ::csv::Reader<R>,
    name: String,
    next_row: u64,
    done: bool,
    total: Option<u64>,
}

impl<R: Read + Send> CsvSource<R> {
    /// Reads the header of CSV from `reader`; returns the source and the
    /// column names.
    pub fn new(
        reader: R,
        name: impl Into<String>,
        total: Option<u64>,
    ) -> Result<(CsvSource<R>, Vec<String>), BatchError> {
        let name = name.into();
        let mut reader = ::csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(reader);
        let header = reader
            .headers()
            .map_err(|e| BatchError::Format(format!("{name}: the CSV header: {e}")))?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        Ok((
            CsvSource {
                reader,
                name,
                next_row: 1,
                done: false,
                total,
            },
            header,
        ))
    }
}

impl<R: Read + Send> Source for CsvSource<R> {
    fn next_chunk(&mut self) -> Result<Option<Chunk>, BatchError> {
        if self.done {
            return Ok(None);
        }
        let first_row = self.next_row;
        let mut records = Vec::with_capacity(RECORDS_CHUNK);
        while records.len() < RECORDS_CHUNK {
            let mut record = ::csv::StringRecord::new();
            match self.reader.read_record(&mut record) {
                Ok(true) => records.push(Ok(record)),
                Ok(false) => {
                    self.done = true;
                    break;
                }
                Err(e) => match e.kind() {
                    ::csv::ErrorKind::Io(_) => {
                        return Err(BatchError::Format(format!("{}: {e}", self.name)))
                    }
                    _ => records.push(Err(RowError::new(
                        "",
                        format!("not a valid CSV record: {e}"),
                    ))),
                },
            }
        }
        self.next_row += records.len() as u64;
        if records.is_empty() {
            return Ok(None);
        }
        Ok(Some(Chunk::Records { first_row, records }))
    }

    fn total(&self) -> Option<Total> {
        self.total.map(Total::Bytes)
    }
}

/// Record batches from an iterator (Parquet files, Python).
pub struct BatchSource<I> {
    batches: I,
    next_row: u64,
    total: Option<u64>,
}

impl<I> BatchSource<I> {
    /// Reads `batches`, `total` rows if known.
    pub fn new(batches: I, total: Option<u64>) -> BatchSource<I> {
        BatchSource {
            batches,
            next_row: 1,
            total,
        }
    }
}

impl<I> Source for BatchSource<I>
where
    I: Iterator<Item = Result<RecordBatch, BatchError>> + Send,
{
    fn next_chunk(&mut self) -> Result<Option<Chunk>, BatchError> {
        loop {
            let Some(batch) = self.batches.next().transpose()? else {
                return Ok(None);
            };
            if batch.num_rows() == 0 {
                continue;
            }
            let first_row = self.next_row;
            self.next_row += batch.num_rows() as u64;
            return Ok(Some(Chunk::Arrow { first_row, batch }));
        }
    }

    fn total(&self) -> Option<Total> {
        self.total.map(Total::Rows)
    }
}
