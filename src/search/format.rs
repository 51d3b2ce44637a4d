//! The index's encodings, shared with the browser: the shard hash, the vocabulary key and the postings varints.

/// FNV-1a over the term's UTF-8 bytes; the browser computes the same.
pub fn shard_of(term: &str, shards: u32) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in term.bytes() {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h % shards
}

/// Letters of a term that name its vocabulary block: terms sharing them are matched together by prefix and typo.
pub const VOCAB_KEY_LETTERS: usize = 2;

/// The vocabulary block (`v/<key>.json`) of a word term: its first two letters, letters outside a–z written as
/// `_` and their code point in hex so that every key is a plain file name. Numbers have none: they are looked up
/// exactly.
pub fn vocab_key(term: &str) -> Option<String> {
    if term.is_empty() || term.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let mut key = String::new();
    for c in term.chars().take(VOCAB_KEY_LETTERS) {
        if c.is_ascii_lowercase() {
            key.push(c);
        } else {
            key.push_str(&format!("_{:x}", c as u32));
        }
    }
    Some(key)
}

/// Varint (5 bits of payload per character) in a URL-safe alphabet: postings stay small and are plain JSON strings.
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn push_varint(out: &mut String, mut v: u32) {
    loop {
        let part = v & 31;
        v >>= 5;
        if v == 0 {
            out.push(ALPHABET[part as usize] as char);
            return;
        }
        out.push(ALPHABET[(part | 32) as usize] as char);
    }
}

/// Decodes a postings string (the inverse of `encode_postings`), as the browser does.
pub fn decode_postings(s: &str) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let bytes = s.as_bytes();
    let mut i = 0;
    let mut doc = 0u32;
    let varint = |i: &mut usize| -> Option<u32> {
        let (mut v, mut shift) = (0u32, 0u32);
        loop {
            let byte = *bytes.get(*i)?;
            let c = ALPHABET.iter().position(|&a| a == byte)? as u32;
            *i += 1;
            v = v.checked_add((c & 31).checked_shl(shift)?)?;
            shift += 5;
            if c & 32 == 0 {
                return Some(v);
            }
        }
    };
    while i < bytes.len() {
        let (Some(d), Some(imp)) = (varint(&mut i), varint(&mut i)) else {
            break;
        };
        doc += d;
        out.push((doc, imp));
    }
    out
}

/// Postings as (document id, impact 1..=255): document ids ascending, delta-coded, each followed by its impact.
#[cfg(test)]
pub(super) fn encode_postings(p: &[(u32, u8)]) -> String {
    let mut sorted = p.to_vec();
    sorted.sort_unstable();
    encode_sorted_postings(&sorted)
}

/// `encode_postings` of postings already in ascending document id order (ids distinct).
pub(super) fn encode_sorted_postings(sorted: &[(u32, u8)]) -> String {
    let mut out = String::with_capacity(sorted.len() * 3);
    let mut prev = 0u32;
    for &(doc, impact) in sorted {
        push_varint(&mut out, doc.wrapping_sub(prev));
        push_varint(&mut out, impact as u32);
        prev = doc;
    }
    out
}
