//! WAGI's protocol (`crate::wagi`) for the JS gateway (`web/lib/wagi.js`): plain strings and
//! bytes across, the gateway does the fetching and running.

use crate::wagi::{cgi, response, route::RoutePattern};
use wasm_bindgen::prelude::*;

/// The index of the first route (as written in the config, `/foo/...` or exact) that
/// matches `path`, if any.
#[wasm_bindgen(js_name = wagiMatch)]
pub fn wagi_match(routes: Vec<String>, path: &str) -> Option<usize> {
    routes
        .iter()
        .position(|r| RoutePattern::parse(r).is_match(path))
}

/// A `_routes` module's routes as `[route, entrypoint, route, entrypoint, ...]`, in the
/// order they are tried; throws the reason when its output is not WAGI's format.
#[wasm_bindgen(js_name = wagiSubroutes)]
pub fn wagi_subroutes(route: &str, entrypoint: &str, output: &str) -> Result<Vec<String>, String> {
    let subs = crate::wagi::route::interpret_routes(output)?;
    Ok(
        crate::wagi::route::with_subroutes(&RoutePattern::parse(route), entrypoint, &subs)
            .into_iter()
            .flat_map(|(r, ep)| [r.original_text(), ep])
            .collect(),
    )
}

/// The request as a handler sees it: `args` and `env` (`KEY=value`).
#[wasm_bindgen]
pub struct WagiInvocation {
    args: Vec<String>,
    env: Vec<String>,
}

#[wasm_bindgen]
impl WagiInvocation {
    #[wasm_bindgen(getter)]
    pub fn args(&self) -> Vec<String> {
        self.args.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn env(&self) -> Vec<String> {
        self.env.clone()
    }
}

/// argv and the CGI environment for a request to `route`. `url` is `[scheme, host, port,
/// path (from the site's root), query, the site's own path]`; `headers` and `global_env` are `[name, value, name, value, ...]`.
#[wasm_bindgen(js_name = wagiInvocation)]
pub fn wagi_invocation(
    route: &str,
    argv_template: Option<String>,
    method: &str,
    url: Vec<String>,
    headers: Vec<String>,
    body_len: usize,
    global_env: Vec<String>,
) -> WagiInvocation {
    let pairs = |flat: Vec<String>| -> Vec<(String, String)> {
        flat.chunks_exact(2)
            .map(|p| (p[0].clone(), p[1].clone()))
            .collect()
    };
    let part = |i: usize| url.get(i).map(String::as_str).unwrap_or_default();
    let headers = pairs(headers);
    let req = cgi::Request {
        method,
        scheme: part(0),
        host: part(1),
        port: part(2),
        path: part(3),
        query: part(4),
        site_path: part(5),
        headers: &headers,
        body_len,
    };
    let env = cgi::environment(&RoutePattern::parse(route), &req, &pairs(global_env));
    WagiInvocation {
        args: cgi::argv(argv_template.as_deref(), req.path, req.query),
        env: env.into_iter().map(|(k, v)| format!("{k}={v}")).collect(),
    }
}

/// A handler's response, composed from its stdout.
#[wasm_bindgen]
pub struct WagiResponse(response::Response);

#[wasm_bindgen]
impl WagiResponse {
    #[wasm_bindgen(getter)]
    pub fn status(&self) -> u16 {
        self.0.status
    }

    /// `[name, value, name, value, ...]`.
    #[wasm_bindgen(getter)]
    pub fn headers(&self) -> Vec<String> {
        self.0
            .headers
            .iter()
            .flat_map(|(n, v)| [n.clone(), v.clone()])
            .collect()
    }

    #[wasm_bindgen(getter)]
    pub fn body(&self) -> Vec<u8> {
        self.0.body.clone()
    }
}

#[wasm_bindgen(js_name = wagiCompose)]
pub fn wagi_compose(stdout: &[u8]) -> WagiResponse {
    WagiResponse(response::compose(stdout))
}
