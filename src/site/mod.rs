//! The site renderer: a book of Markdown chapters and the results in, a
//! folder of static HTML out.
#![warn(missing_docs)]

mod error;
mod summary;

pub use error::{SiteError, SourceLocation};
