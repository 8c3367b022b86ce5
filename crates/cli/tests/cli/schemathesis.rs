//! `corroborate serve` under schemathesis (property-based API testing from PyPI): every
//! operation of the OpenAPI document at `/api/v1/openapi.json` gets generated requests, valid
//! and invalid; no answer may be a 5xx, and every answer must match the document (status code,
//! content type, body schema). The event stream `/api/v1/events` never ends, so it runs on its
//! own with a short request timeout. Skipped when schemathesis is not installed, unless
//! `CORROBORATE_REQUIRE_SCHEMATHESIS=1` (CI sets it when `python3 -m pip install
//! schemathesis==4.32.5` worked).

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

use super::{corroborate, repo_root};

/// The `serve` process, killed when the test ends, panicking or not.
struct Server {
    child: Child,
    /// What the server wrote on stderr (drained by a thread so the pipe never fills).
    log: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts `corroborate serve` on a free loopback port; returns it with its port, parsed from
    /// the `serving … on http://127.0.0.1:PORT/` line.
    fn start(db: &str) -> (Server, u16) {
        let mut child = corroborate()
            .args(["serve", "--db", db, "--addr", "127.0.0.1:0", "--lexical"])
            .current_dir(repo_root())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start corroborate serve");
        let stderr = child.stderr.take().expect("stderr");
        let log = Arc::new(Mutex::new(String::new()));
        let mut server = Server {
            child,
            log: log.clone(),
        };
        let mut lines = BufReader::new(stderr);
        let mut port = None;
        let mut line = String::new();
        while port.is_none() {
            line.clear();
            if lines.read_line(&mut line).expect("read serve's stderr") == 0 {
                let status = server.child.wait().expect("wait for serve");
                panic!("serve exited ({status}) before listening:\n{}", lock(&log));
            }
            lock(&log).push_str(&line);
            port = line
                .split_once("serving ")
                .and_then(|(_, rest)| rest.split_once(" on http://127.0.0.1:"))
                .and_then(|(_, rest)| rest.split('/').next())
                .and_then(|port| port.parse::<u16>().ok());
        }
        std::thread::spawn(move || {
            let mut rest = String::new();
            let _ = lines.read_to_string(&mut rest);
            lock(&log).push_str(&rest);
        });
        (server, port.expect("port"))
    }

    fn log(&self) -> String {
        lock(&self.log).clone()
    }
}

fn lock(log: &Mutex<String>) -> std::sync::MutexGuard<'_, String> {
    log.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Whether python3 can import schemathesis.
fn schemathesis_installed() -> bool {
    Command::new("python3")
        .args(["-c", "import schemathesis"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Runs `python3 -m schemathesis.cli run SCHEMA` with the checks, the seed and `args`, in
/// `dir`; panics with its report (and serve's stderr) unless it finds nothing.
fn schemathesis(server: &Server, dir: &Path, schema: &str, args: &[&str]) {
    let output = Command::new("python3")
        .args(["-m", "schemathesis.cli", "run", schema])
        .args([
            "--checks",
            "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance",
            "--seed",
            "20261205",
            "--workers",
            "1",
            "--generation-database",
            "none",
            "--no-color",
        ])
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("run schemathesis");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success() && report.contains("passed"),
        "schemathesis {args:?} exited with {}:\n{report}\n--- serve's stderr ---\n{}",
        output.status,
        server.log()
    );
}

#[test]
fn the_api_holds_to_its_openapi_document_under_schemathesis() {
    if !schemathesis_installed() {
        let required = std::env::var("CORROBORATE_REQUIRE_SCHEMATHESIS").is_ok_and(|v| v == "1");
        assert!(
            !required,
            "CORROBORATE_REQUIRE_SCHEMATHESIS=1 but python3 cannot import schemathesis"
        );
        eprintln!(
            "skipped: schemathesis is not installed (python3 -m pip install schemathesis==4.32.5)"
        );
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("corpus.db");
    let db = db.to_str().expect("utf-8 path");
    let added = corroborate()
        .args([
            "add",
            "examples/harbor-strike",
            "--db",
            db,
            "--lexical",
            "-q",
        ])
        .current_dir(repo_root())
        .output()
        .expect("run corroborate add");
    assert!(
        added.status.success(),
        "add failed:\n{}",
        String::from_utf8_lossy(&added.stderr)
    );

    let (server, port) = Server::start(db);
    let schema = format!("http://127.0.0.1:{port}/api/v1/openapi.json");
    // Every operation but the event stream: at most 100 cases an operation in each phase
    // (coverage, fuzzing, stateful; about 2,000 requests, seconds here), one worker so the
    // order repeats.
    schemathesis(
        &server,
        tmp.path(),
        &schema,
        &[
            "--max-examples",
            "100",
            "--request-timeout",
            "60",
            "--exclude-path",
            "/api/v1/events",
        ],
    );
    // /api/v1/events stays open until the server stops: schemathesis checks its status and
    // headers, then gives up on the body at its request timeout, so that run gets a short one.
    schemathesis(
        &server,
        tmp.path(),
        &schema,
        &[
            "--max-examples",
            "5",
            "--request-timeout",
            "3",
            "--include-path",
            "/api/v1/events",
        ],
    );
}
