//! WAGI's CGI contract on the way out (deislabs/wagi 0.8.1 `handlers.rs` `compose_response`):
//! a handler's stdout is headers up to the first blank line (CR ignored there), then the body.

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    /// Lower-case names, in the order the handler printed them.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// A plain-text answer (404, 500 and their reason).
    pub fn text(status: u16, text: &str) -> Response {
        Response {
            status,
            headers: vec![("content-type".into(), "text/plain; charset=utf-8".into())],
            body: text.as_bytes().to_vec(),
        }
    }
}

/// Turns a handler's stdout into the response: `content-type` sets the type, `status` the
/// code (unparsable: 502), `location` sets Location and 302, any other valid header is
/// copied; none of the three: 500.
pub fn compose(stdout: &[u8]) -> Response {
    let (head, body) = split_head(stdout);
    let Ok(head) = String::from_utf8(head) else {
        return Response::text(500, "the handler's CGI headers are not UTF-8");
    };
    let mut response = Response {
        status: 200,
        headers: Vec::new(),
        body,
    };
    let mut sufficient = false;
    let mut explicit_status = false;
    for line in head.trim().split('\n') {
        // WAGI skips a line without a colon (it logs it as corrupt).
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let (name, value) = (name.trim().to_ascii_lowercase(), value.trim().to_string());
        match name.as_str() {
            "status" => {
                sufficient = true;
                explicit_status = true;
                let code = value.split_once(' ').map_or(value.as_str(), |(c, _)| c);
                response.status = match code.parse::<u16>() {
                    Ok(c) if (100..=999).contains(&c) => c,
                    _ => 502,
                };
            }
            "location" => {
                sufficient = true;
                // WAGI's order of the two is that of a hash map; an explicit Status wins here.
                if !explicit_status {
                    response.status = 302;
                }
                set(&mut response.headers, name, value);
            }
            "content-type" => {
                sufficient = true;
                set(&mut response.headers, name, value);
            }
            _ if valid_header(&name, &value) => set(&mut response.headers, name, value),
            _ => {}
        }
    }
    if sufficient {
        response
    } else {
        Response::text(
            500,
            "Exactly one of 'location' or 'content-type' must be specified",
        )
    }
}

/// The head (CRs dropped) and the body: the head ends at the first empty line.
fn split_head(out: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let mut head = Vec::new();
    let mut last = 0u8;
    for (i, &b) in out.iter().enumerate() {
        if b == b'\r' {
            continue;
        }
        if b == b'\n' && last == b'\n' {
            return (head, out[i + 1..].to_vec());
        }
        last = b;
        head.push(b);
    }
    // No blank line: WAGI keeps it all as the body, with no headers.
    (Vec::new(), head)
}

/// Later headers of one name replace earlier ones, as WAGI's header map does.
fn set(headers: &mut Vec<(String, String)>, name: String, value: String) {
    headers.retain(|(n, _)| *n != name);
    headers.push((name, value));
}

fn valid_header(name: &str, value: &str) -> bool {
    let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    !name.is_empty()
        && name.chars().all(token)
        && value
            .chars()
            .all(|c| c == '\t' || (c >= ' ' && c != '\u{7f}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header<'a>(r: &'a Response, name: &str) -> Option<&'a str> {
        r.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn headers_then_body() {
        let r =
            compose(b"Content-Type: text/html\r\nX-Extra:  yes \r\n\r\n<h1>hi</h1>\r\n\r\nmore");
        assert_eq!(r.status, 200);
        assert_eq!(header(&r, "content-type"), Some("text/html"));
        assert_eq!(header(&r, "x-extra"), Some("yes"));
        // Only the head loses its CRs.
        assert_eq!(r.body, b"<h1>hi</h1>\r\n\r\nmore");
    }

    #[test]
    fn status_and_location() {
        let r = compose(b"Status: 418 I'm a teapot\ncontent-type: text/plain\n\nshort and stout");
        assert_eq!(
            (r.status, r.body.as_slice()),
            (418, &b"short and stout"[..])
        );
        let r = compose(b"Location: /elsewhere\n\n");
        assert_eq!(
            (r.status, header(&r, "location")),
            (302, Some("/elsewhere"))
        );
        let r = compose(b"Location: /x\nStatus: 301\n\n");
        assert_eq!(r.status, 301);
        assert_eq!(compose(b"Status: teapot\n\n").status, 502);
    }

    #[test]
    fn not_enough_headers_is_500() {
        for out in [&b"just text, no headers"[..], b"X-Only: this\n\nbody", b""] {
            let r = compose(out);
            assert_eq!(r.status, 500, "{:?}", String::from_utf8_lossy(out));
        }
        assert_eq!(compose(b"\xff\xfe: x\n\n").status, 500);
    }

    #[test]
    fn invalid_header_names_are_dropped() {
        let r = compose(b"Content-Type: a/b\nBad Name: x\nno colon here\nok-name: v\n\n");
        assert_eq!(r.status, 200);
        assert_eq!(header(&r, "bad name"), None);
        assert_eq!(header(&r, "ok-name"), Some("v"));
    }
}
