//! Machine-readable output: a small document tree written as JSON or YAML.
//!
//! Numbers are written from their exact decimal text (`312.90`, never a
//! float), so a consumer reading the JSON gets the same cents etuus computed.

mod emit;
mod format;
pub mod result;
mod schema;
mod tree;

pub use emit::{Emit, JsonWriter, OutBuilder};
pub use format::{format_number, format_value, NumberStyle};
pub use result::{result_document, write_result_json, Detail, Layout, FORMAT_VERSION};
pub use schema::household_schema;
pub use tree::Out;
