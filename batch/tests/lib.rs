//! Tests of `etuus-batch` on the embedded Finnish rules.

mod common;
mod equivalence;
mod formats;
mod grid;
mod rows;
