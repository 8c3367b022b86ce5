//! `corroborate serve`: the API answers with what the CLI prints, and the web UI works in real
//! Chromium (Playwright), hostile text included.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use super::{corroborate, repo_root, run};

/// A running `corroborate serve`, killed when dropped.
pub struct Served {
    child: Child,
    pub base: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `corroborate serve ARGS --addr 127.0.0.1:0` and waits for its address.
pub fn serve(args: &[&str]) -> Served {
    let mut child = corroborate()
        .arg("serve")
        .args(args)
        .args(["--addr", "127.0.0.1:0"])
        .current_dir(repo_root())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start corroborate serve");
    let stderr = child.stderr.take().expect("stderr");
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut sent = false;
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if !sent {
                if let Some(rest) = line.split(" on http://").nth(1) {
                    let addr = rest.split('/').next().unwrap_or("").to_string();
                    let _ = sender.send(Ok(addr));
                    sent = true;
                    continue;
                }
            }
            eprintln!("serve: {line}");
        }
        if !sent {
            let _ = sender.send(Err("serve exited before listening".to_string()));
        }
    });
    let addr = receiver
        .recv_timeout(Duration::from_secs(120))
        .expect("serve did not start in 120 s")
        .unwrap_or_else(|error| panic!("{error}"));
    Served {
        child,
        base: format!("http://{addr}"),
    }
}

fn get(url: &str) -> Value {
    let response = reqwest::blocking::get(url).expect("GET");
    assert!(
        response.status().is_success(),
        "{url}: {}",
        response.status()
    );
    response.json().expect("JSON")
}

fn add_examples(db: &Path) {
    let output = run(&[
        "add",
        "examples/harbor-strike",
        "--db",
        db.to_str().unwrap(),
        "--lexical",
        "--quiet",
    ]);
    assert!(output.status.success(), "{output:?}");
}

#[test]
fn api_story_equals_the_story_command() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("corpus.db");
    add_examples(&db);
    let db = db.to_str().unwrap();
    for outlets in [None, Some("outlets/harbor-strike.csv")] {
        let mut args = vec!["--db", db, "--lexical"];
        if let Some(table) = outlets {
            args.extend(["--outlets", table]);
        }
        let served = serve(&args);
        let list = get(&format!("{}/api/v1/stories", served.base));
        let stories = list["stories"].as_array().unwrap();
        assert!(stories.len() >= 2, "{list}");
        assert_eq!(
            stories[0]["outlet_groups"].as_array().unwrap().is_empty(),
            outlets.is_none()
        );
        for story in stories {
            let id = story["id"].as_str().unwrap();
            let from_api = get(&format!("{}/api/v1/stories/{id}", served.base));
            let mut command = vec!["story", id, "--db", db, "--format", "json"];
            if let Some(table) = outlets {
                command.extend(["--outlets", table]);
            }
            let output = run(&command);
            assert!(output.status.success(), "{output:?}");
            let from_cli: Value = serde_json::from_slice(&output.stdout).unwrap();
            assert_eq!(
                from_api, from_cli,
                "story {id} differs (outlets {outlets:?})"
            );
        }
    }
}

#[test]
fn serve_refuses_an_open_address_without_a_token() {
    let output = run(&["serve", "--addr", "0.0.0.0:0", "--db", "/nonexistent/x.db"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--token"), "{stderr}");
}

/// Whether Python's Playwright and Chromium are here; panics when the CI asks for them.
fn browser_available() -> bool {
    let playwright = Command::new("python3")
        .args(["-c", "import playwright.sync_api"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    let chromium = Path::new("/usr/bin/chromium").exists();
    if playwright && chromium {
        return true;
    }
    if std::env::var("CORROBORATE_REQUIRE_BROWSER").as_deref() == Ok("1") {
        panic!("CORROBORATE_REQUIRE_BROWSER=1 but playwright ({playwright}) or /usr/bin/chromium ({chromium}) is missing");
    }
    eprintln!("skipped: needs `pip install playwright` and /usr/bin/chromium");
    false
}

const HOSTILE: &str = concat!(
    r#"{"id": "hostile-a", "outlet": "<script>document.title='PWNED';window.__pwned=1</script>", "#,
    r#""url": "javascript:window.__pwned=1", "published": "2026-01-05", "#,
    r#""title": "<img src=x onerror=\"document.title='PWNED';window.__pwned=1\">Ferry fire in Ostmark", "#,
    r#""text": "A fire broke out on a ferry near Ostmark on Wednesday <script>document.title='PWNED';window.__pwned=1</script> and all 212 passengers were rescued.\nThe coast guard said the fire started in the engine room <img src=x onerror=\"document.title='PWNED';window.__pwned=1\">.\nInvestigators <svg onload=\"window.__pwned=1\"></svg> will examine the ship on Friday."}"#,
    "\n",
    r#"{"id": "hostile-b", "outlet": "Ostmark Herald\"><script>window.__pwned=1</script>", "url": "https://herald.example/ferry", "published": "2026-01-05", "#,
    r#""title": "All 212 rescued from burning Ostmark ferry", "#,
    r#""text": "All 212 passengers were rescued when a fire broke out on a ferry near Ostmark on Wednesday.\nThe fire started in the engine room, the coast guard said.\nInvestigators will examine the ship on Friday, officials said."}"#,
    "\n"
);

#[test]
fn web_ui_in_chromium() {
    if !browser_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("corpus.db");
    add_examples(&db);
    let hostile = dir.path().join("hostile.jsonl");
    std::fs::write(&hostile, HOSTILE).unwrap();
    let output = run(&[
        "add",
        hostile.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
        "--lexical",
        "--quiet",
    ]);
    assert!(output.status.success(), "{output:?}");
    let line = String::from_utf8_lossy(&output.stdout);
    let story = line
        .lines()
        .find(|l| l.starts_with("hostile-a\t"))
        .and_then(|l| l.split('\t').nth(1))
        .expect("the hostile article's story")
        .to_string();
    let served = serve(&["--db", db.to_str().unwrap(), "--lexical"]);
    let shots = repo_root().join("target/ui-screenshots");
    let script = repo_root().join("crates/cli/tests/browser/ui.py");
    let output = Command::new("python3")
        .arg(&script)
        .arg(&served.base)
        .arg(&shots)
        .arg(&story)
        .output()
        .expect("run python3");
    assert!(
        output.status.success(),
        "browser test failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    for name in [
        "river",
        "story",
        "article",
        "hostile-story",
        "add",
        "added",
        "river-live",
    ] {
        assert!(
            shots.join(format!("{name}.png")).exists(),
            "no screenshot {name}"
        );
    }
}

#[cfg(unix)]
#[test]
fn sigterm_stops_serve_even_with_an_event_stream_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("corpus.db");
    add_examples(&db);
    let mut served = serve(&["--db", db.to_str().unwrap(), "--lexical"]);
    let events = reqwest::blocking::Client::new()
        .get(format!("{}/api/v1/events", served.base))
        .send()
        .unwrap();
    assert!(events.status().is_success());
    let pid = served.child.id().to_string();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let started = std::time::Instant::now();
    loop {
        if let Some(status) = served.child.try_wait().unwrap() {
            assert!(status.success(), "serve exited with {status}");
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "serve did not stop within 15 s of SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(events);
}
