//! The browser glue (filled in next).
