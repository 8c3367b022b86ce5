//! Compares the HTML reader with dom_smoothie on the benchmark:
//! `cargo run --example compare_smoothie -- DIR`.

use std::collections::HashMap;
use std::io::Read;

fn smoothie(html: &str) -> String {
    let config = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    dom_smoothie::Readability::new(html, None, Some(config))
        .ok()
        .and_then(|mut r| r.parse().ok())
        .map(|a| a.text_content.to_string())
        .unwrap_or_default()
}

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        return;
    };
    let dir = std::path::Path::new(&dir);
    let truth: HashMap<String, serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(dir.join("ground-truth.json")).unwrap_or_default(),
    )
    .unwrap_or_default();
    let (mut ours_sum, mut theirs_sum, mut oracle) = (0.0, 0.0, 0.0);
    for (id, value) in &truth {
        let gold = value["articleBody"].as_str().unwrap_or("");
        let raw = std::fs::read(dir.join("html").join(format!("{id}.html.gz"))).unwrap_or_default();
        let mut html = String::new();
        let _ = flate2::read::GzDecoder::new(&raw[..]).read_to_string(&mut html);
        let ours: String = corroborate_ingest::read_bytes("x.html", html.clone().into_bytes())
            .into_iter()
            .filter_map(Result::ok)
            .map(|d| d.source)
            .collect();
        let theirs = smoothie(&html);
        let a = corroborate_eval::shingle_score(gold, &ours).2;
        let b = corroborate_eval::shingle_score(gold, &theirs).2;
        ours_sum += a;
        theirs_sum += b;
        oracle += a.max(b);
        println!(
            "{id} ours {a:.3} smoothie {b:.3} len {} {} {}",
            ours.len(),
            theirs.len(),
            gold.len()
        );
    }
    let n = truth.len() as f64;
    println!(
        "mean ours {:.3} smoothie {:.3} oracle {:.3}",
        ours_sum / n,
        theirs_sum / n,
        oracle / n
    );
}
