//! What the footer says about a build: program, commit, configuration,
//! seeds and, only when asked for, the time.

use serde::Serialize;
use time::OffsetDateTime;
use time::format_description::FormatItem;
use time::macros::format_description;

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
    /// The build time in UTC, from `SOURCE_DATE_EPOCH`. `None` keeps the
    /// pages free of any time, so rebuilds are byte-identical.
    pub timestamp: Option<OffsetDateTime>,
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
        let time = metadata
            .timestamp
            .map(|t| t.to_offset(time::UtcOffset::UTC));
        SiteInfo {
            title: metadata
                .title
                .clone()
                .unwrap_or_else(|| book_title.to_string()),
            version: metadata.version.clone(),
            commit: metadata.commit.clone(),
            config_hash: metadata.config_hash.clone(),
            seeds: metadata.seeds.clone(),
            timestamp: time.map(|t| format_utc(t, READABLE)),
            timestamp_iso: time.map(|t| format_utc(t, ISO)),
        }
    }
}

/// `2024-05-01 12:00:00 UTC`.
const READABLE: &[FormatItem<'_>] =
    format_description!("[year]-[month]-[day] [hour]:[minute]:[second] UTC");

/// `2024-05-01T12:00:00Z`, the form `<time datetime>` takes.
const ISO: &[FormatItem<'_>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");

/// `time` in one of the formats above. Every field they name exists in a
/// UTC date-time, so formatting cannot fail.
fn format_utc(time: OffsetDateTime, format: &[FormatItem<'_>]) -> String {
    time.format(format)
        .expect("a UTC date-time has every field of the format")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info_at(seconds: i64) -> SiteInfo {
        let metadata = SiteMetadata {
            timestamp: Some(OffsetDateTime::from_unix_timestamp(seconds).unwrap()),
            ..SiteMetadata::default()
        };
        SiteInfo::new(&metadata, "Noise")
    }

    // Expected values from `date -u -d @<seconds> '+%F %T'` (GNU coreutils).
    #[test]
    fn timestamps_are_utc_dates() {
        let readable = |seconds| info_at(seconds).timestamp.unwrap();
        assert_eq!(readable(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(readable(951_782_400), "2000-02-29 00:00:00 UTC");
        assert_eq!(readable(1_709_251_199), "2024-02-29 23:59:59 UTC");
        assert_eq!(readable(4_102_444_800), "2100-01-01 00:00:00 UTC");
        assert_eq!(
            info_at(1_709_251_199).timestamp_iso.unwrap(),
            "2024-02-29T23:59:59Z"
        );
    }

    #[test]
    fn title_falls_back_to_the_book() {
        let metadata = SiteMetadata::default();
        let info = SiteInfo::new(&metadata, "Noise");
        assert_eq!(info.title, "Noise");
        assert_eq!(info.timestamp, None);
    }
}
