//! `add --queue`, `worker` and `status` on a throw-away NATS JetStream server and PostgreSQL:
//! workers killed mid-batch, servers restarted mid-run, poison inputs. Every article ends
//! stored once and the stories are those one process makes. Skipped without `nats-server` or
//! a PostgreSQL server, unless CORROBORATE_REQUIRE_NATS=1 / CORROBORATE_REQUIRE_POSTGRES=1.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use corroborate_store::conformance::postgres_server::{server_bin, TempPostgres};
use serde_json::Value;

use super::{corroborate, repo_root, run};

/// A throw-away `nats-server -js` on a free port with its store in a temp folder.
struct TempNats {
    bin: PathBuf,
    dir: tempfile::TempDir,
    port: u16,
    child: Option<Child>,
    config: Option<PathBuf>,
}

impl TempNats {
    /// With `max_payload` (bytes) as the server's message limit, when given.
    fn start_with(bin: PathBuf, max_payload: Option<usize>) -> TempNats {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .unwrap()
            .port();
        let mut nats = TempNats {
            bin,
            dir: tempfile::tempdir().unwrap(),
            port,
            child: None,
            config: None,
        };
        if let Some(limit) = max_payload {
            let config = nats.dir.path().join("nats.conf");
            std::fs::write(&config, format!("max_payload: {limit}\n")).unwrap();
            nats.config = Some(config);
        }
        nats.start_again();
        nats
    }

    fn start_again(&mut self) {
        let mut command = Command::new(&self.bin);
        if let Some(config) = &self.config {
            command.arg("-c").arg(config);
        }
        let child = command
            .args([
                "-js",
                "-a",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-sd",
            ])
            .arg(self.dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        self.child = Some(child);
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "nats-server did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// SIGKILL, as a crash.
    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    fn url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
    }
}

impl Drop for TempNats {
    fn drop(&mut self) {
        self.kill();
    }
}

fn nats_bin() -> Option<PathBuf> {
    [
        "/usr/sbin/nats-server",
        "/usr/bin/nats-server",
        "/usr/local/bin/nats-server",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|path| path.exists())
}

/// NATS and PostgreSQL, or None (skip) where they are not installed and not required.
fn servers_or_skip() -> Option<(TempNats, TempPostgres)> {
    servers_with(None)
}

fn servers_with(max_payload: Option<usize>) -> Option<(TempNats, TempPostgres)> {
    let required = |name: &str| std::env::var(name).as_deref() == Ok("1");
    let Some(nats) = nats_bin() else {
        assert!(
            !required("CORROBORATE_REQUIRE_NATS"),
            "CORROBORATE_REQUIRE_NATS=1 but no nats-server"
        );
        eprintln!("skipped: no nats-server (apt-get install nats-server)");
        return None;
    };
    if server_bin().is_none() {
        assert!(
            !required("CORROBORATE_REQUIRE_POSTGRES"),
            "CORROBORATE_REQUIRE_POSTGRES=1 but no PostgreSQL server"
        );
        eprintln!("skipped: no PostgreSQL server (apt-get install postgresql)");
        return None;
    }
    Some((
        TempNats::start_with(nats, max_payload),
        TempPostgres::start().unwrap_or_else(|e| panic!("{e}")),
    ))
}

/// Six unrelated events, five outlets each, worded differently: clear stories.
const EVENTS: [(&str, &str, [&str; 4]); 6] = [
    ("Riverton", "bridge", ["The Harlow Street bridge in Riverton collapsed into the Tamsin river on Sunday night.", "Engineers from the Riverton transport office said corrosion in the steel girders had been reported in 2019.", "Two cars fell with the span; both drivers were rescued by firefighters using inflatable boats.", "Mayor Clara Oduya ordered inspections of all eleven river crossings."]),
    ("Kestrel", "vaccine", ["Kestrel Biologics said its malaria vaccine candidate cut infections by 61 percent in a trial in Malawi.", "The trial enrolled 4,800 children aged five to seventeen months over two rainy seasons.", "Regulators in Lilongwe will review the data before approving wider use.", "Chief scientist Ama Boateng said production could reach 20 million doses a year."]),
    ("Glenmoor", "wildfire", ["A wildfire near Glenmoor has burned 12,000 hectares of pine forest since Thursday.", "Some 3,000 residents of the villages of Ashby and Corran were evacuated overnight.", "Strong easterly winds pushed the flames across the Glenmoor ridge road.", "Fire chief Tomas Lindqvist said water bombers from three regions were fighting the blaze."]),
    ("Orsova", "election", ["Voters in Orsova elected Petra Malinova as mayor with 54 percent of the vote.", "Turnout in the Orsova municipal election reached 48 percent, up from 39 percent.", "Malinova promised to rebuild the tram depot and cut bus fares for students.", "Her rival, Viktor Halas, conceded on Sunday evening and congratulated her."]),
    ("Saltmarsh", "chess", ["Sixteen-year-old Imran Qureshi won the Saltmarsh Open chess tournament on Saturday.", "Qureshi beat grandmaster Elena Voss in the final round after a seven-hour game.", "The tournament drew 312 players from 28 countries to the Saltmarsh town hall.", "The victory earns Qureshi his final grandmaster norm, organisers said."]),
    ("Dunmore", "brewery", ["The Dunmore brewery will close its century-old plant in March, cutting 240 jobs.", "Owner Halden Drinks said production will move to a new site outside Carlow.", "The brewery has made Dunmore Red ale on Quay Street since 1921.", "Union officials said they would seek talks about redundancy payments for workers."]),
];

const OUTLETS: [&str; 5] = [
    "Daily Ledger",
    "Morning Star",
    "City Wire",
    "Evening Post",
    "Metro Times",
];

/// Writes the events' articles (30 files) to `dir`.
fn write_articles(dir: &Path) -> usize {
    let mut count = 0;
    for (place, topic, sentences) in EVENTS {
        for (o, outlet) in OUTLETS.iter().enumerate() {
            let mut body: Vec<&str> = sentences.to_vec();
            body.rotate_left(o % sentences.len());
            body.truncate(3 + o % 2);
            let text = format!(
                "{place} {topic}: what we know\n{} Reporting by {outlet} staff in {place}.\n",
                body.join(" ")
            );
            std::fs::write(
                dir.join(format!(
                    "{}-{topic}.txt",
                    outlet.replace(' ', "-").to_lowercase()
                )),
                text,
            )
            .unwrap();
            count += 1;
        }
    }
    count
}

/// The inputs: the bundled example (5 articles in 4 files) and the events (30 files).
fn inputs() -> (tempfile::TempDir, usize) {
    let dir = tempfile::tempdir().unwrap();
    let mut count = write_articles(dir.path());
    for entry in std::fs::read_dir(repo_root().join("examples/harbor-strike")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    count += 5;
    (dir, count)
}

fn ok(args: &[&str]) -> String {
    let output = run(args);
    assert!(output.status.success(), "{args:?}: {output:?}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn status(db: &str, queue: &str) -> Value {
    serde_json::from_str(&ok(&[
        "status", "--db", db, "--queue", queue, "--format", "json",
    ]))
    .unwrap()
}

/// The corpus's stories as sets of article ids, and its content hashes (one per article).
fn partition(db: &str) -> (BTreeSet<BTreeSet<String>>, Vec<String>) {
    let mut stories: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut hashes = Vec::new();
    for line in ok(&[
        "export", "--db", db, "--format", "jsonl", "--table", "articles",
    ])
    .lines()
    {
        let article: Value = serde_json::from_str(line).unwrap();
        hashes.push(article["content_hash"].as_str().unwrap().to_string());
        let story = article["story"].as_str().unwrap_or("none").to_string();
        stories
            .entry(story)
            .or_default()
            .insert(article["id"].as_str().unwrap().to_string());
    }
    (stories.into_values().collect(), hashes)
}

fn assert_stored_once(db: &str, expected: usize) -> BTreeSet<BTreeSet<String>> {
    let (stories, hashes) = partition(db);
    let distinct: BTreeSet<&String> = hashes.iter().collect();
    assert_eq!(hashes.len(), expected, "articles stored");
    assert_eq!(distinct.len(), expected, "an article stored twice");
    stories
}

fn worker(db: &str, queue: &str, extra: &[&str]) -> Child {
    corroborate()
        .args([
            "worker",
            "--db",
            db,
            "--queue",
            queue,
            "--lexical",
            "--ack-wait",
            "3",
        ])
        .args(extra)
        .current_dir(repo_root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits for `child` to exit by itself; kills it and panics after `limit`.
fn wait(mut child: Child, limit: Duration) -> std::process::Output {
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("{:?}", child.wait_with_output().unwrap());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{output:?}");
    output
}

/// Polls until `done` holds; panics after `limit`.
fn until(limit: Duration, what: &str, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < limit, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Holds the assignment lock of `url`'s corpus, so a worker stops right before committing.
fn hold_assignment(url: &str) -> postgres::Client {
    let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
    client
        .execute(
            "SELECT pg_advisory_lock($1)",
            &[&corroborate_store::ASSIGNMENT_LOCK],
        )
        .unwrap();
    client
}

#[test]
fn killed_worker_work_is_redone_and_every_article_stored_once() {
    let Some((nats, pg)) = servers_or_skip() else {
        return;
    };
    let (dir, count) = inputs();
    let dir = dir.path().to_str().unwrap();
    let single = pg.create_database("single").unwrap();
    let queued = pg.create_database("queued").unwrap();
    let q = nats.url();
    ok(&["add", dir, "--db", &single, "--lexical", "--quiet"]);
    let published = ok(&["add", dir, "--queue", &q]);
    assert!(published.contains("34 inputs"), "{published}");

    // Worker A takes a batch, annotates it, and waits for the lock the test holds: killed
    // there, its batch is neither committed nor acknowledged.
    let lock = hold_assignment(&queued);
    let mut a = worker(&queued, &q, &["--batch", "8"]);
    until(Duration::from_secs(60), "worker A to take a batch", || {
        status(&queued, &q)["queue"]["in_progress"].as_u64() == Some(8)
    });
    std::thread::sleep(Duration::from_millis(500));
    a.kill().unwrap();
    a.wait().unwrap();
    drop(lock);

    let b = worker(&queued, &q, &["--batch", "4", "--until-empty"]);
    let c = worker(&queued, &q, &["--batch", "4", "--until-empty"]);
    wait(b, Duration::from_secs(120));
    wait(c, Duration::from_secs(120));

    let stories = assert_stored_once(&queued, count);
    assert_eq!(
        stories,
        assert_stored_once(&single, count),
        "stories differ from one process's"
    );
    assert_eq!(stories.len(), 8, "{stories:?}");
    let now = status(&queued, &q);
    assert_eq!(now["articles"], count);
    assert_eq!(now["queue"]["queued"], 0);
    assert_eq!(now["queue"]["parked"], 0);
    // A (reported at its start), B and C.
    assert_eq!(
        now["queue"]["workers"].as_array().unwrap().len(),
        3,
        "{now}"
    );
    let stored: u64 = now["queue"]["workers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["articles"].as_u64().unwrap())
        .sum();
    assert_eq!(stored as usize, count);
}

#[test]
fn poison_inputs_are_parked_with_their_error_and_shown() {
    let Some((nats, pg)) = servers_or_skip() else {
        return;
    };
    let db = pg.create_database("poison").unwrap();
    let q = nats.url();
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    // No article text in it: fails the same way every time.
    std::fs::write(
        path("empty.html"),
        "<html><body><script>1</script></body></html>",
    )
    .unwrap();
    // Kills every worker that takes it (here: the test kills the worker holding it), once.
    std::fs::write(
        path("killer.txt"),
        "Killer input\nA worker dies each time it takes this one.\n",
    )
    .unwrap();
    std::fs::write(
        path("fine.txt"),
        "Harbour reopens\nThe harbour of Valmouth reopened on Friday after the strike.\n",
    )
    .unwrap();

    ok(&["add", &path("killer.txt"), "--queue", &q]);
    let lock = hold_assignment(&db);
    let mut a = worker(&db, &q, &["--max-tries", "1"]);
    until(
        Duration::from_secs(60),
        "worker A to take the input",
        || status(&db, &q)["queue"]["in_progress"].as_u64() == Some(1),
    );
    a.kill().unwrap();
    a.wait().unwrap();
    drop(lock);
    ok(&["add", &path("empty.html"), &path("fine.txt"), "--queue", &q]);
    wait(
        worker(&db, &q, &["--max-tries", "1", "--until-empty"]),
        Duration::from_secs(60),
    );

    let now = status(&db, &q);
    assert_eq!(now["articles"], 1, "{now}");
    assert_eq!(now["queue"]["parked"], 2, "{now}");
    assert_eq!(now["queue"]["queued"], 0, "{now}");
    let errors = now["queue"]["parked_errors"].to_string();
    assert!(
        errors.contains("killer.txt") && errors.contains("never finished"),
        "{errors}"
    );
    assert!(
        errors.contains("empty.html") && errors.contains("no article"),
        "{errors}"
    );
    let text = ok(&["status", "--db", &db, "--queue", &q]);
    assert!(text.contains("2 parked"), "{text}");
    assert!(
        text.contains("parked: ") && text.contains("empty.html"),
        "{text}"
    );
}

#[test]
fn workers_ride_out_nats_and_postgres_restarts() {
    let Some((mut nats, pg)) = servers_or_skip() else {
        return;
    };
    let (dir, count) = inputs();
    let single = pg.create_database("single").unwrap();
    let db = pg.create_database("restarts").unwrap();
    let q = nats.url();
    let all = dir.path().to_str().unwrap();
    ok(&["add", all, "--db", &single, "--lexical", "--quiet"]);
    // Three rounds of inputs, a server restarted before each of the last two.
    let mut files: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path().to_str().unwrap().to_string())
        .collect();
    files.sort();
    let rounds: Vec<Vec<String>> = files
        .chunks(files.len().div_ceil(3))
        .map(|c| c.to_vec())
        .collect();
    let articles = |db: &str| partition(db).1.len();
    let publish = |round: &[String]| {
        let mut args = vec!["add", "--queue", q.as_str()];
        args.extend(round.iter().map(String::as_str));
        ok(&args);
    };

    let mut w = worker(&db, &q, &["--batch", "4"]);
    publish(&rounds[0]);
    until(Duration::from_secs(60), "round 1", || {
        status(&db, &q)["queue"]["queued"] == 0
    });
    let after_one = articles(&db);
    assert!(after_one > 0);

    nats.kill();
    std::thread::sleep(Duration::from_millis(500));
    nats.start_again();
    publish(&rounds[1]);
    until(
        Duration::from_secs(90),
        "round 2 after a NATS restart",
        || status(&db, &q)["queue"]["queued"] == 0,
    );

    pg.kill().unwrap();
    std::thread::sleep(Duration::from_millis(500));
    publish(&rounds[2]);
    std::thread::sleep(Duration::from_secs(2));
    pg.start_again().unwrap();
    until(
        Duration::from_secs(90),
        "round 3 after a PostgreSQL restart",
        || status(&db, &q)["queue"]["queued"] == 0,
    );
    assert!(w.try_wait().unwrap().is_none(), "the worker gave up");
    w.kill().unwrap();
    let output = w.wait_with_output().unwrap();
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(log.contains("reconnected to the corpus"), "{log}");

    let stories = assert_stored_once(&db, count);
    assert_eq!(stories, assert_stored_once(&single, count));
    assert_eq!(status(&db, &q)["queue"]["parked"], 0);
}

/// Must show: multi-news articles (the first 60 rows, lexical encoder) added through the queue
/// by two workers give stories within 0.01 B³ F1 of one process adding them, every article
/// stored once. (`scripts/bench-queue.sh` runs all rows with the model and prints the table.)
#[test]
fn two_workers_match_one_process_on_multi_news() {
    let csv = repo_root().join("../shared/data/multi-news/validation.csv");
    if !csv.exists() {
        eprintln!("skipped: no {}", csv.display());
        return;
    }
    let Some((nats, pg)) = servers_or_skip() else {
        return;
    };
    let rows = corroborate_eval::multinews::load_multinews(&csv).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut gold: BTreeMap<String, usize> = BTreeMap::new();
    let mut n = 0;
    for (row, record) in rows.iter().take(60).enumerate() {
        for text in record.documents.iter().filter(|t| !t.trim().is_empty()) {
            // Names interleave the rows, so batches mix stories as a feed would.
            let name = format!("a{:05}-r{row}", (n * 7919) % 100_000);
            std::fs::write(dir.path().join(format!("{name}.txt")), text).unwrap();
            gold.insert(name, row);
            n += 1;
        }
    }
    let folder = dir.path().to_str().unwrap();
    let single = pg.create_database("single").unwrap();
    let queued = pg.create_database("queued").unwrap();
    let q = nats.url();
    // Exit code 1: a few documents have no article text left after cleaning.
    run(&["add", folder, "--db", &single, "--lexical", "--quiet"]);
    ok(&["add", folder, "--queue", &q]);
    let a = worker(&queued, &q, &["--batch", "8", "--until-empty"]);
    let b = worker(&queued, &q, &["--batch", "8", "--until-empty"]);
    wait(a, Duration::from_secs(300));
    wait(b, Duration::from_secs(300));

    let f1 = |db: &str| {
        let mut story_of: BTreeMap<String, String> = BTreeMap::new();
        let mut hashes = BTreeSet::new();
        let mut count = 0;
        for line in ok(&[
            "export", "--db", db, "--format", "jsonl", "--table", "articles",
        ])
        .lines()
        {
            let article: Value = serde_json::from_str(line).unwrap();
            let id = article["id"].as_str().unwrap().to_string();
            story_of.insert(id, article["story"].as_str().unwrap().to_string());
            hashes.insert(article["content_hash"].as_str().unwrap().to_string());
            count += 1;
        }
        assert_eq!(count, hashes.len(), "an article stored twice");
        let labels: BTreeMap<&String, usize> = story_of
            .values()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .enumerate()
            .map(|(i, s)| (s, i))
            .collect();
        let (predicted, truth): (Vec<usize>, Vec<usize>) = story_of
            .iter()
            .map(|(id, story)| (labels[story], gold[id]))
            .unzip();
        (
            count,
            corroborate_eval::stories::cluster_scores(&predicted, &truth)
                .bcubed
                .f1,
        )
    };
    let (n_single, f1_single) = f1(&single);
    let (n_queued, f1_queued) = f1(&queued);
    assert_eq!(n_single, n_queued, "articles stored");
    assert!(n_single > 150, "{n_single}");
    assert!(
        (f1_single - f1_queued).abs() <= 0.01,
        "B³ F1: one process {f1_single:.4}, two workers {f1_queued:.4}"
    );
}

/// A WARC of the events' articles as HTML pages, and the same articles as JSON Lines.
fn archives(dir: &Path) -> (PathBuf, PathBuf) {
    let (mut warc, mut jsonl) = (String::new(), String::new());
    for (e, (place, topic, sentences)) in EVENTS.iter().enumerate() {
        for (o, outlet) in OUTLETS.iter().enumerate() {
            let title = format!("{place} {topic}: {outlet} reports");
            let paragraphs: String = sentences.iter().map(|s| format!("<p>{s}</p>")).collect();
            let html = format!(
                "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{paragraphs}</article></body></html>"
            );
            let body =
                format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}");
            warc.push_str(&format!(
                "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.invalid/{e}/{o}\r\n\
                 WARC-Date: 2024-03-01T10:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n\
                 Content-Length: {}\r\n\r\n{body}\r\n\r\n",
                body.len()
            ));
            let record = serde_json::json!({
                "url": format!("https://wire.invalid/{e}/{o}"),
                "title": format!("{place} {topic}, by wire"),
                "outlet": format!("{outlet} Wire"),
                "published": "2024-03-02",
                "text": sentences[o % 4..].join(" "),
            });
            jsonl.push_str(&format!("{record}\n"));
        }
    }
    let (w, j) = (dir.join("crawl.warc"), dir.join("wire.jsonl"));
    std::fs::write(&w, warc).unwrap();
    std::fs::write(&j, jsonl).unwrap();
    (w, j)
}

#[test]
fn archives_too_large_for_one_message_are_queued_record_by_record() {
    // A server that takes 24 KiB a message (8 KiB of input, less room for headers): both
    // archives are larger.
    let Some((nats, pg)) = servers_with(Some(24 * 1024)) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (warc, jsonl) = archives(dir.path());
    assert!(std::fs::metadata(&warc).unwrap().len() > 8 * 1024);
    assert!(std::fs::metadata(&jsonl).unwrap().len() > 8 * 1024);
    let (warc, jsonl) = (warc.to_str().unwrap(), jsonl.to_str().unwrap());
    let single = pg.create_database("single").unwrap();
    let queued = pg.create_database("queued").unwrap();
    let q = nats.url();
    ok(&["add", warc, jsonl, "--db", &single, "--lexical", "--quiet"]);
    let output = run(&["add", warc, jsonl, "--queue", &q]);
    assert!(output.status.success(), "{output:?}");
    let log = String::from_utf8_lossy(&output.stderr);
    for name in ["crawl.warc", "wire.jsonl"] {
        let line = format!("{name}: too large for one message; queued its 30 records one by one");
        assert!(log.contains(&line), "{log}");
    }
    wait(
        worker(&queued, &q, &["--until-empty"]),
        Duration::from_secs(120),
    );

    // The same articles, ids, metadata and stories as `add` of the archives.
    let articles = |db: &str| -> BTreeMap<String, Value> {
        ok(&[
            "export", "--db", db, "--format", "jsonl", "--table", "articles",
        ])
        .lines()
        .map(|line| {
            let article: Value = serde_json::from_str(line).unwrap();
            (article["id"].as_str().unwrap().to_string(), article)
        })
        .collect()
    };
    let (a, b) = (articles(&single), articles(&queued));
    assert_eq!(a.len(), 60);
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (id, article) in &a {
        for field in [
            "url",
            "title",
            "outlet",
            "published",
            "words",
            "content_hash",
        ] {
            assert_eq!(article[field], b[id][field], "{id} {field}");
        }
    }
    assert_eq!(
        assert_stored_once(&queued, 60),
        assert_stored_once(&single, 60)
    );
}
