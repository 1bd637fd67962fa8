//! JSON lines out: one object per row, every row with the same keys.
//!
//! `{"row": 1, "id": "h1", "month": "2025-06", "set.NAME": "…", "RESULT":
//! 745.50, …, "henkilot": [{"id": "a0", "VAR": …}], "error": null}` — numbers
//! exact (money with two decimals), enum values by code, dates
//! `YYYY-MM-DD`, a value not computed or not shown `null`; a failed row has
//! `"error": {"field": …, "message": …}`.

use std::io::Write as _;

use etuus_engine::types::DeclaredType;
use etuus_engine::{Program, Value};

use super::{Encoded, Encoder};
use crate::compute::Batch;
use crate::error::BatchError;
use crate::row::{value_text, Id, Row};

/// A column's key (`,"name":`) and its variable's type.
type Key = (Vec<u8>, DeclaredType);

/// Encodes rows as JSON lines.
pub struct JsonlEncoder<'p> {
    program: &'p Program,
    root: Vec<Key>,
    groups: Vec<(Vec<u8>, Vec<Key>)>,
    sets: Vec<Vec<u8>>,
    labels: Vec<Vec<String>>,
    out: Vec<u8>,
    text: String,
}

fn key(name: &str) -> Vec<u8> {
    let mut k = b",".to_vec();
    serde_json::to_writer(&mut k, name).unwrap_or_default();
    k.push(b':');
    k
}

impl<'p> JsonlEncoder<'p> {
    /// An encoder for `batch`'s rows.
    pub fn new(batch: &Batch<'p>) -> JsonlEncoder<'p> {
        let program = batch.program();
        let ty = |var: etuus_engine::compile::ids::VarId| program.vars[var.index()].ty.clone();
        JsonlEncoder {
            program,
            root: batch
                .layout
                .root
                .iter()
                .map(|c| (key(&c.name), ty(c.var)))
                .collect(),
            groups: batch
                .layout
                .members
                .iter()
                .map(|g| {
                    let columns = g
                        .columns
                        .iter()
                        .map(|c| (key(&c.name), ty(c.var)))
                        .collect();
                    (key(&g.plural), columns)
                })
                .collect(),
            sets: batch.grid.columns.iter().map(|c| key(c)).collect(),
            labels: batch
                .grid
                .scenarios
                .iter()
                .map(|s| s.labels.clone())
                .collect(),
            out: Vec::with_capacity(1 << 16),
            text: String::new(),
        }
    }
}

fn write_value(
    program: &Program,
    out: &mut Vec<u8>,
    text: &mut String,
    ty: &DeclaredType,
    value: Option<Value>,
) {
    let Some(value) = value else {
        out.extend_from_slice(b"null");
        return;
    };
    text.clear();
    value_text(program, ty, value, text);
    match value {
        Value::Num(_) | Value::Bool(_) => out.extend_from_slice(text.as_bytes()),
        Value::Date(_) | Value::Enum(_) => string(out, text),
    }
}

fn string(out: &mut Vec<u8>, text: &str) {
    // Writing to a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, text);
}

impl Encoder for JsonlEncoder<'_> {
    fn row(&mut self, row: &Row<'_>) {
        self.out.extend_from_slice(b"{\"row\":");
        let _ = write!(self.out, "{}", row.row);
        self.out.extend_from_slice(b",\"id\":");
        match row.id {
            Id::None => self.out.extend_from_slice(b"null"),
            Id::Text(t) => string(&mut self.out, t),
            Id::Json(raw) => self.out.extend_from_slice(raw.as_bytes()),
            Id::Int(i) => {
                let _ = write!(self.out, "{i}");
            }
        }
        self.out.extend_from_slice(b",\"month\":");
        match row.month {
            Some(m) => {
                let _ = write!(self.out, "\"{m}\"");
            }
            None => self.out.extend_from_slice(b"null"),
        }
        for (i, key) in self.sets.iter().enumerate() {
            self.out.extend_from_slice(key);
            string(&mut self.out, &self.labels[row.scenario][i]);
        }
        let (program, out, text) = (self.program, &mut self.out, &mut self.text);
        for ((key, ty), value) in self.root.iter().zip(&row.values.root) {
            out.extend_from_slice(key);
            write_value(program, out, text, ty, *value);
        }
        for (g, (group_key, columns)) in self.groups.iter().enumerate() {
            out.extend_from_slice(group_key);
            out.push(b'[');
            let width = columns.len();
            for (k, &m) in row.values.member_index[g].iter().enumerate() {
                if k > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(b"{\"id\":");
                string(out, row.member_id(g, m));
                let values = &row.values.members[g][k * width..(k + 1) * width];
                for ((key, ty), value) in columns.iter().zip(values) {
                    out.extend_from_slice(key);
                    write_value(program, out, text, ty, *value);
                }
                out.push(b'}');
            }
            out.push(b']');
        }
        self.out.extend_from_slice(b",\"error\":");
        match row.error {
            None => self.out.extend_from_slice(b"null"),
            Some(e) => {
                self.out.extend_from_slice(b"{\"field\":");
                string(&mut self.out, &e.field);
                self.out.extend_from_slice(b",\"message\":");
                string(&mut self.out, &e.message);
                self.out.push(b'}');
            }
        }
        self.out.extend_from_slice(b"}\n");
    }

    fn finish(&mut self) -> Result<Encoded, BatchError> {
        Ok(Encoded::Bytes(std::mem::take(&mut self.out)))
    }
}
