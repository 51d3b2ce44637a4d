//! The synthetic meetings every format writes: one deterministic stream of Danish meeting text (the same N gives the
//! same meetings), so that protokol and its peers are measured on the same words and the same structure.

use chrono::{Datelike, NaiveDate};
use std::fmt::Write as _;

const SENTENCES: &[&str] = &[
    "Det indstilles, at netværket godkender den foreslåede model for det tværkommunale samarbejde.",
    "Sagen blev drøftet, og der var bred opbakning til at fortsætte arbejdet med klimastrategien.",
    "Kommunerne i regionen har gennem de seneste år styrket samarbejdet om digitalisering og velfærdsteknologi.",
    "Udgiften finansieres med halvdelen fra regionen og halvdelen fra kommunerne efter indbyggertal.",
    "Sekretariatet udarbejder et notat om økonomien, som forelægges på næste møde.",
    "Formandskabet orienterede om mødet i kontaktudvalget, hvor flygtningefordelingen blev behandlet.",
    "Der er afsat midler til udmøntning af anbefalingerne fra de regionale vækstteams.",
    "Uddannelsesstyregruppen har indstillet, at dimensioneringen af pædagoguddannelsen øges med tyve pladser.",
    "Bestyrelsen skal sikre, at foreningens organisation og kapitalberedskab er forsvarligt.",
    "Generalforsamlingen træffer beslutning med simpelt flertal, medmindre andet fremgår af vedtægterne.",
    "Kontingentet reguleres med pris- og lønfremskrivningen og fastsættes på den ordinære generalforsamling.",
    "Arbejdsgruppen anbefaler, at der etableres en fælles indgang for borgere og medarbejdere.",
    "Referatet blev godkendt uden bemærkninger, og orienteringen blev taget til efterretning.",
    "Erhvervshuset har iværksat en række tiltag for at hjælpe virksomhederne gennem krisen.",
    "Sundhedskoordinationsudvalget godkendte aftalen om behandling i nærområdet.",
];
const TITLES: &[&str] = &[
    "Godkendelse af dagsorden",
    "Godkendelse af referat",
    "Orientering om klimastrategien",
    "Drøftelse af økonomien i Fælles Service Center",
    "Fordeling af flygtninge",
    "Status på sundhedsaftalen",
    "Udpegninger til styregrupper",
    "Orientering om erhvervsfremme",
    "Dimensionering af uddannelser",
    "Kommende møder",
    "Eventuelt",
];
/// The synthetic bodies (id, name); meetings go to them in turn, one a day, each body weekly.
pub const BODIES: &[(&str, &str)] = &[
    ("kd-net", "KD-Net"),
    ("kkr", "KKR"),
    ("udvalg-a", "Udvalg A"),
    ("udvalg-b", "Udvalg B"),
];
pub const ITEMS_PER_MEETING: usize = 10;
pub const START: &str = "10.00";
pub const END: &str = "12.00";
pub const PLACE: &str = "Rådhuset";
pub const PARTICIPANTS: &str = "Medlemmerne";
pub const PRESENTER: &str = "Formanden";

pub struct Item {
    pub number: usize,
    pub title: &'static str,
    /// The case number, e.g. SAG-1990-00001.
    pub case: String,
}

pub struct Meeting {
    pub body: &'static str,
    pub body_name: &'static str,
    pub date: NaiveDate,
    pub weekday: &'static str,
    /// "Referat af møde 1. januar 1990".
    pub title: String,
    pub items: Vec<Item>,
    /// The Markdown after the front matter: per item a heading, the recommendation, the case presentation (three
    /// paragraphs and a list) and the minutes, about 11 KB per meeting.
    pub markdown: String,
}

impl Meeting {
    /// The file name without extension and the page's path segment: "1990-01-01-kd-net".
    pub fn slug(&self) -> String {
        format!("{}-{}", self.date.format("%Y-%m-%d"), self.body)
    }

    /// Writes content/moeder/<slug>.md: `front` (the front matter with its delimiters), then the Markdown; returns
    /// the bytes written.
    pub fn write_file(&self, dir: &std::path::Path, front: &str) -> std::io::Result<usize> {
        let file = format!("{front}{}", self.markdown);
        std::fs::write(
            dir.join(format!("content/moeder/{}.md", self.slug())),
            &file,
        )?;
        Ok(file.len())
    }
}

/// The first `n` meetings of the stream.
pub fn meetings(n: usize) -> impl Iterator<Item = Meeting> {
    let mut seed: u64 = 0x5eed;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed as usize
    };
    let start = NaiveDate::from_ymd_opt(1990, 1, 1).expect("a valid date");
    (0..n).map(move |i| {
        let (body, body_name) = BODIES[i % BODIES.len()];
        let date = start
            + chrono::Duration::days((i / BODIES.len()) as i64 * 7 + (i % BODIES.len()) as i64);
        let mut items = Vec::with_capacity(ITEMS_PER_MEETING);
        let mut markdown = String::new();
        for number in 1..=ITEMS_PER_MEETING {
            let title = TITLES[next() % TITLES.len()];
            items.push(Item {
                number,
                title,
                case: format!("SAG-{}-{:05}", date.year(), i * ITEMS_PER_MEETING + number),
            });
            let _ = write!(
                markdown,
                "\n## {number} {title}\n\n### Indstilling\n\n{}\n\n### Sagsfremstilling\n\n",
                SENTENCES[0]
            );
            for sentences in [3, 3, 2] {
                for _ in 0..sentences {
                    markdown.push_str(SENTENCES[next() % SENTENCES.len()]);
                    markdown.push(' ');
                }
                markdown.push_str("\n\n");
            }
            markdown.push_str("- ");
            markdown.push_str(SENTENCES[next() % SENTENCES.len()]);
            let _ = write!(markdown, "\n\n### Referat\n\n{}\n", SENTENCES[12]);
        }
        Meeting {
            body,
            body_name,
            date,
            weekday: protokol::i18n::weekday_da(date.weekday()),
            title: format!(
                "Referat af møde {}",
                protokol::i18n::date_short(date, protokol::i18n::Lang::Da)
            ),
            items,
            markdown,
        }
    })
}
