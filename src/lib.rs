//! noise-report
