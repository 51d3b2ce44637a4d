//! An agenda item's body (its plain text and HTML) held compressed: the model keeps every meeting until its pages
//! are written, and at 100,000 meetings the bodies as strings are ~2 GB, over half of what the model holds (#15).

/// An agenda item's plain text and the HTML of its pieces (the intro, then each named part), lz4-compressed. The
/// HTML is compressed with the text as dictionary: it says the same words, so it takes little more than the
/// text alone (docs/performance.md), and [`ItemBody::drop_html`] can still free it on its own.
#[derive(Debug, Clone, Default)]
pub struct ItemBody {
    text: Packed,
    html: Packed,
    /// Where each HTML piece ends in the unpacked HTML.
    ends: Box<[usize]>,
}

impl ItemBody {
    /// Packs the item's text and its HTML pieces: the intro's first, then each part's.
    pub fn new(text: &str, html: &[&str]) -> ItemBody {
        let mut ends = Vec::with_capacity(html.len());
        let mut joined = String::with_capacity(html.iter().map(|h| h.len()).sum());
        for h in html {
            joined.push_str(h);
            ends.push(joined.len());
        }
        ItemBody {
            text: Packed::new(text.as_bytes(), &[]),
            html: Packed::new(joined.as_bytes(), text.as_bytes()),
            ends: ends.into(),
        }
    }

    /// The item's plain text.
    pub fn text(&self) -> String {
        utf8(self.text.unpack(&[]))
    }

    /// The item's HTML pieces (empty once [`ItemBody::drop_html`] has run).
    pub fn html(&self) -> ItemHtml<'_> {
        let html = if self.html.len == 0 {
            String::new()
        } else {
            utf8(self.html.unpack(&self.text.unpack(&[])))
        };
        ItemHtml {
            html,
            ends: &self.ends,
        }
    }

    /// The bytes the body holds on the heap (examples/body_packing.rs measures with it).
    pub fn heap_bytes(&self) -> usize {
        self.text.bytes.len() + self.html.bytes.len() + std::mem::size_of_val(&*self.ends)
    }

    /// Frees the HTML, keeping the text (what the search index reads after the pages are written).
    pub fn drop_html(&mut self) {
        self.html = Packed::default();
        self.ends = Box::default();
    }

    /// Frees the text and the HTML: after a one-off build's search index nothing reads either (#15).
    pub fn clear(&mut self) {
        *self = ItemBody::default();
    }
}

/// An item's HTML, unpacked: the intro and the parts, by index.
pub struct ItemHtml<'a> {
    html: String,
    ends: &'a [usize],
}

impl ItemHtml<'_> {
    /// The HTML before the first named part.
    pub fn intro(&self) -> &str {
        self.piece(0)
    }

    /// The HTML of named part `j`.
    pub fn part(&self, j: usize) -> &str {
        self.piece(j + 1)
    }

    fn piece(&self, i: usize) -> &str {
        let start = i
            .checked_sub(1)
            .map_or(0, |p| self.ends.get(p).copied().unwrap_or(0));
        let end = self.ends.get(i).copied().unwrap_or(start);
        self.html.get(start..end).unwrap_or_default()
    }
}

/// Bytes lz4-compressed (an lz4 block), or kept as they are when that would not make them smaller (short and
/// empty texts): then `bytes` is as long as `len`, which a compressed block never is.
#[derive(Debug, Clone, Default)]
struct Packed {
    bytes: Box<[u8]>,
    /// The unpacked length.
    len: usize,
}

/// Shorter bytes are kept as they are.
const SHORT: usize = 64;

impl Packed {
    /// Packs `raw`, with `dict` (which unpacking must be given again) as the history its matches may point into.
    fn new(raw: &[u8], dict: &[u8]) -> Packed {
        // Each call zeroes an 8 KiB match table: not worth it for what could save a few bytes at most (the
        // empty texts of `Html::Discard`, `protokol check`, among them).
        let packed = (raw.len() >= SHORT).then(|| lz4_flex::block::compress_with_dict(raw, dict));
        let bytes = match packed {
            // Copied, not shrunk in place: the block is allotted lz4's worst-case bound (`super::exact`).
            Some(p) if p.len() < raw.len() => super::exact::exact_bytes(&p),
            _ => raw.into(),
        };
        Packed {
            bytes,
            len: raw.len(),
        }
    }

    fn unpack(&self, dict: &[u8]) -> Vec<u8> {
        if self.bytes.len() == self.len {
            return self.bytes.to_vec();
        }
        lz4_flex::block::decompress_with_dict(&self.bytes, self.len, dict)
            .expect("a block this module compressed, with the same dictionary")
    }
}

fn utf8(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).expect("the bytes of a str, packed and unpacked")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gives_back_text_and_pieces() {
        let text = "Budget 2021 ".repeat(40);
        let intro = format!("<p>{text}</p>");
        let part = format!("<p>{}</p>", "Indstilling: godkendt æøå ".repeat(30));
        let body = ItemBody::new(&text, &[&intro, "", &part]);
        assert!(body.text.bytes.len() < text.len() && body.html.bytes.len() < intro.len());
        assert_eq!(body.text(), text);
        let html = body.html();
        assert_eq!(
            (html.intro(), html.part(0), html.part(1)),
            (&intro[..], "", &part[..])
        );
        assert_eq!(html.part(2), "");
    }

    #[test]
    fn short_and_empty_stay_as_they_are() {
        let body = ItemBody::new("kort", &["<p>kort</p>"]);
        assert_eq!(&body.text.bytes[..], b"kort");
        assert_eq!(
            (body.text(), body.html().intro()),
            ("kort".to_string(), "<p>kort</p>")
        );
        let empty = ItemBody::default();
        assert_eq!((empty.text(), empty.html().intro()), (String::new(), ""));
    }

    #[test]
    fn clear_frees_text_and_html() {
        let text = "Referat af mødet ".repeat(20);
        let mut body = ItemBody::new(&text, &[&format!("<p>{text}</p>")]);
        assert_ne!(body.heap_bytes(), 0);
        body.clear();
        assert_eq!(
            (body.text(), body.html().intro(), body.heap_bytes()),
            (String::new(), "", 0)
        );
    }

    #[test]
    fn drop_html_keeps_the_text() {
        let text = "Referat af mødet ".repeat(20);
        let mut body = ItemBody::new(&text, &[&format!("<p>{text}</p>")]);
        body.drop_html();
        assert_eq!((body.text(), body.html().intro()), (text, ""));
    }
}
