//! WAGI's CGI contract on the way in (deislabs/wagi 0.8.1 `http_util.rs` `build_headers`,
//! `handlers.rs` `build_argv`): the environment and argv a handler runs with.
//!
//! Followed as WAGI does it, oddities included:
//! - `CONTENT_TYPE` is read from a request header literally named `content_type` (WAGI asks
//!   its header map for `CONTENT_TYPE`, which no browser sends), so it is empty in practice;
//!   the type is in `HTTP_CONTENT_TYPE`.
//! - `SERVER_PORT` is the URL's port, else 80 (WAGI falls back to 80 even behind TLS).
//! - In `argv`'s template, `${SCRIPT_NAME}` is the whole request path, not `SCRIPT_NAME`.
//! - A browser has no client address: `REMOTE_ADDR` and `REMOTE_HOST` are `127.0.0.1`.

use super::route::RoutePattern;
use percent_encoding::percent_decode_str;
use std::collections::BTreeMap;

/// What a handler is told about one request.
pub struct Request<'a> {
    pub method: &'a str,
    /// `http` or `https`.
    pub scheme: &'a str,
    pub host: &'a str,
    /// Empty when the URL has none.
    pub port: &'a str,
    /// The path as sent (still percent-encoded), from the site's root: a site hosted under
    /// `/repo/` routes `/repo/hello` as `/hello`.
    pub path: &'a str,
    /// Where the site is hosted (`/repo`; empty at a domain's root), for `X_FULL_URL`.
    pub site_path: &'a str,
    /// The query without its `?`.
    pub query: &'a str,
    /// Request headers, names in any case.
    pub headers: &'a [(String, String)],
    pub body_len: usize,
}

/// The handler's environment: `global` (`--env`) first, then the CGI variables over it.
pub fn environment(
    route: &RoutePattern,
    req: &Request,
    global: &[(String, String)],
) -> Vec<(String, String)> {
    let mut env: BTreeMap<String, String> = global.iter().cloned().collect();
    let port = if req.port.is_empty() { "80" } else { req.port };
    let raw_path_info = route.relative_path(req.path);
    let path_info = percent_decode_str(&raw_path_info)
        .decode_utf8_lossy()
        .into_owned();
    let query = if req.query.is_empty() {
        String::new()
    } else {
        format!("?{}", req.query)
    };
    let content_type = header(req.headers, "content_type").unwrap_or_default();
    let mut set = |k: &str, v: String| {
        env.insert(k.to_string(), v);
    };
    set("AUTH_TYPE", String::new());
    set("CONTENT_LENGTH", req.body_len.to_string());
    set("CONTENT_TYPE", content_type);
    set(
        "X_FULL_URL",
        format!(
            "{}://{}:{port}{}{}{query}",
            req.scheme, req.host, req.site_path, req.path
        ),
    );
    set("GATEWAY_INTERFACE", "CGI/1.1".into());
    set("X_MATCHED_ROUTE", route.original_text());
    set("QUERY_STRING", req.query.to_string());
    set("REMOTE_ADDR", "127.0.0.1".into());
    set("REMOTE_HOST", "127.0.0.1".into());
    set("REMOTE_USER", String::new());
    set("REQUEST_METHOD", req.method.to_string());
    set("SCRIPT_NAME", route.script_name());
    set("X_RAW_PATH_INFO", raw_path_info);
    set("PATH_INFO", path_info.clone());
    set("PATH_TRANSLATED", path_info);
    set("SERVER_NAME", req.host.to_string());
    set("SERVER_PORT", port.to_string());
    set("SERVER_PROTOCOL", "HTTP/1.1".into());
    set("SERVER_SOFTWARE", "WAGI/1".into());
    for (name, value) in req.headers {
        let key = format!("HTTP_{}", name.to_ascii_uppercase().replace('-', "_"));
        // RFC 3875 4.1.18: credentials and hop-by-hop headers are not passed on.
        if key != "HTTP_AUTHORIZATION" && key != "HTTP_CONNECTION" {
            env.insert(key, value.clone());
        }
    }
    env.into_iter().collect()
}

fn header(headers: &[(String, String)], name: &str) -> Option<String> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.clone())
}

/// argv: `[path, query items split on &]`, or with an `argv` template, `${SCRIPT_NAME}` and
/// `${ARGS}` (the query, `&` as spaces) expanded and split on whitespace.
pub fn argv(template: Option<&str>, path: &str, query: &str) -> Vec<String> {
    match template {
        None => std::iter::once(path.to_string())
            .chain(
                Some(query)
                    .filter(|q| !q.is_empty())
                    .into_iter()
                    .flat_map(|q| q.split('&').map(str::to_string)),
            )
            .collect(),
        Some(template) => template
            .replace("${SCRIPT_NAME}", path)
            .replace("${ARGS}", &query.replace('&', " "))
            .split_whitespace()
            .map(str::to_string)
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    // WAGI's `test_headers`, with the browser's client address.
    #[test]
    fn the_cgi_environment_is_wagis() {
        let headers = h(&[
            ("X-Test-Header", "hello"),
            ("Accept", "text/html"),
            ("User-agent", "test"),
            ("Host", "example.com:3000"),
            ("Authorization", "supersecret"),
            ("Connection", "sensitive"),
            ("Content-Type", "text/plain"),
        ]);
        let req = Request {
            method: "POST",
            scheme: "https",
            host: "example.com",
            port: "3000",
            path: "/path/test%3brun",
            site_path: "",
            query: "foo=bar",
            headers: &headers,
            body_len: 1234,
        };
        let global = h(&[("GREETING", "hi"), ("SERVER_SOFTWARE", "overridden")]);
        let env: BTreeMap<_, _> = environment(&RoutePattern::parse("/path/..."), &req, &global)
            .into_iter()
            .collect();
        let want = [
            ("X_MATCHED_ROUTE", "/path/..."),
            ("HTTP_ACCEPT", "text/html"),
            ("REQUEST_METHOD", "POST"),
            ("SERVER_PROTOCOL", "HTTP/1.1"),
            ("HTTP_USER_AGENT", "test"),
            ("SCRIPT_NAME", "/path"),
            ("SERVER_SOFTWARE", "WAGI/1"),
            ("SERVER_PORT", "3000"),
            ("SERVER_NAME", "example.com"),
            ("AUTH_TYPE", ""),
            ("REMOTE_ADDR", "127.0.0.1"),
            ("REMOTE_HOST", "127.0.0.1"),
            ("PATH_INFO", "/test;run"),
            ("X_RAW_PATH_INFO", "/test%3brun"),
            ("PATH_TRANSLATED", "/test;run"),
            ("QUERY_STRING", "foo=bar"),
            ("CONTENT_LENGTH", "1234"),
            ("CONTENT_TYPE", ""),
            ("HTTP_CONTENT_TYPE", "text/plain"),
            ("HTTP_HOST", "example.com:3000"),
            ("GATEWAY_INTERFACE", "CGI/1.1"),
            ("REMOTE_USER", ""),
            (
                "X_FULL_URL",
                "https://example.com:3000/path/test%3brun?foo=bar",
            ),
            ("HTTP_X_TEST_HEADER", "hello"),
            ("GREETING", "hi"),
        ];
        for (k, v) in want {
            assert_eq!(env.get(k).map(String::as_str), Some(v), "{k}");
        }
        assert!(!env.contains_key("HTTP_AUTHORIZATION"));
        assert!(!env.contains_key("HTTP_CONNECTION"));
    }

    #[test]
    fn no_port_is_80_and_an_exact_route_has_no_path_info() {
        let req = Request {
            method: "GET",
            scheme: "https",
            host: "example.org",
            port: "",
            path: "/hello",
            site_path: "/repo",
            query: "",
            headers: &[],
            body_len: 0,
        };
        let env: BTreeMap<_, _> = environment(&RoutePattern::parse("/hello"), &req, &[])
            .into_iter()
            .collect();
        assert_eq!(env["SERVER_PORT"], "80");
        assert_eq!(env["PATH_INFO"], "");
        assert_eq!(env["X_FULL_URL"], "https://example.org:80/repo/hello");
    }

    #[test]
    fn argv_by_default_and_from_a_template() {
        assert_eq!(argv(None, "/env", ""), ["/env"]);
        assert_eq!(argv(None, "/env", "a=1&b&c=3"), ["/env", "a=1", "b", "c=3"]);
        assert_eq!(
            argv(Some("${SCRIPT_NAME} --x ${ARGS}"), "/tool/sub", "a=1&b"),
            ["/tool/sub", "--x", "a=1", "b"]
        );
        assert_eq!(argv(Some("prog"), "/p", "q"), ["prog"]);
    }
}
