//! The site renderer: a book of Markdown chapters and the results in, a
//! folder of static HTML out.
#![warn(missing_docs)]

mod book;
mod environment;
mod error;
mod files;
mod heading_id;
mod helpers;
mod html;
mod markdown;
mod numbers;
mod printed_values;
mod summary;
mod table;
mod template_error;
mod theme;
mod writer;

pub use book::{Book, Chapter, load_book};
pub use error::{SiteError, SourceLocation};
pub use theme::{Theme, load_theme};
