//! One CSV row per household and pair of months, with exact decimals.

use crate::diff::report::Report;

pub(super) fn render(report: &Report) -> String {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    let mut head: Vec<String> = ["id", "month_a", "month_b", "description"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for r in &report.results {
        head.push(format!("{}_a", r.name));
        head.push(format!("{}_b", r.name));
        head.push(format!("{}_change", r.name));
    }
    head.extend(["total_change".to_string(), "error".to_string()]);
    // Writing to a Vec cannot fail.
    writer.write_record(&head).expect("CSV into memory");
    let text = |d: Option<rust_decimal::Decimal>| d.map_or(String::new(), |d| d.to_string());
    for row in &report.rows {
        let mut record = vec![
            row.id.clone(),
            row.month_a.to_string(),
            row.month_b.to_string(),
            row.description.clone().unwrap_or_default(),
        ];
        let mut errors: Vec<String> = row.error.iter().cloned().collect();
        for (cell, info) in row.cells.iter().zip(&report.results) {
            record.push(text(cell.a));
            record.push(text(cell.b));
            record.push(text(cell.change()));
            if let Some(e) = &cell.error {
                errors.push(format!("{}: {e}", info.name));
            }
        }
        record.push(text(row.total_change(report.total)));
        record.push(errors.join("; "));
        writer.write_record(&record).expect("CSV into memory");
    }
    let bytes = writer.into_inner().expect("CSV into memory");
    String::from_utf8(bytes).expect("CSV of UTF-8 text is UTF-8")
}
