//! Hostile inputs beside good ones: the batch completes in bounded time, each bad input is one
//! error line, the good articles come out.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::corroborate;

const GOOD_ONE: &str = "Harbour strike ends\nDock workers in Rotterdam ended a week-long strike on Friday after their union accepted a pay offer of 4 percent. The port authority said ships would be handled again from Saturday morning.\n";
const GOOD_TWO: &str = "Port reopens after strike\nThe port of Rotterdam reopened on Saturday, a day after dock workers accepted a 4 percent pay rise and ended their strike. Shipping lines said delays would last a week.\n";

/// Concatenated gzip members of `member_bytes` spaces each, inflating to `total` bytes.
fn gzip_bomb(member_bytes: usize, total: usize) -> Vec<u8> {
    let mut member = Vec::new();
    {
        let mut encoder = flate2::write::GzEncoder::new(&mut member, flate2::Compression::best());
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..member_bytes / chunk.len() {
            encoder.write_all(&chunk).expect("gzip");
        }
        encoder.finish().expect("gzip");
    }
    member.repeat(total.div_ceil(member_bytes))
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    std::fs::write(dir.join(name), bytes).expect("write");
}

#[test]
fn hostile_inputs_fail_one_by_one_and_the_batch_completes() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    write(dir, "good-one.txt", GOOD_ONE);
    write(dir, "good-two.txt", GOOD_TWO);
    let depth = 200_000;
    write(
        dir,
        "nested.html",
        format!(
            "<html><body>{}x{}</body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        ),
    );
    write(
        dir,
        "attribute.html",
        format!(
            "<html><body><p title=\"{}\">Short.</p></body></html>",
            "a".repeat(9_000_000)
        ),
    );
    write(
        dir,
        "line.html",
        format!("<html><body><p>{}</p></body></html>", "x".repeat(9_000_000)),
    );
    // 64 MB members, 1.1 GB in all, about 1 MB on disk
    let bomb = gzip_bomb(64 << 20, 1_100 << 20);
    assert!(bomb.len() < 2 << 20, "{}", bomb.len());
    write(dir, "bomb.txt.gz", bomb);
    write(dir, "nul.txt", b"\0\0\0\0".repeat(4096));
    let mut broken = GOOD_TWO.as_bytes().to_vec();
    broken.splice(10..10, [0xff, 0xc3, 0x28, 0xe2, 0x82]);
    write(dir, "broken-utf8.txt", broken);
    let utf16: Vec<u8> =
        "Dock workers ended the strike on Friday after a long dispute over pay. \n"
            .repeat(20)
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
    write(dir, "utf16.txt", utf16);
    let laughs = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n{}]>\n<rss version=\"2.0\"><channel><title>&lol9;</title><item><title>&lol9;</title><description>&lol9;</description></item></channel></rss>",
        (1..10)
            .map(|k| format!("<!ENTITY lol{k} \"{}\">\n", format!("&lol{};", k - 1).repeat(10)))
            .collect::<String>()
            .replace("&lol0;", "&lol;")
    );
    write(dir, "laughs.xml", laughs);
    std::os::unix::fs::symlink(dir, dir.join("loop")).expect("symlink");
    let fifo = dir.join("pipe");
    let has_fifo = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|status| status.success());
    write(dir, "locked.txt", GOOD_ONE);
    let locked = dir.join("locked.txt");
    let mut permissions = std::fs::metadata(&locked).expect("meta").permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o000);
    std::fs::set_permissions(&locked, permissions).expect("chmod");
    // root reads a chmod-000 file anyway: then it is a good input
    let locked_out = std::fs::read(&locked).is_err();
    if !locked_out {
        eprintln!("running as root: chmod 000 does not block reading, locked.txt is read");
    }

    let started = Instant::now();
    let output = corroborate()
        .args(["analyze", "--lexical", "--no-cache", "--format", "json"])
        .arg(dir)
        .output()
        .expect("run corroborate");
    let elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(elapsed < Duration::from_secs(60), "{elapsed:?}\n{stderr}");
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let report: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|err| panic!("stdout is not JSON ({err}); stderr:\n{stderr}"));
    let ids: Vec<&str> = report["articles"]
        .as_array()
        .expect("articles")
        .iter()
        .filter_map(|article| article["id"].as_str())
        .collect();
    for good in ["good-one", "good-two"] {
        assert!(ids.contains(&good), "{good} missing from {ids:?}\n{stderr}");
    }
    let text_of = |id: &str| {
        report["articles"]
            .as_array()
            .and_then(|articles| articles.iter().find(|article| article["id"] == id))
            .and_then(|article| article["text"].as_str())
            .unwrap_or_else(|| panic!("no article {id} in {ids:?}\n{stderr}"))
            .to_string()
    };
    assert!(text_of("utf16").contains("Dock workers ended the strike"));
    assert!(text_of("broken-utf8").contains("pay rise and ended their strike"));
    // the entities stay unexpanded: an item of a few bytes, or no article at all
    if ids.contains(&"laughs-1") {
        assert!(text_of("laughs-1").len() < 100);
    }
    let mut bad = vec![
        "nested.html",
        "attribute.html",
        "line.html",
        "bomb.txt.gz",
        "nul.txt",
        "loop",
    ];
    if has_fifo {
        bad.push("pipe");
    }
    if locked_out {
        bad.push("locked.txt");
    }
    let lines: Vec<&str> = stderr.lines().collect();
    for name in &bad {
        let naming = lines
            .iter()
            .filter(|line| line.contains(&format!("/{name}")))
            .count();
        assert_eq!(naming, 1, "{name}: expected one error line:\n{stderr}");
    }
    // every other line is an error about one input, or the summary
    for line in &lines {
        assert!(line.starts_with("corroborate: "), "{line}");
    }
    assert!(stderr.contains("inflates to more than 10 MB"), "{stderr}");
    assert!(
        stderr.contains("skipped (links to a folder already read"),
        "{stderr}"
    );
    let summary = lines.last().expect("summary line");
    assert!(summary.contains("input(s) failed"), "{summary}");
}
