//! Explanations: a calculation as a Kela-style laskelma.
//!
//! [`explain`] turns a traced calculation into an [`Explanation`] — plain
//! data: per result, its lines with values, legal references, the formula as
//! written and with the values put in; the parameter values used with their
//! dates and sources; and every remark a reader must see (unconfirmed values,
//! ambiguous law, discretion). [`render_text`] writes it for people and
//! [`explanation_document`] for programs.

mod document;
mod model;
mod substitute;
mod text;
mod words;

pub use document::explanation_document;
pub use model::{
    explain, localize_reference, Explanation, Line, NoteUse, ParamUse, ResultExplanation,
};
pub use text::render_text;
pub use words::carried_notice;
