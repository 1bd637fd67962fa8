//! Limits on the size of what a caller hands the engine, so that a hostile
//! or broken household or rule file is refused with a clear error instead of
//! exhausting time or memory.
//!
//! The YAML reader adds its own budget (at most 250 000 nodes, 64 levels of
//! nesting, alias expansion bounded) and the expression parser refuses
//! formulas nested more than 64 levels deep; these limits come on top.

/// The most members (persons) a household may have.
///
/// The largest households Statistics Finland counts are in its open-ended
/// "7 or more persons" class, and a family with more than twenty children is
/// almost unheard of; 50 is far above any real household, yet it bounds the
/// work of the rules that compare each member with the others (an aggregate
/// over one's peers costs the square of the members: 2 500 steps at 50
/// persons, 40 000 000 000 at 200 000).
pub const MAX_MEMBERS: usize = 50;

/// The longest household text, in bytes, read from YAML or JSON (1 MiB).
///
/// A household of 50 persons with every input filled in and commented is
/// under 100 KiB; a larger text is not a household but an attack or a
/// mistake (e.g. a whole data set passed as one household).
pub const MAX_HOUSEHOLD_BYTES: usize = 1024 * 1024;

/// The longest rule file, in bytes (4 MiB). The largest Finnish rule file,
/// the municipal housing-cost limits of 300 municipalities, is 64 KiB.
pub const MAX_RULE_FILE_BYTES: usize = 4 * 1024 * 1024;

/// The most rule files in one rule set.
pub const MAX_RULE_FILES: usize = 1000;

/// The error for a household with more than [`MAX_MEMBERS`] members, listed
/// under `plurals` (e.g. `henkilot`); `count` is how many it has, if known
/// (a reader stops at the first member too many).
pub(crate) fn too_many_members(
    plurals: &str,
    count: Option<usize>,
) -> crate::household::InputError {
    let has = count.map_or_else(|| format!("more than {MAX_MEMBERS}"), |c| c.to_string());
    crate::household::InputError::new(
        crate::household::InputErrorKind::OutOfRange,
        plurals,
        format!(
            "a household may have at most {MAX_MEMBERS} members; this one has {has} (for many households, calculate each one separately)"
        ),
    )
}
