//! A plain-text and Markdown table with a label column and right-aligned
//! value columns.

/// One row: label, cells, whether to highlight it.
pub(crate) struct Row {
    pub label: String,
    pub cells: Vec<String>,
    pub highlight: bool,
}

/// Text: the label column padded with dots, values right-aligned; a
/// highlighted row is marked with `*` in the margin.
pub(crate) fn text(headings: &[String], rows: &[Row]) -> String {
    let label_width = rows
        .iter()
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(0)
        .max(20);
    let widths: Vec<usize> = (0..headings.len())
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.cells.get(i))
                .map(|c| c.chars().count())
                .chain(std::iter::once(headings[i].chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    out.push_str(&" ".repeat(label_width + 2));
    for (h, w) in headings.iter().zip(&widths) {
        out.push_str(&format!("  {h:>w$}"));
    }
    out.push('\n');
    for row in rows {
        let marker = if row.highlight { "* " } else { "  " };
        let dots = label_width.saturating_sub(row.label.chars().count());
        out.push_str(marker);
        out.push_str(&row.label);
        if row.cells.iter().any(|c| !c.is_empty()) {
            out.push(' ');
            out.push_str(&".".repeat(dots.saturating_sub(1)));
            if dots == 0 {
                out.pop();
            }
            for (c, w) in row.cells.iter().zip(&widths) {
                out.push_str(&format!("  {c:>w$}"));
            }
        }
        out.push('\n');
    }
    out
}

/// Markdown: a pipe table; a highlighted row is bold.
pub(crate) fn markdown(headings: &[String], rows: &[Row]) -> String {
    let mut out = String::from("| |");
    for h in headings {
        out.push_str(&format!(" {} |", md_escape(h)));
    }
    out.push_str("\n|---|");
    for _ in headings {
        out.push_str("---:|");
    }
    out.push('\n');
    for row in rows {
        let bold = |s: &str| {
            if row.highlight && !s.is_empty() {
                format!("**{}**", md_escape(s))
            } else {
                md_escape(s)
            }
        };
        out.push_str(&format!("| {} |", bold(&row.label)));
        for c in &row.cells {
            out.push_str(&format!(" {} |", bold(c)));
        }
        out.push('\n');
    }
    out
}

pub(crate) fn md_escape(s: &str) -> String {
    s.replace('|', "\\|")
}
