//! `corroborate serve` under schemathesis (property-based API testing from PyPI): every
//! operation of the OpenAPI document at `/api/v1/openapi.json` gets generated requests, valid
//! and invalid; no answer may be a 5xx, and every answer must match the document (status code,
//! content type, body schema). The event stream `/api/v1/events` never ends, so it runs on its
//! own with a short request timeout. Skipped when schemathesis is not installed, unless
//! `CORROBORATE_REQUIRE_SCHEMATHESIS=1` (CI sets it when `python3 -m pip install
//! schemathesis==4.32.5` worked).

use std::path::Path;
use std::process::{Command, Stdio};

use super::serve::{serve, Served};
use super::{corroborate, repo_root};

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
/// `dir`; panics with its report unless it finds nothing (serve's stderr is in the test's
/// output).
fn schemathesis(dir: &Path, schema: &str, args: &[&str]) {
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
        "schemathesis {args:?} exited with {}:\n{report}",
        output.status
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

    let server: Served = serve(&["--db", db, "--lexical"]);
    let schema = format!("{}/api/v1/openapi.json", server.base);
    // Every operation but the event stream: at most 100 cases an operation in each phase
    // (coverage, fuzzing, stateful; about 2,000 requests, seconds here), one worker so the
    // order repeats.
    schemathesis(
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
