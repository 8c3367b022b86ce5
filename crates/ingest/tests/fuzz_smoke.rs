//! Stable-toolchain fuzz smoke test (issue 15): every cargo-fuzz target's entry point is run
//! over (1) every file in `fuzz/corpus/<target>/` and `fuzz/artifacts/<target>/` and (2) a
//! bounded number of deterministic pseudo-random mutations of small seed inputs. Each call must
//! return without panicking, keep the target's invariants and finish within a time bound.
//!
//! `FUZZ_SMOKE_ITERS` overrides the number of mutations per target (default 3000);
//! `FUZZ_SMOKE_SEED` overrides the generator's seed. A failing input is written to
//! `$CARGO_TARGET_TMPDIR/fuzz-smoke-<target>-<n>` in the target's input format, ready to copy
//! into `fuzz/artifacts/<target>/` (and so into this test's replay).

use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The most one input may take (debug build, shared CI machine).
const PER_INPUT: Duration = Duration::from_secs(10);

// The fuzz targets' bodies: one file, included by the cargo-fuzz targets too.
#[path = "../../../fuzz/checks.rs"]
mod checks;
use checks::{annotate, ingest_read_bytes, NAMES};

// ---------------------------------------------------------------------------------------------
// Seeds and mutations.

const HTML: &str = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>Talks resume in Geneva</title><meta name=\"author\" content=\"A. Writer\">\
<link rel=\"canonical\" href=\"https://example.invalid/a\"></head><body><nav><a href=\"/\">Home</a></nav>\
<article><h1>Talks resume in Geneva</h1><time datetime=\"2024-03-01\">1 March</time>\
<p>GENEVA (Reuters) - Talks resumed on Friday after a pause of three weeks, officials said.</p>\
<p>\"We are hopeful,\" said Maria Lopez, a spokeswoman. About 1,200 delegates attended &amp; 40% voted.</p>\
<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"Talks\"}</script>\
</article><footer>Advertisement</footer></body></html>";

/// A page the cut-down pass works on: menus, an ad slot, asides, a region to find.
fn article_page() -> String {
    let menu: String = (0..12)
        .map(|k| format!("<li><a href=\"/s{k}\">Section {k}</a></li>"))
        .collect();
    let line = "The council voted on Tuesday to close the old bridge for repairs that will \
        last until spring, officials said.";
    format!(
        "<!doctype html><html lang=en><head><title>Bridge closes</title>\
         <script type=\"application/ld+json\">{{\"articleBody\":\"<body><p>x\"}}</script></head>\
         <body><nav><ul>{menu}</ul></nav><div class=ad><img src=a.png><img src=b.png></div>\
         <main><article><h1>Bridge closes</h1><p>{line}<p>Work begins in <b>May</b>.</p>\
         <aside>Related</aside><ul class=menu>{menu}</ul><p>{line}</p></article></main>\
         <footer><p>(c) 2026</p></footer></body></html>"
    )
}

const FEED: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>\
<title>Wire</title><link>https://example.invalid/</link><item><title>Talks resume</title>\
<link>https://example.invalid/a</link><pubDate>Fri, 01 Mar 2024 10:00:00 GMT</pubDate>\
<description><![CDATA[<p>Talks resumed on Friday, officials said.</p><p>Both sides spoke.</p>]]></description>\
</item><item><title>Second</title><description>Rain fell &amp; rivers rose by 3 metres.</description></item>\
</channel></rss>";

const ATOM: &str = "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>W</title>\
<entry><title>Storm hits coast</title><id>urn:x:1</id><updated>2024-03-01T10:00:00Z</updated>\
<content type=\"html\">&lt;p&gt;A storm hit the coast on Monday, police said.&lt;/p&gt;</content></entry></feed>";

const JSONL: &str = "{\"id\":\"r1\",\"title\":\"Talks resume\",\"text\":\"Talks resumed on Friday.\\nBoth sides spoke.\",\"url\":\"https://example.invalid/a\",\"date\":\"2024-03-01\"}\n\
{\"id\":\"r2\",\"text\":\"Rain fell in \\u00e9t\\u00e9 and rivers rose.\"}\n";

const TEXT: &str = "Talks resume in Geneva\n\nMOSCOW (Reuters) - Talks resumed on Friday, \
said John Smith, the minister. \"We will return,\" he said.\nAbout 3.5 million people, or 12%, \
voted on 1 March 2024.\n\nDr. Lee left at 5 p.m. U.S. officials declined to comment.\n";

fn warc() -> Vec<u8> {
    let body = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{HTML}");
    let head = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.invalid/a\r\n\
WARC-Date: 2024-03-01T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:1>\r\n\
Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    format!(
        "WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n{head}{body}\r\n\r\n"
    )
    .into_bytes()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).expect("gzip into memory");
    encoder.finish().expect("gzip into memory")
}

/// Seeds as the ingest target sees them: a name-picking byte, then the file's bytes.
fn ingest_seeds() -> Vec<Vec<u8>> {
    let with = |pick: u8, bytes: &[u8]| {
        let mut data = vec![pick];
        data.extend_from_slice(bytes);
        data
    };
    vec![
        with(0, TEXT.as_bytes()),
        with(
            1,
            b"# Talks resume\n\nTalks *resumed* on [Friday](https://x.invalid).\n\n- one\n- two\n",
        ),
        with(2, HTML.as_bytes()),
        with(3, JSONL.as_bytes()),
        with(4, FEED.as_bytes()),
        with(4, ATOM.as_bytes()),
        with(5, &warc()),
        with(5, &gzip(&warc())),
        with(6, &gzip(TEXT.as_bytes())),
        with(7, HTML.as_bytes()),
        with(2, article_page().as_bytes()),
    ]
}

fn annotate_seeds() -> Vec<Vec<u8>> {
    vec![
        TEXT.as_bytes().to_vec(),
        "Prices rose 4.5% to $1.2bn on Tuesday, the bank said. \u{201c}It is over,\u{201d} \
said Ana P\u{e9}rez.\n\u{41c}\u{43e}\u{441}\u{43a}\u{432}\u{430} said 40 people died."
            .as_bytes()
            .to_vec(),
        b"WASHINGTON - The U.S. Senate voted 51-49. Sen. John A. Doe (R-Texas) said: \"No.\""
            .to_vec(),
    ]
}

const FRAGMENTS: &[&[u8]] = &[
    b"<div>",
    b"</div>",
    b"<p>",
    b"]]>",
    b"<![CDATA[",
    b"<!ENTITY x \"y\">",
    b"<!DOCTYPE x [",
    b"&amp;",
    b"&#x0;",
    b"&#99999999;",
    b"<script>",
    b"<!--",
    b"\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\xc3",
    b"\xed\xa0\x80",
    b"\x1f\x8b\x08\x00",
    b"\r\n\r\n",
    b"\n",
    b"\"",
    b"\\u00",
    b"{\"text\":",
    b"WARC/1.0\r\nContent-Length: 99999999\r\n\r\n",
    b"Content-Length: -1\r\n",
    b"charset=utf-16",
    b"<meta charset=\"shift_jis\">",
    "\u{201c}".as_bytes(),
    "\u{301}".as_bytes(),
    b"Mr. ",
    b"$1.5bn ",
    b"99999999999999999999%",
];

/// xorshift64*: tiny, deterministic, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// One to four random edits of `seed`; `keep_first` keeps the name-picking byte.
fn mutate(rng: &mut Rng, seed: &[u8], keep_first: bool) -> Vec<u8> {
    let mut data = seed.to_vec();
    let low = usize::from(keep_first && !data.is_empty());
    for _ in 0..1 + rng.below(4) {
        let len = data.len();
        let at = low + rng.below(len.saturating_sub(low) + 1);
        match rng.below(8) {
            0 => {
                if at < len {
                    data[at] ^= 1 << rng.below(8);
                }
            }
            1 => {
                if at < len {
                    data[at] = rng.next() as u8;
                }
            }
            2 => data.truncate(at.max(low)),
            3 | 4 => {
                let fragment = FRAGMENTS[rng.below(FRAGMENTS.len())];
                let times = if rng.below(8) == 0 {
                    1 + rng.below(64)
                } else {
                    1
                };
                let insert: Vec<u8> = fragment.repeat(times);
                data.splice(at.min(len)..at.min(len), insert);
            }
            5 => {
                // Delete a range.
                let end = (at + rng.below(64)).min(len);
                if at < end {
                    data.drain(at..end);
                }
            }
            6 => {
                // Duplicate a range elsewhere.
                if len > low {
                    let start = low + rng.below(len - low);
                    let end = (start + 1 + rng.below(128)).min(len);
                    let copy = data[start..end].to_vec();
                    let to = low + rng.below(data.len() - low + 1);
                    data.splice(to..to, copy);
                }
            }
            _ => {
                if keep_first && !data.is_empty() {
                    data[0] = rng.next() as u8;
                }
            }
        }
    }
    data
}

// ---------------------------------------------------------------------------------------------
// Running.

struct Failure {
    what: String,
    message: String,
    saved: PathBuf,
}

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

/// Every file in `fuzz/corpus/<target>/` and `fuzz/artifacts/<target>/`, sorted.
fn replay_inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let mut inputs = Vec::new();
    for folder in ["corpus", "artifacts"] {
        let dir = fuzz_dir().join(folder).join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| path.is_file())
            .collect();
        paths.sort();
        for path in paths {
            let bytes =
                std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            inputs.push((format!("{folder}/{target}/{}", file_name(&path)), bytes));
        }
    }
    inputs
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

fn smoke(target: &str, run: fn(&[u8]), seeds: Vec<Vec<u8>>, keep_first: bool) {
    let started = Instant::now();
    let mut inputs = replay_inputs(target);
    let replayed = inputs.len();
    for (index, seed) in seeds.iter().enumerate() {
        inputs.push((format!("seed {index}"), seed.clone()));
    }
    let iterations = env_number("FUZZ_SMOKE_ITERS", 3000);
    let mut rng = Rng(env_number("FUZZ_SMOKE_SEED", 0x5EED_F00D_CAFE_0015) | 1);
    for iteration in 0..iterations {
        let seed = &seeds[rng.below(seeds.len())];
        inputs.push((
            format!("mutation {iteration}"),
            mutate(&mut rng, seed, keep_first),
        ));
    }

    let mut failures = Vec::new();
    let mut slowest = (Duration::ZERO, String::new());
    for (what, data) in &inputs {
        let start = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| run(data)));
        let took = start.elapsed();
        if took > slowest.0 {
            slowest = (took, what.clone());
        }
        let message = match outcome {
            Err(payload) => payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "panic".to_string()),
            Ok(()) if took > PER_INPUT => format!("took {took:?} (limit {PER_INPUT:?})"),
            Ok(()) => continue,
        };
        let saved = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("fuzz-smoke-{target}-{}", failures.len()));
        std::fs::write(&saved, data).unwrap_or_else(|error| panic!("{}: {error}", saved.display()));
        failures.push(Failure {
            what: what.clone(),
            message,
            saved,
        });
    }

    eprintln!(
        "{target}: {} inputs ({replayed} replayed, {} seeds, {iterations} mutations) in {:?}; slowest {:?} ({})",
        inputs.len(),
        seeds.len(),
        started.elapsed(),
        slowest.0,
        slowest.1
    );
    let report: Vec<String> = failures
        .iter()
        .map(|failure| {
            format!(
                "{}: {} (input saved to {})",
                failure.what,
                failure.message,
                failure.saved.display()
            )
        })
        .collect();
    assert!(
        report.is_empty(),
        "{target}: {} failures\n{}",
        report.len(),
        report.join("\n")
    );
}

#[test]
fn fuzz_smoke_ingest_read_bytes() {
    smoke("ingest_read_bytes", ingest_read_bytes, ingest_seeds(), true);
}

#[test]
fn fuzz_smoke_annotate() {
    smoke("annotate", annotate, annotate_seeds(), false);
}

/// The ingest seeds must read, or their mutations would mostly test the error paths.
#[test]
fn ingest_seeds_read() {
    for (index, seed) in ingest_seeds().iter().enumerate() {
        let name = NAMES[seed[0] as usize % NAMES.len()];
        let results = corroborate_ingest::read_bytes(name, seed[1..].to_vec());
        assert!(
            results.iter().any(Result::is_ok),
            "seed {index} ({name}): {results:?}"
        );
    }
}

/// Writes the seeds as cargo-fuzz seed corpora:
/// `cargo test -p corroborate-ingest --test fuzz_smoke -- --ignored write_seed_corpus`.
#[test]
#[ignore]
fn write_seed_corpus() {
    for (target, seeds) in [
        ("ingest_read_bytes", ingest_seeds()),
        ("annotate", annotate_seeds()),
    ] {
        let dir = fuzz_dir().join("corpus").join(target);
        std::fs::create_dir_all(&dir).unwrap_or_else(|error| panic!("{}: {error}", dir.display()));
        for (index, seed) in seeds.iter().enumerate() {
            let path = dir.join(format!("seed-{index:02}"));
            std::fs::write(&path, seed)
                .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        }
    }
}
