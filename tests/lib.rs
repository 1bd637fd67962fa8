//! Integration tests of the Finnish rule set: official worked examples (the
//! YAML cases under `tests/cases`), invariants over generated households, and
//! snapshots of the fixture households.

mod cases;
mod fast_path;
mod invariants;
mod relevance;
mod snapshots;
mod social_assistance;
mod unemployment;
mod whatif;
