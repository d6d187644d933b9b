//! Number filters for chapters: `fmt`, `signed` and `pct`.
//!
//! Results carry full-precision floats; chapters choose how many decimals a
//! reader sees. All three filters print a fixed number of decimals and never
//! print a negative zero (`-0.000` reads like a tiny loss that isn't there).
//!
//! | filter | example | output |
//! | --- | --- | --- |
//! | `fmt(digits=2)` | `{{ 0.87654 \| fmt(3) }}` | `0.877` |
//! | `signed(digits=2)` | `{{ 0.0123 \| signed(3) }}` | `+0.012` |
//! | `pct(digits=1)` | `{{ 0.87654 \| pct }}` | `87.7%` |

use minijinja::value::Value;
use minijinja::{Error, ErrorKind};

/// The most decimals a filter prints; more would only show float noise.
const MAX_DIGITS: i64 = 17;

/// `value | fmt(digits=2)`: the number with `digits` decimals.
pub(crate) fn fmt(value: Value, digits: Option<i64>) -> Result<String, Error> {
    let number = to_number("fmt", &value)?;
    Ok(fixed(number, check_digits("fmt", digits, 2)?))
}

/// `value | signed(digits=2)`: like `fmt`, with a `+` before positive numbers.
pub(crate) fn signed(value: Value, digits: Option<i64>) -> Result<String, Error> {
    let number = to_number("signed", &value)?;
    let text = fixed(number, check_digits("signed", digits, 2)?);
    if number > 0.0 && !is_zero(&text) {
        Ok(format!("+{text}"))
    } else {
        Ok(text)
    }
}

/// `value | pct(digits=1)`: a fraction shown as a percentage, 0.5 → `50.0%`.
pub(crate) fn pct(value: Value, digits: Option<i64>) -> Result<String, Error> {
    let number = to_number("pct", &value)?;
    Ok(format!(
        "{}%",
        fixed(number * 100.0, check_digits("pct", digits, 1)?)
    ))
}

/// Formats with a fixed number of decimals, without negative zero.
pub(crate) fn fixed(number: f64, digits: usize) -> String {
    if number.is_nan() {
        return "NaN".into();
    }
    if number.is_infinite() {
        return if number > 0.0 { "inf" } else { "-inf" }.into();
    }
    let text = format!("{number:.digits$}");
    match text.strip_prefix('-') {
        Some(positive) if is_zero(positive) => positive.to_string(),
        _ => text,
    }
}

fn is_zero(text: &str) -> bool {
    text.chars().all(|c| matches!(c, '0' | '.' | '-' | '+'))
}

fn to_number(filter: &str, value: &Value) -> Result<f64, Error> {
    if value.is_undefined() {
        return Err(Error::new(
            ErrorKind::UndefinedError,
            format!("{filter} got an undefined value; is a name or key misspelt?"),
        ));
    }
    let not_a_number = || {
        Error::new(
            ErrorKind::InvalidOperation,
            format!("{filter} expects a number, got {} {value}", value.kind()),
        )
    };
    if !value.is_number() {
        return Err(not_a_number());
    }
    f64::try_from(value.clone()).map_err(|_| not_a_number())
}

fn check_digits(filter: &str, digits: Option<i64>, default: usize) -> Result<usize, Error> {
    match digits {
        None => Ok(default),
        Some(digits @ 0..=MAX_DIGITS) => Ok(digits as usize),
        Some(digits) => Err(Error::new(
            ErrorKind::InvalidOperation,
            format!("{filter}: the number of decimals must be 0 to {MAX_DIGITS}, got {digits}"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_fixed_decimals() {
        assert_eq!(fmt(Value::from(0.87654), Some(3)).unwrap(), "0.877");
        assert_eq!(fmt(Value::from(2), None).unwrap(), "2.00");
        assert_eq!(fmt(Value::from(-0.0001), Some(2)).unwrap(), "0.00");
        assert_eq!(fmt(Value::from(f64::NAN), None).unwrap(), "NaN");
    }

    #[test]
    fn signs_and_percentages() {
        assert_eq!(signed(Value::from(0.0123), Some(3)).unwrap(), "+0.012");
        assert_eq!(signed(Value::from(-0.0123), Some(3)).unwrap(), "-0.012");
        assert_eq!(signed(Value::from(0.0001), Some(2)).unwrap(), "0.00");
        assert_eq!(pct(Value::from(0.87654), None).unwrap(), "87.7%");
        assert_eq!(pct(Value::from(1), Some(0)).unwrap(), "100%");
    }

    #[test]
    fn rejects_text_and_absurd_precision() {
        let error = fmt(Value::from("abc"), None).unwrap_err();
        assert_eq!(error.detail(), Some("fmt expects a number, got string abc"));

        let error = pct(Value::from(0.5), Some(1000)).unwrap_err();
        assert!(error.detail().unwrap().contains("0 to 17, got 1000"));
        assert!(fmt(Value::from(0.5), Some(-1)).is_err());

        let error = fmt(Value::UNDEFINED, None).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::UndefinedError);
    }
}
