//! Dates as briefings give them: a full day, a month, or only a year.

use std::fmt::Write;

/// `[style] dates`: the order of day and month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateStyle {
    /// June 30, 2006
    #[default]
    Mdy,
    /// 30 June 2006
    Dmy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialDate {
    pub year: i16,
    pub month: Option<i8>,
    pub day: Option<i8>,
}

const MONTHS: [&str; 12] = [
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

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checking that the day
    /// exists in that month.
    pub fn parse(text: &str) -> Result<PartialDate, String> {
        let parts: Vec<&str> = text.split('-').collect();
        let well_formed = !parts.is_empty()
            && parts.len() <= 3
            && parts[0].len() == 4
            && parts[1..].iter().all(|p| p.len() == 2)
            && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
        if !well_formed {
            return Err(format!(
                "`{text}` is not a date: write YYYY-MM-DD, YYYY-MM or YYYY"
            ));
        }
        let number = |s: &str| s.parse::<i16>().unwrap_or(0);
        let year = number(parts[0]);
        let month = parts.get(1).map(|m| number(m) as i8);
        let day = parts.get(2).map(|d| number(d) as i8);
        Self::from_parts(year, month, day)
    }

    pub fn from_parts(
        year: i16,
        month: Option<i8>,
        day: Option<i8>,
    ) -> Result<PartialDate, String> {
        if !(1..=9999).contains(&year) {
            return Err(format!("year {year} is out of range"));
        }
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return Err(format!("month {m} does not exist"));
        }
        if let (Some(m), Some(d)) = (month, day)
            && jiff::civil::Date::new(year, m, d).is_err()
        {
            return Err(format!(
                "{} {year} has no day {d}",
                MONTHS[(m - 1) as usize]
            ));
        }
        Ok(PartialDate { year, month, day })
    }

    /// The date as a reader sees it: `June 30, 2006`, `June 2006`, `2006`.
    pub fn display(&self, style: DateStyle) -> String {
        let mut out = String::new();
        match (self.month, self.day) {
            (Some(m), Some(d)) => {
                let month = MONTHS[(m - 1) as usize];
                match style {
                    DateStyle::Mdy => write!(out, "{month} {d}, {}", self.year),
                    DateStyle::Dmy => write!(out, "{d} {month} {}", self.year),
                }
            }
            (Some(m), None) => write!(out, "{} {}", MONTHS[(m - 1) as usize], self.year),
            _ => write!(out, "{}", self.year),
        }
        .expect("writing to a String cannot fail");
        out
    }

    /// The machine-readable form for `<time datetime>`.
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_full_partial_and_dmy_dates() {
        let full = PartialDate::parse("2007-01-23").unwrap();
        assert_eq!(full.display(DateStyle::Mdy), "January 23, 2007");
        assert_eq!(full.display(DateStyle::Dmy), "23 January 2007");
        assert_eq!(
            PartialDate::parse("2005-06")
                .unwrap()
                .display(DateStyle::Mdy),
            "June 2005"
        );
        assert_eq!(PartialDate::parse("2005").unwrap().iso(), "2005");
    }

    #[test]
    fn rejects_impossible_and_malformed_dates() {
        assert!(
            PartialDate::parse("2006-02-30")
                .unwrap_err()
                .contains("no day 30")
        );
        assert!(PartialDate::parse("2006-13").is_err());
        assert!(PartialDate::parse("23.01.2007").is_err());
        assert!(PartialDate::parse("2007-1-23").is_err());
    }
}
