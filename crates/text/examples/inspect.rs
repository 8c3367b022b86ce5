//! Prints what cleaning drops and how sentences split, for tuning by eye:
//! `cargo run -p corroborate-text --example inspect -- [--sentences] FILE...`

use corroborate_text::{split_sentences, Cleaner};

fn main() -> std::io::Result<()> {
    let mut show_sentences = false;
    let cleaner = Cleaner::new();
    let (mut kept, mut dropped) = (0, 0);
    for arg in std::env::args().skip(1) {
        if arg == "--sentences" {
            show_sentences = true;
            continue;
        }
        let source = std::fs::read_to_string(&arg)?;
        let cleaned = cleaner.clean(&source);
        kept += cleaned.text.lines().count();
        dropped += cleaned.dropped.len();
        for item in &cleaned.dropped {
            println!(
                "{arg}\t{}\t{}\t{}",
                item.reason.as_str(),
                item.detail,
                &source[item.span]
            );
        }
        if show_sentences {
            for span in split_sentences(&cleaned.text) {
                println!("{arg}\tS\t{}", &cleaned.text[span]);
            }
        }
    }
    eprintln!("kept {kept} lines, dropped {dropped}");
    Ok(())
}
