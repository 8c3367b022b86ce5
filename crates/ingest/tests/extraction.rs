//! HTML main-text extraction against the benchmark's gold text.

use corroborate_core::shared_dir;
use corroborate_ingest::eval_extraction;

#[test]
fn extraction_f1_meets_the_bar() {
    let Some(shared) = shared_dir() else {
        eprintln!("skipping: no shared data");
        return;
    };
    let dir = shared.join("data/extraction");
    if !dir.is_dir() {
        eprintln!("skipping: no extraction data");
        return;
    }
    let eval = eval_extraction(&dir).unwrap();
    println!("{eval}");
    assert_eq!(eval.count(), 91);
    assert!(eval.f1 >= 0.95, "{eval}");
}
