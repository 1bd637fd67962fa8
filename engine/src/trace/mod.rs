//! Recording what a calculation read, for explanations.
//!
//! The evaluator is generic over a [`Tracer`]. [`NoTrace`] does nothing and
//! compiles away; [`Recorder`] keeps, for each computed value, the formula
//! version used and every variable and parameter value it read.

mod recorder;

pub use recorder::{Dep, Record, Recorder};

use crate::compile::ids::{ParamId, VarId};
use crate::value::Value;

/// Member index meaning "the root entity".
pub const ROOT: u32 = u32::MAX;

/// Receives evaluation events.
pub trait Tracer {
    /// Starts computing `var` for `member` with formula version `formula`.
    #[inline]
    fn enter(&mut self, _var: VarId, _member: u32, _formula: u16) {}
    /// Finished computing `var` for `member`.
    #[inline]
    fn exit(&mut self, _var: VarId, _member: u32, _value: Value) {}
    /// The formula being computed read a variable.
    #[inline]
    fn read_var(&mut self, _var: VarId, _member: u32, _value: Value) {}
    /// The formula being computed read a parameter value version.
    #[inline]
    fn read_param(&mut self, _param: ParamId, _version: u16) {}
    /// Whether this tracer records anything.
    #[inline]
    fn enabled(&self) -> bool {
        false
    }
}

/// A tracer that records nothing, at no cost.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoTrace;

impl Tracer for NoTrace {}
