//! Shows the extracted lines of benchmark pages that the gold text lacks:
//! `cargo run --example extraction_diff -- DIR ID...`.

use std::collections::HashMap;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else { return };
    let dir = std::path::Path::new(dir);
    let truth: HashMap<String, serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(dir.join("ground-truth.json")).unwrap_or_default(),
    )
    .unwrap_or_default();
    for id in &args[1..] {
        let gold = truth
            .get(id)
            .and_then(|v| v["articleBody"].as_str())
            .unwrap_or("");
        let path = dir.join("html").join(format!("{id}.html.gz"));
        let bytes = std::fs::read(&path).unwrap_or_default();
        println!("=== {id}");
        for result in corroborate_ingest::read_bytes(&path.display().to_string(), bytes) {
            match result {
                Ok(doc) => {
                    for line in doc.source.lines() {
                        let (p, _, _) = corroborate_eval::shingle_score(gold, line);
                        let mark = if p < 0.5 { "-" } else { " " };
                        println!("{mark} {}", line.chars().take(160).collect::<String>());
                    }
                }
                Err(error) => println!("!! {error}"),
            }
        }
    }
}
