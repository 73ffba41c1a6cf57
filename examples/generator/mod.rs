#![allow(dead_code)] // each example uses its own part of the generator
//! Writes realistic briefing projects of any size, for benchmarks and for
//! trying briefc on something large: sections of 10 to 60 paragraphs, a
//! footnote every one or two sentences, numeric and named labels, notes
//! referenced twice, lists, tables and quotes, citations of every source
//! type with locators and Ibid. chains, and a library of about one source
//! per ten footnotes. The same seed always gives the same project.
//!
//! Beside the project it writes the same content as one pandoc Markdown
//! file with a CSL JSON bibliography, so the two tools can be compared.

use std::fmt::Write as _;
use std::path::Path;

/// SplitMix64: small, fast and the same on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `low..=high`.
    pub fn range(&mut self, low: usize, high: usize) -> usize {
        low + (self.next() % (high - low + 1) as u64) as usize
    }

    /// True with probability `percent` in 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.range(0, items.len() - 1)]
    }
}

const SUBJECTS: &[&str] = &[
    "The government",
    "The prosecutor general",
    "The court",
    "The ministry of interior",
    "The refugee agency",
    "The defence lawyer",
    "The special rapporteur",
    "The committee",
    "Police in the capital",
    "The security service",
    "The appeals chamber",
    "Witnesses",
];
const VERBS: &[&str] = &[
    "detained",
    "questioned",
    "ordered the transfer of",
    "refused to release",
    "interviewed",
    "reported on",
    "documented the treatment of",
    "relied on assurances about",
    "sought the extradition of",
    "recognised the status of",
];
const OBJECTS: &[&str] = &[
    "twelve asylum seekers",
    "the men from the border region",
    "a group of students",
    "several human rights defenders",
    "the detainees held since June",
    "two journalists",
    "the applicants",
    "relatives of the accused",
];
const CLAUSES: &[&str] = &[
    "despite a pending request for interim measures",
    "although the agency had recognised each of them as a refugee",
    "after a hearing that lasted less than an hour",
    "without giving their lawyers access to the case file",
    "in spite of credible reports of torture in pretrial detention",
    "on the strength of a diplomatic note promising fair treatment",
    "while the appeal was still pending before the supreme court",
    "and the authorities later denied that any such order existed",
];
const PLACES: &[&str] = &[
    "Ivanovo",
    "Andijan",
    "Tashkent",
    "Strasbourg",
    "Geneva",
    "Moscow",
    "Bishkek",
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const TYPES: &[&str] = &[
    "report",
    "news",
    "press-release",
    "article",
    "book",
    "un-document",
    "case",
    "legislation",
    "interview",
    "letter",
    "web",
    "other",
];
const AUTHORS: &[&str] = &[
    "Human Rights Watch",
    "Amnesty International",
    "UN Committee against Torture",
    "Memorial Human Rights Centre",
    "Jane Doe",
    "John Roe",
    "Example Rights Watch",
];
const TITLE_WORDS: &[&str] = &[
    "Assurances",
    "Torture",
    "Extradition",
    "Refugees",
    "Detention",
    "Justice",
    "Promises",
    "Risk",
    "Return",
    "Safeguards",
    "Accountability",
    "Asylum",
    "Transfers",
    "Evidence",
];

fn sentence(rng: &mut Rng) -> String {
    let mut s = format!(
        "{} {} {} in {} on {} {}, {}",
        rng.pick(SUBJECTS),
        rng.pick(VERBS),
        rng.pick(OBJECTS),
        rng.pick(PLACES),
        rng.pick(MONTHS),
        rng.range(1, 28),
        rng.pick(CLAUSES)
    );
    for _ in 0..rng.range(1, 2) {
        s.push_str(", ");
        let clause: &&str = rng.pick(CLAUSES);
        s.push_str(clause);
    }
    // The place in italics: only when it comes before the date, or the
    // two stars would open and close across the rest of the paragraph.
    if rng.chance(15)
        && let (Some(place), Some(date)) = (s.find(" in "), s.find(" on "))
        && place < date
    {
        s = s.replacen(" in ", " in *", 1).replacen(" on ", "* on ", 1);
    }
    s.push('.');
    s
}

fn title(rng: &mut Rng) -> String {
    let words: Vec<&str> = (0..rng.range(2, 5))
        .map(|_| *rng.pick(TITLE_WORDS))
        .collect();
    if rng.chance(40) {
        format!("{}: {}", words.join(" and "), rng.pick(OBJECTS))
    } else if rng.chance(10) {
        format!("{}?", words.join(" or "))
    } else {
        words.join(" ")
    }
}

/// One library source, as TOML for briefc and as CSL JSON for pandoc.
struct Source {
    key: String,
    toml: String,
    csl: String,
}

fn json(text: &str) -> String {
    serde_json::to_string(text).expect("a string serialises")
}

fn source(rng: &mut Rng, index: usize) -> Source {
    let kind = TYPES[index % TYPES.len()];
    let key = format!("src-{index}-{kind}");
    let title = title(rng);
    let author = rng.pick(AUTHORS).to_string();
    let (year, month, day) = (rng.range(1995, 2007), rng.range(1, 12), rng.range(1, 28));
    let mut toml = format!("[{key}]\ntype = \"{kind}\"\ndate = {year}-{month:02}-{day:02}\n");
    if kind != "interview" {
        let _ = writeln!(toml, "title = {}", json(&title));
    }
    let extra = match kind {
        "report" => format!(
            "author = {}\nvolume = \"{}\"\nnumber = \"{}(D)\"\n",
            json(&author),
            rng.range(1, 30),
            rng.range(1, 9)
        ),
        "news" => format!("publication = \"{} News\"\n", rng.pick(PLACES)),
        "press-release" => format!("author = {}\n", json(&author)),
        "article" => format!(
            "author = [\"Jane Doe\", \"John Roe\"]\njournal = \"Human Rights Law Review\"\nvolume = {}\npages = \"{}-{}\"\n",
            rng.range(1, 20),
            100,
            140
        ),
        "book" => format!(
            "author = {}\npublisher = \"Example Press\"\nplace = \"London\"\n",
            json(&author)
        ),
        "un-document" => format!(
            "symbol = \"CAT/C/{}/CO/{}\"\n",
            rng.range(10, 99),
            rng.range(1, 6)
        ),
        "case" => format!(
            "court = \"European Court of Human Rights\"\nnumber = \"Application no. {}/0{}\"\n",
            rng.range(1000, 99999),
            rng.range(1, 7)
        ),
        "legislation" => "jurisdiction = \"Russian Federation\"\n".to_string(),
        "interview" => format!(
            "interviewer = {}\ninterviewee = \"a witness\"\nplace = \"{}\"\n",
            json(&author),
            rng.pick(PLACES)
        ),
        "letter" => format!(
            "author = {}\nrecipient = \"the Prosecutor General\"\n",
            json(&author)
        ),
        "web" => format!("site = \"Refworld\"\nurl = \"https://www.example.org/doc/{index}\"\n"),
        _ => String::new(),
    };
    toml.push_str(&extra);
    if kind == "report" && rng.chance(50) {
        let _ = writeln!(toml, "url = \"https://www.example.org/report/{index}\"");
    }
    let csl_type = match kind {
        "report" | "un-document" => "report",
        "news" => "article-newspaper",
        "article" => "article-journal",
        "book" => "book",
        "case" => "legal_case",
        "legislation" => "legislation",
        "interview" => "interview",
        "letter" => "personal_communication",
        "web" => "webpage",
        _ => "document",
    };
    let csl = format!(
        "{{\"id\": {}, \"type\": \"{csl_type}\", \"title\": {}, \"author\": [{{\"literal\": {}}}], \"issued\": {{\"date-parts\": [[{year}, {month}, {day}]]}}}}",
        json(&key),
        json(&title),
        json(&author)
    );
    Source { key, toml, csl }
}

/// The text of one note: plain, or citing one or two sources.
fn note_text(rng: &mut Rng, keys: &[String], last_key: &mut Option<usize>) -> String {
    let locator = |rng: &mut Rng| match rng.range(0, 4) {
        0 => String::new(),
        1 => format!(", {}", rng.range(1, 300)),
        2 => format!(", {}-{}", rng.range(1, 100), rng.range(101, 200)),
        3 => format!(", para. {}", rng.range(1, 40)),
        _ => format!(", p. {}", rng.range(1, 300)),
    };
    match rng.range(0, 9) {
        0 | 1 => format!("{} {}", sentence(rng), sentence(rng)),
        2..=4 => {
            // An Ibid. chain: the same source as the note before, often.
            let index = match *last_key {
                Some(k) if rng.chance(40) => k,
                _ => rng.range(0, keys.len() - 1),
            };
            *last_key = Some(index);
            format!("[@{}{}].", keys[index], locator(rng))
        }
        5 | 6 => {
            *last_key = None;
            let a = rng.range(0, keys.len() - 1);
            let b = rng.range(0, keys.len() - 1);
            format!(
                "[see @{}{}; @{}{}]. {}",
                keys[a],
                locator(rng),
                keys[b],
                locator(rng),
                sentence(rng)
            )
        }
        7 => {
            *last_key = None;
            format!(
                "{} See [@{}{}].",
                sentence(rng),
                keys[rng.range(0, keys.len() - 1)],
                locator(rng)
            )
        }
        _ => {
            *last_key = None;
            format!("{}\n\n    {}", sentence(rng), sentence(rng))
        }
    }
}

pub struct Generated {
    pub footnotes: usize,
    pub bytes: usize,
}

/// Writes the project into `out` (which must not hold one already).
pub fn generate(out: &Path, footnotes: usize, seed: u64) -> std::io::Result<Generated> {
    let mut rng = Rng::new(seed);
    std::fs::create_dir_all(out.join("pandoc"))?;
    let (keys, library) = write_library(out, (footnotes / 10).max(TYPES.len()), &mut rng, true)?;
    let (written, sections, notes) = write_briefing(out, "large", footnotes, &keys, &mut rng)?;

    // The same content for pandoc: one file, notes after the text.
    let mut single = String::from(
        "---\ntitle: A Large Generated Briefing\nbibliography: bibliography.json\n---\n\n",
    );
    for text in &sections {
        single.push_str(text);
    }
    single.push_str(&notes);
    std::fs::write(out.join("pandoc/briefing.md"), single)?;

    Ok(Generated {
        footnotes: written.footnotes,
        bytes: written.bytes + library,
    })
}

/// Writes an archive into `out`: `briefings` briefings of `footnotes`
/// notes each, all citing one library of `sources` sources.
pub fn generate_archive(
    out: &Path,
    briefings: usize,
    footnotes: usize,
    sources: usize,
    seed: u64,
) -> std::io::Result<Generated> {
    let mut rng = Rng::new(seed);
    let (keys, mut bytes) = write_library(out, sources.max(TYPES.len()), &mut rng, false)?;
    let mut total = 0;
    for index in 0..briefings {
        let id = format!("briefing-{:04}", index + 1);
        let (written, _, _) = write_briefing(out, &id, footnotes, &keys, &mut rng)?;
        total += written.footnotes;
        bytes += written.bytes;
    }
    Ok(Generated {
        footnotes: total,
        bytes,
    })
}

/// `footnotes/sources.toml` (and pandoc's bibliography beside it when
/// `pandoc`): the keys, and the bytes written.
fn write_library(
    out: &Path,
    count: usize,
    rng: &mut Rng,
    pandoc: bool,
) -> std::io::Result<(Vec<String>, usize)> {
    std::fs::create_dir_all(out.join("footnotes"))?;
    let sources: Vec<Source> = (0..count).map(|i| source(rng, i)).collect();
    let keys: Vec<String> = sources.iter().map(|s| s.key.clone()).collect();
    let library: String = sources.iter().map(|s| format!("{}\n", s.toml)).collect();
    std::fs::write(out.join("footnotes/sources.toml"), &library)?;
    if pandoc {
        let csl = format!(
            "[\n{}\n]\n",
            sources
                .iter()
                .map(|s| s.csl.as_str())
                .collect::<Vec<_>>()
                .join(",\n")
        );
        std::fs::write(out.join("pandoc/bibliography.json"), csl)?;
    }
    Ok((keys, library.len()))
}

/// One briefing of `footnotes` notes citing `keys`: its sections and its
/// notes file, written under `out`; their texts are handed back too.
fn write_briefing(
    out: &Path,
    id: &str,
    footnotes: usize,
    keys: &[String],
    rng: &mut Rng,
) -> std::io::Result<(Generated, Vec<String>, String)> {
    let briefing_dir = out.join("briefings").join(id);
    std::fs::create_dir_all(&briefing_dir)?;
    let mut sections: Vec<String> = Vec::new();
    let mut notes = String::new();
    let mut number = 0usize;
    let mut labels: Vec<String> = Vec::new();
    let mut last_key = None;
    let mut bytes = 0;
    let rng = &mut *rng;
    while number < footnotes {
        let mut text = format!("# {} in {}\n\n", title(rng), rng.pick(PLACES));
        let paragraphs = rng.range(10, 60);
        for p in 0..paragraphs {
            if number >= footnotes {
                break;
            }
            if p % 7 == 3 {
                let _ = writeln!(text, "## {}\n", title(rng));
            }
            match rng.range(0, 19) {
                0 => {
                    for _ in 0..rng.range(2, 5) {
                        let _ = writeln!(text, "- {}", sentence(rng));
                    }
                    text.push('\n');
                }
                1 => {
                    text.push_str("| Date | Event | Place |\n|---|---|---:|\n");
                    for _ in 0..rng.range(2, 6) {
                        let _ = writeln!(
                            text,
                            "| {} {} | {} | {} |",
                            rng.pick(MONTHS),
                            rng.range(1995, 2007),
                            rng.pick(VERBS),
                            rng.pick(PLACES)
                        );
                    }
                    text.push('\n');
                }
                2 => {
                    let _ = writeln!(text, "> {}\n", sentence(rng));
                }
                _ => {}
            }
            for _ in 0..rng.range(2, 6) {
                text.push_str(&sentence(rng));
                if number < footnotes && rng.chance(67) {
                    if !labels.is_empty() && rng.chance(5) {
                        // A note referenced a second time.
                        let again = rng.range(0, labels.len() - 1);
                        let _ = write!(text, "[^{}]", labels[again]);
                    } else if rng.chance(10) {
                        // A citation in the text becomes a note of its own.
                        text.pop();
                        let _ = write!(
                            text,
                            " [@{}, {}].",
                            keys[rng.range(0, keys.len() - 1)],
                            rng.range(1, 200)
                        );
                        number += 1;
                        last_key = None;
                    } else {
                        number += 1;
                        let label = if rng.chance(30) {
                            format!("n{number}-{}", rng.pick(PLACES).to_lowercase())
                        } else {
                            number.to_string()
                        };
                        let _ = write!(text, "[^{label}]");
                        let _ = writeln!(
                            notes,
                            "[^{label}]: {}\n",
                            note_text(rng, keys, &mut last_key)
                        );
                        labels.push(label);
                    }
                }
                text.push(' ');
            }
            text.push_str("\n\n");
        }
        sections.push(text);
    }

    let names: Vec<String> = (0..sections.len())
        .map(|i| format!("{:03}-section.md", i + 1))
        .collect();
    for (name, text) in names.iter().zip(&sections) {
        std::fs::write(briefing_dir.join(name), text)?;
        bytes += text.len();
    }
    let list: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    std::fs::write(
        briefing_dir.join("briefing.toml"),
        format!(
            "title = \"A Large Generated Briefing\"\nseries = \"Background Briefing\"\npublisher = \"Example Rights Watch\"\ndate = 2007-01-23\nstatus = \"final\"\nsections = [{}]\n",
            list.join(", ")
        ),
    )?;
    std::fs::write(out.join("footnotes").join(format!("{id}.md")), &notes)?;
    bytes += notes.len();

    Ok((
        Generated {
            footnotes: number,
            bytes,
        },
        sections,
        notes,
    ))
}
