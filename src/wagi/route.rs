//! WAGI's routes (deislabs/wagi 0.8.1 `dispatcher.rs`, `dynamic_route.rs`): `/foo/...` is a
//! prefix match, anything else exact; `_routes` output adds subroutes to a module's route.

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RoutePattern {
    Exact(String),
    /// The route without its `/...`.
    Prefix(String),
}

impl RoutePattern {
    pub fn parse(text: &str) -> RoutePattern {
        match text.strip_suffix("/...") {
            Some(prefix) => RoutePattern::Prefix(prefix.to_string()),
            None => RoutePattern::Exact(text.to_string()),
        }
    }

    /// `/foo/...` matches `/foo`, `/foo/` and `/foo/x`, not `/foobar`.
    pub fn is_match(&self, path: &str) -> bool {
        match self {
            RoutePattern::Exact(exact) => exact == path,
            RoutePattern::Prefix(prefix) => {
                prefix == path
                    || path
                        .strip_prefix(prefix.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            }
        }
    }

    /// `SCRIPT_NAME`: the route without `/...`, always starting with `/`.
    pub fn script_name(&self) -> String {
        match self {
            RoutePattern::Exact(path) => path.clone(),
            RoutePattern::Prefix(prefix) if prefix.starts_with('/') => prefix.clone(),
            RoutePattern::Prefix(prefix) => format!("/{prefix}"),
        }
    }

    /// The route as written (`X_MATCHED_ROUTE`).
    pub fn original_text(&self) -> String {
        match self {
            RoutePattern::Exact(path) => path.clone(),
            RoutePattern::Prefix(prefix) => format!("{prefix}/..."),
        }
    }

    /// What follows the route in `path` (`PATH_INFO` before decoding); empty for an exact
    /// route, and for a path the route does not start.
    pub fn relative_path(&self, path: &str) -> String {
        let base = match self {
            RoutePattern::Exact(p) | RoutePattern::Prefix(p) => p,
        };
        path.strip_prefix(base.as_str()).unwrap_or("").to_string()
    }

    /// A `_routes` subroute under this route.
    pub fn append(&self, sub: &RoutePattern) -> RoutePattern {
        let base = match self {
            RoutePattern::Exact(p) | RoutePattern::Prefix(p) => p,
        };
        let join = |s: &str| {
            format!(
                "{}/{}",
                base.strip_suffix('/').unwrap_or(base),
                s.strip_prefix('/').unwrap_or(s)
            )
        };
        match sub {
            RoutePattern::Exact(s) => RoutePattern::Exact(join(s)),
            RoutePattern::Prefix(s) => RoutePattern::Prefix(join(s)),
        }
    }
}

/// A module's `_routes` output: one `<subpath> <entrypoint>` per non-empty line.
pub fn interpret_routes(text: &str) -> Result<Vec<(RoutePattern, String)>, String> {
    if text.is_empty() {
        return Err("_routes printed nothing".into());
    }
    text.lines()
        .filter(|line| !line.is_empty())
        .map(
            |line| match line.split_whitespace().collect::<Vec<_>>()[..] {
                [path, entrypoint] => Ok((RoutePattern::parse(path), entrypoint.to_string())),
                _ => Err(format!("_routes: `{line}` is not `<subpath> <entrypoint>`")),
            },
        )
        .collect()
}

/// The routes a module with `_routes` answers, in WAGI's order: its subroutes last printed
/// first, then the module's own route (with its configured entrypoint).
pub fn with_subroutes(
    route: &RoutePattern,
    entrypoint: &str,
    subroutes: &[(RoutePattern, String)],
) -> Vec<(RoutePattern, String)> {
    let mut all: Vec<_> = subroutes
        .iter()
        .rev()
        .map(|(sub, ep)| (route.append(sub), ep.clone()))
        .collect();
    all.push((route.clone(), entrypoint.to_string()));
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    // WAGI's own cases (dispatcher.rs, dynamic_route.rs tests).
    #[test]
    fn relative_paths() {
        let icon = "/static/images/icon.png";
        assert_eq!(
            RoutePattern::parse("/static/...").relative_path(icon),
            "/images/icon.png"
        );
        assert_eq!(RoutePattern::parse(icon).relative_path(icon), "");
        assert_eq!(RoutePattern::parse("/...").relative_path("/"), "/");
        assert_eq!(RoutePattern::parse("/").relative_path("/"), "");
        assert_eq!(RoutePattern::parse("/foo").relative_path("/bar"), "");
    }

    #[test]
    fn exact_and_prefix_matching() {
        let exact = RoutePattern::parse("/foo");
        assert!(exact.is_match("/foo"));
        for no in ["/foo/", "/foo/bar", "/foobar", "/foowizz/foo/skronk"] {
            assert!(!exact.is_match(no), "{no}");
        }
        let slash = RoutePattern::parse("/foo/");
        assert!(slash.is_match("/foo/") && !slash.is_match("/foo"));
        let prefix = RoutePattern::parse("/foo/...");
        for yes in ["/foo", "/foo/", "/foo/bar", "/foo/wizz/skronk"] {
            assert!(prefix.is_match(yes), "{yes}");
        }
        for no in ["/foobar", "/foowizz/foo/skronk"] {
            assert!(!prefix.is_match(no), "{no}");
        }
        assert!(RoutePattern::parse("/...").is_match("/anything/at/all"));
    }

    #[test]
    fn script_names_and_original_text() {
        let p = RoutePattern::parse("/path/...");
        assert_eq!(
            (p.script_name(), p.original_text()),
            ("/path".into(), "/path/...".into())
        );
        assert_eq!(RoutePattern::parse("/...").script_name(), "/");
        assert_eq!(RoutePattern::parse("/x").script_name(), "/x");
    }

    #[test]
    fn routes_output_is_two_columns_per_line() {
        assert!(interpret_routes("").is_err());
        assert!(interpret_routes("/hello").is_err());
        assert!(interpret_routes("/hello hello\n/goodbye").is_err());
        assert!(interpret_routes("/hello hello heya").is_err());
        let routes = interpret_routes("/hello hello\n\n/wild/... wildcard\n").unwrap();
        assert_eq!(
            routes,
            [
                (RoutePattern::Exact("/hello".into()), "hello".into()),
                (RoutePattern::Prefix("/wild".into()), "wildcard".into()),
            ]
        );
    }

    #[test]
    fn subroutes_join_the_module_route_last_first() {
        let subs = interpret_routes("/hello hello\n/wild/... wild").unwrap();
        let all = with_subroutes(&RoutePattern::parse("/app/..."), "_start", &subs);
        let texts: Vec<_> = all
            .iter()
            .map(|(r, ep)| (r.original_text(), ep.as_str()))
            .collect();
        assert_eq!(
            texts,
            [
                ("/app/wild/...".to_string(), "wild"),
                ("/app/hello".to_string(), "hello"),
                ("/app/...".to_string(), "_start"),
            ]
        );
        let root = RoutePattern::parse("/");
        assert_eq!(
            root.append(&RoutePattern::parse("/x")),
            RoutePattern::Exact("/x".into())
        );
    }
}
