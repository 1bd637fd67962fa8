//! A checked program in a compact binary form, so that embedded rules are
//! checked and compiled once, when the crate builds, and loaded at start-up
//! without parsing or checking YAML.
//!
//! The form is a short header — a magic tag, the format version and the
//! engine version that wrote it — followed by the program in
//! [postcard](https://docs.rs/postcard). Loading refuses a blob written by
//! another format or engine version; the lookup tables that a program keeps
//! for speed are rebuilt.

use std::fmt;
use std::sync::Arc;

use crate::compile::ids::VarId;
use crate::compile::{EnumDef, Program};
use crate::vm::CodeCache;

/// Identifies a serialised program.
const MAGIC: &[u8; 8] = b"ETUUSPRG";
/// Changes whenever the binary form of a program changes.
const FORMAT: u32 = 1;
/// The engine that reads and writes programs.
const ENGINE: &str = env!("CARGO_PKG_VERSION");

/// Why bytes could not be loaded as a program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProgramError {
    /// The bytes are not a serialised program.
    NotAProgram,
    /// Written in another format or by another engine version.
    Version {
        /// What the bytes say.
        found: String,
        /// What this engine reads.
        expected: String,
    },
    /// The bytes are damaged.
    Corrupt(String),
    /// The program is not the one compiled from the rules it should be.
    HashMismatch {
        /// The rule set's hash recorded in the program.
        found: String,
        /// The hash it should have.
        expected: String,
    },
}

impl fmt::Display for ProgramError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProgramError::NotAProgram => f.write_str("not a compiled etuus program"),
            ProgramError::Version { found, expected } => write!(
                f,
                "the compiled program is of {found}, this engine reads {expected}; rebuild it"
            ),
            ProgramError::Corrupt(why) => write!(f, "the compiled program is damaged: {why}"),
            ProgramError::HashMismatch { found, expected } => write!(
                f,
                "the compiled program is of rules with hash {found}, not {expected}; rebuild it"
            ),
        }
    }
}

impl std::error::Error for ProgramError {}

fn version_tag() -> String {
    format!("format {FORMAT}, engine {ENGINE}")
}

/// The program in its binary form.
pub fn to_bytes(program: &Program) -> Vec<u8> {
    let mut out = Vec::with_capacity(256 * 1024);
    out.extend_from_slice(MAGIC);
    let tag = version_tag();
    out.extend_from_slice(&(tag.len() as u32).to_le_bytes());
    out.extend_from_slice(tag.as_bytes());
    // Every part of a program is plain data that serialises infallibly.
    let payload = postcard::to_allocvec(program).unwrap_or_default();
    out.extend_from_slice(&payload);
    out
}

/// A program from its binary form; `rules_sha256`, if given, must be the
/// hash of the rule files it was compiled from (the receipt on every result).
pub fn from_bytes(bytes: &[u8], rules_sha256: Option<&str>) -> Result<Program, ProgramError> {
    let rest = bytes
        .strip_prefix(MAGIC.as_slice())
        .ok_or(ProgramError::NotAProgram)?;
    let (len, rest) = rest.split_at_checked(4).ok_or(ProgramError::NotAProgram)?;
    let len = u32::from_le_bytes([len[0], len[1], len[2], len[3]]) as usize;
    let (tag, payload) = rest
        .split_at_checked(len)
        .ok_or(ProgramError::NotAProgram)?;
    let expected = version_tag();
    if tag != expected.as_bytes() {
        return Err(ProgramError::Version {
            found: String::from_utf8_lossy(tag).into_owned(),
            expected,
        });
    }
    let mut program: Program =
        postcard::from_bytes(payload).map_err(|e| ProgramError::Corrupt(e.to_string()))?;
    if let Some(expected) = rules_sha256 {
        if program.info.hash != expected {
            return Err(ProgramError::HashMismatch {
                found: program.info.hash.clone(),
                expected: expected.to_string(),
            });
        }
    }
    rebuild(&mut program);
    Ok(program)
}

/// The lookup tables a loaded program needs, built from its definitions.
fn rebuild(program: &mut Program) {
    program.enums = std::mem::take(&mut program.enums)
        .into_iter()
        .map(|e| EnumDef::new(e.name, e.labels, e.variants))
        .collect();
    program.var_index = program
        .vars
        .iter()
        .enumerate()
        .map(|(i, v)| (v.name.clone(), VarId(i as u32)))
        .collect();
    program.code_cache = CodeCache::new(program.months.len());
    program.sources = Arc::default();
}

/// Dates as days from the common era.
pub(crate) mod date {
    use chrono::{Datelike as _, NaiveDate};
    use serde::{Deserialize as _, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i32(date.num_days_from_ce())
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let days = i32::deserialize(d)?;
        NaiveDate::from_num_days_from_ce_opt(days)
            .ok_or_else(|| serde::de::Error::custom("a date out of range"))
    }
}
