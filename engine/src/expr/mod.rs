//! The formula language: tokens, lexer, syntax tree and parser.
//!
//! After parsing, a formula is an [`Expr`] tree whose every node has the
//! [`Span`](crate::source::Span) of its text in the rule file. Names are
//! still strings here; the checker resolves them.

mod ast;
mod lexer;
mod offsets;
mod parser;
mod token;

pub use ast::{AggFunc, BinOp, Expr, ExprKind, Name, UnOp};
pub use lexer::Lexer;
pub use offsets::OffsetMap;
pub use parser::{parse_formula, parse_unit as parse_unit_text, ParseError, MAX_TREE_DEPTH};
pub use token::{Token, TokenKind};
