//! Reading rule files: YAML text into raw documents that keep every span.
//!
//! Nothing here knows what the names mean; [`crate::check`] does. Unknown keys
//! are rejected here, with the line and column of the key.

mod entries;
mod loader;
mod raw;

pub use entries::Entries;
pub use loader::{load_file, Loaded, LoadedFile};
pub use raw::*;
