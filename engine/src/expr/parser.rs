//! A recursive-descent parser for formulas.
//!
//! Grammar, loosest binding first:
//!
//! ```text
//! expr    := 'if' expr 'then' expr 'else' expr | or
//! or      := and ('or' and)*
//! and     := not ('and' not)*
//! not     := 'not' not | cmp
//! cmp     := add [('=='|'!='|'<'|'<='|'>'|'>=') add | ['not'] 'in' '[' list ']']
//! add     := mul (('+'|'-') mul)*
//! mul     := unary (('*'|'/') unary)*
//! unary   := '-' unary | postfix
//! postfix := primary ('@' primary | '[' list ']')*
//! primary := NUMBER ['[' unit ']'] | DATE | STR | 'true' | 'false'
//!          | NAME ['(' args ')'] | '(' expr ')'
//! ```
//!
//! Aggregates are calls whose first argument names an entity:
//! `sum(henkilot where ika >= 18, palkkatulo)`.

use std::str::FromStr;

use rust_decimal::Decimal;

use super::ast::{AggFunc, BinOp, Expr, ExprKind, Name, UnOp};
use super::lexer::Lexer;
use super::offsets::OffsetMap;
use super::token::{Token, TokenKind};
use crate::source::Span;

/// Deeper nesting than this is reported instead of risking the stack.
const MAX_DEPTH: usize = 64;

/// The tallest syntax tree a formula may have. Nesting is limited above, but
/// a chain of operators (`a + b + c + …`) builds a tree as tall as the chain
/// is long without nesting, and the checker, the compiler and the
/// explanations walk the tree recursively: a 3 000-term sum overflowed the
/// stack. No formula of a real rule set comes near this (the tallest Finnish
/// formula is 11 levels).
pub const MAX_TREE_DEPTH: u32 = 128;

/// A formula that does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// What is wrong, e.g. "expected `)`, but found `,`".
    pub message: String,
    /// Where.
    pub span: Span,
}

/// Parses one formula string; `map` relates its offsets to the rule file.
pub fn parse_formula(text: &str, map: &OffsetMap) -> Result<Expr, ParseError> {
    let tokens = Lexer::new(text, map).tokenize().map_err(|e| ParseError {
        message: e.message,
        span: e.span,
    })?;
    let mut parser = Parser {
        tokens,
        pos: 0,
        depth: 0,
    };
    let expr = parser.parse_expr()?;
    parser.expect(TokenKind::Eof)?;
    Ok(expr)
}

/// Parses a unit such as `eur/month` or `day/month` into factors.
pub fn parse_unit(text: &str, map: &OffsetMap) -> Result<Vec<(Name, i32)>, ParseError> {
    let tokens = Lexer::new(text, map).tokenize().map_err(|e| ParseError {
        message: e.message,
        span: e.span,
    })?;
    let mut parser = Parser {
        tokens,
        pos: 0,
        depth: 0,
    };
    let unit = parser.parse_unit_factors(TokenKind::Eof)?;
    parser.expect(TokenKind::Eof)?;
    Ok(unit)
}

struct Parser<'src> {
    tokens: Vec<Token<'src>>,
    pos: usize,
    depth: usize,
}

impl<'src> Parser<'src> {
    fn peek(&self) -> Token<'src> {
        self.tokens[self.pos.min(self.tokens.len() - 1)]
    }

    fn peek_at(&self, ahead: usize) -> TokenKind {
        self.tokens[(self.pos + ahead).min(self.tokens.len() - 1)].kind
    }

    fn advance(&mut self) -> Token<'src> {
        let token = self.peek();
        if token.kind != TokenKind::Eof {
            self.pos += 1;
        }
        token
    }

    fn accept(&mut self, kind: TokenKind) -> Option<Token<'src>> {
        (self.peek().kind == kind).then(|| self.advance())
    }

    fn expect(&mut self, kind: TokenKind) -> Result<Token<'src>, ParseError> {
        self.accept(kind).ok_or_else(|| self.unexpected(&[kind]))
    }

    fn unexpected(&self, expected: &[TokenKind]) -> ParseError {
        let found = self.peek();
        let found_text = if found.kind == TokenKind::Eof {
            "the end of the formula".to_string()
        } else {
            format!("`{}`", found.lexeme)
        };
        let expected: Vec<&str> = expected.iter().map(|k| k.describe()).collect();
        let expected = match expected.as_slice() {
            [] => "an expression".to_string(),
            [one] => (*one).to_string(),
            [init @ .., last] => format!("{} or {last}", init.join(", ")),
        };
        ParseError {
            message: format!("expected {expected}, but found {found_text}"),
            span: found.span,
        }
    }

    fn enter(&mut self) -> Result<(), ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ParseError {
                message: format!(
                    "this formula nests more than {MAX_DEPTH} levels deep; split it into variables"
                ),
                span: self.peek().span,
            });
        }
        Ok(())
    }

    fn parse_expr(&mut self) -> Result<Expr, ParseError> {
        self.enter()?;
        let result = if let Some(if_token) = self.accept(TokenKind::If) {
            let cond = self.parse_expr()?;
            self.expect(TokenKind::Then)?;
            let then = self.parse_expr()?;
            self.expect(TokenKind::Else)?;
            let otherwise = self.parse_expr()?;
            let span = if_token.span.to(otherwise.span);
            let children = cond.depth.max(then.depth).max(otherwise.depth);
            Self::node(
                ExprKind::If {
                    cond: Box::new(cond),
                    then: Box::new(then),
                    otherwise: Box::new(otherwise),
                },
                span,
                children,
            )
        } else {
            self.parse_or()
        };
        self.depth -= 1;
        result
    }

    /// A node over `children` (their greatest depth, passed in because the
    /// children move into `kind`), refused if the tree grows too tall.
    fn node(kind: ExprKind, span: Span, children: u32) -> Result<Expr, ParseError> {
        let depth = children + 1;
        if depth > MAX_TREE_DEPTH {
            return Err(ParseError {
                message: format!(
                    "this formula is more than {MAX_TREE_DEPTH} operations deep (a long chain of operators or of nested calls); split it into variables"
                ),
                span,
            });
        }
        Ok(Expr { kind, span, depth })
    }

    /// A leaf: a number, a name, a date, a text.
    fn leaf(kind: ExprKind, span: Span) -> Expr {
        Expr {
            kind,
            span,
            depth: 1,
        }
    }

    fn binary(op: BinOp, lhs: Expr, rhs: Expr) -> Result<Expr, ParseError> {
        let span = lhs.span.to(rhs.span);
        let children = lhs.depth.max(rhs.depth);
        Self::node(
            ExprKind::Binary {
                op,
                lhs: Box::new(lhs),
                rhs: Box::new(rhs),
            },
            span,
            children,
        )
    }

    fn parse_or(&mut self) -> Result<Expr, ParseError> {
        let mut lhs = self.parse_and()?;
        while self.accept(TokenKind::Or).is_some() {
            let rhs = self.parse_and()?;
            lhs = Self::binary(BinOp::Or, lhs, rhs)?;
        }
        Ok(lhs)
    }

    fn parse_and(&mut self) -> Result<Expr, ParseError> {
        let mut lhs = self.parse_not()?;
        while self.accept(TokenKind::And).is_some() {
            let rhs = self.parse_not()?;
            lhs = Self::binary(BinOp::And, lhs, rhs)?;
        }
        Ok(lhs)
    }

    fn parse_not(&mut self) -> Result<Expr, ParseError> {
        if let Some(not) = self.accept(TokenKind::Not) {
            self.enter()?;
            let expr = self.parse_not()?;
            self.depth -= 1;
            let span = not.span.to(expr.span);
            let children = expr.depth;
            return Self::node(
                ExprKind::Unary {
                    op: UnOp::Not,
                    expr: Box::new(expr),
                },
                span,
                children,
            );
        }
        self.parse_comparison()
    }

    fn parse_comparison(&mut self) -> Result<Expr, ParseError> {
        let lhs = self.parse_additive()?;
        let op = match self.peek().kind {
            TokenKind::Eq => BinOp::Eq,
            TokenKind::Ne => BinOp::Ne,
            TokenKind::Lt => BinOp::Lt,
            TokenKind::Le => BinOp::Le,
            TokenKind::Gt => BinOp::Gt,
            TokenKind::Ge => BinOp::Ge,
            TokenKind::In => return self.parse_in(lhs, false),
            TokenKind::Not if self.peek_at(1) == TokenKind::In => {
                self.advance();
                return self.parse_in(lhs, true);
            }
            _ => return Ok(lhs),
        };
        self.advance();
        let rhs = self.parse_additive()?;
        if self.peek().kind.is_comparison() {
            return Err(ParseError {
                message: "comparisons do not chain; join them with `and`".into(),
                span: self.peek().span,
            });
        }
        Self::binary(op, lhs, rhs)
    }

    fn parse_in(&mut self, lhs: Expr, negated: bool) -> Result<Expr, ParseError> {
        self.expect(TokenKind::In)?;
        self.expect(TokenKind::LBracket)?;
        let list = self.parse_list(TokenKind::RBracket)?;
        let close = self.expect(TokenKind::RBracket)?;
        let span = lhs.span.to(close.span);
        let children = list.iter().map(|e| e.depth).fold(lhs.depth, u32::max);
        Self::node(
            ExprKind::In {
                expr: Box::new(lhs),
                list,
                negated,
            },
            span,
            children,
        )
    }

    fn parse_additive(&mut self) -> Result<Expr, ParseError> {
        let mut lhs = self.parse_multiplicative()?;
        loop {
            let op = match self.peek().kind {
                TokenKind::Plus => BinOp::Add,
                TokenKind::Minus => BinOp::Sub,
                _ => return Ok(lhs),
            };
            self.advance();
            let rhs = self.parse_multiplicative()?;
            lhs = Self::binary(op, lhs, rhs)?;
        }
    }

    fn parse_multiplicative(&mut self) -> Result<Expr, ParseError> {
        let mut lhs = self.parse_unary()?;
        loop {
            let op = match self.peek().kind {
                TokenKind::Star => BinOp::Mul,
                TokenKind::Slash => BinOp::Div,
                _ => return Ok(lhs),
            };
            self.advance();
            let rhs = self.parse_unary()?;
            lhs = Self::binary(op, lhs, rhs)?;
        }
    }

    fn parse_unary(&mut self) -> Result<Expr, ParseError> {
        if let Some(minus) = self.accept(TokenKind::Minus) {
            self.enter()?;
            let expr = self.parse_unary()?;
            self.depth -= 1;
            let span = minus.span.to(expr.span);
            let children = expr.depth;
            return Self::node(
                ExprKind::Unary {
                    op: UnOp::Neg,
                    expr: Box::new(expr),
                },
                span,
                children,
            );
        }
        self.parse_postfix()
    }

    fn parse_postfix(&mut self) -> Result<Expr, ParseError> {
        let mut expr = self.parse_primary()?;
        loop {
            if self.accept(TokenKind::At).is_some() {
                let date = self.parse_primary()?;
                let span = expr.span.to(date.span);
                let children = expr.depth.max(date.depth);
                expr = Self::node(
                    ExprKind::At {
                        target: Box::new(expr),
                        date: Box::new(date),
                    },
                    span,
                    children,
                )?;
            } else if self.accept(TokenKind::LBracket).is_some() {
                let keys = self.parse_list(TokenKind::RBracket)?;
                let close = self.expect(TokenKind::RBracket)?;
                let span = expr.span.to(close.span);
                let children = keys.iter().map(|e| e.depth).fold(expr.depth, u32::max);
                expr = Self::node(
                    ExprKind::Index {
                        target: Box::new(expr),
                        keys,
                    },
                    span,
                    children,
                )?;
            } else {
                return Ok(expr);
            }
        }
    }

    fn parse_list(&mut self, close: TokenKind) -> Result<Vec<Expr>, ParseError> {
        let mut items = Vec::new();
        if self.peek().kind == close {
            return Ok(items);
        }
        loop {
            items.push(self.parse_expr()?);
            if self.accept(TokenKind::Comma).is_none() {
                if self.peek().kind != close {
                    return Err(self.unexpected(&[TokenKind::Comma, close]));
                }
                return Ok(items);
            }
        }
    }

    fn parse_primary(&mut self) -> Result<Expr, ParseError> {
        let token = self.peek();
        match token.kind {
            TokenKind::Number => {
                self.advance();
                let value = Decimal::from_str(token.lexeme).map_err(|_| ParseError {
                    message: format!("`{}` is not a number etuus can represent", token.lexeme),
                    span: token.span,
                })?;
                let mut span = token.span;
                let unit = if self.accept(TokenKind::LBracket).is_some() {
                    let unit = self.parse_unit_factors(TokenKind::RBracket)?;
                    span = span.to(self.expect(TokenKind::RBracket)?.span);
                    Some(unit)
                } else {
                    None
                };
                Ok(Self::leaf(ExprKind::Number { value, unit }, span))
            }
            TokenKind::Date => {
                self.advance();
                let date =
                    chrono::NaiveDate::parse_from_str(token.lexeme, "%Y-%m-%d").map_err(|_| {
                        ParseError {
                            message: format!("`{}` is not a calendar date", token.lexeme),
                            span: token.span,
                        }
                    })?;
                Ok(Self::leaf(ExprKind::Date(date), token.span))
            }
            TokenKind::Str => {
                self.advance();
                let inner = &token.lexeme[1..token.lexeme.len() - 1];
                Ok(Self::leaf(ExprKind::Str(inner.to_string()), token.span))
            }
            TokenKind::True | TokenKind::False => {
                self.advance();
                Ok(Self::leaf(
                    ExprKind::Bool(token.kind == TokenKind::True),
                    token.span,
                ))
            }
            TokenKind::Name => {
                self.advance();
                let name = Name {
                    text: token.lexeme.to_string(),
                    span: token.span,
                };
                if self.peek().kind == TokenKind::LParen {
                    return self.parse_call(name);
                }
                Ok(Self::leaf(ExprKind::Name(name), token.span))
            }
            TokenKind::LParen => {
                self.advance();
                let expr = self.parse_expr()?;
                self.expect(TokenKind::RParen)?;
                Ok(expr)
            }
            _ => Err(self.unexpected(&[])),
        }
    }

    fn parse_call(&mut self, name: Name) -> Result<Expr, ParseError> {
        self.expect(TokenKind::LParen)?;
        if let Some(func) = AggFunc::from_name(&name.text) {
            return self.parse_aggregate(func, name);
        }
        let args = self.parse_list(TokenKind::RParen)?;
        let close = self.expect(TokenKind::RParen)?;
        let span = name.span.to(close.span);
        let children = args.iter().map(|e| e.depth).max().unwrap_or(0);
        Self::node(ExprKind::Call { name, args }, span, children)
    }

    fn parse_aggregate(&mut self, func: AggFunc, name: Name) -> Result<Expr, ParseError> {
        let entity_token = self.expect(TokenKind::Name)?;
        let entity = Name {
            text: entity_token.lexeme.to_string(),
            span: entity_token.span,
        };
        let filter = match self.accept(TokenKind::Where) {
            Some(_) => Some(Box::new(self.parse_expr()?)),
            None => None,
        };
        let body = match self.accept(TokenKind::Comma) {
            Some(_) => Some(Box::new(self.parse_expr()?)),
            None => None,
        };
        let close = self.expect(TokenKind::RParen)?;
        let span = name.span.to(close.span);
        let children = filter
            .iter()
            .chain(body.iter())
            .map(|e| e.depth)
            .max()
            .unwrap_or(0);
        Self::node(
            ExprKind::Aggregate {
                func,
                entity,
                filter,
                body,
            },
            span,
            children,
        )
    }

    /// `eur/month`, `day/month`, `eur*day`, `1/year`, `month^2`.
    fn parse_unit_factors(&mut self, close: TokenKind) -> Result<Vec<(Name, i32)>, ParseError> {
        let mut factors = Vec::new();
        let mut sign = 1;
        loop {
            let token = self.peek();
            match token.kind {
                TokenKind::Name => {
                    self.advance();
                    let mut exponent = 1;
                    if self.accept(TokenKind::Caret).is_some() {
                        let number = self.expect(TokenKind::Number)?;
                        exponent = number.lexeme.parse::<i32>().map_err(|_| ParseError {
                            message: "a unit exponent must be a small whole number".into(),
                            span: number.span,
                        })?;
                    }
                    factors.push((
                        Name {
                            text: token.lexeme.to_string(),
                            span: token.span,
                        },
                        sign * exponent,
                    ));
                }
                // `1/day`: a dimensionless numerator.
                TokenKind::Number if token.lexeme == "1" && factors.is_empty() => {
                    self.advance();
                }
                _ => return Err(self.unexpected(&[TokenKind::Name])),
            }
            match self.peek().kind {
                TokenKind::Star => sign = 1,
                TokenKind::Slash => sign = -1,
                kind if kind == close => return Ok(factors),
                _ => return Err(self.unexpected(&[TokenKind::Slash, TokenKind::Star, close])),
            }
            self.advance();
        }
    }
}

impl TokenKind {
    fn is_comparison(self) -> bool {
        matches!(
            self,
            TokenKind::Eq
                | TokenKind::Ne
                | TokenKind::Lt
                | TokenKind::Le
                | TokenKind::Gt
                | TokenKind::Ge
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn map() -> OffsetMap {
        OffsetMap::Direct {
            file: FileId(0),
            base: 0,
        }
    }

    /// Renders a tree as an s-expression, to compare shapes compactly.
    fn sexp(e: &Expr) -> String {
        match &e.kind {
            ExprKind::Number { value, unit: None } => value.to_string(),
            ExprKind::Number {
                value,
                unit: Some(u),
            } => {
                let u: Vec<String> = u.iter().map(|(n, e)| format!("{}^{e}", n.text)).collect();
                format!("{value}[{}]", u.join(" "))
            }
            ExprKind::Date(d) => d.to_string(),
            ExprKind::Str(s) => format!("'{s}'"),
            ExprKind::Bool(b) => b.to_string(),
            ExprKind::Name(n) => n.text.clone(),
            ExprKind::Call { name, args } => {
                let args: Vec<String> = args.iter().map(sexp).collect();
                format!("({} {})", name.text, args.join(" "))
            }
            ExprKind::Aggregate {
                func,
                entity,
                filter,
                body,
            } => format!(
                "({} {}{}{})",
                func.name(),
                entity.text,
                filter
                    .as_ref()
                    .map(|f| format!(" where {}", sexp(f)))
                    .unwrap_or_default(),
                body.as_ref()
                    .map(|b| format!(" {}", sexp(b)))
                    .unwrap_or_default()
            ),
            ExprKind::Index { target, keys } => {
                let keys: Vec<String> = keys.iter().map(sexp).collect();
                format!("([] {} {})", sexp(target), keys.join(" "))
            }
            ExprKind::At { target, date } => format!("(@ {} {})", sexp(target), sexp(date)),
            ExprKind::Unary { op, expr } => format!(
                "({} {})",
                match op {
                    UnOp::Neg => "-",
                    UnOp::Not => "not",
                },
                sexp(expr)
            ),
            ExprKind::Binary { op, lhs, rhs } => {
                format!("({} {} {})", op.symbol(), sexp(lhs), sexp(rhs))
            }
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => format!("(if {} {} {})", sexp(cond), sexp(then), sexp(otherwise)),
            ExprKind::In {
                expr,
                list,
                negated,
            } => {
                let list: Vec<String> = list.iter().map(sexp).collect();
                format!(
                    "({} {} {})",
                    if *negated { "not-in" } else { "in" },
                    sexp(expr),
                    list.join(" ")
                )
            }
        }
    }

    macro_rules! parse_test {
        ($name:ident, $text:expr, $tree:expr) => {
            #[test]
            fn $name() {
                let expr = parse_formula($text, &map()).unwrap();
                assert_eq!(sexp(&expr), $tree);
            }
        };
    }

    macro_rules! parse_error {
        ($name:ident, $text:expr, $offset:expr, $message:expr) => {
            #[test]
            fn $name() {
                let err = parse_formula($text, &map()).unwrap_err();
                assert_eq!(err.message, $message);
                assert_eq!(err.span.start as usize, $offset);
            }
        };
    }

    parse_test!(precedence, "a + b * 2 - c", "(- (+ a (* b 2)) c)");
    parse_test!(parentheses, "(a + b) * 2", "(* (+ a b) 2)");
    parse_test!(unary_minus, "-a * b", "(* (- a) b)");
    parse_test!(
        logic,
        "a < 1 or b and not c",
        "(or (< a 1) (and b (not c)))"
    );
    parse_test!(
        conditional,
        "if a >= 18 then x else y + 1",
        "(if (>= a 18) x (+ y 1))"
    );
    parse_test!(call, "max(0, a - b)", "(max 0 (- a b))");
    parse_test!(
        aggregate_with_filter,
        "sum(henkilot where ika >= 18, palkkatulo)",
        "(sum henkilot where (>= ika 18) palkkatulo)"
    );
    parse_test!(count, "count(henkilot)", "(count henkilot)");
    parse_test!(
        table_lookup,
        "enimmaismenot[kuntaryhma, min(koko, 4)]",
        "([] enimmaismenot kuntaryhma (min koko 4))"
    );
    parse_test!(
        parameter_at_date,
        "kuntaryhma @ 2024-03-31 [kunta]",
        "([] (@ kuntaryhma 2024-03-31) kunta)"
    );
    parse_test!(
        membership,
        "asumismuoto in ['vuokra', 'osaomistus']",
        "(in asumismuoto 'vuokra' 'osaomistus')"
    );
    parse_test!(
        negated_membership,
        "asumismuoto not in ['vuokra']",
        "(not-in asumismuoto 'vuokra')"
    );
    parse_test!(
        unit_literal,
        "x / 12[month/year]",
        "(/ x 12[month^1 year^-1])"
    );

    parse_error!(
        missing_operand,
        "a + ",
        4,
        "expected an expression, but found the end of the formula"
    );
    parse_error!(
        unclosed_call,
        "max(a, b",
        8,
        "expected `,` or `)`, but found the end of the formula"
    );
    parse_error!(
        chained_comparison,
        "a < b < c",
        6,
        "comparisons do not chain; join them with `and`"
    );
    parse_error!(
        missing_else,
        "if a then b",
        11,
        "expected `else`, but found the end of the formula"
    );
    parse_error!(
        trailing_token,
        "a b",
        2,
        "expected the end of the formula, but found `b`"
    );

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = format!("{}1{}", "(".repeat(500), ")".repeat(500));
        let err = parse_formula(&text, &map()).unwrap_err();
        assert!(err.message.contains("nests more than"));
    }

    #[test]
    fn a_long_chain_of_operators_is_an_error_not_a_crash() {
        let longest = vec!["a"; MAX_TREE_DEPTH as usize].join(" + ");
        let expr = parse_formula(&longest, &map()).unwrap();
        assert_eq!(expr.depth(), MAX_TREE_DEPTH);
        for text in [
            vec!["a"; 5000].join(" + "),
            vec!["a"; 5000].join(" and "),
            format!("{}a", "-".repeat(60)) + &" * b".repeat(100),
            "x[1]".to_string() + &"[1]".repeat(200),
        ] {
            let err = parse_formula(&text, &map()).unwrap_err();
            assert!(
                err.message.contains("more than 128 operations deep"),
                "{}",
                err.message
            );
        }
    }
}
