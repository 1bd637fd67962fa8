//! Arrow record batches in: flat columns, namespace structs and member lists
//! (see [`super::columns`]). Integer, float, decimal, text, dictionary,
//! boolean and date columns are read; other integer, dictionary, date and
//! timestamp types are cast first.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Decimal128Type, Float32Type, Float64Type, Int64Type, UInt64Type,
};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_buffer::NullBuffer;
use arrow_schema::DataType;

use super::columns::Cells;
use super::value::Cell;
use crate::error::BatchError;

#[derive(Debug, Clone, Copy)]
enum Kind {
    Null,
    Bool,
    Int,
    UInt,
    F32,
    F64,
    Decimal(i8),
    Utf8,
    LargeUtf8,
    View,
    Date,
}

#[derive(Debug)]
struct Source {
    array: ArrayRef,
    kind: Kind,
    /// Nulls of enclosing structs.
    parent: Option<NullBuffer>,
}

impl Source {
    fn new(name: &str, array: &ArrayRef, parent: Option<NullBuffer>) -> Result<Source, BatchError> {
        let array = normalize(name, array)?;
        let kind = match array.data_type() {
            DataType::Null => Kind::Null,
            DataType::Boolean => Kind::Bool,
            DataType::Int64 => Kind::Int,
            DataType::UInt64 => Kind::UInt,
            DataType::Float32 => Kind::F32,
            DataType::Float64 => Kind::F64,
            DataType::Decimal128(_, s) => Kind::Decimal(*s),
            DataType::Utf8 => Kind::Utf8,
            DataType::LargeUtf8 => Kind::LargeUtf8,
            DataType::Utf8View => Kind::View,
            DataType::Date32 => Kind::Date,
            other => {
                return Err(BatchError::Usage(format!(
                    "column `{name}` has type {other}, which cannot hold an input"
                )))
            }
        };
        Ok(Source {
            array,
            kind,
            parent,
        })
    }

    #[inline]
    fn cell(&self, i: usize) -> Cell<'_> {
        if self.array.is_null(i) || self.parent.as_ref().is_some_and(|p| p.is_null(i)) {
            return Cell::Null;
        }
        let a = &self.array;
        match self.kind {
            Kind::Null => Cell::Null,
            Kind::Bool => Cell::Bool(a.as_boolean().value(i)),
            Kind::Int => Cell::Int(a.as_primitive::<Int64Type>().value(i)),
            Kind::UInt => Cell::UInt(a.as_primitive::<UInt64Type>().value(i)),
            Kind::F32 => Cell::F32(a.as_primitive::<Float32Type>().value(i)),
            Kind::F64 => Cell::F64(a.as_primitive::<Float64Type>().value(i)),
            Kind::Decimal(s) => Cell::Decimal(a.as_primitive::<Decimal128Type>().value(i), s),
            Kind::Utf8 => Cell::Text(a.as_string::<i32>().value(i)),
            Kind::LargeUtf8 => Cell::Text(a.as_string::<i64>().value(i)),
            Kind::View => Cell::Text(a.as_string_view().value(i)),
            Kind::Date => Cell::Date(a.as_primitive::<Date32Type>().value(i)),
        }
    }
}

/// Casts a column to a type [`Source`] reads.
fn normalize(name: &str, array: &ArrayRef) -> Result<ArrayRef, BatchError> {
    let target = match array.data_type() {
        DataType::Int8
        | DataType::Int16
        | DataType::Int32
        | DataType::UInt8
        | DataType::UInt16
        | DataType::UInt32 => DataType::Int64,
        DataType::Float16 => DataType::Float32,
        DataType::Date64 | DataType::Timestamp(..) => DataType::Date32,
        DataType::Decimal256(..) | DataType::Decimal32(..) | DataType::Decimal64(..) => {
            DataType::Utf8
        }
        DataType::Dictionary(_, value) => {
            let cast = arrow_cast::cast(array, value).map_err(|e| {
                BatchError::Usage(format!("column `{name}`: cannot read its dictionary: {e}"))
            })?;
            return normalize(name, &cast);
        }
        _ => return Ok(Arc::clone(array)),
    };
    arrow_cast::cast(array, &target)
        .map_err(|e| BatchError::Usage(format!("column `{name}`: cannot read it as {target}: {e}")))
}

#[derive(Debug)]
struct ListSource {
    offsets: Vec<usize>,
    list_nulls: Option<NullBuffer>,
    item_nulls: Option<NullBuffer>,
    fields: Vec<Source>,
}

/// A record batch's columns, ready to be read row by row.
#[derive(Debug)]
pub struct ArrowTable {
    names: Vec<String>,
    flat: Vec<Source>,
    list_names: Vec<(String, Vec<String>)>,
    lists: Vec<ListSource>,
    rows: usize,
}

impl ArrowTable {
    /// Prepares `batch`'s columns.
    pub fn new(batch: &RecordBatch) -> Result<ArrowTable, BatchError> {
        let mut table = ArrowTable {
            names: Vec::new(),
            flat: Vec::new(),
            list_names: Vec::new(),
            lists: Vec::new(),
            rows: batch.num_rows(),
        };
        for (field, column) in batch.schema().fields().iter().zip(batch.columns()) {
            table.add(field.name(), column, None)?;
        }
        Ok(table)
    }

    fn add(
        &mut self,
        name: &str,
        column: &ArrayRef,
        parent: Option<NullBuffer>,
    ) -> Result<(), BatchError> {
        match column.data_type() {
            DataType::Struct(fields) => {
                let array = column.as_struct();
                let nulls = NullBuffer::union(parent.as_ref(), array.nulls());
                for (field, child) in fields.iter().zip(array.columns()) {
                    self.add(&format!("{name}.{}", field.name()), child, nulls.clone())?;
                }
                Ok(())
            }
            DataType::List(_) | DataType::LargeList(_) => {
                let (offsets, values, list_nulls): (Vec<usize>, ArrayRef, _) =
                    match column.data_type() {
                        DataType::List(_) => {
                            let l = column.as_list::<i32>();
                            (
                                l.value_offsets().iter().map(|&o| o as usize).collect(),
                                Arc::clone(l.values()),
                                l.nulls().cloned(),
                            )
                        }
                        _ => {
                            let l = column.as_list::<i64>();
                            (
                                l.value_offsets().iter().map(|&o| o as usize).collect(),
                                Arc::clone(l.values()),
                                l.nulls().cloned(),
                            )
                        }
                    };
                let DataType::Struct(fields) = values.data_type() else {
                    return Err(BatchError::Usage(format!(
                        "column `{name}` is a list of {}; members are a list of structs (`list<struct<id, …>>`)",
                        values.data_type()
                    )));
                };
                let items = values.as_struct();
                let mut sources = Vec::new();
                for (field, child) in fields.iter().zip(items.columns()) {
                    sources.push(Source::new(
                        &format!("{name}.{}", field.name()),
                        child,
                        None,
                    )?);
                }
                self.list_names.push((
                    name.to_string(),
                    fields.iter().map(|f| f.name().clone()).collect(),
                ));
                self.lists.push(ListSource {
                    offsets,
                    list_nulls: NullBuffer::union(parent.as_ref(), list_nulls.as_ref()),
                    item_nulls: items.nulls().cloned(),
                    fields: sources,
                });
                Ok(())
            }
            _ => {
                self.names.push(name.to_string());
                self.flat.push(Source::new(name, column, parent)?);
                Ok(())
            }
        }
    }

    /// Names of the flat columns.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Each list column's name and its struct's field names.
    pub fn list_names(&self) -> &[(String, Vec<String>)] {
        &self.list_names
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The cells of row `row`.
    pub fn row(&self, row: usize) -> RowCells<'_> {
        RowCells { table: self, row }
    }
}

/// The cells of one row of an [`ArrowTable`].
pub struct RowCells<'t> {
    table: &'t ArrowTable,
    row: usize,
}

impl Cells for RowCells<'_> {
    fn cell(&self, column: usize) -> Cell<'_> {
        self.table.flat[column].cell(self.row)
    }

    fn list_len(&self, list: usize) -> usize {
        let l = &self.table.lists[list];
        if l.list_nulls.as_ref().is_some_and(|n| n.is_null(self.row)) {
            return 0;
        }
        l.offsets[self.row + 1] - l.offsets[self.row]
    }

    fn list_null(&self, list: usize, member: usize) -> bool {
        let l = &self.table.lists[list];
        let i = l.offsets[self.row] + member;
        l.item_nulls.as_ref().is_some_and(|n| n.is_null(i))
    }

    fn list_cell(&self, list: usize, member: usize, field: usize) -> Cell<'_> {
        let l = &self.table.lists[list];
        l.fields[field].cell(l.offsets[self.row] + member)
    }
}
