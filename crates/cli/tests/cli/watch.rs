//! `corroborate watch`: feeds from a local HTTP server (conditional GET, robots.txt, a 404, a
//! retried 503), folders polled between passes, a clean stop on SIGTERM, and readers that keep
//! working while `add` writes.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::{corroborate, repo_root};

/// One canned answer of the test server.
#[derive(Clone, Default)]
struct Route {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    etag: Option<String>,
    last_modified: Option<String>,
    /// Answer 503 this many times first.
    fail_first: usize,
}

/// A request as the server saw it: the path and the headers (names lowercased).
#[derive(Clone, Debug)]
struct Seen {
    path: String,
    headers: HashMap<String, String>,
}

/// A tiny HTTP/1.1 server on 127.0.0.1 serving `routes` (404 elsewhere) and logging requests.
struct Server {
    base: String,
    routes: Arc<Mutex<HashMap<String, Route>>>,
    log: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let routes: Arc<Mutex<HashMap<String, Route>>> = Arc::default();
        let log: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let (served_routes, served_log) = (Arc::clone(&routes), Arc::clone(&log));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (routes, log) = (Arc::clone(&served_routes), Arc::clone(&served_log));
                std::thread::spawn(move || serve(stream, &routes, &log));
            }
        });
        Server { base, routes, log }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn route(&self, path: &str, route: Route) {
        self.routes
            .lock()
            .expect("routes")
            .insert(path.into(), route);
    }

    /// The requests so far, and forget them.
    fn take_log(&self) -> Vec<Seen> {
        std::mem::take(&mut *self.log.lock().expect("log"))
    }
}

fn serve(stream: TcpStream, routes: &Mutex<HashMap<String, Route>>, log: &Mutex<Vec<Seen>>) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_string();
    let mut headers = HashMap::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
        }
    }
    log.lock().expect("log").push(Seen {
        path: path.clone(),
        headers: headers.clone(),
    });
    let route = {
        let mut routes = routes.lock().expect("routes");
        match routes.get_mut(&path) {
            Some(route) if route.fail_first > 0 => {
                route.fail_first -= 1;
                Route {
                    status: 503,
                    content_type: "text/plain",
                    body: b"busy".to_vec(),
                    ..Route::default()
                }
            }
            Some(route) => route.clone(),
            None => Route {
                status: 404,
                content_type: "text/plain",
                body: b"not found".to_vec(),
                ..Route::default()
            },
        }
    };
    let not_modified = route.etag.is_some() && headers.get("if-none-match") == route.etag.as_ref();
    let (status, body): (u16, &[u8]) = if not_modified {
        (304, b"")
    } else {
        (route.status, &route.body)
    };
    let reason = match status {
        200 => "OK",
        304 => "Not Modified",
        404 => "Not Found",
        410 => "Gone",
        _ => "Service Unavailable",
    };
    let mut head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n",
        route.content_type,
        body.len()
    );
    if let Some(etag) = &route.etag {
        head.push_str(&format!("ETag: {etag}\r\n"));
    }
    if let Some(modified) = &route.last_modified {
        head.push_str(&format!("Last-Modified: {modified}\r\n"));
    }
    head.push_str("\r\n");
    let mut stream = stream;
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
    let _ = stream.flush();
}

fn ok_page(content_type: &'static str, body: impl Into<Vec<u8>>) -> Route {
    Route {
        status: 200,
        content_type,
        body: body.into(),
        ..Route::default()
    }
}

fn item(title: &str, link: &str, guid: &str, description: Option<&str>) -> String {
    let description = description
        .map(|d| format!("<description>{d}</description>"))
        .unwrap_or_default();
    format!("<item><title>{title}</title><link>{link}</link><guid>{guid}</guid><pubDate>Wed, 11 Mar 2026 09:00:00 GMT</pubDate>{description}</item>")
}

fn rss(items: &[String]) -> Vec<u8> {
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Valmouth Wire</title><link>https://wire.example/</link><description>Port news</description>{}</channel></rss>",
        items.concat()
    )
    .into_bytes()
}

const LAST_MODIFIED: &str = "Wed, 11 Mar 2026 10:00:00 GMT";

const FERRY_PAGE: &str = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Ferry crews join Valmouth walkout</title></head><body><article><h1>Ferry crews join Valmouth walkout</h1>\
<p>Crews of the three island ferries that leave from Valmouth stopped work on Thursday morning in support of the striking dockworkers, the Maritime Crews Guild said.</p>\
<p>About 120 deckhands and engineers took part, leaving hundreds of passengers waiting at the terminal, a guild spokesman said.</p>\
<p>The ferry operator said it would run a reduced timetable on Friday and refund tickets for cancelled crossings.</p>\
<p>Talks between the port and the dockworkers' union are due to resume on Monday.</p></article></body></html>";

const CRANE_PAGE: &str = "Crane repairs delayed by the strike\n\nRepairs to two of the largest cranes at the Port of Valmouth have been put off until the strike ends, the port's engineering director said on Thursday.\nThe cranes were damaged in a storm in February and handle about a third of the port's container traffic.\nEngineers had planned to finish the work by the end of March.\n";

fn run_watch(args: &[&str]) -> Output {
    corroborate()
        .arg("watch")
        .args(args)
        .args(["--lexical", "--host-delay", "0.01"])
        .current_dir(repo_root())
        .output()
        .expect("run corroborate watch")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn article_count(db: &str) -> u64 {
    let output = corroborate()
        .args(["stories", "--db", db, "--format", "json"])
        .output()
        .expect("stories");
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stories: Value = serde_json::from_slice(&output.stdout).expect("json");
    stories
        .as_array()
        .expect("list")
        .iter()
        .map(|story| story["articles"].as_u64().expect("count"))
        .sum()
}

#[test]
fn watch_adds_new_feed_items_once_and_asks_conditionally_after() {
    let server = Server::start();
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("corpus.db");
    let db = db.to_str().expect("utf-8 path");
    let harbour = std::fs::read(repo_root().join("examples/harbor-strike/harbour-daily.html"))
        .expect("example page");
    server.route(
        "/robots.txt",
        ok_page("text/plain", "User-agent: *\nDisallow: /private/\n"),
    );
    server.route(
        "/news/strike-over.html",
        ok_page("text/html; charset=utf-8", harbour),
    );
    server.route(
        "/news/ferry-walkout.html",
        Route {
            fail_first: 1,
            ..ok_page("text/html", FERRY_PAGE)
        },
    );
    server.route(
        "/news/cranes.txt",
        ok_page("text/plain; charset=utf-8", CRANE_PAGE),
    );
    server.route("/private/memo.html", ok_page("text/html", FERRY_PAGE));
    let feed = rss(&[
        item("Strike over", &server.url("/news/strike-over.html"), "g-1", None),
        item("Ferry crews", &server.url("/news/ferry-walkout.html"), "g-2", None),
        item("Missing", &server.url("/news/missing.html"), "g-3", None),
        item("Memo", &server.url("/private/memo.html"), "g-4", None),
        item(
            "Cranes",
            &server.url("/news/gone.html"),
            "g-5",
            Some("Repairs to two cranes at the Port of Valmouth were put off until the strike ends, the engineering director said. The cranes handle a third of the container traffic."),
        ),
    ]);
    server.route(
        "/feed.xml",
        Route {
            etag: Some("\"v1\"".into()),
            last_modified: Some(LAST_MODIFIED.into()),
            ..ok_page("application/rss+xml", feed)
        },
    );
    let feed_url = server.url("/feed.xml");

    let first = run_watch(&[&feed_url, "--once", "--db", db]);
    let (out, err) = (text(&first.stdout), text(&first.stderr));
    assert_eq!(
        first.status.code(),
        Some(1),
        "stdout:\n{out}\nstderr:\n{err}"
    );
    let missing = server.url("/news/missing.html");
    assert!(
        err.lines()
            .any(|l| l.contains(&missing) && l.contains("404")),
        "{err}"
    );
    let memo = server.url("/private/memo.html");
    assert!(
        err.lines()
            .any(|l| l.contains(&memo) && l.contains("robots.txt")),
        "{err}"
    );
    // The item whose page is gone comes from the feed's own text, with a warning.
    assert!(
        err.lines()
            .any(|l| l.contains("warning") && l.contains(&server.url("/news/gone.html"))),
        "{err}"
    );
    assert!(out.contains("strike-over\ts1\tnew\t"), "{out}");
    assert!(out.contains("ferry-walkout\t"), "{out}");
    assert!(
        out.contains("3 new, 0 updated, 0 duplicate, 2 failed"),
        "{out}"
    );
    assert_eq!(article_count(db), 3);
    let log = server.take_log();
    assert!(
        log.iter().all(|r| !r.path.starts_with("/private/")),
        "{log:?}"
    );
    assert!(log.iter().any(|r| r.path == "/robots.txt"), "{log:?}");
    assert_eq!(
        log.iter()
            .filter(|r| r.path == "/news/ferry-walkout.html")
            .count(),
        2,
        "a 503 is retried: {log:?}"
    );
    let agent = &log[0].headers["user-agent"];
    assert!(agent.starts_with("corroborate/"), "{agent}");

    // Nothing changed: the feed answers 304 and nothing is fetched or added.
    let second = run_watch(&[&feed_url, "--once", "--db", db]);
    let out = text(&second.stdout);
    assert_eq!(second.status.code(), Some(0), "{}", text(&second.stderr));
    assert!(
        out.contains("0 new, 0 updated, 0 duplicate, 0 failed"),
        "{out}"
    );
    let log = server.take_log();
    let feed_requests: Vec<&Seen> = log.iter().filter(|r| r.path == "/feed.xml").collect();
    assert_eq!(feed_requests.len(), 1, "{log:?}");
    assert_eq!(
        feed_requests[0]
            .headers
            .get("if-none-match")
            .map(String::as_str),
        Some("\"v1\"")
    );
    assert_eq!(
        feed_requests[0]
            .headers
            .get("if-modified-since")
            .map(String::as_str),
        Some(LAST_MODIFIED)
    );
    assert!(
        log.iter()
            .all(|r| r.path == "/feed.xml" || r.path == "/robots.txt"),
        "{log:?}"
    );
    assert_eq!(article_count(db), 3);

    // A new item: only its page is fetched.
    server.route(
        "/feed.xml",
        Route {
            etag: Some("\"v2\"".into()),
            ..ok_page(
                "application/rss+xml",
                rss(&[
                    item("Cranes", &server.url("/news/cranes.txt"), "g-6", None),
                    item(
                        "Strike over",
                        &server.url("/news/strike-over.html"),
                        "g-1",
                        None,
                    ),
                ]),
            )
        },
    );
    let third = run_watch(&[&feed_url, "--once", "--db", db]);
    let out = text(&third.stdout);
    assert_eq!(third.status.code(), Some(0), "{}", text(&third.stderr));
    assert!(out.contains("cranes\t"), "{out}");
    assert!(
        out.contains("1 new, 0 updated, 0 duplicate, 0 failed"),
        "{out}"
    );
    let pages: Vec<String> = server
        .take_log()
        .into_iter()
        .map(|r| r.path)
        .filter(|p| p.starts_with("/news/"))
        .collect();
    assert_eq!(pages, ["/news/cranes.txt"]);
}

#[test]
fn a_feed_that_does_not_parse_is_named_and_folders_go_on() {
    let server = Server::start();
    server.route(
        "/broken.xml",
        ok_page(
            "application/rss+xml",
            "<html><body>Not a feed</body></html>",
        ),
    );
    let tmp = tempfile::tempdir().expect("tempdir");
    let news = tmp.path().join("news");
    std::fs::create_dir(&news).expect("mkdir");
    std::fs::copy(
        repo_root().join("examples/harbor-strike/coastal-courier.txt"),
        news.join("coastal-courier.txt"),
    )
    .expect("copy");
    let db = tmp.path().join("corpus.db");
    let db = db.to_str().expect("utf-8 path");
    let folder = news.to_str().expect("utf-8 path");
    let broken = server.url("/broken.xml");

    let first = run_watch(&[&broken, folder, "--once", "--db", db]);
    let (out, err) = (text(&first.stdout), text(&first.stderr));
    assert_eq!(first.status.code(), Some(1), "{err}");
    assert!(err.lines().any(|l| l.contains(&broken)), "{err}");
    assert!(out.contains("coastal-courier\ts1\tnew"), "{out}");

    // A file added between two passes is added by the second, and nothing twice.
    std::fs::copy(
        repo_root().join("examples/harbor-strike/bayside-post.md"),
        news.join("bayside-post.md"),
    )
    .expect("copy");
    let second = run_watch(&[folder, "--once", "--db", db]);
    let out = text(&second.stdout);
    assert_eq!(second.status.code(), Some(0), "{}", text(&second.stderr));
    assert!(out.contains("bayside-post\t"), "{out}");
    assert!(!out.contains("coastal-courier"), "{out}");
    assert!(
        out.contains("1 new, 0 updated, 0 duplicate, 0 failed"),
        "{out}"
    );
    let third = run_watch(&[folder, "--once", "--db", db]);
    let out = text(&third.stdout);
    assert!(
        out.starts_with("0 new, 0 updated, 0 duplicate, 0 failed"),
        "{out}"
    );
    assert_eq!(article_count(db), 2);
}

#[test]
fn watch_loops_until_sigterm_and_exits_cleanly() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let news = tmp.path().join("news");
    std::fs::create_dir(&news).expect("mkdir");
    let db = tmp.path().join("corpus.db");
    let mut child = corroborate()
        .args([
            "watch",
            news.to_str().expect("path"),
            "--interval",
            "1",
            "--lexical",
            "--db",
        ])
        .arg(&db)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn watch");
    // A file written while it runs is picked up by a later pass (after the settle time).
    std::fs::copy(
        repo_root().join("examples/harbor-strike/coastal-courier.txt"),
        news.join("coastal-courier.txt"),
    )
    .expect("copy");
    let stdout = child.stdout.take().expect("stdout");
    let (lines_tx, lines_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = lines_tx.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut seen = Vec::new();
    while !seen.iter().any(|l: &String| l.starts_with("1 new")) {
        let left = deadline.saturating_duration_since(Instant::now());
        match lines_rx.recv_timeout(left) {
            Ok(line) => seen.push(line),
            Err(_) => {
                let _ = child.kill();
                panic!("no pass added the file: {seen:?}");
            }
        }
    }
    let status = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let stopped_by = Instant::now() + Duration::from_secs(30);
    let code = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status.code();
        }
        if Instant::now() > stopped_by {
            let _ = child.kill();
            panic!("watch did not stop on SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut err = String::new();
    let _ = child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        seen.iter()
            .any(|l| l.starts_with("coastal-courier\ts1\tnew")),
        "{seen:?}"
    );
}

/// Invented two-paragraph reports on a few topics, each with its own number.
fn small_article(n: usize) -> String {
    let topics = [
        (
            "lighthouse",
            "The old lighthouse at Cape Merrow will be repainted",
        ),
        (
            "orchard",
            "Apple growers in the Tessel valley expect a late harvest",
        ),
        ("tramway", "The city tramway will extend its night service"),
        (
            "library",
            "The central library is adding a reading room for students",
        ),
    ];
    let (word, lead) = topics[n % topics.len()];
    format!(
        "{lead} (report {n})\n\n{lead}, officials said on day {n}. The {word} project has a budget of {} thousand crowns and should take {} weeks.\n\nResidents were invited to a meeting about the {word} plan on evening {n}.\n",
        10 + n,
        2 + n % 9
    )
}

#[test]
fn readers_succeed_while_add_writes() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let many = tmp.path().join("many");
    std::fs::create_dir(&many).expect("mkdir");
    for n in 0..200 {
        std::fs::write(many.join(format!("report-{n:03}.txt")), small_article(n)).expect("write");
    }
    let first = tmp.path().join("first.txt");
    std::fs::write(&first, small_article(1000)).expect("write");
    let db = tmp.path().join("corpus.db");
    let db = db.to_str().expect("utf-8 path");
    let seeded = corroborate()
        .args([
            "add",
            first.to_str().expect("path"),
            "--lexical",
            "--db",
            db,
        ])
        .output()
        .expect("seed");
    assert!(seeded.status.success(), "{}", text(&seeded.stderr));

    let mut writer = corroborate()
        .args([
            "add",
            many.to_str().expect("path"),
            "--lexical",
            "--batch",
            "10",
            "--db",
            db,
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn add");
    let mut reads = 0;
    let deadline = Instant::now() + Duration::from_secs(600);
    loop {
        let done = writer.try_wait().expect("wait").is_some();
        for args in [
            vec!["stories", "--db", db],
            vec!["search", "lighthouse", "--db", db],
        ] {
            let output = corroborate().args(&args).output().expect("read");
            assert!(
                output.status.success(),
                "{args:?} failed while add wrote: {}",
                text(&output.stderr)
            );
            reads += 1;
        }
        if done {
            break;
        }
        assert!(Instant::now() < deadline, "add took too long");
    }
    let status = writer.wait().expect("add");
    let mut err = String::new();
    let _ = writer
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err);
    assert!(status.success(), "{err}");
    assert!(reads > 4, "only {reads} reads");
    assert_eq!(article_count(db), 201);
}
