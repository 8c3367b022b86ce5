//! Word tokens for cleaning and for other crates: words are maximal runs of alphanumeric
//! characters, so "Russian-American" gives two words and "Trump's" gives "Trump" and "s".

use crate::lexicon;

/// The words of `text` with their byte offsets.
pub(crate) fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = rest.find(|(_, c)| c.is_alphanumeric())?;
        let mut end = text.len();
        while let Some(&(at, c)) = rest.peek() {
            if !c.is_alphanumeric() {
                end = at;
                break;
            }
            rest.next();
        }
        Some((start, &text[start..end]))
    })
}

/// The content words of `text`, as slices of it: words that are not English stop words and
/// have at least two characters (numbers of any length count).
///
/// ```
/// use corroborate_text::content_words;
///
/// assert_eq!(content_words("The envoy met Putin in St. Petersburg"), ["envoy", "met", "Putin", "St", "Petersburg"]);
/// ```
pub fn content_words(text: &str) -> Vec<&str> {
    words(text)
        .map(|(_, word)| word)
        .filter(|word| is_content_word(word))
        .collect()
}

pub(crate) fn is_content_word(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if first.is_ascii_digit() {
        return true;
    }
    if chars.next().is_none() {
        return false;
    }
    if word.chars().all(|c| !c.is_uppercase()) {
        return !lexicon::is_stop_word(word);
    }
    !lexicon::is_stop_word(&word.to_lowercase())
}

/// True when the word starts with an uppercase letter.
pub(crate) fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}
