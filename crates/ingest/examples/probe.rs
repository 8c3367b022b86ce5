//! Prints what the readers make of files: `cargo run --example probe -- FILE...`.

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).unwrap_or_default();
        for result in corroborate_ingest::read_bytes(&path, bytes) {
            match result {
                Ok(doc) => println!("== {} {:?}\n{}\n", doc.id, doc.meta, doc.source),
                Err(error) => println!("!! {error}"),
            }
        }
    }
}
