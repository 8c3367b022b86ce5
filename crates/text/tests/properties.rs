//! Properties of the splitter and the cleaner on arbitrary text.

mod common;

use common::{assert_accounts_for_source, reader_document};
use corroborate_core::Stage;
use corroborate_text::{split_sentences, split_sentences_in, Cleaner};
use proptest::prelude::*;

/// Text that looks a little like news: words, abbreviations, quotes, dots, unicode, lines.
fn newsish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Mr.".to_string()),
        Just("U.S.".to_string()),
        Just("St.".to_string()),
        Just("The".to_string()),
        Just("he said.".to_string()),
        Just("“Why?”".to_string()),
        Just("\"Yes,\"".to_string()),
        Just("...".to_string()),
        Just("…".to_string()),
        Just("—".to_string()),
        Just("$23.8".to_string()),
        Just("Share this article".to_string()),
        Just("No comments:".to_string()),
        Just("Advertisement".to_string()),
        Just("Home > World > Europe".to_string()),
        Just("z.B.".to_string()),
        Just("am 5.".to_string()),
        Just("Sr.".to_string()),
        Just("EE.UU.".to_string()),
        Just(". . .".to_string()),
        Just(". ..".to_string()),
        Just("' '".to_string()),
        Just("( EADS )".to_string()),
        Just("„Ja“".to_string()),
        Just("« Non »".to_string()),
        Just("\n".to_string()),
        Just(" \n \n ".to_string()),
        Just(".".to_string()),
        Just("!".to_string()),
        "[a-zA-Z]{1,9}",
        "[A-Z][a-z]{2,8}",
        "\\PC{1,6}",
    ];
    prop::collection::vec(piece, 0..60).prop_map(|pieces| pieces.join(" "))
}

fn check_tiling(text: &str) -> Result<(), TestCaseError> {
    check_spans(text, &split_sentences(text))?;
    // every language's rules tile it too
    for language in ["de", "es", "fr", "it", "nl", "pt"] {
        check_spans(text, &split_sentences_in(text, Some(language)))?;
    }
    Ok(())
}

fn check_spans(text: &str, spans: &[corroborate_core::Span]) -> Result<(), TestCaseError> {
    let mut previous_end = 0;
    for span in spans {
        prop_assert!(span.is_valid_for(text));
        prop_assert!(span.start() >= previous_end);
        prop_assert!(!span.is_empty());
        let sentence = &text[*span];
        prop_assert_eq!(sentence.trim(), sentence);
        prop_assert!(!sentence.contains('\n'));
        prop_assert!(text[previous_end..span.start()].trim().is_empty());
        previous_end = span.end();
    }
    prop_assert!(text[previous_end..].trim().is_empty());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn sentences_tile_any_text(text in "\\PC{0,200}") {
        check_tiling(&text)?;
    }

    #[test]
    fn sentences_tile_newsish_text(text in newsish()) {
        check_tiling(&text)?;
    }

    #[test]
    fn cleaning_accounts_for_everything_and_is_idempotent(text in newsish()) {
        let mut doc = reader_document("p", &text);
        Cleaner::new().process(&mut doc).unwrap();
        assert_accounts_for_source(&doc);
        check_tiling(&doc.text)?;
        let again = Cleaner::new().clean(&doc.text);
        prop_assert!(again.dropped.is_empty(), "{:?}", again.dropped);
        prop_assert_eq!(again.text, doc.text);
    }

    #[test]
    fn cleaning_any_text_is_idempotent(text in "(\\PC{0,40}\n){0,12}") {
        let cleaner = Cleaner::new();
        let first = cleaner.clean(&text);
        let again = cleaner.clean(&first.text);
        prop_assert!(again.dropped.is_empty(), "{:?}", again.dropped);
        prop_assert_eq!(again.text, first.text);
    }
}
