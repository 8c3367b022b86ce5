//! Where HTML reading time goes: `cargo run --release --example html_timing -- DIR`.

use std::io::Read;
use std::time::Instant;

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        return;
    };
    let mut pages = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(std::path::Path::new(&dir).join("html"))
        .map(|e| e.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    for path in paths {
        let raw = std::fs::read(&path).unwrap_or_default();
        let mut html = String::new();
        let _ = flate2::read::GzDecoder::new(&raw[..]).read_to_string(&mut html);
        pages.push((path.display().to_string(), html));
    }
    let start = Instant::now();
    let mut slow = Vec::new();
    for (name, html) in &pages {
        let t = Instant::now();
        let _ = rs_trafilatura::extract(html);
        slow.push((t.elapsed().as_secs_f64(), name.clone(), html.len()));
    }
    println!("rs-trafilatura alone: {:?}", start.elapsed());
    slow.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (secs, name, len) in slow.iter().take(5) {
        println!("  {secs:.3}s {len} {name}");
    }
    let start = Instant::now();
    for (_, html) in &pages {
        let _ = corroborate_ingest::extract_html_paragraphs(html);
    }
    println!("extract_html_paragraphs: {:?}", start.elapsed());
    let start = Instant::now();
    for (name, html) in &pages {
        let _ = corroborate_ingest::read_bytes(name, html.clone().into_bytes());
    }
    println!("read_bytes: {:?}", start.elapsed());
}
