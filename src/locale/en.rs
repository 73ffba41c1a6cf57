//! English, as the house style writes it: American punctuation (a comma
//! inside the closing quotation mark), a serial comma, month-day-year
//! dates unless `[style] dates = "dmy"`.

use super::{Locale, Phrase, Terms};
use crate::model::date::ENGLISH_MONTHS;

pub fn locale() -> Locale {
    Locale {
        language: "en",
        terms: Terms {
            notes: "Notes".to_string(),
            contents: "Contents".to_string(),
            draft_banner: "Draft - not for publication".to_string(),
            draft_line: "DRAFT - not for publication".to_string(),
            draft_mark: "DRAFT".to_string(),
            briefings: "Briefings".to_string(),
            not_for_publication: "(not for publication)".to_string(),
            plain_text: "plain text".to_string(),
            no_briefings: "No briefings were built.".to_string(),
        },
        months: ENGLISH_MONTHS,
        quotes: ['“', '”', '‘', '’'],
        and: "and",
        last_citation_joiner: "; and ",
        serial_comma: true,
        ibid: ["Ibid.", "ibid."],
        page: "p.",
        pages: "pp.",
        volume: "vol.",
        number: "no.",
        press_release: Phrase::new("{publisher} press release"),
        interview: Phrase::new("{interviewer} interview with {interviewee}"),
        letter: Phrase::new("Letter from {from} to {to}"),
        image: Phrase::new("[Image: {alt}]"),
        back_to_text: Phrase::new("Back to the text of note {n}"),
        back_to_reference: Phrase::new("Back to reference {nth} of note {n}"),
        marks_inside_quotes: true,
    }
}
