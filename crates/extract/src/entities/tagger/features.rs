//! What the tagger reads of each token: the encoder's states over the token's word pieces,
//! averaged, and cheap features of the token's own letters that an uncased encoder cannot
//! see (capitalisation shape, a gazetteer hit, position in the sentence).

use corroborate_core::WordVector;

use crate::lexicon;

/// Number of cheap features per token (see [`cheap_features`]).
pub const CHEAP_FEATURES: usize = 16;

/// Per token, its pieces' states averaged (`width` values; zeros when no piece overlaps the
/// token, e.g. past the encoder's length limit) then its [`CHEAP_FEATURES`] cheap
/// features: `width + CHEAP_FEATURES` values a token, tokens one after another. `tokens` are
/// byte ranges of `text`; the pieces' offsets are in the same text.
pub fn token_features(
    text: &str,
    tokens: &[(usize, usize)],
    pieces: &[WordVector],
    width: usize,
) -> Vec<f32> {
    let dim = width + CHEAP_FEATURES;
    let mut out = vec![0.0f32; tokens.len() * dim];
    let mut first_piece = 0;
    for (i, &(start, end)) in tokens.iter().enumerate() {
        let row = &mut out[i * dim..(i + 1) * dim];
        // pieces and tokens both run left to right
        while first_piece < pieces.len() && pieces[first_piece].end <= start {
            first_piece += 1;
        }
        let mut n = 0usize;
        for piece in pieces[first_piece..]
            .iter()
            .take_while(|p| p.start < end)
            .filter(|p| p.end > start && p.vector.len() == width)
        {
            row[..width]
                .iter_mut()
                .zip(&piece.vector)
                .for_each(|(a, b)| *a += b);
            n += 1;
        }
        if n > 1 {
            let n = n as f32;
            row[..width].iter_mut().for_each(|a| *a /= n);
        }
        cheap_features(text, tokens, i, &mut row[width..]);
    }
    out
}

/// The cheap features of token `i`: 0 starts upper-case, 1 all capitals (two letters or
/// more), 2 all lower-case, 3 a capital after the first letter but not all capitals
/// ("McDonald", "iPhone"), 4 has a digit, 5 no letter or digit, 6 first token of the
/// sentence, 7 last token, 8 inside a run of one to three tokens that the gazetteer knows as a
/// place, 9 a demonym, 10 a title or honorific, 11 an organisation word, 12 a month or
/// weekday, 13 a function word, 14 has a dot, 15 has a hyphen or apostrophe.
fn cheap_features(text: &str, tokens: &[(usize, usize)], i: usize, out: &mut [f32]) {
    let word = &text[tokens[i].0..tokens[i].1];
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    let first_upper = word.chars().next().is_some_and(char::is_uppercase);
    let all_upper = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
    let all_lower = !letters.is_empty() && letters.iter().all(|c| c.is_lowercase());
    let inner_upper = word.chars().skip(1).any(char::is_uppercase);
    let flags = [
        first_upper,
        all_upper,
        all_lower,
        inner_upper && !all_upper,
        word.chars().any(|c| c.is_ascii_digit()),
        !word.chars().any(char::is_alphanumeric),
        i == 0,
        i + 1 == tokens.len(),
        in_place_run(text, tokens, i),
        lexicon::is_demonym(word),
        lexicon::is_title(word.trim_end_matches('.')),
        lexicon::is_org_keyword(word),
        lexicon::is_month(word) || lexicon::is_weekday(word),
        lexicon::is_function_word(word),
        word.contains('.'),
        word.contains('-') || word.contains('\'') || word.contains('’'),
    ];
    for (slot, flag) in out.iter_mut().zip(flags) {
        *slot = if flag { 1.0 } else { 0.0 };
    }
}

/// Whether token `i` lies in a run of one to three capitalised tokens that the place
/// gazetteer knows ("New York", "Bosnia").
fn in_place_run(text: &str, tokens: &[(usize, usize)], i: usize) -> bool {
    let capitalised = |j: usize| {
        text[tokens[j].0..tokens[j].1]
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    };
    if !capitalised(i) {
        return false;
    }
    for len in 1..=3usize {
        for first in i.saturating_sub(len - 1)..=i {
            let last = first + len - 1;
            if last >= tokens.len() || !(first..=last).all(capitalised) {
                continue;
            }
            let name = &text[tokens[first].0..tokens[last].1];
            if lexicon::is_place(name) {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
            match (c == ' ', start) {
                (true, Some(s)) => {
                    out.push((s, i));
                    start = None;
                }
                (false, None) => start = Some(i),
                _ => {}
            }
        }
        out
    }

    #[test]
    fn averages_pieces_and_sets_shape_flags() {
        let text = "Talks in New York , said NATO";
        let tokens = spans(text);
        let piece = |start, end, v: f32| WordVector {
            start,
            end,
            vector: vec![v, -v],
        };
        // "Talks" as two pieces, "in" one, nothing else
        let pieces = vec![piece(0, 3, 1.0), piece(3, 5, 3.0), piece(6, 8, 5.0)];
        let f = token_features(text, &tokens, &pieces, 2);
        let dim = 2 + CHEAP_FEATURES;
        assert_eq!(f.len(), tokens.len() * dim);
        assert_eq!(&f[..2], &[2.0, -2.0]);
        assert_eq!(&f[dim..dim + 2], &[5.0, -5.0]);
        assert_eq!(&f[2 * dim..2 * dim + 2], &[0.0, 0.0]);
        let flag = |token: usize, k: usize| f[token * dim + 2 + k];
        assert_eq!(flag(0, 0), 1.0); // Talks starts upper
        assert_eq!(flag(0, 6), 1.0); // first token
        assert_eq!(flag(1, 2), 1.0); // in: lower-case
        assert_eq!(flag(2, 8), 1.0); // New (York): a place
        assert_eq!(flag(3, 8), 1.0);
        assert_eq!(flag(0, 8), 0.0);
        assert_eq!(flag(4, 5), 1.0); // ",": no letters
        assert_eq!(flag(6, 1), 1.0); // NATO: all capitals
        assert_eq!(flag(6, 7), 1.0); // last token
    }
}
