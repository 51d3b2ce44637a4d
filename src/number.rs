//! Exact numbers: parsing figures from YAML text and printing them the Danish way ("1.392.657", "1,05").

use crate::i18n::Msg;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Deserialize;

/// Parses a figure as written in content YAML: plain digits, optional sign, optional `.` decimals.
/// Thousands separators are rejected (they are ambiguous between Danish and English notation), and so is a
/// figure a decimal cannot hold exactly (more than 28 decimals or beyond ±79.228.162.514.264.337.593.543.950.335):
/// it is never rounded or truncated on the way in.
pub fn parse_decimal(text: &str) -> Result<Decimal, Msg> {
    let t = text.trim();
    let digits = t
        .strip_prefix('-')
        .or_else(|| t.strip_prefix('+'))
        .unwrap_or(t);
    let valid = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.matches('.').count() <= 1
        && !digits.starts_with('.')
        && !digits.ends_with('.');
    if !valid {
        if t.contains(',') || t.matches('.').count() > 1 {
            return Err(Msg::NumberWithSeparators);
        }
        return Err(Msg::NumberExpected);
    }
    let decimals = digits.split_once('.').map_or(0, |(_, f)| f.len());
    if decimals > MAX_SCALE {
        return Err(Msg::NumberTooManyDecimals {
            max: MAX_SCALE,
            found: decimals,
        });
    }
    Decimal::from_str_exact(t).map_err(|_| Msg::NumberTooManyDigits)
}

/// The most decimals a `Decimal` holds.
pub const MAX_SCALE: usize = 28;

/// Whether a figure reads as Danish thousands notation: one to three digits (not a lone 0), a dot and exactly
/// three digits ("60.000", "1.392", "-12.500"). YAML reads these as decimals (60, 1,392, 12,5), a Danish writer
/// means thousands; the loader refuses them unless the column declares three decimals.
pub fn looks_like_danish_thousands(text: &str) -> bool {
    let t = text.trim();
    let t = t.strip_prefix(['-', '+']).unwrap_or(t);
    let Some((int, frac)) = t.split_once('.') else {
        return false;
    };
    (1..=3).contains(&int.len())
        && !int.starts_with('0')
        && int.chars().all(|c| c.is_ascii_digit())
        && frac.len() == 3
        && frac.chars().all(|c| c.is_ascii_digit())
}

/// Rounding modes a rule can name. `None` means the value must be exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rounding {
    #[default]
    None,
    HalfUp,
    HalfEven,
    Down,
    Up,
}

impl Rounding {
    pub fn apply(self, value: Decimal, decimals: u32) -> Decimal {
        let strategy = match self {
            Rounding::None => return value,
            Rounding::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            Rounding::HalfEven => RoundingStrategy::MidpointNearestEven,
            Rounding::Down => RoundingStrategy::ToZero,
            Rounding::Up => RoundingStrategy::AwayFromZero,
        };
        value.round_dp_with_strategy(decimals, strategy)
    }
    /// In words, with the precision: "rundet halvt op til hele tal", "rounded down to 2 decimals".
    pub fn described(self, decimals: u32) -> Msg {
        self.described_to(match decimals {
            0 => Msg::WholeNumbers,
            d => Msg::Decimals {
                decimals: d as usize,
            },
        })
    }
    /// In words, with the precision said by the caller ("hele kroner").
    pub fn described_to(self, precision: Msg) -> Msg {
        let precision = Box::new(precision);
        match self {
            Rounding::None => Msg::Exact,
            Rounding::HalfUp => Msg::RoundedHalfUp { precision },
            Rounding::HalfEven => Msg::RoundedHalfEven { precision },
            Rounding::Down => Msg::RoundedDown { precision },
            Rounding::Up => Msg::RoundedUp { precision },
        }
    }
}

/// Formats with Danish separators: `.` for thousands, `,` for decimals. `decimals: None` prints the value with the
/// scale it was written with ("1.05" → "1,05", "49260.00" → "49.260,00").
pub fn format_da(value: Decimal, decimals: Option<u32>) -> String {
    let v = match decimals {
        Some(d) => value.round_dp_with_strategy(d, RoundingStrategy::MidpointAwayFromZero),
        None => value,
    };
    let mut s = v.abs().to_string();
    if let Some(d) = decimals {
        // rust_decimal keeps the scale, but make sure the fixed number of decimals is shown.
        let cur = s.split_once('.').map(|(_, f)| f.len()).unwrap_or(0) as u32;
        if cur < d {
            if cur == 0 {
                s.push('.');
            }
            s.extend(std::iter::repeat_n('0', (d - cur) as usize));
        }
    }
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s, None),
    };
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    let sign = if v.is_sign_negative() && !v.is_zero() {
        "-"
    } else {
        ""
    };
    match frac {
        Some(f) if !f.is_empty() => format!("{sign}{grouped},{f}"),
        _ => format!("{sign}{grouped}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn danish_formatting() {
        assert_eq!(format_da(Decimal::from(1392657), None), "1.392.657");
        assert_eq!(
            format_da(Decimal::from_str("49260.00").unwrap(), Some(2)),
            "49.260,00"
        );
        assert_eq!(format_da(Decimal::from_str("1.05").unwrap(), None), "1,05");
        assert_eq!(format_da(Decimal::from(183), None), "183");
        assert_eq!(format_da(Decimal::from(-1234), None), "-1.234");
        assert_eq!(format_da(Decimal::from(600), Some(2)), "600,00");
    }

    #[test]
    fn parsing_is_exact_and_strict() {
        assert_eq!(parse_decimal("0.1").unwrap().to_string(), "0.1");
        assert_eq!(parse_decimal("1350000").unwrap(), Decimal::from(1350000));
        assert!(parse_decimal("1.350.000").is_err());
        assert!(parse_decimal("1,05").is_err());
        assert!(parse_decimal("abc").is_err());
        assert!(parse_decimal("").is_err());
        assert!(parse_decimal("99999999999999999999999999999999").is_err());
        assert!(parse_decimal("79228162514264337593543950335").is_ok());
        assert!(parse_decimal("79228162514264337593543950336").is_err());
        assert!(parse_decimal("0.1234567890123456789012345678901").is_err());
        assert_eq!(
            parse_decimal("0.1234567890123456789012345678")
                .unwrap()
                .to_string(),
            "0.1234567890123456789012345678"
        );
    }

    #[test]
    fn danish_thousands_are_recognised() {
        for t in ["60.000", "1.392", "12.500", "-100.000", "+1.000"] {
            assert!(looks_like_danish_thousands(t), "{t}");
        }
        for t in [
            "0.125",
            "1234.567",
            "1.39",
            "1.3925",
            "60000",
            "1.392.657",
            "a.bcd",
        ] {
            assert!(!looks_like_danish_thousands(t), "{t}");
        }
    }

    #[test]
    fn rounding_modes() {
        let v = Decimal::from_str("49260.5").unwrap();
        assert_eq!(Rounding::HalfUp.apply(v, 0), Decimal::from(49261));
        assert_eq!(Rounding::HalfEven.apply(v, 0), Decimal::from(49260));
        assert_eq!(Rounding::Down.apply(v, 0), Decimal::from(49260));
        assert_eq!(
            Rounding::Up.apply(Decimal::from_str("0.01").unwrap(), 0),
            Decimal::from(1)
        );
    }
}
