//! The arithmetic of `derived` rules: `+ - * /`, a leading minus, parentheses, decimal literals, column keys and
//! the functions `abs(x)`, `min(a, b, …)`, `max(a, b, …)`, `round(x, n)` (to `n` decimals, a half away from zero,
//! as Danish tables round) and `round_even(x, n)` (a half to the even digit), evaluated with checked decimal
//! arithmetic.
//!
//! Content is untrusted, so the parser is bounded before it recurses: an expression longer than
//! [`MAX_CHARS`] characters, with more than [`MAX_TERMS`] terms or nested deeper than [`MAX_DEPTH`] parentheses is
//! refused with a message that says which limit and how far over it the expression is. Real derived columns are
//! a handful of terms ("optag_2018 + oegning"); the limits leave room for a sum across a wide table and keep the
//! parser's and the evaluator's recursion (at most terms + depth frames) far from the stack's end.

use crate::i18n::Msg;
use crate::number::Rounding;
use rust_decimal::prelude::ToPrimitive;
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
    Neg(Box<Expr>),
    Call(Func, Vec<Expr>),
}

/// A function of an expression. The rounding mode of each rounding function is in its name and its documentation,
/// never implied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Func {
    Abs,
    Min,
    Max,
    /// `round(x, n)`: to `n` decimals, a half away from zero (2,25 → 2,3; −2,25 → −2,3).
    Round,
    /// `round_even(x, n)`: to `n` decimals, a half to the even digit (2,25 → 2,2; 2,35 → 2,4).
    RoundEven,
}

impl Func {
    fn named(name: &str) -> Option<Func> {
        Some(match name {
            "abs" => Func::Abs,
            "min" => Func::Min,
            "max" => Func::Max,
            "round" => Func::Round,
            "round_even" => Func::RoundEven,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Func::Abs => "abs",
            Func::Min => "min",
            Func::Max => "max",
            Func::Round => "round",
            Func::RoundEven => "round_even",
        }
    }

    /// The arguments are right in number (and a rounding's decimals a whole literal in range), or why not.
    fn check(self, args: &[Expr]) -> Result<(), Msg> {
        let wrong = |expected: &str| Msg::ExpressionArguments {
            name: self.name().into(),
            expected: expected.into(),
            found: args.len(),
        };
        match self {
            Func::Abs if args.len() != 1 => Err(wrong("1")),
            Func::Min | Func::Max if args.len() < 2 => Err(wrong("2+")),
            Func::Round | Func::RoundEven if args.len() != 2 => Err(wrong("2")),
            Func::Round | Func::RoundEven => match &args[1] {
                Expr::Num(n) if n.fract().is_zero() && *n <= Decimal::from(MAX_ROUND_DECIMALS) => {
                    Ok(())
                }
                _ => Err(Msg::ExpressionRoundDecimals {
                    name: self.name().into(),
                    max: MAX_ROUND_DECIMALS as usize,
                }),
            },
            _ => Ok(()),
        }
    }
}

/// The most decimals `round` and `round_even` round to (as `decimals:` of a rule).
const MAX_ROUND_DECIMALS: u32 = crate::model::table::MAX_DECIMALS;

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
            .filter(|t| !matches!(t.as_str(), "+" | "-" | "*" | "/" | "(" | ")" | ","))
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
            // `Decimal::MIN` is `-Decimal::MAX`: negation cannot overflow.
            Expr::Neg(a) => -a.eval(col)?,
            Expr::Call(f, args) => {
                let mut values = Vec::with_capacity(args.len());
                for a in args {
                    values.push(a.eval(col)?);
                }
                let decimals = || values[1].to_u32().unwrap_or(0);
                match f {
                    Func::Abs => values[0].abs(),
                    Func::Min => values.iter().copied().min().unwrap_or_default(),
                    Func::Max => values.iter().copied().max().unwrap_or_default(),
                    Func::Round => Rounding::HalfUp.apply(values[0], decimals()),
                    Func::RoundEven => Rounding::HalfEven.apply(values[0], decimals()),
                }
            }
        })
    }
}

impl Expr {
    /// The least and the greatest value the expression can take when each column's figure lies anywhere in the
    /// range `col` gives (a display-rounded figure ± half its step): interval arithmetic, exact and checked.
    /// `None` when no bound can be given (a division by a range that holds zero, a figure beyond a decimal).
    pub fn range(
        &self,
        col: &dyn Fn(&str) -> Option<(Decimal, Decimal)>,
    ) -> Option<(Decimal, Decimal)> {
        let corners = |vs: [Option<Decimal>; 4]| -> Option<(Decimal, Decimal)> {
            let vs: Option<Vec<Decimal>> = vs.into_iter().collect();
            let vs = vs?;
            Some((*vs.iter().min()?, *vs.iter().max()?))
        };
        Some(match self {
            Expr::Num(n) => (*n, *n),
            Expr::Col(k) => col(k)?,
            Expr::Neg(a) => {
                let (lo, hi) = a.range(col)?;
                (-hi, -lo)
            }
            Expr::Bin(a, op, b) => {
                let ((al, ah), (bl, bh)) = (a.range(col)?, b.range(col)?);
                match op {
                    '+' => (al.checked_add(bl)?, ah.checked_add(bh)?),
                    '-' => (al.checked_sub(bh)?, ah.checked_sub(bl)?),
                    '*' => corners([
                        al.checked_mul(bl),
                        al.checked_mul(bh),
                        ah.checked_mul(bl),
                        ah.checked_mul(bh),
                    ])?,
                    _ if bl <= Decimal::ZERO && bh >= Decimal::ZERO => return None,
                    _ => corners([
                        al.checked_div(bl),
                        al.checked_div(bh),
                        ah.checked_div(bl),
                        ah.checked_div(bh),
                    ])?,
                }
            }
            Expr::Call(f, args) => {
                let mut ranges = Vec::with_capacity(args.len());
                for a in args {
                    ranges.push(a.range(col)?);
                }
                let (lo, hi) = ranges[0];
                let decimals = || args.get(1).and_then(|_| ranges[1].0.to_u32()).unwrap_or(0);
                match f {
                    Func::Abs if lo >= Decimal::ZERO => (lo, hi),
                    Func::Abs if hi <= Decimal::ZERO => (-hi, -lo),
                    Func::Abs => (Decimal::ZERO, hi.max(-lo)),
                    Func::Min => ranges
                        .iter()
                        .fold((lo, hi), |(l, h), r| (l.min(r.0), h.min(r.1))),
                    Func::Max => ranges
                        .iter()
                        .fold((lo, hi), |(l, h), r| (l.max(r.0), h.max(r.1))),
                    Func::Round => (
                        Rounding::HalfUp.apply(lo, decimals()),
                        Rounding::HalfUp.apply(hi, decimals()),
                    ),
                    Func::RoundEven => (
                        Rounding::HalfEven.apply(lo, decimals()),
                        Rounding::HalfEven.apply(hi, decimals()),
                    ),
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
        } else if "+-*/(),".contains(c) {
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
        } else if tok == "-" {
            // Each minus is a level of nesting, so that a run of them cannot exhaust the stack either.
            if depth + 1 > MAX_DEPTH {
                return Err(Msg::ExpressionTooDeep { max: MAX_DEPTH });
            }
            Ok(Expr::Neg(Box::new(self.atom(depth + 1)?)))
        } else if tok.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            if self.peek() != Some("(") {
                return Ok(Expr::Col(tok.to_string()));
            }
            let f = Func::named(tok).ok_or_else(|| Msg::ExpressionUnknownFunction {
                name: tok.to_string(),
            })?;
            if depth + 1 > MAX_DEPTH {
                return Err(Msg::ExpressionTooDeep { max: MAX_DEPTH });
            }
            self.at += 1;
            let mut args = vec![self.sum(depth + 1)?];
            while self.peek() == Some(",") {
                self.at += 1;
                args.push(self.sum(depth + 1)?);
            }
            if self.peek() != Some(")") {
                return Err(Msg::ExpressionMissingParen);
            }
            self.at += 1;
            f.check(&args)?;
            Ok(Expr::Call(f, args))
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
    fn functions() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(eval("abs(a - b)"), Ok(d("1")));
        assert_eq!(eval("min(a, b, c)"), Ok(d("2")));
        assert_eq!(eval("max(a, b, -c)"), Ok(d("3")));
        // (3 - 2) / 3 * 100 = 33,33…: a half away from zero and a half to even differ only at a half.
        assert_eq!(eval("round((b - a) / b * 100, 1)"), Ok(d("33.3")));
        assert_eq!(eval("round(2.25, 1)"), Ok(d("2.3")));
        assert_eq!(eval("round(-2.25, 1)"), Ok(d("-2.3")));
        assert_eq!(eval("round_even(2.25, 1)"), Ok(d("2.2")));
        assert_eq!(eval("round_even(2.35, 1)"), Ok(d("2.4")));
        assert!(parse_err("round(a)").contains("2 argumenter"));
        assert!(parse_err("round(a, b)").contains("helt tal"));
        assert!(parse_err("round(a, 1.5)").contains("helt tal"));
        assert!(parse_err("sqrt(a)").contains("kendes ikke"));
        assert!(parse_err("abs(a, b)").contains("1 argumenter"));
        assert!(parse_err("min(a)").contains("2+"));
        assert!(Expr::parse("round(a, 1").is_err());
        // A Danish decimal comma is not an argument list.
        assert!(Expr::parse("a * 0,5").is_err());
        assert!(eval("round(a / (b - b), 1)")
            .unwrap_err()
            .contains("divideres med nul"));
    }

    #[test]
    fn ranges_bound_every_value_the_inputs_allow() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        // regnskab 102,3 and budget 98,7, each ± 0,05 (printed to 0,1).
        let col = |k: &str| {
            Some(match k {
                "regnskab" => (d("102.25"), d("102.35")),
                _ => (d("98.65"), d("98.75")),
            })
        };
        let r = |s: &str| Expr::parse(s).unwrap().range(&col);
        assert_eq!(r("regnskab - budget"), Some((d("3.50"), d("3.70"))));
        let (lo, hi) = r("(regnskab - budget) / budget * 100").unwrap();
        assert!(lo > d("3.54") && lo < d("3.55") && hi > d("3.75") && hi < d("3.76"));
        assert_eq!(r("abs(budget - regnskab)"), Some((d("3.50"), d("3.70"))));
        assert_eq!(r("-regnskab"), Some((d("-102.35"), d("-102.25"))));
        assert_eq!(r("round(regnskab, 0)"), Some((d("102"), d("102"))));
        // A divisor that may be zero gives no bound.
        assert_eq!(r("regnskab / (budget - 98.7)"), None);
    }

    #[test]
    fn overflow_is_an_error() {
        assert!(eval("big + big").unwrap_err().contains("for stort"));
        assert!(eval("big * a").unwrap_err().contains("for stort"));
        assert!(eval("big - a").is_ok());
    }
}
