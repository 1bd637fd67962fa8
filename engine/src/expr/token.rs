//! Tokens of the formula language.

use crate::source::Span;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A decimal number: `0.42`, `300`.
    Number,
    /// A date: `2024-04-01`.
    Date,
    /// A quoted text, used for enum variants: `'vuokra'`.
    Str,
    /// A name, possibly qualified with dots: `asumistuki.tukiprosentti`.
    Name,
    /// `if`
    If,
    /// `then`
    Then,
    /// `else`
    Else,
    /// `and`
    And,
    /// `or`
    Or,
    /// `not`
    Not,
    /// `where`
    Where,
    /// `in`
    In,
    /// `true`
    True,
    /// `false`
    False,
    /// `+`
    Plus,
    /// `-`
    Minus,
    /// `*`
    Star,
    /// `/`
    Slash,
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `[`
    LBracket,
    /// `]`
    RBracket,
    /// `,`
    Comma,
    /// `@`
    At,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `^`
    Caret,
    /// End of the formula.
    Eof,
}

impl TokenKind {
    /// How the token is described in "expected …" messages.
    pub fn describe(self) -> &'static str {
        match self {
            TokenKind::Number => "a number",
            TokenKind::Date => "a date",
            TokenKind::Str => "a quoted name",
            TokenKind::Name => "a name",
            TokenKind::If => "`if`",
            TokenKind::Then => "`then`",
            TokenKind::Else => "`else`",
            TokenKind::And => "`and`",
            TokenKind::Or => "`or`",
            TokenKind::Not => "`not`",
            TokenKind::Where => "`where`",
            TokenKind::In => "`in`",
            TokenKind::True => "`true`",
            TokenKind::False => "`false`",
            TokenKind::Plus => "`+`",
            TokenKind::Minus => "`-`",
            TokenKind::Star => "`*`",
            TokenKind::Slash => "`/`",
            TokenKind::LParen => "`(`",
            TokenKind::RParen => "`)`",
            TokenKind::LBracket => "`[`",
            TokenKind::RBracket => "`]`",
            TokenKind::Comma => "`,`",
            TokenKind::At => "`@`",
            TokenKind::Eq => "`==`",
            TokenKind::Ne => "`!=`",
            TokenKind::Lt => "`<`",
            TokenKind::Le => "`<=`",
            TokenKind::Gt => "`>`",
            TokenKind::Ge => "`>=`",
            TokenKind::Caret => "`^`",
            TokenKind::Eof => "the end of the formula",
        }
    }

    /// The keyword a name spells, if it is one.
    pub fn keyword(name: &str) -> Option<TokenKind> {
        Some(match name {
            "if" => TokenKind::If,
            "then" => TokenKind::Then,
            "else" => TokenKind::Else,
            "and" => TokenKind::And,
            "or" => TokenKind::Or,
            "not" => TokenKind::Not,
            "where" => TokenKind::Where,
            "in" => TokenKind::In,
            "true" => TokenKind::True,
            "false" => TokenKind::False,
            _ => return None,
        })
    }
}

/// A token: its kind, its text in the formula and its place in the rule file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'src> {
    /// What the token is.
    pub kind: TokenKind,
    /// The token's text as written in the formula.
    pub lexeme: &'src str,
    /// Byte offset of the token in the formula string.
    pub offset: usize,
    /// Where the token is in the rule file.
    pub span: Span,
}
