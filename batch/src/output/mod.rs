//! Writing rows: JSON lines, CSV, and Arrow record batches (for Parquet and
//! Python). Each worker encodes its own chunk; the writer only copies the
//! encoded chunks out in input order.

pub mod arrow;
pub mod csv;
pub mod jsonl;

use ::arrow_array::RecordBatch;

use crate::error::BatchError;
use crate::row::Row;

/// An encoded chunk of rows.
#[derive(Debug)]
pub enum Encoded {
    /// Text (JSON lines, CSV) to append to the output.
    Bytes(Vec<u8>),
    /// A record batch.
    Batch(RecordBatch),
}

/// Encodes rows into one chunk of output.
pub trait Encoder: Send {
    /// Adds a row.
    fn row(&mut self, row: &Row<'_>);
    /// The rows added since the last call, encoded.
    fn finish(&mut self) -> Result<Encoded, BatchError>;
}
