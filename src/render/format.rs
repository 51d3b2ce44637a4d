//! Text for HTML: escaping, and numbers as the build's language writes them.

use crate::i18n::{self, Lang, Ui};
use crate::number::format_da;

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A figure as the build's language writes it ("1.392.657" in Danish, "1,392,657" in English): rounded and
/// padded to `decimals` as Danish writes it, then with the catalogue's separators, so a new language needs only
/// its catalogue.
pub fn number(v: rust_decimal::Decimal, decimals: Option<u32>, lang: Lang) -> String {
    let danish = format_da(v, decimals);
    let (thousands, decimal) = (
        i18n::ui(Ui::ThousandsSeparator, lang),
        i18n::ui(Ui::DecimalSeparator, lang),
    );
    if (thousands, decimal) == (".", ",") {
        return danish;
    }
    let mut out = String::with_capacity(danish.len() + 4);
    for c in danish.chars() {
        match c {
            '.' => out.push_str(thousands),
            ',' => out.push_str(decimal),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    #[test]
    fn numbers_take_the_languages_separators() {
        let v = Decimal::from_str("1392657.5").unwrap();
        assert_eq!(number(v, None, Lang::Da), "1.392.657,5");
        assert_eq!(number(v, None, Lang::En), "1,392,657.5");
        assert_eq!(number(Decimal::from(-1234), Some(2), Lang::En), "-1,234.00");
    }
}
