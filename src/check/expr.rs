//! The arithmetic of `derived` rules: `+ - * /`, parentheses, decimal literals and column keys, evaluated with
//! checked decimal arithmetic.
//!
//! Content is untrusted, so the parser is bounded before it recurses: an expression longer than
//! [`MAX_CHARS`] characters, with more than [`MAX_TERMS`] terms or nested deeper than [`MAX_DEPTH`] parentheses is
//! refused with a message that says which limit and how far over it the expression is. Real derived columns are
//! a handful of terms ("optag_2018 + oegning"); the limits leave room for a sum across a wide table and keep the
//! parser's and the evaluator's recursion (at most terms + depth frames) far from the stack's end.

use crate::i18n::Msg;
use rust_decimal::Decimal;

/// Longest accepted expression, in characters.
pub const MAX_CHARS: usize = 2000;
/// Most numbers and column keys in one expression.
pub const MAX_TERMS: usize = 200;
/// Deepest nesting of parentheses.
pub const MAX_DEPTH: usize = 32;

/// A parsed expression.
#[derive(Debug)]
pub enum Expr {
    Num(Decimal),
    Col(String),
    Bin(Box<Expr>, char, Box<Expr>),
}

impl Expr {
    pub fn parse(s: &str) -> Result<Expr, Msg> {
        let chars = s.chars().count();
        if chars > MAX_CHARS {
            return Err(Msg::ExpressionTooLong {
                chars,
                max: MAX_CHARS,
            });
        }
        let tokens = tokenize(s)?;
        let terms = tokens
            .iter()
            .filter(|t| !matches!(t.as_str(), "+" | "-" | "*" | "/" | "(" | ")"))
            .count();
        if terms > MAX_TERMS {
            return Err(Msg::ExpressionTooManyTerms {
                terms,
                max: MAX_TERMS,
            });
        }
        let mut p = Parser { t: &tokens, at: 0 };
        let e = p.sum(0)?;
        if p.at != tokens.len() {
            return Err(Msg::ExpressionUnexpected {
                token: tokens[p.at].clone(),
            });
        }
        Ok(e)
    }

    /// Evaluates with checked arithmetic: an overflow or a division by zero is an error, never a panic.
    pub fn eval(&self, col: &dyn Fn(&str) -> Result<Decimal, Msg>) -> Result<Decimal, Msg> {
        Ok(match self {
            Expr::Num(n) => *n,
            Expr::Col(k) => col(k)?,
            Expr::Bin(a, op, b) => {
                let (a, b) = (a.eval(col)?, b.eval(col)?);
                let overflow = || Msg::TooLarge {
                    what: Box::new(Msg::TooLargeOperation {
                        first: a.normalize(),
                        op: op.to_string(),
                        second: b.normalize(),
                    }),
                };
                match op {
                    '+' => a.checked_add(b).ok_or_else(overflow)?,
                    '-' => a.checked_sub(b).ok_or_else(overflow)?,
                    '*' => a.checked_mul(b).ok_or_else(overflow)?,
                    _ if b.is_zero() => return Err(Msg::ExpressionDivisionByZero),
                    _ => a.checked_div(b).ok_or_else(overflow)?,
                }
            }
        })
    }
}

fn tokenize(s: &str) -> Result<Vec<String>, Msg> {
    let mut out = Vec::new();
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if "+-*/()".contains(c) {
            out.push(c.to_string());
            i += 1;
        } else if c.is_ascii_alphanumeric() || c == '_' || c == '.' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_alphanumeric() || chars[i] == '_' || chars[i] == '.')
            {
                i += 1;
            }
            out.push(chars[start..i].iter().collect());
        } else {
            return Err(Msg::ExpressionUnexpectedChar {
                token: c.to_string(),
            });
        }
    }
    Ok(out)
}

struct Parser<'a> {
    t: &'a [String],
    at: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<&'a str> {
        let t: &'a [String] = self.t;
        t.get(self.at).map(String::as_str)
    }

    fn sum(&mut self, depth: usize) -> Result<Expr, Msg> {
        self.chain(depth, ['+', '-'], Self::product)
    }

    fn product(&mut self, depth: usize) -> Result<Expr, Msg> {
        self.chain(depth, ['*', '/'], Self::atom)
    }

    /// `operand (op operand)*`, left-associative, for the two operators of one precedence level.
    fn chain(
        &mut self,
        depth: usize,
        ops: [char; 2],
        operand: fn(&mut Self, usize) -> Result<Expr, Msg>,
    ) -> Result<Expr, Msg> {
        let mut left = operand(self, depth)?;
        while let Some(op) = self
            .peek()
            .and_then(|t| t.chars().next())
            .filter(|c| ops.contains(c))
        {
            self.at += 1;
            left = Expr::Bin(Box::new(left), op, Box::new(operand(self, depth)?));
        }
        Ok(left)
    }

    fn atom(&mut self, depth: usize) -> Result<Expr, Msg> {
        let tok = self.peek().ok_or(Msg::ExpressionEndsEarly)?;
        self.at += 1;
        if tok == "(" {
            // The limit is checked before recursing, so no input can exhaust the stack.
            if depth + 1 > MAX_DEPTH {
                return Err(Msg::ExpressionTooDeep { max: MAX_DEPTH });
            }
            let e = self.sum(depth + 1)?;
            if self.peek() != Some(")") {
                return Err(Msg::ExpressionMissingParen);
            }
            self.at += 1;
            Ok(e)
        } else if tok.starts_with(|c: char| c.is_ascii_digit()) {
            crate::number::parse_decimal(tok).map(Expr::Num)
        } else if tok.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            Ok(Expr::Col(tok.to_string()))
        } else {
            Err(Msg::ExpressionUnexpected {
                token: tok.to_string(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::i18n::{text, Lang};

    /// The value, or the problem in words (English for `en`, Danish otherwise).
    fn eval_in(s: &str, lang: Lang) -> Result<Decimal, String> {
        eval_msg(s).map_err(|m| text(&m, lang))
    }

    fn eval(s: &str) -> Result<Decimal, String> {
        eval_in(s, Lang::Da)
    }

    fn parse_err(s: &str) -> String {
        text(&Expr::parse(s).unwrap_err(), Lang::Da)
    }

    fn eval_msg(s: &str) -> Result<Decimal, Msg> {
        Expr::parse(s)?.eval(&|k| {
            Ok(match k {
                "a" => Decimal::from(2),
                "b" => Decimal::from(3),
                "big" => Decimal::MAX,
                _ => Decimal::from(5),
            })
        })
    }

    #[test]
    fn expressions() {
        assert_eq!(eval("a + b * (c - 1)"), Ok(Decimal::from(14)));
        assert!(Expr::parse("a +").is_err());
        assert!(Expr::parse("a $ b").is_err());
        assert!(eval_in("a / (b - b)", Lang::En)
            .unwrap_err()
            .contains("division by zero"));
    }

    #[test]
    fn limits_hold_before_recursing() {
        let deep = format!("{}a{}", "(".repeat(5000), ")".repeat(5000));
        assert!(parse_err(&deep).contains("tegn"));
        let nested = format!(
            "{}a{}",
            "(".repeat(MAX_DEPTH + 1),
            ")".repeat(MAX_DEPTH + 1)
        );
        assert!(parse_err(&nested).contains("indlejret"));
        let ok = format!("{}a{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
        assert_eq!(eval(&ok), Ok(Decimal::from(2)));
        let many = vec!["a"; MAX_TERMS + 1].join("+");
        assert!(parse_err(&many).contains("led"));
        let most = vec!["a"; MAX_TERMS].join("+");
        assert_eq!(eval(&most), Ok(Decimal::from(2 * MAX_TERMS as i64)));
    }

    #[test]
    fn overflow_is_an_error() {
        assert!(eval("big + big").unwrap_err().contains("for stort"));
        assert!(eval("big * a").unwrap_err().contains("for stort"));
        assert!(eval("big - a").is_ok());
    }
}
