//! Evaluating a compiled program for one household and one month.
//!
//! Values are computed lazily and memoised in slots indexed by variable and
//! member; nothing is looked up by name and no step allocates.

mod calculation;
mod error;
mod evaluator;
pub mod groups;
mod ops;

pub use calculation::{Calculation, Options, ShownLine};
pub use error::{EvalError, EvalErrorKind};
pub(crate) use evaluator::member_placeholder;
pub use evaluator::{Evaluator, Slot};
pub(crate) use ops::age;
