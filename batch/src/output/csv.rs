//! CSV out: the flat convention. Columns `row`, `id`, `month`, `set.NAME`,
//! the household-level values, then for each member position N from 0 the
//! member's `PLURAL.N.id` and `PLURAL.N.NAME`, then `error.field` and
//! `error.message`. An empty cell is a value not computed or not shown.

use etuus_engine::types::DeclaredType;
use etuus_engine::Program;

use super::{Encoded, Encoder};
use crate::compute::Batch;
use crate::error::BatchError;
use crate::row::{value_text, Id, Row};

/// The header of the flat layout with `widths[g]` members in group `g`.
pub fn header(batch: &Batch<'_>, widths: &[usize]) -> Vec<String> {
    let mut names: Vec<String> = vec!["row".into(), "id".into(), "month".into()];
    names.extend(batch.grid.columns.iter().cloned());
    names.extend(batch.layout.root.iter().map(|c| c.name.clone()));
    for (group, &width) in batch.layout.members.iter().zip(widths) {
        for n in 0..width {
            names.push(format!("{}.{n}.id", group.plural));
            names.extend(
                group
                    .columns
                    .iter()
                    .map(|c| format!("{}.{n}.{}", group.plural, c.name)),
            );
        }
    }
    names.push("error.field".into());
    names.push("error.message".into());
    names
}

/// Encodes rows as CSV records (without the header).
pub struct CsvEncoder<'p> {
    program: &'p Program,
    writer: csv::Writer<Vec<u8>>,
    root: Vec<DeclaredType>,
    groups: Vec<(String, Vec<DeclaredType>, usize)>,
    labels: Vec<Vec<String>>,
    cells: Vec<String>,
}

impl<'p> CsvEncoder<'p> {
    /// An encoder for `batch`, `widths[g]` members wide in group `g`.
    pub fn new(batch: &Batch<'p>, widths: &[usize]) -> CsvEncoder<'p> {
        let program = batch.program();
        let ty = |c: &crate::layout::Column| program.vars[c.var.index()].ty.clone();
        CsvEncoder {
            program,
            writer: new_writer(),
            root: batch.layout.root.iter().map(ty).collect(),
            groups: batch
                .layout
                .members
                .iter()
                .zip(widths)
                .map(|(g, &w)| (g.plural.clone(), g.columns.iter().map(ty).collect(), w))
                .collect(),
            labels: batch
                .grid
                .scenarios
                .iter()
                .map(|s| s.labels.clone())
                .collect(),
            cells: Vec::new(),
        }
    }
}

impl Encoder for CsvEncoder<'_> {
    fn row(&mut self, row: &Row<'_>) {
        let program = self.program;
        let total = 5
            + self.labels.first().map_or(0, Vec::len)
            + self.root.len()
            + self
                .groups
                .iter()
                .map(|(_, t, w)| w * (t.len() + 1))
                .sum::<usize>();
        self.cells.resize(total, String::new());
        self.cells.iter_mut().for_each(String::clear);
        let mut cells = self.cells.iter_mut();
        let mut next = || cells.next().expect("sized above");
        next().push_str(&row.row.to_string());
        match row.id {
            Id::None => {}
            Id::Text(t) | Id::Json(t) => next().push_str(t),
            Id::Int(i) => next().push_str(&i.to_string()),
        }
        if row.id == Id::None {
            next();
        }
        if let Some(m) = row.month {
            next().push_str(&m.to_string());
        } else {
            next();
        }
        for label in &self.labels[row.scenario] {
            next().push_str(label);
        }
        for (ty, value) in self.root.iter().zip(&row.values.root) {
            let cell = next();
            if let Some(v) = value {
                value_text(program, ty, *v, cell);
            }
        }
        let mut overflow = None;
        for (g, (plural, types, width)) in self.groups.iter().enumerate() {
            let members = &row.values.member_index[g];
            if members.len() > *width {
                overflow = Some((plural.clone(), members.len(), *width));
            }
            for k in 0..*width {
                let id = next();
                if let Some(&m) = members.get(k) {
                    id.push_str(row.member_id(g, m));
                }
                for (c, ty) in types.iter().enumerate() {
                    let cell = next();
                    if k < members.len() {
                        if let Some(v) = row.values.members[g][k * types.len() + c] {
                            value_text(program, ty, v, cell);
                        }
                    }
                }
            }
        }
        let overflow_error = overflow.map(|(plural, count, width)| {
            crate::error::RowError::new(
                plural,
                format!(
                    "the household has {count} members; the CSV output has columns for {width} (--members)"
                ),
            )
        });
        if let Some(e) = row.error.or(overflow_error.as_ref()) {
            next().push_str(&e.field);
            next().push_str(&e.message);
        }
        // Writing to a Vec cannot fail.
        let _ = self.writer.write_record(&self.cells);
    }

    fn finish(&mut self) -> Result<Encoded, BatchError> {
        self.writer
            .flush()
            .map_err(|e| BatchError::io("CSV output", e))?;
        let writer = std::mem::replace(&mut self.writer, new_writer());
        let bytes = writer
            .into_inner()
            .map_err(|e| BatchError::io("CSV output", e.into_error()))?;
        Ok(Encoded::Bytes(bytes))
    }
}

fn new_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::with_capacity(1 << 16))
}
