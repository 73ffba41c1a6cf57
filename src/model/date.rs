//! Dates as briefings give them: a full day, a month, or only a year.

/// `[style] dates`: the order of day and month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateStyle {
    /// June 30, 2006
    #[default]
    Mdy,
    /// 30 June 2006
    Dmy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct PartialDate {
    pub year: i16,
    pub month: Option<i8>,
    pub day: Option<i8>,
}

/// English month names: for error messages, which are in English whatever
/// the briefing's language, and for the English locale.
pub const ENGLISH_MONTHS: [&str; 12] = [
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
                ENGLISH_MONTHS[(m - 1) as usize]
            ));
        }
        Ok(PartialDate { year, month, day })
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
    fn keeps_the_precision_it_was_given() {
        assert_eq!(
            PartialDate::parse("2007-01-23").unwrap().iso(),
            "2007-01-23"
        );
        assert_eq!(PartialDate::parse("2005-06").unwrap().iso(), "2005-06");
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
