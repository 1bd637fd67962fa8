//! Splits a formula string into tokens.

use super::offsets::OffsetMap;
use super::token::{Token, TokenKind};
use crate::source::Span;

/// A lexing error: an unexpected character or an unterminated text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexError {
    /// What went wrong.
    pub message: String,
    /// Where.
    pub span: Span,
}

/// Turns a formula string into tokens, each with its span in the rule file.
pub struct Lexer<'src, 'map> {
    text: &'src str,
    map: &'map OffsetMap,
    pos: usize,
}

impl<'src, 'map> Lexer<'src, 'map> {
    /// A lexer over `text`, whose offsets `map` translates to file spans.
    pub fn new(text: &'src str, map: &'map OffsetMap) -> Self {
        Lexer { text, map, pos: 0 }
    }

    /// All tokens of the formula, ending with [`TokenKind::Eof`].
    pub fn tokenize(mut self) -> Result<Vec<Token<'src>>, LexError> {
        let mut tokens = Vec::new();
        loop {
            let token = self.next_token()?;
            let eof = token.kind == TokenKind::Eof;
            tokens.push(token);
            if eof {
                return Ok(tokens);
            }
        }
    }

    fn token(&self, kind: TokenKind, start: usize) -> Token<'src> {
        Token {
            kind,
            lexeme: &self.text[start..self.pos],
            offset: start,
            span: self.map.span(start, self.pos - start),
        }
    }

    fn rest(&self) -> &'src str {
        &self.text[self.pos..]
    }

    fn next_token(&mut self) -> Result<Token<'src>, LexError> {
        let trimmed = self.rest().trim_start();
        self.pos = self.text.len() - trimmed.len();
        let start = self.pos;
        let Some(c) = trimmed.chars().next() else {
            return Ok(self.token(TokenKind::Eof, start));
        };
        if c.is_ascii_digit() {
            return Ok(self.number_or_date(start));
        }
        if c.is_alphabetic() || c == '_' {
            return Ok(self.name(start));
        }
        if c == '\'' || c == '"' {
            return self.string(start, c);
        }
        let two = trimmed.get(..2).unwrap_or("");
        let (kind, len) = match two {
            "==" => (TokenKind::Eq, 2),
            "!=" => (TokenKind::Ne, 2),
            "<=" => (TokenKind::Le, 2),
            ">=" => (TokenKind::Ge, 2),
            _ => match c {
                '+' => (TokenKind::Plus, 1),
                '-' => (TokenKind::Minus, 1),
                '*' | '×' => (TokenKind::Star, c.len_utf8()),
                '/' => (TokenKind::Slash, 1),
                '(' => (TokenKind::LParen, 1),
                ')' => (TokenKind::RParen, 1),
                '[' => (TokenKind::LBracket, 1),
                ']' => (TokenKind::RBracket, 1),
                ',' => (TokenKind::Comma, 1),
                '@' => (TokenKind::At, 1),
                '<' => (TokenKind::Lt, 1),
                '>' => (TokenKind::Gt, 1),
                '^' => (TokenKind::Caret, 1),
                '=' => {
                    return Err(LexError {
                        message: "`=` is not an operator here; compare with `==`".into(),
                        span: self.map.span(start, 1),
                    })
                }
                _ => {
                    return Err(LexError {
                        message: format!("unexpected character `{c}`"),
                        span: self.map.span(start, c.len_utf8()),
                    })
                }
            },
        };
        self.pos += len;
        Ok(self.token(kind, start))
    }

    fn number_or_date(&mut self, start: usize) -> Token<'src> {
        let rest = self.rest().as_bytes();
        let is_date = rest.len() >= 10
            && rest[..4].iter().all(u8::is_ascii_digit)
            && rest[4] == b'-'
            && rest[5..7].iter().all(u8::is_ascii_digit)
            && rest[7] == b'-'
            && rest[8..10].iter().all(u8::is_ascii_digit)
            && !rest.get(10).is_some_and(|b| b.is_ascii_alphanumeric());
        if is_date {
            self.pos += 10;
            return self.token(TokenKind::Date, start);
        }
        let mut len = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        if rest.get(len) == Some(&b'.') && rest.get(len + 1).is_some_and(u8::is_ascii_digit) {
            len += 1;
            len += rest[len..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
        }
        self.pos += len;
        self.token(TokenKind::Number, start)
    }

    fn name(&mut self, start: usize) -> Token<'src> {
        let rest = self.rest();
        let mut len = 0;
        let mut chars = rest.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let continues = c.is_alphanumeric()
                || c == '_'
                // A dot continues a qualified name only if a name follows it.
                || (c == '.'
                    && chars
                        .peek()
                        .is_some_and(|&(_, n)| n.is_alphabetic() || n == '_'));
            if !continues {
                break;
            }
            len = i + c.len_utf8();
        }
        self.pos += len;
        let lexeme = &self.text[start..self.pos];
        let kind = TokenKind::keyword(lexeme).unwrap_or(TokenKind::Name);
        self.token(kind, start)
    }

    fn string(&mut self, start: usize, quote: char) -> Result<Token<'src>, LexError> {
        let body = &self.rest()[1..];
        match body.find(quote) {
            Some(end) => {
                self.pos += end + 2;
                Ok(self.token(TokenKind::Str, start))
            }
            None => Err(LexError {
                message: format!("this text has no closing {quote}"),
                span: self.map.span(start, self.text.len() - start),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn lex(text: &str) -> Vec<(TokenKind, &str)> {
        let map = OffsetMap::Direct {
            file: FileId(0),
            base: 0,
        };
        Lexer::new(text, &map)
            .tokenize()
            .unwrap()
            .into_iter()
            .map(|t| (t.kind, t.lexeme))
            .collect()
    }

    macro_rules! lex_test {
        ($name:ident, $text:expr, [$(($kind:ident, $lexeme:expr)),* $(,)?]) => {
            #[test]
            fn $name() {
                assert_eq!(lex($text), vec![$((TokenKind::$kind, $lexeme)),*]);
            }
        };
    }

    lex_test!(
        numbers,
        "0.42 300",
        [(Number, "0.42"), (Number, "300"), (Eof, "")]
    );
    lex_test!(
        date_is_one_token,
        "2024-04-01",
        [(Date, "2024-04-01"), (Eof, "")]
    );
    lex_test!(
        subtraction_is_not_a_date,
        "2024 - 4",
        [(Number, "2024"), (Minus, "-"), (Number, "4"), (Eof, "")]
    );
    lex_test!(
        qualified_name,
        "asumistuki.tukiprosentti * 2",
        [
            (Name, "asumistuki.tukiprosentti"),
            (Star, "*"),
            (Number, "2"),
            (Eof, "")
        ]
    );
    lex_test!(
        keywords_and_comparisons,
        "if a >= 1 and not b then 'x' else c",
        [
            (If, "if"),
            (Name, "a"),
            (Ge, ">="),
            (Number, "1"),
            (And, "and"),
            (Not, "not"),
            (Name, "b"),
            (Then, "then"),
            (Str, "'x'"),
            (Else, "else"),
            (Name, "c"),
            (Eof, "")
        ]
    );
    lex_test!(
        unit_literal,
        "12[month/year]",
        [
            (Number, "12"),
            (LBracket, "["),
            (Name, "month"),
            (Slash, "/"),
            (Name, "year"),
            (RBracket, "]"),
            (Eof, "")
        ]
    );

    #[test]
    fn lexemes_join_back_to_the_input() {
        let text = "max(0, tulot - (a + 2 * b)) @ 2024-03-31 [kunta]";
        let map = OffsetMap::Direct {
            file: FileId(0),
            base: 0,
        };
        let tokens = Lexer::new(text, &map).tokenize().unwrap();
        let joined: String = tokens.iter().map(|t| t.lexeme).collect();
        let without_spaces: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(joined, without_spaces);
        for t in &tokens {
            assert_eq!(&text[t.offset..t.offset + t.lexeme.len()], t.lexeme);
        }
    }

    #[test]
    fn single_equals_is_explained() {
        let map = OffsetMap::Direct {
            file: FileId(0),
            base: 0,
        };
        let err = Lexer::new("a = 1", &map).tokenize().unwrap_err();
        assert!(err.message.contains("=="), "{}", err.message);
        assert_eq!(err.span.start, 2);
    }
}
