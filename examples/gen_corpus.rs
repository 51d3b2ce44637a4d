//! Generates a synthetic portal of N meetings (~13 KB of Markdown each, 10 agenda items) in protokol's own format, plus
//! the bundled portal (its meetings, documents, tables and pages), for benchmarks.
//!
//!     cargo run --release --example gen_corpus -- 10000 bench/corpus-10000
//!
//! Deterministic: the same N gives the same corpus. Text is recombined from realistic Danish meeting language.

use std::fmt::Write as _;
use std::path::PathBuf;

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
const BODIES: &[(&str, &str)] = &[
    ("kd-net", "KD-Net"),
    ("kkr", "KKR"),
    ("udvalg-a", "Udvalg A"),
    ("udvalg-b", "Udvalg B"),
];

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| format!("bench/corpus-{n}")));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("content/moeder")).unwrap();
    // The bundled portal comes along (its meetings, documents, tables with their rules, pages), so that the corpus
    // exercises tables, references and backlinks too; the synthetic bodies are added to its configuration.
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut toml = std::fs::read_to_string(repo.join("protokol.toml")).unwrap();
    for (id, name) in BODIES {
        if !toml.contains(&format!("id = \"{id}\"")) {
            let _ = write!(toml, "\n[[bodies]]\nid = \"{id}\"\nname = \"{name}\"\n");
        }
    }
    std::fs::write(dir.join("protokol.toml"), toml).unwrap();
    for folder in ["moeder", "dokumenter", "tabeller", "sider"] {
        let to = dir.join("content").join(folder);
        std::fs::create_dir_all(&to).unwrap();
        for e in std::fs::read_dir(repo.join("content").join(folder)).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
    let mut seed: u64 = 0x5eed;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let start = chrono::NaiveDate::from_ymd_opt(1990, 1, 1).unwrap();
    let mut bytes = 0usize;
    for i in 0..n {
        let (body, _) = BODIES[i % BODIES.len()];
        let date = start
            + chrono::Duration::days((i / BODIES.len()) as i64 * 7 + (i % BODIES.len()) as i64);
        let weekday = protokol::i18n::weekday_da(chrono::Datelike::weekday(&date));
        let items = 10;
        let mut front = format!(
            "---\nbody: {body}\nkind: minutes\ntitle: \"Referat af møde {}\"\ndate: {}\nweekday: {weekday}\nstart: \"10.00\"\nend: \"12.00\"\nplace: \"Rådhuset\"\nparticipants:\n  - \"Medlemmerne\"\nitems:\n",
            protokol::i18n::date_short(date, protokol::i18n::Lang::Da),
            date.format("%Y-%m-%d")
        );
        let mut text = String::new();
        for k in 1..=items {
            let title = TITLES[(next() as usize) % TITLES.len()];
            let _ = write!(front, "  - number: \"{k}\"\n    title: \"{title}\"\n    presenter: \"Formanden\"\n    case: SAG-{}-{:05}\n", chrono::Datelike::year(&date), i * items + k);
            let _ = write!(
                text,
                "\n## {k} {title}\n\n### Indstilling\n\n{}\n\n### Sagsfremstilling\n\n",
                SENTENCES[0]
            );
            // Three paragraphs and a list: about 13 KB of Markdown per meeting, as in the reference corpus.
            for sentences in [3, 3, 2] {
                for _ in 0..sentences {
                    text.push_str(SENTENCES[(next() as usize) % SENTENCES.len()]);
                    text.push(' ');
                }
                text.push_str("\n\n");
            }
            text.push_str("- ");
            text.push_str(SENTENCES[(next() as usize) % SENTENCES.len()]);
            let _ = write!(text, "\n\n### Referat\n\n{}\n", SENTENCES[12]);
        }
        front.push_str("---\n");
        let file = format!("{front}{text}");
        bytes += file.len();
        std::fs::write(
            dir.join(format!(
                "content/moeder/{}-{body}.md",
                date.format("%Y-%m-%d")
            )),
            file,
        )
        .unwrap();
    }
    eprintln!(
        "{n} meetings, {:.1} MB of Markdown ({:.1} KB each) in {}",
        bytes as f64 / 1e6,
        bytes as f64 / n as f64 / 1e3,
        dir.display()
    );
}
