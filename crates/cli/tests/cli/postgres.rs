//! `--db postgres://…`: the corpus commands and `serve` on a throw-away PostgreSQL give what
//! they give on a SQLite file. Skipped without a PostgreSQL server unless
//! CORROBORATE_REQUIRE_POSTGRES=1.

use corroborate_store::conformance::postgres_server::{server_bin, TempPostgres};
use serde_json::Value;

use super::run;
use super::serve::serve;

fn server_or_skip() -> Option<TempPostgres> {
    if server_bin().is_none() {
        if std::env::var("CORROBORATE_REQUIRE_POSTGRES").as_deref() == Ok("1") {
            panic!("CORROBORATE_REQUIRE_POSTGRES=1 but no /usr/lib/postgresql/*/bin/initdb");
        }
        eprintln!("skipped: no PostgreSQL server (apt-get install postgresql)");
        return None;
    }
    Some(TempPostgres::start().unwrap_or_else(|e| panic!("{e}")))
}

fn json(args: &[&str]) -> Value {
    let output = run(args);
    assert!(output.status.success(), "{args:?}: {output:?}");
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The story list without the times it was written.
fn untimed(mut list: Value) -> Value {
    for story in list.as_array_mut().unwrap() {
        let story = story.as_object_mut().unwrap();
        story.remove("created_at");
        story.remove("updated_at");
    }
    list
}

#[test]
fn postgres_corpus_answers_as_sqlite_does() {
    let Some(server) = server_or_skip() else {
        return;
    };
    let url = server.create_database("cli").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("corpus.db");
    let file = file.to_str().unwrap();
    for db in [url.as_str(), file] {
        let output = run(&[
            "add",
            "examples/harbor-strike",
            "--db",
            db,
            "--lexical",
            "--quiet",
        ]);
        assert!(output.status.success(), "{output:?}");
    }
    // Adding again stores nothing.
    let again = run(&[
        "add",
        "examples/harbor-strike",
        "--db",
        &url,
        "--lexical",
        "--quiet",
    ]);
    let line = String::from_utf8_lossy(&again.stdout);
    assert!(line.contains("0 new, 0 updated, 5 duplicate"), "{line}");

    let from_pg = json(&["stories", "--db", &url, "--format", "json"]);
    let from_file = json(&["stories", "--db", file, "--format", "json"]);
    assert_eq!(untimed(from_pg.clone()), untimed(from_file));
    let ids: Vec<&str> = from_pg
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert!(!ids.is_empty());
    for id in &ids {
        let a = json(&["story", id, "--db", &url, "--format", "json"]);
        let b = json(&["story", id, "--db", file, "--format", "json"]);
        assert_eq!(a, b, "story {id}");
    }
    let hits = run(&["search", "dockworkers", "--db", &url]);
    assert!(hits.status.success());
    assert!(String::from_utf8_lossy(&hits.stdout).contains("s1"));

    // serve on the same database: its story JSON is the command's.
    let served = serve(&["--db", &url, "--lexical"]);
    let list: Value = reqwest::blocking::get(format!("{}/api/v1/stories", served.base))
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(list["total"].as_u64().unwrap() as usize, ids.len());
    let api: Value = reqwest::blocking::get(format!("{}/api/v1/stories/{}", served.base, ids[0]))
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(
        api,
        json(&["story", ids[0], "--db", &url, "--format", "json"])
    );
}
