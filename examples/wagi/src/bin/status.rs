//! Status and Location: `?teapot` answers 418, `?moved` redirects, anything else 201.
fn main() {
    let query = std::env::var("QUERY_STRING").unwrap_or_default();
    match query.as_str() {
        "teapot" => {
            println!("Status: 418 I'm a teapot");
            println!("Content-Type: text/plain");
            println!();
            println!("short and stout");
        }
        "moved" => {
            // Relative, so it stays inside the site wherever it is hosted.
            println!("Location: hello");
            println!();
        }
        _ => {
            println!("Status: 201 Created");
            println!("Content-Type: text/plain");
            println!("X-Handler: status");
            println!();
            println!("created");
        }
    }
}
