//! Which text a reference phrase points into, from the words around it: a document by one of its declared names
//! ("§ 6 i vedtægterne", "vedtægternes § 6"), another text (a law, an order, another body's statute:
//! "integrationslovens § 8", "§ 2 i bekendtgørelse nr. 912", "§ 5 i lov om …"), or the text it is written in.

/// " i vedtægterne" at `at` naming one of `names`: the name and the bytes the phrase takes.
pub(super) fn named_after(text: &str, at: usize, names: &[String]) -> Option<(String, usize)> {
    let rest = text[at..].strip_prefix(" i ")?;
    let name = longest_name(rest, names)?;
    Some((name.clone(), 3 + name.len()))
}

/// "vedtægternes § 6": a name of `names` in the genitive just before the sign.
pub(super) fn named_before(text: &str, sign: usize, names: &[String]) -> Option<String> {
    let word = word_before(&text[..sign])?;
    let base = word.strip_suffix('s')?;
    names
        .iter()
        .find(|n| {
            let last = n.rsplit(' ').next().unwrap_or(n);
            last.eq_ignore_ascii_case(base) || n.eq_ignore_ascii_case(base)
        })
        .cloned()
}

fn longest_name<'a>(rest: &str, names: &'a [String]) -> Option<&'a String> {
    names
        .iter()
        .filter(|n| {
            starts_with_ci(rest, n)
                && rest[n.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric())
        })
        .max_by_key(|n| n.len())
}

/// The word that ends right before `before` (one space between).
fn word_before(before: &str) -> Option<&str> {
    let t = before.strip_suffix(' ')?;
    let start = t
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '-'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let w = &t[start..];
    (!w.is_empty()).then_some(w)
}

/// "integrationslovens § 8", "lovens § 2", "bekendtgørelsens § 8": a genitive before the sign names another text.
/// Short words ending in s ("hvis", "dens") are not genitives of a text.
pub(super) fn foreign_before(before: &str) -> bool {
    if let Some(w) = word_before(before) {
        let lower = w.to_lowercase();
        if lower.len() >= 5
            && lower.ends_with('s')
            && !["hvis", "ifølges"].contains(&lower.as_str())
        {
            return true;
        }
    }
    // "lov om social service § 85", "bekendtgørelse nr. 912 § 2": a law named earlier in the same sentence.
    let sentence = before.rsplit(['.', '!', '?', ';']).next().unwrap_or(before);
    let lower = sentence.to_lowercase();
    [
        "lov om ",
        "lov nr",
        "loven ",
        "bekendtgørelse",
        "forordning",
        "direktiv",
    ]
    .iter()
    .any(|w| lower.contains(w) && sentence.len() < 200)
}

/// " i lov om …", " i bekendtgørelse nr. 912", " i KL's vedtægter": what follows the units names another text.
/// Ordinary continuations ("§ 4 i øvrigt", "§ 4 i det omfang") keep the reference local.
pub(super) fn foreign_after(after: &str) -> bool {
    let Some(rest) = after.strip_prefix(" i ") else {
        // "§ 8 i integrationsloven" is the common form; "§ 8 lov om …" is not.
        return false;
    };
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '\'' || *c == '’' || *c == '-')
        .collect();
    let lower = word.to_lowercase();
    const LOCAL: &[&str] = &[
        "øvrigt",
        "det",
        "den",
        "de",
        "denne",
        "dette",
        "disse",
        "forbindelse",
        "henhold",
        "medfør",
        "tilfælde",
        "samme",
        "så",
        "sin",
        "sit",
        "sine",
        "alt",
        "alle",
        "hele",
        "mindst",
        "hvert",
        "hver",
        "en",
        "et",
        "særlige",
        "overensstemmelse",
        "stk",
        "nr",
    ];
    if word.is_empty()
        || word.starts_with(|c: char| c.is_ascii_digit())
        || LOCAL.contains(&lower.as_str())
    {
        return false;
    }
    true
}

/// Whether the words before a bare "nr." cite ("jf. nr. 2", "efter nr. 3", "i nr. 1 og 2").
pub(super) fn cites_before(before: &str) -> bool {
    let Some(w) =
        word_before(before).or_else(|| before.strip_suffix(' ').filter(|b| b.ends_with("jf.")))
    else {
        return false;
    };
    let lower = w.to_lowercase();
    [
        "jf",
        "jf.",
        "jfr.",
        "jævnfør",
        "i",
        "efter",
        "under",
        "til",
        "og",
        "eller",
        "samt",
        "se",
        "ifølge",
        "nævnt",
        "nævnte",
        "omfattet",
        "af",
    ]
    .contains(&lower.as_str())
        || before.ends_with("jf. ")
        || before.ends_with("Jf. ")
}

/// A bare "stk." right after a number counts pieces ("10 stk. 3 mm skruer"), not a subsection.
pub(super) fn after_number(text: &str, at: usize) -> bool {
    text[..at]
        .strip_suffix(' ')
        .is_some_and(|b| b.ends_with(|c: char| c.is_ascii_digit()))
}

pub(super) fn at_word_start(text: &str, i: usize) -> bool {
    text[..i]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric())
}

pub(super) fn starts_with_ci(s: &str, prefix: &str) -> bool {
    strip_prefix_ci(s, prefix).is_some()
}

pub(super) fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let mut rest = s;
    for p in prefix.chars() {
        let mut cs = rest.chars();
        let c = cs.next()?;
        if !c.to_lowercase().eq(p.to_lowercase()) {
            return None;
        }
        rest = cs.as_str();
    }
    Some(rest)
}
