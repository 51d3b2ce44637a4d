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

#[test]
fn ties_fall_by_rank_in_the_first_block() {
    use super::files::encode;
    use super::FIRST_BLOCK;
    // Equal weights: every posting has the same impact, so only the tie-break decides the first block.
    let n = FIRST_BLOCK + 100;
    let postings: Vec<(u32, f32)> = (0..n as u32).map(|d| (d, 1.0)).collect();
    let first = |rank: Option<&[u32]>| -> Vec<u32> {
        let mut ids: Vec<u32> = decode_postings(&encode(&postings, rank).first)
            .into_iter()
            .map(|p| p.0)
            .collect();
        ids.sort_unstable();
        ids
    };
    assert_eq!(
        first(None),
        (0..FIRST_BLOCK as u32).collect::<Vec<_>>(),
        "a build: ids are ranks"
    );
    // Ranks the reverse of the ids (as when serve appended units that a build places first).
    let reversed: Vec<u32> = (0..n as u32).rev().collect();
    assert_eq!(
        first(Some(&reversed)),
        (100..n as u32).collect::<Vec<_>>(),
        "the best-ranked {FIRST_BLOCK}, not the lowest ids"
    );
    let identity: Vec<u32> = (0..n as u32).collect();
    assert_eq!(
        encode(&postings, Some(&identity)).first,
        encode(&postings, None).first
    );
}

#[test]
fn ranges_carry_ranks_only_where_they_are_not_ids() {
    use super::files::manifest_of;
    use crate::kinds::Kind;
    let facet = |i: usize| ("b", Some(2020 + (i / 4) as i32), Kind::Page);
    let ranges = |text: &str| -> serde_json::Value {
        serde_json::from_str::<serde_json::Value>(text).unwrap()["ranges"].clone()
    };
    let (_, clean) = manifest_of(crate::i18n::Lang::Da, &[], 1, 8, 8, facet, |i| {
        Some(i as u32)
    });
    assert_eq!(
        ranges(&clean),
        serde_json::json!([[0, 4, "b", 2020, "page"], [4, 8, "b", 2021, "page"]]),
        "a build's ranges have five fields"
    );
    // Id 1 a hole, id 7 ranked first (appended by serve), the others after it in id order.
    let rank = |i: usize| match i {
        1 => None,
        7 => Some(0),
        0 => Some(1),
        i => Some(i as u32),
    };
    let (_, served) = manifest_of(crate::i18n::Lang::Da, &[], 1, 8, 7, facet, rank);
    assert_eq!(
        ranges(&served),
        serde_json::json!([
            [0, 1, "b", 2020, "page", 1],
            [2, 4, "b", 2020, "page"],
            [4, 7, "b", 2021, "page"],
            [7, 8, "b", 2021, "page", 0]
        ])
    );
}

#[test]
fn further_blocks_hold_the_rest_in_id_order_cut_in_pieces() {
    use super::files::{encode, BLOCK};
    use super::FIRST_BLOCK;
    // Impacts scattered over the ids, as a frequent term's are: the first block holds the best (impact, then
    // id), the further blocks what is left in id order, BLOCK postings each.
    let n = FIRST_BLOCK + BLOCK + 50;
    let weight = |d: u32| ((d.wrapping_mul(2_654_435_761) >> 7) % 3000) as f32 / 1000.0;
    let postings: Vec<(u32, f32)> = (0..n as u32).map(|d| (d * 3, weight(d))).collect();
    let e = encode(&postings, None);
    let mut best: Vec<(u32, u32)> = postings
        .iter()
        .map(|&(d, w)| (d, (w as f64 * 32.0).round().clamp(1.0, 255.0) as u32))
        .collect();
    best.sort_by_key(|&(d, i)| (std::cmp::Reverse(i), d));
    let by_id = |p: &[(u32, u32)]| {
        let mut p = p.to_vec();
        p.sort_unstable();
        p
    };
    let rest = by_id(&best[FIRST_BLOCK..]);
    assert_eq!(e.df, n);
    assert_eq!(decode_postings(&e.first), by_id(&best[..FIRST_BLOCK]));
    assert_eq!(e.blocks.len(), 2);
    assert_eq!(decode_postings(&e.blocks[0]), rest[..BLOCK]);
    assert_eq!(decode_postings(&e.blocks[1]), rest[BLOCK..]);
    // A posting added at the next id, below the best: every block but the last keeps its bytes.
    let mut more = postings.clone();
    more.push((n as u32 * 3, 0.001));
    let after = encode(&more, None);
    assert_eq!(after.first, e.first);
    assert_eq!(after.blocks[0], e.blocks[0]);
    assert_ne!(after.blocks[1], e.blocks[1]);
}

#[test]
fn encoding_again_equals_encoding_afresh_and_keeps_the_blocks_before_the_change() {
    use super::files::{encode, encode_again, BLOCK};
    use super::FIRST_BLOCK;
    let n = FIRST_BLOCK + 3 * BLOCK + 123;
    let weight = |d: u32| ((d.wrapping_mul(2_654_435_761) >> 7) % 3000) as f32 / 1000.0;
    let postings: Vec<(u32, f32)> = (0..n as u32).map(|d| (d * 3, weight(d))).collect();
    let next = n as u32 * 3;
    let ids: Vec<u32> = postings.iter().map(|p| p.0).collect();
    let reversed: Vec<u32> = (0..=next).rev().collect();
    // Serve's ranks after it added a unit that the index order puts first: every other id one later.
    let new_first: Vec<u32> = (0..=next)
        .map(|d| if d == next { 0 } else { d + 1 })
        .collect();
    let top = (0..n)
        .max_by_key(|&j| (super::index::quantize(postings[j].1), n - j))
        .unwrap();
    // The impact of the 600th best, which a new posting ties.
    let mut impacts: Vec<u8> = postings
        .iter()
        .map(|p| super::index::quantize(p.1))
        .collect();
    impacts.sort_unstable_by(|a, b| b.cmp(a));
    let tie = impacts[FIRST_BLOCK - 1] as f32 / 32.0;
    struct Case<'a> {
        what: &'a str,
        after: Vec<(u32, f32)>,
        changed: Vec<u32>,
        rank_before: Option<&'a [u32]>,
        rank_after: Option<&'a [u32]>,
    }
    type Postings = Vec<(u32, f32)>;
    let with = |f: &dyn Fn(&mut Postings)| {
        let mut p = postings.clone();
        f(&mut p);
        p
    };
    let case = |what, after, changed| Case {
        what,
        after,
        changed,
        rank_before: None,
        rank_after: None,
    };
    let cases = [
        case(
            "a unit added below the best",
            with(&|p| p.push((next, 0.001))),
            vec![next],
        ),
        case(
            "a unit added among the best",
            with(&|p| p.push((next, 3.0))),
            vec![next],
        ),
        case(
            "a unit added at the impact of the last of the best, after it",
            with(&|p| p.push((next, tie))),
            vec![next],
        ),
        Case {
            rank_after: Some(&new_first),
            ..case(
                "a unit added at the impact of the last of the best, ranked first",
                with(&|p| p.push((next, tie))),
                vec![next],
            )
        },
        case(
            "a unit removed",
            with(&|p| {
                p.remove(BLOCK + 7);
            }),
            vec![(BLOCK as u32 + 7) * 3],
        ),
        case(
            "one of the best lower",
            with(&|p| p[top].1 = 0.001),
            vec![top as u32 * 3],
        ),
        case("one of the rest higher", with(&|p| p[5].1 = 3.5), vec![15]),
        Case {
            rank_after: Some(&reversed),
            ..case("the ranks reversed", postings.clone(), ids.clone())
        },
        case(
            "the first posting changed",
            with(&|p| p[0].1 = 2.5),
            vec![0],
        ),
        case("nothing changed", postings.clone(), vec![]),
    ];
    for c in cases {
        let what = c.what;
        let old = encode(&postings, c.rank_before);
        let (again, kept) = encode_again(&c.after, c.rank_after, old.clone(), &c.changed);
        let fresh = encode(&c.after, c.rank_after);
        assert_eq!(again, fresh, "{what}");
        assert!(
            old.blocks[..kept] == fresh.blocks[..kept],
            "{what}: the kept blocks are the old ones"
        );
        match what {
            "a unit added below the best" => {
                assert_eq!(
                    kept,
                    old.blocks.len() - 1,
                    "{what}: only the last block is new"
                )
            }
            "nothing changed" => assert_eq!(kept, old.blocks.len(), "{what}"),
            "the first posting changed" => assert_eq!(kept, 0, "{what}"),
            _ => {}
        }
    }
}
