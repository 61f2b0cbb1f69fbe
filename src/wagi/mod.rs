//! WAGI (deislabs/wagi 0.8.1): WASI programs as HTTP handlers, CGI over stdin and stdout.
//! The protocol lives here, plain Rust and natively tested: routes ([`route`]), the request
//! side of CGI ([`cgi`]: environment and argv) and the response side ([`response`]). The
//! gateway that loads a config and runs handlers is in JS (`web/lib/wagi/`), on `run()`.

pub mod cgi;
pub mod response;
pub mod route;
