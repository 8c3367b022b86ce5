//! Library logs stay off stderr by default.

use super::corroborate;

const ARTICLE: &str = "Dock workers in Rotterdam ended a week-long strike on Friday after their union accepted a pay offer of 4 percent. The port authority said ships would be handled again from Saturday morning.";

#[test]
fn library_warnings_stay_off_stderr_unless_verbose() {
    let tmp = tempfile::tempdir().expect("tempdir");
    // text directly inside a table: html5ever warns "foster parenting not implemented"
    let page = format!(
        "<html><body><table>Stray text<tr><td>cell</td></tr></table><article><p>{}</p></article></body></html>",
        ARTICLE
    );
    std::fs::write(tmp.path().join("table.html"), page).expect("write");
    let run = |verbose: bool| {
        let mut command = corroborate();
        if verbose {
            command.arg("-v");
        }
        command
            .args(["analyze", "--lexical", "--no-cache", "--format", "json"])
            .arg(tmp.path().join("table.html"))
            .output()
            .expect("run corroborate")
    };
    let quiet = run(false);
    let stderr = String::from_utf8_lossy(&quiet.stderr);
    assert_eq!(quiet.status.code(), Some(0), "{stderr}");
    assert_eq!(stderr, "", "nothing on stderr without -v");
    let verbose = run(true);
    let stderr = String::from_utf8_lossy(&verbose.stderr);
    assert!(stderr.contains("foster parenting"), "{stderr}");
}
