//! Opens the HTML report in headless Chromium: it renders, and no script from article text
//! runs. Skipped when /usr/bin/chromium is missing, unless CORROBORATE_REQUIRE_CHROMIUM=1.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use corroborate_synth::{render, Format, RenderOptions};

const CHROMIUM: &str = "/usr/bin/chromium";

fn chromium_or_skip() -> bool {
    if Path::new(CHROMIUM).exists() {
        return true;
    }
    if std::env::var("CORROBORATE_REQUIRE_CHROMIUM").as_deref() == Ok("1") {
        panic!("CORROBORATE_REQUIRE_CHROMIUM=1 but {CHROMIUM} is missing");
    }
    eprintln!("skipped: {CHROMIUM} not installed (apt-get install chromium)");
    false
}

/// Runs headless Chromium with `args` plus the page URL; returns stdout. Kills it after 90 s.
fn chromium(profile: &Path, args: &[&str], page: &Path) -> String {
    let output_path = profile.join("stdout.txt");
    let stdout = std::fs::File::create(&output_path).unwrap();
    let mut child = Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ])
        .arg(format!(
            "--user-data-dir={}",
            profile.join("profile").display()
        ))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .stdout(stdout)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "chromium exited with {status}");
            break;
        }
        if started.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            panic!("chromium did not finish in 90 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    std::fs::read_to_string(output_path).unwrap()
}

#[test]
fn report_renders_in_chromium_and_runs_no_article_script() {
    if !chromium_or_skip() {
        return;
    }
    let analysis = common::analysis();
    let html = render(&analysis, Format::Html, &RenderOptions::default());
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    std::fs::write(&page, &html).unwrap();

    // Control: the same markup left unescaped does run, so the checks below can fail.
    let control = dir.path().join("control.html");
    let hostile = format!(
        "<!DOCTYPE html><html><head><title>t</title></head><body>{}{}</body></html>",
        common::HOSTILE_SCRIPT,
        common::HOSTILE_IMG
    );
    std::fs::write(&control, hostile).unwrap();
    let control_dom = chromium(
        dir.path(),
        &["--dump-dom", "--virtual-time-budget=2000"],
        &control,
    );
    assert!(
        control_dom.contains("data-pwned=\"1\""),
        "control: {control_dom}"
    );
    assert!(
        control_dom.contains("<title>PWNED</title>"),
        "control: {control_dom}"
    );

    let dom = chromium(
        dir.path(),
        &["--dump-dom", "--virtual-time-budget=2000"],
        &page,
    );
    assert!(
        dom.contains("City council approves €21 billion transit plan"),
        "story title missing"
    );
    assert!(dom.contains("<svg"), "svg missing");
    assert!(
        dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "escaped script text not shown"
    );
    assert!(
        dom.contains("&lt;img src=x onerror="),
        "escaped img text not shown"
    );
    assert!(
        !dom.contains("data-pwned=\""),
        "an article's onerror handler ran"
    );
    assert!(!dom.contains("<title>PWNED"), "an article's script ran");
    assert!(
        dom.contains("<title>corroborate · "),
        "title changed: {}",
        &dom[..dom.len().min(400)]
    );
    assert!(
        !dom.to_lowercase().contains("<script"),
        "a script element is in the DOM"
    );
    assert!(!dom.contains("<img"), "an img element is in the DOM");
    assert!(
        dom.contains("id=\"a-post-s-2\""),
        "sentence anchors missing"
    );

    let shot = dir.path().join("report.png");
    let screenshot_arg = format!("--screenshot={}", shot.display());
    chromium(
        dir.path(),
        &[&screenshot_arg, "--window-size=1200,1600"],
        &page,
    );
    let png = std::fs::read(&shot).unwrap();
    assert!(png.starts_with(b"\x89PNG"), "no screenshot written");
    assert!(
        png.len() > 20_000,
        "screenshot suspiciously small: {} bytes",
        png.len()
    );
    if let Ok(keep) = std::env::var("CORROBORATE_SCREENSHOT_DIR") {
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::copy(&shot, Path::new(&keep).join("report.png")).unwrap();
        std::fs::copy(&page, Path::new(&keep).join("report.html")).unwrap();
    }
}
