//! `add` killed part-way: whole batches are in the corpus, never half a story, and running the
//! same `add` again adds only the rest.

use std::time::{Duration, Instant};

use super::{corroborate, repo_root};

const TOPICS: &[&str] = &[
    "Dock workers at the port of {} walked off the job on Monday after pay talks collapsed, halting container traffic, union leaders said.",
    "Heavy rain flooded the market square in {} on Tuesday; shops closed early and firefighters pumped water from cellars through the night.",
    "The city council of {} voted to close the old river bridge after engineers found deep cracks in two of its steel supports.",
];
const PLACES: &[&str] = &[
    "Halden", "Varna", "Tromso", "Lisburn", "Ostend", "Galway", "Kotka", "Bergen", "Split",
    "Rijeka", "Gdynia", "Aarhus", "Malmo", "Turku", "Cork", "Brest",
];

fn count(db: &std::path::Path, sql: &str) -> i64 {
    let Ok(conn) =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
    else {
        return 0;
    };
    conn.query_row(sql, [], |row| row.get(0)).unwrap_or(0)
}

#[test]
fn killed_add_leaves_whole_batches_and_a_rerun_adds_the_rest() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let inputs = tmp.path().join("in");
    std::fs::create_dir(&inputs).expect("mkdir");
    let mut total = 0;
    for (p, place) in PLACES.iter().enumerate() {
        for (t, topic) in TOPICS.iter().enumerate() {
            let text = format!(
                "{} report {p}-{t}\n{} Officials in {place} said more details would follow later in the week.\n",
                place,
                topic.replace("{}", place)
            );
            std::fs::write(inputs.join(format!("{place}-{t}.txt")), text).expect("write");
            total += 1;
        }
    }
    let db = tmp.path().join("corpus.db");
    let db_arg = db.to_str().expect("path");
    let in_arg = inputs.to_str().expect("path");
    let mut child = corroborate()
        .args(["add", in_arg, "--db", db_arg, "--lexical", "--batch", "2"])
        .current_dir(repo_root())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn add");
    let started = Instant::now();
    let mut killed_at = None;
    while started.elapsed() < Duration::from_secs(120) {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        let stored = count(&db, "SELECT COUNT(*) FROM articles");
        if stored >= 4 {
            child.kill().expect("SIGKILL");
            killed_at = Some(stored);
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let _ = child.wait();
    let after_kill = count(&db, "SELECT COUNT(*) FROM articles");
    eprintln!("killed after {killed_at:?} articles; {after_kill} stored");
    if killed_at.is_some() {
        assert!(after_kill < total, "killed after everything was added");
    }
    // Never half a batch: every stored article is in a story, every story has its members.
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM articles a LEFT JOIN story_members m ON m.article_id = a.id WHERE m.article_id IS NULL"),
        0
    );
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM stories s WHERE s.article_count != (SELECT COUNT(*) FROM story_members m WHERE m.story_id = s.id)"),
        0
    );
    assert_eq!(after_kill % 2, 0, "batches of two are whole");

    let output = corroborate()
        .args(["add", in_arg, "--db", db_arg, "--lexical", "--batch", "2"])
        .current_dir(repo_root())
        .output()
        .expect("rerun add");
    assert!(output.status.success());
    let out = String::from_utf8_lossy(&output.stdout);
    let duplicates = out.lines().filter(|l| l.contains("\tduplicate")).count() as i64;
    let new = out.lines().filter(|l| l.contains("\tnew\t")).count() as i64;
    assert_eq!(duplicates, after_kill, "{out}");
    assert_eq!(new, total - after_kill, "{out}");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM articles"), total);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM story_members"), total);
    // A story the kill left between its two commits (members stored, claims not yet
    // recomputed) was recomputed by the rerun.
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM stories WHERE pending != 0"),
        0
    );
}
