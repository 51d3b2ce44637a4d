use super::analyzer::*;
use super::format::*;

#[test]
fn danish_pipeline_and_canonical_spelling() {
    let a = Analyzer::default();
    assert_eq!(a.terms("Møde"), a.terms("moede"));
    assert_eq!(a.terms("Århus"), a.terms("aarhus"));
    assert_eq!(
        a.terms("direktør"),
        a.terms("direktoer"),
        "ASCII spelling before stemming"
    );
    assert_eq!(a.terms("nuværende"), a.terms("nuvaerende"));
    assert_eq!(a.terms("øget"), a.terms("oeget"));
    assert_eq!(a.terms("Köln"), a.terms("koeln"));
    assert_eq!(a.terms("flygtninge"), a.terms("Flygtninge"));
    assert!(
        a.terms("og i på at paa").is_empty(),
        "stop words, both spellings"
    );
    assert_ne!(a.terms("møde"), a.terms("mode"), "ø is not o");
    assert_eq!(
        a.terms("kontingent 1,40 kr."),
        vec!["kontingent".to_string(), "1,40".into(), "kr".into()]
    );
}

#[test]
fn numbers_are_exact_terms() {
    let a = Analyzer::default();
    assert!(a.terms("1.392.657").contains(&"1392657".to_string()));
    assert!(a.terms("10.000").contains(&"10000".to_string()));
    assert_eq!(
        a.terms("3.6"),
        vec!["3.6".to_string()],
        "a section number is not also 36"
    );
    assert_eq!(a.terms("punkt 4.7.")[1], "4.7");
    assert_eq!(a.query_terms("punkt 3.6"), vec!["3.6".to_string()]);
    assert_eq!(a.query_terms("§ 4"), vec!["4".to_string()]);
    assert_eq!(a.query_terms("pkt. 5.3"), vec!["5.3".to_string()]);
    assert_eq!(
        a.query_terms("stk. 2"),
        a.terms("stk 2"),
        "stk. is written with its number"
    );
    assert_eq!(
        a.query_terms("punkt"),
        a.terms("punkt"),
        "a qualifier alone is a word"
    );
}

#[test]
fn postings_roundtrip() {
    let p = [(5u32, 200u8), (1, 3), (40, 255), (100_000, 1)];
    let decoded = decode_postings(&encode_postings(&p));
    assert_eq!(decoded, vec![(1, 3), (5, 200), (40, 255), (100_000, 1)]);
    assert_eq!(shard_of("kontingent", 1), 0);
}

#[test]
fn vocabulary_keys() {
    assert_eq!(vocab_key("vedtaeg").as_deref(), Some("ve"));
    assert_eq!(vocab_key("a").as_deref(), Some("a"));
    assert_eq!(
        vocab_key("çava").as_deref(),
        Some("_e7a"),
        "a plain file name"
    );
    assert_eq!(vocab_key("3.6"), None, "numbers are looked up exactly");
    assert_eq!(vocab_key(""), None);
}
