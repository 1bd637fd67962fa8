//! A tracer that records every computed value and what it read.

use std::collections::HashMap;

use super::Tracer;
use crate::compile::ids::{ParamId, VarId};
use crate::value::Value;

/// Something a formula read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dep {
    /// A variable of a member (or of the root, member = [`super::ROOT`]).
    Var(VarId, u32),
    /// A parameter value version.
    Param(ParamId, u16),
}

/// One computed value.
#[derive(Debug, Clone)]
pub struct Record {
    /// The variable.
    pub var: VarId,
    /// The member, or [`super::ROOT`].
    pub member: u32,
    /// The formula version used.
    pub formula: u16,
    /// The result.
    pub value: Option<Value>,
    /// What the formula read, in reading order, without repeats.
    pub deps: Vec<Dep>,
}

/// Records every computed value; see [`Record`].
#[derive(Debug, Default, Clone)]
pub struct Recorder {
    records: Vec<Record>,
    open: Vec<usize>,
    index: HashMap<(VarId, u32), usize>,
}

impl Recorder {
    /// The record of a computed value, if it was computed.
    pub fn record(&self, var: VarId, member: u32) -> Option<&Record> {
        self.index.get(&(var, member)).map(|&i| &self.records[i])
    }

    /// All records, in the order values were started.
    pub fn records(&self) -> &[Record] {
        &self.records
    }

    fn push_dep(&mut self, dep: Dep) {
        if let Some(&open) = self.open.last() {
            let deps = &mut self.records[open].deps;
            if !deps.contains(&dep) {
                deps.push(dep);
            }
        }
    }
}

impl Tracer for Recorder {
    fn enter(&mut self, var: VarId, member: u32, formula: u16) {
        self.records.push(Record {
            var,
            member,
            formula,
            value: None,
            deps: Vec::new(),
        });
        let index = self.records.len() - 1;
        self.index.insert((var, member), index);
        self.open.push(index);
    }

    fn exit(&mut self, _var: VarId, _member: u32, value: Value) {
        if let Some(index) = self.open.pop() {
            self.records[index].value = Some(value);
        }
    }

    fn read_var(&mut self, var: VarId, member: u32, _value: Value) {
        self.push_dep(Dep::Var(var, member));
    }

    fn read_param(&mut self, param: ParamId, version: u16) {
        self.push_dep(Dep::Param(param, version));
    }

    fn enabled(&self) -> bool {
        true
    }
}
