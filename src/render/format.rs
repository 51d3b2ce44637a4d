//! Text for HTML: escaping, and numbers as the build's language writes them.

use crate::i18n::Lang;
use crate::number::{format_da, format_en};

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

/// A figure as the build's language writes it ("1.392.657" in Danish, "1,392,657" in English).
pub fn number(v: rust_decimal::Decimal, decimals: Option<u32>, lang: Lang) -> String {
    match lang {
        Lang::Da => format_da(v, decimals),
        Lang::En => format_en(v, decimals),
    }
}
