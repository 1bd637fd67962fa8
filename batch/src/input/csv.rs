//! CSV in: a header of column names in the flat convention, a household per
//! record; every cell is text and read as a household file's text is.

use super::columns::Cells;
use super::value::Cell;

/// The cells of one CSV record.
pub struct RecordCells<'r>(pub &'r csv::StringRecord);

impl Cells for RecordCells<'_> {
    fn cell(&self, column: usize) -> Cell<'_> {
        match self.0.get(column) {
            Some(text) if !text.is_empty() => Cell::Text(text),
            _ => Cell::Null,
        }
    }
    fn list_len(&self, _list: usize) -> usize {
        0
    }
    fn list_null(&self, _list: usize, _member: usize) -> bool {
        true
    }
    fn list_cell(&self, _list: usize, _member: usize, _field: usize) -> Cell<'_> {
        Cell::Null
    }
}
