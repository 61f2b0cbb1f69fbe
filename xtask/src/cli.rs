//! Command-line parsing for the xtask commands, on lexopt: errors name the option and end
//! with the command's usage.
//!
//! ```ignore
//! let mut p = cli::parser(args);
//! while let Some(arg) = p.next().map_err(cli::fail(USAGE))? {
//!     match arg {
//!         Long("runs") => runs = cli::value(&mut p, USAGE)?,
//!         _ => return Err(cli::fail(USAGE)(arg.unexpected())),
//!     }
//! }
//! ```

use crate::cmd::Result;
pub use lexopt::prelude::*;
pub use lexopt::Parser;

pub fn parser(args: &[String]) -> Parser {
    Parser::from_args(args.iter().cloned())
}

/// The option's value, parsed (a string, a number, a port...).
pub fn value<T>(p: &mut Parser, usage: &str) -> Result<T>
where
    T: std::str::FromStr,
    T::Err: Into<Box<dyn std::error::Error + Send + Sync + 'static>>,
{
    p.value().map_err(fail(usage))?.parse().map_err(fail(usage))
}

/// Turns a parse error into the message the command fails with.
pub fn fail(usage: &str) -> impl Fn(lexopt::Error) -> String + '_ {
    move |e| format!("{e}\n\n{usage}")
}
