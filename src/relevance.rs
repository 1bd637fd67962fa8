//! Which inputs still matter for a household: the questions a form should
//! ask now, and those it can leave out until an answer makes them count.
//!
//! An input matters for a household if changing it could change a result.
//! A calculation is deterministic, so an input that no formula read while
//! computing the results cannot change them: it matters only if it was read.
//! The traced calculation records every value each formula read, in the
//! branches it took ([`Recorder`]); walking those records from the results
//! gives the inputs read. Fund membership is read only inside the
//! unemployment benefit of a jobseeker, so for anyone else it stays out until
//! they are marked unemployed.
//!
//! Two things the trace does not show are added. `given(x)` asks whether an
//! optional input was given without reading its value: the compiled
//! formulas of the values computed name the optional inputs they ask about,
//! and a second traced calculation with those inputs given tells which of
//! them a formula then reads (`if given(x) then x else …` reads `x`; a
//! `given(x)` in a branch not taken reads nothing). And an input whose
//! absence stopped a result (a required value that is missing) matters most
//! of all.
//!
//! The answer errs on the side of asking: an input read on the way to a
//! value that then does not count (`a and b` reads `a` even when `b` alone
//! decides) is shown. Rules that test the deciding condition first
//! (`etuuslaji == … and palvelussa`) let the form ask less.
//!
//! ```
//! use etuus::engine::eval::Options;
//! use etuus::relevance::Relevance;
//!
//! let rules = etuus::rules().expect("the embedded rules load");
//! let household = rules
//!     .household_from_json(r#"{"kunta": "Tampere", "vuokra": 700, "henkilot": {"aino": {"ika": 30}}}"#)
//!     .unwrap();
//! let options = Options { trace: true, ..Options::default() };
//! let calc = rules.calculate_with(&household, "2026-06".parse().unwrap(), &options).unwrap();
//! let relevance = Relevance::of(&calc).expect("a traced calculation");
//! let program = rules.program();
//! let jobseeker = program.var_named("tyottomyysturva.tyoton_tyonhakija").unwrap();
//! let fund = program.var_named("tyottomyysturva.kassan_jasen").unwrap();
//! assert!(relevance.matters(jobseeker, 0));
//! assert!(!relevance.matters(fund, 0), "fund membership counts only for the unemployed");
//! ```

use std::collections::BTreeSet;

use etuus_engine::compile::ids::{EntityId, NodeId, VarId};
use etuus_engine::compile::Node;
use etuus_engine::eval::Options;
use etuus_engine::trace::{Dep, Recorder, ROOT};
use etuus_engine::types::DeclaredType;
use etuus_engine::{Calculation, Month, Program, Value};

/// The inputs that can change a household's results, per member.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Relevance {
    /// `(input, member)`, the member [`ROOT`] for household-level inputs.
    inputs: BTreeSet<(VarId, u32)>,
}

impl Relevance {
    /// The inputs that matter for the calculation's household, month and
    /// results; `None` if the calculation was not traced
    /// (`Options { trace: true, .. }`).
    pub fn of(calc: &Calculation<'_>) -> Option<Relevance> {
        let trace = calc.trace()?;
        let program = calc.program();
        let mut walk = Walk {
            program,
            trace,
            members: calc.household().members.iter().map(|m| m.entity).collect(),
            seen: BTreeSet::new(),
            stack: Vec::new(),
            inputs: BTreeSet::new(),
            asked: BTreeSet::new(),
        };
        let results = calc
            .results()
            .iter()
            .chain(calc.failed_results().iter().map(|(r, _)| r));
        for &result in results {
            let def = &program.results[result.index()];
            walk.start(def.amount, None, calc);
            for (&line, filter) in def.lines.iter().zip(&def.line_filters) {
                // A line shown only where its filter holds: the filter is
                // read for everyone, the line only where it is shown.
                let filter = filter.or(def.members_where);
                if let Some(filter) = filter {
                    walk.start(filter, None, calc);
                }
                walk.start(line, filter, calc);
            }
        }
        walk.run();
        let asked: Vec<(VarId, u32)> = walk
            .asked
            .iter()
            .copied()
            .filter(|a| !walk.inputs.contains(a))
            .collect();
        let mut inputs = walk.inputs;
        inputs.extend(asked_and_read(calc, &asked));
        // An input whose absence stopped a result: the form must ask it.
        for (_, error) in calc.failed_results() {
            if let Some(found) = error
                .as_input()
                .and_then(|e| input_at(program, calc, &e.path))
            {
                inputs.insert(found);
            }
        }
        Some(Relevance { inputs })
    }

    /// Whether `input` of `member` ([`ROOT`] for the household) can change a result.
    pub fn matters(&self, input: VarId, member: u32) -> bool {
        self.inputs.contains(&(input, member))
    }

    /// Every input that matters, as `(input, member)`, in declaration order
    /// of the inputs and then by member.
    pub fn inputs(&self) -> impl Iterator<Item = (VarId, u32)> + '_ {
        self.inputs.iter().copied()
    }
}

/// Of the optional inputs the formulas asked about, those a formula reads
/// once they are given: the household is calculated again, traced, with each
/// given a value of its type. If that calculation fails, all of them count.
fn asked_and_read(calc: &Calculation<'_>, asked: &[(VarId, u32)]) -> Vec<(VarId, u32)> {
    if asked.is_empty() {
        return Vec::new();
    }
    let program = calc.program();
    let mut household = calc.household().clone();
    for &(var, member) in asked {
        let Some(value) = sample(program, var, calc.month()) else {
            continue;
        };
        let values = if member == ROOT {
            &mut household.values
        } else {
            match household.members.get_mut(member as usize) {
                Some(m) => &mut m.values,
                None => continue,
            }
        };
        if !values.iter().any(|(v, _)| *v == var) {
            values.push((var, value));
        }
    }
    let options = Options {
        results: calc.results().to_vec(),
        trace: true,
        assume_latest: calc.carried_from().is_some(),
        ..Options::default()
    };
    let Ok(given) = Calculation::run(program, &household, calc.month(), &options) else {
        return asked.to_vec();
    };
    let Some(trace) = given.trace() else {
        return asked.to_vec();
    };
    let read: BTreeSet<(VarId, u32)> = trace
        .records()
        .iter()
        .flat_map(|r| r.deps.iter())
        .filter_map(|d| match *d {
            Dep::Var(v, m) => Some((v, m)),
            Dep::Param(..) => None,
        })
        .collect();
    asked.iter().copied().filter(|a| read.contains(a)).collect()
}

fn clamp(input: &etuus_engine::compile::InputDecl, v: Value) -> Value {
    match (input.min, input.max, v) {
        (Some(lo @ Value::Num(l)), _, Value::Num(x)) if x < l => lo,
        (_, Some(hi @ Value::Num(h)), Value::Num(x)) if x > h => hi,
        (Some(lo @ Value::Date(l)), _, Value::Date(x)) if x < l => lo,
        (_, Some(hi @ Value::Date(h)), Value::Date(x)) if x > h => hi,
        _ => v,
    }
}

/// A value of an input's type within its range, to give it for a test.
fn sample(program: &Program, var: VarId, month: Month) -> Option<Value> {
    let def = &program.vars[var.index()];
    let input = def.input.as_ref()?;
    Some(clamp(
        input,
        match &def.ty {
            DeclaredType::Number(..) => Value::Num(rust_decimal::Decimal::ZERO),
            DeclaredType::Bool => Value::Bool(false),
            DeclaredType::Date => Value::Date(month.first_day()),
            DeclaredType::Enum(id) => Value::Enum(
                program.enums[id.index()]
                    .variants
                    .iter()
                    .position(|v| v.rejected.is_none())? as u32,
            ),
        },
    ))
}

/// The input a path names: `vuokra`, `henkilot.aino.ika`, `henkilot.aino.tyottomyysturva.kassan_jasen`.
fn input_at(program: &Program, calc: &Calculation<'_>, path: &str) -> Option<(VarId, u32)> {
    let var_of = |name: &str| {
        program
            .var_named(name)
            .filter(|v| program.vars[v.index()].input.is_some())
    };
    let mut parts = path.splitn(3, '.');
    let first = parts.next()?;
    if program
        .entities
        .iter()
        .any(|e| e.is_listed() && e.plural == first)
    {
        let id = parts.next()?;
        let name = parts.next()?;
        let member = calc.household().members.iter().position(|m| m.id == id)?;
        return var_of(name).map(|v| (v, member as u32));
    }
    var_of(path).map(|v| (v, ROOT))
}

/// Which members a formula is evaluated for at a point of its tree.
#[derive(Clone, Copy)]
enum Context {
    /// The member (or [`ROOT`]) the formula is computed for.
    One(u32),
    /// Inside an aggregate: each member of the entity in turn.
    Each(EntityId),
}

struct Walk<'a> {
    program: &'a Program,
    trace: &'a Recorder,
    /// Each member's entity, by member index.
    members: Vec<EntityId>,
    seen: BTreeSet<(VarId, u32)>,
    stack: Vec<(VarId, u32)>,
    inputs: BTreeSet<(VarId, u32)>,
    /// Optional inputs a computed formula asks `given(…)` of.
    asked: BTreeSet<(VarId, u32)>,
}

impl Walk<'_> {
    /// Starts from a variable a result shows: its value for the household,
    /// or for every member for whom `filter` (if any) holds.
    fn start(&mut self, var: VarId, filter: Option<VarId>, calc: &Calculation<'_>) {
        let holds = |member: u32| {
            filter.is_none_or(|f| {
                let at = if self.program.is_root_var(f) {
                    ROOT
                } else {
                    member
                };
                calc.value(f, at) == Some(Value::Bool(true))
            })
        };
        if self.program.is_root_var(var) {
            if holds(ROOT) {
                self.visit(var, ROOT);
            }
        } else {
            let entity = self.program.vars[var.index()].entity;
            for m in 0..self.members.len() as u32 {
                if self.members[m as usize] == entity && holds(m) {
                    self.visit(var, m);
                }
            }
        }
    }

    fn visit(&mut self, var: VarId, member: u32) {
        if self.program.vars[var.index()].input.is_some() {
            self.inputs.insert((var, member));
        } else if self.seen.insert((var, member)) {
            self.stack.push((var, member));
        }
    }

    fn run(&mut self) {
        while let Some((var, member)) = self.stack.pop() {
            // Not computed (e.g. not in force this month): it read nothing.
            let Some(record) = self.trace.record(var, member) else {
                continue;
            };
            for dep in &record.deps {
                if let Dep::Var(v, m) = *dep {
                    self.visit(v, m);
                }
            }
            let def = &self.program.vars[var.index()];
            if let Some(formula) = def.formulas.get(record.formula as usize) {
                self.given(formula.root, Context::One(member));
            }
        }
    }

    /// Notes the inputs a formula asks `given(…)` of, for the members it asks them of.
    fn given(&mut self, node: NodeId, context: Context) {
        let program = self.program;
        match &program.nodes[node.index()] {
            Node::Given(var) => {
                if program.is_root_var(*var) {
                    self.asked.insert((*var, ROOT));
                } else {
                    match context {
                        Context::One(m) if m != ROOT => {
                            self.asked.insert((*var, m));
                        }
                        Context::One(_) => {}
                        Context::Each(entity) => {
                            for m in 0..self.members.len() {
                                if self.members[m] == entity {
                                    self.asked.insert((*var, m as u32));
                                }
                            }
                        }
                    }
                }
            }
            Node::Aggregate {
                entity,
                filter,
                body,
                ..
            } => {
                for &child in filter.iter().chain(body.iter()) {
                    self.given(child, Context::Each(*entity));
                }
            }
            other => {
                for child in children(program, other) {
                    self.given(child, context);
                }
            }
        }
    }
}

/// The child nodes of a node (aggregates are handled by the caller).
fn children(program: &Program, node: &Node) -> Vec<NodeId> {
    match node {
        Node::Const(_)
        | Node::Var(_)
        | Node::Outer(_)
        | Node::Via(_)
        | Node::Param(_)
        | Node::Given(_)
        | Node::Builtin(_) => Vec::new(),
        Node::ParamAt(_, a) | Node::Neg(a) | Node::Not(a) | Node::Abs(a) => vec![*a],
        Node::Round { value, .. } => vec![*value],
        Node::Binary(_, a, b) => vec![*a, *b],
        Node::If(a, b, c) | Node::Clamp(a, b, c) => vec![*a, *b, *c],
        Node::Min(args) | Node::Max(args) => program.args(*args).to_vec(),
        Node::Table { keys, at, .. } => {
            let mut out = program.args(*keys).to_vec();
            out.extend(at.iter().copied());
            out
        }
        Node::In { value, list, .. } => {
            let mut out = vec![*value];
            out.extend_from_slice(program.args(*list));
            out
        }
        Node::InForce { at, .. } => at.iter().copied().collect(),
        Node::Age { birth, at } => {
            let mut out = vec![*birth];
            out.extend(at.iter().copied());
            out
        }
        Node::Aggregate { filter, body, .. } => filter.iter().chain(body.iter()).copied().collect(),
    }
}
