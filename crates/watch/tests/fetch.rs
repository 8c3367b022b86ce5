//! The HTTP client against a local server: size cap, robots.txt that cannot be read, timeouts
//! retried, a conditional GET. Nothing leaves 127.0.0.1.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use corroborate_watch::{FetchError, FetchOptions, Fetched, Fetcher, Validators};

/// Serves every connection with `answer(path, if-none-match)`: `None` never answers.
fn serve(
    answer: impl Fn(&str, Option<&str>) -> Option<String> + Send + Sync + 'static,
) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let requests = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&requests);
    let answer = Arc::new(answer);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (answer, counted) = (Arc::clone(&answer), Arc::clone(&counted));
            std::thread::spawn(move || handle(stream, &*answer, &counted));
        }
    });
    (base, requests)
}

fn handle(
    mut stream: TcpStream,
    answer: &(dyn Fn(&str, Option<&str>) -> Option<String> + Send + Sync),
    requests: &AtomicUsize,
) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut first = String::new();
    let _ = reader.read_line(&mut first);
    let path = first.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut etag = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
        if let Some(value) = line.to_ascii_lowercase().strip_prefix("if-none-match:") {
            etag = Some(value.trim().to_string());
        }
    }
    if path != "/robots.txt" {
        requests.fetch_add(1, Ordering::SeqCst);
    }
    match answer(&path, etag.as_deref()) {
        Some(response) => {
            let _ = stream.write_all(response.as_bytes());
        }
        None => std::thread::sleep(Duration::from_secs(5)),
    }
}

fn response(status: &str, headers: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n{headers}\r\n{body}",
        body.len()
    )
}

fn quick() -> FetchOptions {
    FetchOptions {
        host_delay: Duration::ZERO,
        backoff: Duration::from_millis(10),
        ..FetchOptions::default()
    }
}

#[test]
fn a_response_over_the_cap_is_refused() {
    let (base, _) = serve(|path, _| {
        Some(match path {
            "/robots.txt" => response("404 Not Found", "", ""),
            _ => response("200 OK", "Content-Type: text/html\r\n", &"x".repeat(5000)),
        })
    });
    let mut fetcher = Fetcher::new(FetchOptions {
        max_bytes: 1000,
        ..quick()
    })
    .expect("client");
    let url = format!("{base}/big.html");
    let error = fetcher
        .get(&url, &Validators::default())
        .expect_err("too large");
    assert!(matches!(error, FetchError::TooLarge { .. }), "{error}");
    assert!(error.to_string().starts_with(&url), "{error}");
    assert!(!error.is_transient());
}

#[test]
fn a_site_whose_robots_txt_fails_is_not_fetched() {
    let (base, requests) = serve(|path, _| {
        Some(match path {
            "/robots.txt" => response("500 Internal Server Error", "", "oops"),
            _ => response("200 OK", "", "page"),
        })
    });
    let mut fetcher = Fetcher::new(quick()).expect("client");
    let error = fetcher
        .get(&format!("{base}/a.html"), &Validators::default())
        .expect_err("disallowed");
    assert!(matches!(error, FetchError::Disallowed { .. }), "{error}");
    assert_eq!(requests.load(Ordering::SeqCst), 0);
}

#[test]
fn timeouts_are_retried_then_reported_as_transient() {
    let (base, requests) = serve(|path, _| match path {
        "/robots.txt" => Some(response("404 Not Found", "", "")),
        _ => None,
    });
    let mut fetcher = Fetcher::new(FetchOptions {
        timeout: Duration::from_millis(300),
        tries: 2,
        ..quick()
    })
    .expect("client");
    let url = format!("{base}/slow.xml");
    let error = fetcher
        .get(&url, &Validators::default())
        .expect_err("timeout");
    assert!(error.is_transient(), "{error}");
    assert!(error.to_string().contains("timed out"), "{error}");
    assert_eq!(requests.load(Ordering::SeqCst), 2);
}

#[test]
fn validators_come_back_and_a_match_is_not_modified() {
    let (base, _) = serve(|path, etag| {
        Some(match (path, etag) {
            ("/robots.txt", _) => response("404 Not Found", "", ""),
            (_, Some("\"v7\"")) => response("304 Not Modified", "", ""),
            _ => response(
                "200 OK",
                "ETag: \"v7\"\r\nLast-Modified: Wed, 11 Mar 2026 10:00:00 GMT\r\nContent-Type: application/rss+xml\r\n",
                "<rss/>",
            ),
        })
    });
    let mut fetcher = Fetcher::new(quick()).expect("client");
    let url = format!("{base}/feed.xml");
    let Fetched::Body(page) = fetcher.get(&url, &Validators::default()).expect("first") else {
        panic!("no body the first time");
    };
    assert_eq!(page.bytes, b"<rss/>");
    assert_eq!(page.validators.etag.as_deref(), Some("\"v7\""));
    assert_eq!(
        page.validators.last_modified.as_deref(),
        Some("Wed, 11 Mar 2026 10:00:00 GMT")
    );
    let again = fetcher.get(&url, &page.validators).expect("second");
    assert_eq!(again, Fetched::NotModified);
}
