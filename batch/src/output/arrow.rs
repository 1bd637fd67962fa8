//! Arrow record batches out (for Parquet files and Python).
//!
//! Columns: `row` (int64), `id` (utf8, or int64 when the input's ids are
//! whole numbers), `month` (utf8 `YYYY-MM`), `set.NAME` (utf8), one column
//! per household-level value, one `list<struct<id, …>>` column per member
//! entity (`henkilot`), and `error` (`struct<field, message>`, null for a
//! row without one). Value types: a result's amount `decimal128(38, 2)`
//! (an amount with more decimals is not rounded: the row gets an error),
//! other numbers `decimal128(38, 10)` (intermediate values such as an
//! unrounded daily wage rounded half away from zero to 10 decimals; JSON
//! lines and CSV keep every digit), whole numbers `int64`, truth values
//! `bool`, dates `date32`, enum values `utf8` (their code).

use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Decimal128Builder, Int64Builder, StringBuilder,
};
use arrow_array::{Array, ArrayRef, ListArray, RecordBatch, StructArray};
use arrow_buffer::{NullBuffer, OffsetBuffer};
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};
use etuus_engine::types::{DeclaredType, NumKind};
use etuus_engine::{Program, Value};
use rust_decimal::{Decimal, RoundingStrategy};

use super::{Encoded, Encoder};
use crate::compute::Batch;
use crate::error::{BatchError, RowError};
use crate::layout::{Column, Show};
use crate::row::{Id, Row};

/// Decimal places of money columns.
pub const MONEY_SCALE: i8 = 2;
/// Decimal places of other number columns.
pub const NUMBER_SCALE: i8 = 10;
const PRECISION: u8 = 38;

/// How the `id` column is typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IdType {
    /// Text.
    #[default]
    Text,
    /// Whole numbers (the input's ids were).
    Int,
}

/// The Arrow type of a variable's values: a result's amount of money has
/// cents; other numbers keep [`NUMBER_SCALE`] decimals.
pub fn data_type(ty: &DeclaredType, amount: bool) -> DataType {
    match ty {
        DeclaredType::Number(NumKind::Money, _) if amount => {
            DataType::Decimal128(PRECISION, MONEY_SCALE)
        }
        DeclaredType::Number(NumKind::Integer, _) => DataType::Int64,
        DeclaredType::Number(..) => DataType::Decimal128(PRECISION, NUMBER_SCALE),
        DeclaredType::Bool => DataType::Boolean,
        DeclaredType::Date => DataType::Date32,
        DeclaredType::Enum(_) => DataType::Utf8,
    }
}

fn is_amount(column: &Column) -> bool {
    column.show.iter().all(|s| matches!(s, Show::Amount(_)))
}

fn value_fields(program: &Program, columns: &[Column]) -> Vec<Field> {
    columns
        .iter()
        .map(|c| {
            Field::new(
                &c.name,
                data_type(&program.vars[c.var.index()].ty, is_amount(c)),
                true,
            )
        })
        .collect()
}

fn member_struct(program: &Program, columns: &[Column]) -> Fields {
    let mut fields = vec![Field::new("id", DataType::Utf8, false)];
    fields.extend(value_fields(program, columns));
    Fields::from(fields)
}

fn error_fields() -> Fields {
    Fields::from(vec![
        Field::new("field", DataType::Utf8, false),
        Field::new("message", DataType::Utf8, false),
    ])
}

/// The schema of `batch`'s output.
pub fn schema(batch: &Batch<'_>, id: IdType) -> SchemaRef {
    let program = batch.program();
    let mut fields = vec![
        Field::new("row", DataType::Int64, false),
        Field::new(
            "id",
            match id {
                IdType::Text => DataType::Utf8,
                IdType::Int => DataType::Int64,
            },
            true,
        ),
        Field::new("month", DataType::Utf8, true),
    ];
    for name in &batch.grid.columns {
        fields.push(Field::new(name, DataType::Utf8, false));
    }
    fields.extend(value_fields(program, &batch.layout.root));
    for group in &batch.layout.members {
        let item = Field::new(
            "item",
            DataType::Struct(member_struct(program, &group.columns)),
            false,
        );
        fields.push(Field::new(
            &group.plural,
            DataType::List(Arc::new(item)),
            false,
        ));
    }
    fields.push(Field::new("error", DataType::Struct(error_fields()), true));
    Arc::new(Schema::new(fields))
}

/// A builder of one value column.
enum ValueBuilder {
    /// Decimals: the scale, and whether a value with more decimals is
    /// rounded to it (an intermediate value) rather than refused (an amount).
    Decimal(Decimal128Builder, u32, bool),
    Int(Int64Builder),
    Bool(BooleanBuilder),
    Date(Date32Builder),
    Text(StringBuilder),
}

impl ValueBuilder {
    fn new(ty: &DeclaredType, amount: bool) -> ValueBuilder {
        match data_type(ty, amount) {
            DataType::Decimal128(p, s) => ValueBuilder::Decimal(
                Decimal128Builder::new().with_data_type(DataType::Decimal128(p, s)),
                s as u32,
                s != MONEY_SCALE || !amount,
            ),
            DataType::Int64 => ValueBuilder::Int(Int64Builder::new()),
            DataType::Boolean => ValueBuilder::Bool(BooleanBuilder::new()),
            DataType::Date32 => ValueBuilder::Date(Date32Builder::new()),
            _ => ValueBuilder::Text(StringBuilder::new()),
        }
    }

    /// Appends a value; false if it does not fit the column (too many decimals).
    fn append(&mut self, program: &Program, ty: &DeclaredType, value: Option<Value>) -> bool {
        match (self, value) {
            (ValueBuilder::Decimal(b, scale, round), Some(Value::Num(d))) => {
                let d = if *round && d.scale() > *scale {
                    d.round_dp_with_strategy(*scale, RoundingStrategy::MidpointAwayFromZero)
                } else {
                    d
                };
                match scaled(d, *scale) {
                    Some(n) => b.append_value(n),
                    None => {
                        b.append_null();
                        return false;
                    }
                }
            }
            (ValueBuilder::Int(b), Some(Value::Num(d))) => {
                match (d.fract().is_zero(), i64::try_from(d)) {
                    (true, Ok(n)) => b.append_value(n),
                    _ => {
                        b.append_null();
                        return false;
                    }
                }
            }
            (ValueBuilder::Bool(b), Some(Value::Bool(v))) => b.append_value(v),
            (ValueBuilder::Date(b), Some(Value::Date(d))) => {
                b.append_value(Date32Builder::days_since_epoch(d))
            }
            (ValueBuilder::Text(b), Some(Value::Enum(v))) => match ty {
                DeclaredType::Enum(id) => {
                    match program.enums[id.index()].variants.get(v as usize) {
                        Some(variant) => b.append_value(&variant.key),
                        None => b.append_null(),
                    }
                }
                _ => b.append_null(),
            },
            (ValueBuilder::Decimal(b, ..), _) => b.append_null(),
            (ValueBuilder::Int(b), _) => b.append_null(),
            (ValueBuilder::Bool(b), _) => b.append_null(),
            (ValueBuilder::Date(b), _) => b.append_null(),
            (ValueBuilder::Text(b), _) => b.append_null(),
        }
        true
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            ValueBuilder::Decimal(b, ..) => Arc::new(b.finish()),
            ValueBuilder::Int(b) => Arc::new(b.finish()),
            ValueBuilder::Bool(b) => Arc::new(b.finish()),
            ValueBuilder::Date(b) => Arc::new(b.finish()),
            ValueBuilder::Text(b) => Arc::new(b.finish()),
        }
    }
}

trait DaysSinceEpoch {
    fn days_since_epoch(d: chrono::NaiveDate) -> i32;
}

impl DaysSinceEpoch for Date32Builder {
    fn days_since_epoch(d: chrono::NaiveDate) -> i32 {
        use chrono::Datelike as _;
        // 719 163 days from 1.1.1 (day 1) to 1.1.1970.
        d.num_days_from_ce() - 719_163
    }
}

/// `d` as an integer of `scale` decimal places, if it has no more.
fn scaled(d: Decimal, scale: u32) -> Option<i128> {
    let d = if d.scale() > scale { d.normalize() } else { d };
    if d.scale() > scale {
        return None;
    }
    let factor = 10i128.checked_pow(scale - d.scale())?;
    d.mantissa().checked_mul(factor)
}

struct Group {
    offsets: Vec<i32>,
    ids: StringBuilder,
    values: Vec<ValueBuilder>,
    types: Vec<DeclaredType>,
    fields: Fields,
}

/// Encodes rows as Arrow record batches of [`schema`].
pub struct ArrowEncoder<'p> {
    program: &'p Program,
    schema: SchemaRef,
    rows: Int64Builder,
    ids: IdBuilder,
    months: StringBuilder,
    sets: Vec<StringBuilder>,
    labels: Vec<Vec<String>>,
    root: Vec<ValueBuilder>,
    root_types: Vec<DeclaredType>,
    root_names: Vec<String>,
    groups: Vec<Group>,
    error_field: StringBuilder,
    error_message: StringBuilder,
    error_valid: Vec<bool>,
    text: String,
}

enum IdBuilder {
    Text(StringBuilder),
    Int(Int64Builder),
}

impl<'p> ArrowEncoder<'p> {
    /// An encoder for `batch`'s rows, ids typed `id`.
    pub fn new(batch: &Batch<'p>, id: IdType) -> ArrowEncoder<'p> {
        let program = batch.program();
        let ty = |c: &Column| program.vars[c.var.index()].ty.clone();
        ArrowEncoder {
            program,
            schema: schema(batch, id),
            rows: Int64Builder::new(),
            ids: match id {
                IdType::Text => IdBuilder::Text(StringBuilder::new()),
                IdType::Int => IdBuilder::Int(Int64Builder::new()),
            },
            months: StringBuilder::new(),
            sets: batch
                .grid
                .columns
                .iter()
                .map(|_| StringBuilder::new())
                .collect(),
            labels: batch
                .grid
                .scenarios
                .iter()
                .map(|s| s.labels.clone())
                .collect(),
            root: batch
                .layout
                .root
                .iter()
                .map(|c| ValueBuilder::new(&ty(c), is_amount(c)))
                .collect(),
            root_types: batch.layout.root.iter().map(ty).collect(),
            root_names: batch.layout.root.iter().map(|c| c.name.clone()).collect(),
            groups: batch
                .layout
                .members
                .iter()
                .map(|g| Group {
                    offsets: vec![0],
                    ids: StringBuilder::new(),
                    values: g
                        .columns
                        .iter()
                        .map(|c| ValueBuilder::new(&ty(c), is_amount(c)))
                        .collect(),
                    types: g.columns.iter().map(ty).collect(),
                    fields: member_struct(program, &g.columns),
                })
                .collect(),
            error_field: StringBuilder::new(),
            error_message: StringBuilder::new(),
            error_valid: Vec::new(),
            text: String::new(),
        }
    }

    /// The schema of the batches.
    pub fn schema(&self) -> SchemaRef {
        Arc::clone(&self.schema)
    }
}

impl Encoder for ArrowEncoder<'_> {
    fn row(&mut self, row: &Row<'_>) {
        let program = self.program;
        self.rows
            .append_value(i64::try_from(row.row).unwrap_or(i64::MAX));
        match (&mut self.ids, row.id) {
            (_, Id::None) => match &mut self.ids {
                IdBuilder::Text(b) => b.append_null(),
                IdBuilder::Int(b) => b.append_null(),
            },
            (IdBuilder::Int(b), Id::Int(i)) => b.append_value(i),
            (IdBuilder::Int(b), Id::Text(t) | Id::Json(t)) => match t.parse() {
                Ok(i) => b.append_value(i),
                Err(_) => b.append_null(),
            },
            (IdBuilder::Text(b), Id::Text(t) | Id::Json(t)) => b.append_value(t),
            (IdBuilder::Text(b), Id::Int(i)) => b.append_value(i.to_string()),
        }
        match row.month {
            Some(m) => {
                use std::fmt::Write as _;
                self.text.clear();
                let _ = write!(self.text, "{m}");
                self.months.append_value(&self.text);
            }
            None => self.months.append_null(),
        }
        for (i, b) in self.sets.iter_mut().enumerate() {
            b.append_value(&self.labels[row.scenario][i]);
        }
        let mut unfit: Option<String> = None;
        for (i, b) in self.root.iter_mut().enumerate() {
            if !b.append(program, &self.root_types[i], row.values.root[i]) {
                unfit.get_or_insert_with(|| self.root_names[i].clone());
            }
        }
        for (g, group) in self.groups.iter_mut().enumerate() {
            let width = group.values.len();
            let members = &row.values.member_index[g];
            for (k, &m) in members.iter().enumerate() {
                group.ids.append_value(row.member_id(g, m));
                for (c, b) in group.values.iter_mut().enumerate() {
                    if !b.append(
                        program,
                        &group.types[c],
                        row.values.members[g][k * width + c],
                    ) {
                        unfit.get_or_insert_with(|| group.fields[c + 1].name().clone());
                    }
                }
            }
            let last = *group.offsets.last().unwrap_or(&0);
            group.offsets.push(last + members.len() as i32);
        }
        let unfit_error = unfit.map(|name| {
            RowError::new(
                name,
                "the amount has more than two decimals; write JSON lines or CSV for the exact value",
            )
        });
        match row.error.or(unfit_error.as_ref()) {
            Some(e) => {
                self.error_field.append_value(&e.field);
                self.error_message.append_value(&e.message);
                self.error_valid.push(true);
            }
            None => {
                self.error_field.append_value("");
                self.error_message.append_value("");
                self.error_valid.push(false);
            }
        }
    }

    fn finish(&mut self) -> Result<Encoded, BatchError> {
        let mut columns: Vec<ArrayRef> = vec![
            Arc::new(self.rows.finish()),
            match &mut self.ids {
                IdBuilder::Text(b) => Arc::new(b.finish()),
                IdBuilder::Int(b) => Arc::new(b.finish()),
            },
            Arc::new(self.months.finish()),
        ];
        for b in &mut self.sets {
            columns.push(Arc::new(b.finish()));
        }
        for b in &mut self.root {
            columns.push(b.finish());
        }
        for group in &mut self.groups {
            let mut children: Vec<ArrayRef> = vec![Arc::new(group.ids.finish())];
            children.extend(group.values.iter_mut().map(ValueBuilder::finish));
            let items = StructArray::try_new(group.fields.clone(), children, None)
                .map_err(|e| BatchError::Format(format!("building the member column: {e}")))?;
            let offsets = OffsetBuffer::new(std::mem::replace(&mut group.offsets, vec![0]).into());
            let item = Arc::new(Field::new(
                "item",
                DataType::Struct(group.fields.clone()),
                false,
            ));
            let list = ListArray::try_new(item, offsets, Arc::new(items), None)
                .map_err(|e| BatchError::Format(format!("building the member column: {e}")))?;
            columns.push(Arc::new(list));
        }
        let valid = NullBuffer::from(std::mem::take(&mut self.error_valid));
        let errors = StructArray::try_new(
            error_fields(),
            vec![
                Arc::new(self.error_field.finish()),
                Arc::new(self.error_message.finish()),
            ],
            Some(valid),
        )
        .map_err(|e| BatchError::Format(format!("building the error column: {e}")))?;
        columns.push(Arc::new(errors));
        let batch = RecordBatch::try_new(Arc::clone(&self.schema), columns)
            .map_err(|e| BatchError::Format(format!("building a record batch: {e}")))?;
        debug_assert!(batch.columns().iter().all(|c| c.len() == batch.num_rows()));
        Ok(Encoded::Batch(batch))
    }
}
