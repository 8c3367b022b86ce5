//! Prints every benchmark page's score, worst first: `cargo run --example extraction_scores -- DIR`.

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        return;
    };
    match corroborate_eval::eval_extraction(std::path::Path::new(&dir)) {
        Ok(eval) => {
            println!("{eval}");
            for page in eval.worst(eval.count()) {
                println!(
                    "{} {:.3} {:.3} {:.3}",
                    page.id, page.precision, page.recall, page.f1
                );
            }
        }
        Err(error) => eprintln!("{error}"),
    }
}
