//! What the footer says about a build: program, commit, configuration,
//! seeds and, only when asked for, the time.

use serde::Serialize;

/// Facts about the build that make the report reproducible.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteMetadata {
    /// The site title; `None` uses the `# Title` of `SUMMARY.md`.
    pub title: Option<String>,
    /// The program version, e.g. `0.1.0`.
    pub version: String,
    /// The git commit of the program, when known.
    pub commit: Option<String>,
    /// A hash of the configuration the results came from.
    pub config_hash: String,
    /// The seeds, described for people, e.g. `0–9 (10 seeds)`.
    pub seeds: String,
    /// Seconds since 1970-01-01 UTC, from `SOURCE_DATE_EPOCH`. `None` keeps
    /// the pages free of any time, so rebuilds are byte-identical.
    pub timestamp: Option<u64>,
}

/// The `site` variable of chapters and layouts.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SiteInfo {
    pub title: String,
    pub version: String,
    pub commit: Option<String>,
    pub config_hash: String,
    pub seeds: String,
    /// `2024-05-01 12:00:00 UTC`, or none.
    pub timestamp: Option<String>,
    /// `2024-05-01T12:00:00Z`, for `<time datetime>`, or none.
    pub timestamp_iso: Option<String>,
}

impl SiteInfo {
    /// Combines the metadata with the book's title.
    pub(crate) fn new(metadata: &SiteMetadata, book_title: &str) -> Self {
        let time = metadata.timestamp.map(UtcTime::from_unix);
        SiteInfo {
            title: metadata
                .title
                .clone()
                .unwrap_or_else(|| book_title.to_string()),
            version: metadata.version.clone(),
            commit: metadata.commit.clone(),
            config_hash: metadata.config_hash.clone(),
            seeds: metadata.seeds.clone(),
            timestamp: time.map(|t| t.to_readable()),
            timestamp_iso: time.map(|t| t.to_iso()),
        }
    }
}

/// A calendar date and time in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct UtcTime {
    year: u64,
    month: u64,
    day: u64,
    hour: u64,
    minute: u64,
    second: u64,
}

impl UtcTime {
    /// Converts seconds since 1970-01-01T00:00:00Z (leap seconds ignored, as
    /// Unix time does).
    fn from_unix(seconds: u64) -> Self {
        // The Gregorian calendar repeats every 400 years (146 097 days), so
        // whole cycles are skipped and the year loop runs at most 400 times.
        const DAYS_PER_CYCLE: u64 = 146_097;
        let days = seconds / 86_400;
        let second_of_day = seconds % 86_400;

        let mut year = 1970 + 400 * (days / DAYS_PER_CYCLE);
        let mut day_of_cycle = days % DAYS_PER_CYCLE;
        while day_of_cycle >= days_in_year(year) {
            day_of_cycle -= days_in_year(year);
            year += 1;
        }

        let mut month = 1;
        let mut day_of_year = day_of_cycle;
        while day_of_year >= days_in_month(year, month) {
            day_of_year -= days_in_month(year, month);
            month += 1;
        }

        UtcTime {
            year,
            month,
            day: day_of_year + 1,
            hour: second_of_day / 3600,
            minute: second_of_day / 60 % 60,
            second: second_of_day % 60,
        }
    }

    fn to_readable(self) -> String {
        let UtcTime {
            year,
            month,
            day,
            hour,
            minute,
            second,
        } = self;
        format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02} UTC")
    }

    fn to_iso(self) -> String {
        let UtcTime {
            year,
            month,
            day,
            hour,
            minute,
            second,
        } = self;
        format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z")
    }
}

fn is_leap_year(year: u64) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

fn days_in_year(year: u64) -> u64 {
    if is_leap_year(year) { 366 } else { 365 }
}

fn days_in_month(year: u64, month: u64) -> u64 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values from `date -u -d @<seconds> '+%F %T'` (GNU coreutils).
    #[test]
    fn converts_unix_time_to_utc_dates() {
        let readable = |seconds| UtcTime::from_unix(seconds).to_readable();
        assert_eq!(readable(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(readable(951_782_400), "2000-02-29 00:00:00 UTC");
        assert_eq!(readable(1_709_251_199), "2024-02-29 23:59:59 UTC");
        assert_eq!(readable(1_735_689_600), "2025-01-01 00:00:00 UTC");
        assert_eq!(readable(4_102_444_800), "2100-01-01 00:00:00 UTC");
        assert_eq!(
            UtcTime::from_unix(1_709_251_199).to_iso(),
            "2024-02-29T23:59:59Z"
        );
    }

    #[test]
    fn huge_timestamps_finish_quickly() {
        let time = UtcTime::from_unix(u64::MAX);
        assert!(time.year > 1_000_000_000);
        assert!((1..=12).contains(&time.month));
    }

    #[test]
    fn title_falls_back_to_the_book() {
        let metadata = SiteMetadata::default();
        let info = SiteInfo::new(&metadata, "Noise");
        assert_eq!(info.title, "Noise");
        assert_eq!(info.timestamp, None);
    }
}
