//! Quotation marks: pairs of straight or curly double quotes, and curly single quotes that
//! cannot be apostrophes, within a paragraph; also the marks of other languages: « … » and
//! ‹ … › (French, Spanish, Italian), » … « and › … ‹ (German), „ … “ and „ … ” (German,
//! Dutch). A quote left open at a paragraph's end runs to that end (the next paragraph usually
//! reopens it).

use corroborate_core::Span;

/// A quotation found in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Marked {
    /// Byte offset of the opening mark.
    pub open: usize,
    /// Byte offset of the closing mark, or the paragraph end for an unclosed quote.
    pub close: usize,
    /// The quoted words, trimmed of spaces and a trailing comma.
    pub content: Span,
}

fn is_opening_context(prev: Option<char>) -> bool {
    prev.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '—' | '–' | '-' | ':' | '/'))
}

/// Finds the quotations of `text`.
pub(crate) fn find(text: &str) -> Vec<Marked> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        find_in_line(
            text,
            line_start,
            line_start + line.trim_end_matches('\n').len(),
            &mut out,
        );
        line_start += line.len();
    }
    out
}

fn find_in_line(text: &str, from: usize, to: usize, out: &mut Vec<Marked>) {
    let line = &text[from..to];
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    // (offset of the opening mark, mark kind)
    let mut open: Option<(usize, char)> = None;
    // after a single quote, the offset of its closing ’: nothing inside opens or closes
    let mut skip_to: Option<usize> = None;
    for (k, &(i, c)) in chars.iter().enumerate() {
        if let Some(at) = skip_to {
            if i <= at {
                if i == at {
                    skip_to = None;
                }
                continue;
            }
        }
        let prev = k.checked_sub(1).map(|p| chars[p].1);
        let next = chars.get(k + 1).map(|&(_, c)| c);
        match c {
            // „…“: the German opening mark's partner is the English opening one
            '“' if open.is_some_and(|(_, kind)| kind == '„') => {
                if let Some((start, _)) = open {
                    push(text, from + start, from + i, from + i, out);
                }
                open = None;
            }
            '„' => {
                if let Some((start, _)) = open {
                    push(text, from + start, from + i, from + i, out);
                }
                open = Some((i, '„'));
            }
            // guillemets, pointing either way: the mark that opened decides which closes
            '«' | '»' | '‹' | '›' => {
                let partner = match c {
                    '«' => '»',
                    '»' => '«',
                    '‹' => '›',
                    _ => '‹',
                };
                match open {
                    Some((start, kind)) if kind == partner => {
                        push(text, from + start, from + i, from + i, out);
                        open = None;
                    }
                    Some(_) => {}
                    None => {
                        if next.is_some_and(|n| !n.is_whitespace() || c == '«' || c == '‹') {
                            open = Some((i, c));
                        }
                    }
                }
            }
            '“' => {
                if let Some((start, _)) = open {
                    // an unclosed quote before a new one ends where the new one starts
                    push(text, from + start, from + i, from + i, out);
                }
                open = Some((i, '“'));
            }
            '”' => {
                if let Some((start, kind)) = open {
                    if kind == '“' || kind == '"' || kind == '„' {
                        push(text, from + start, from + i, from + i, out);
                        open = None;
                    }
                }
            }
            '"' => match open {
                Some((start, kind)) if kind == '"' || kind == '“' => {
                    push(text, from + start, from + i, from + i, out);
                    open = None;
                }
                Some(_) => {}
                None => {
                    if is_opening_context(prev) && next.is_some_and(|n| !n.is_whitespace()) {
                        open = Some((i, '"'));
                    }
                }
            },
            // only when a closing ’ follows that cannot be an apostrophe
            '‘' if open.is_none()
                && is_opening_context(prev)
                && next.is_some_and(char::is_alphanumeric) =>
            {
                if let Some(end) = single_close(&chars, k + 1) {
                    push(
                        text,
                        from + i,
                        from + chars[end].0,
                        from + chars[end].0,
                        out,
                    );
                    skip_to = Some(chars[end].0);
                }
            }
            _ => {}
        }
    }
    if let Some((start, _)) = open {
        push(text, from + start, to, to, out);
    }
}

/// The index of a ’ that closes a single quote: preceded by a non-space and followed by a
/// non-letter, before the line ends or a double quote opens.
fn single_close(chars: &[(usize, char)], from: usize) -> Option<usize> {
    for k in from..chars.len() {
        let c = chars[k].1;
        if c == '“' || c == '"' {
            return None;
        }
        if c == '’' {
            let prev = chars[k - 1].1;
            let next = chars.get(k + 1).map(|&(_, c)| c);
            if !prev.is_whitespace() && !next.is_some_and(char::is_alphanumeric) && prev != 's' {
                return Some(k);
            }
        }
    }
    None
}

fn push(text: &str, open: usize, content_end: usize, close: usize, out: &mut Vec<Marked>) {
    let mark_len = text[open..].chars().next().map_or(1, char::len_utf8);
    let mut content = Span::from_offsets(open + mark_len, content_end).trim(text);
    let slice = &text[content];
    if let Some(stripped) = slice.strip_suffix(',') {
        content = Span::from_offsets(content.start(), content.start() + stripped.len()).trim(text);
    }
    if !text[content].chars().any(char::is_alphanumeric) {
        return;
    }
    out.push(Marked {
        open,
        close,
        content,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contents(text: &str) -> Vec<&str> {
        find(text).iter().map(|q| &text[q.content]).collect()
    }

    #[test]
    fn other_languages_marks_pair_up() {
        assert_eq!(
            contents("Il a dit : « Nous irons jusqu'au bout », selon l'AFP."),
            vec!["Nous irons jusqu'au bout"]
        );
        assert_eq!(
            contents("Er sagte: „Wir machen weiter“, und ging. »Nie wieder«, rief sie."),
            vec!["Wir machen weiter", "Nie wieder"]
        );
        assert_eq!(
            contents("Hij zei: „We gaan door”. Ella dijo: «No hay acuerdo» y ‹basta›."),
            vec!["We gaan door", "No hay acuerdo", "basta"]
        );
        // an English “…” still opens and closes as before
        assert_eq!(contents("“We will go on,” he said."), vec!["We will go on"]);
    }

    #[test]
    fn finds_curly_straight_and_single_quotes() {
        assert_eq!(
            contents(
                "“Let’s see,” he said. \"It depends.\" Russia’s ‘in their heads.’ Allies’ aid"
            ),
            vec!["Let’s see", "It depends.", "in their heads."]
        );
    }

    #[test]
    fn marks_inside_a_single_quote_neither_open_nor_close() {
        // found by the property below: a „ inside ‘…’ once closed a quote that ended before
        // it opened
        assert_eq!(contents("‘a„’"), vec!["a„"]);
        assert_eq!(contents("He said ‘no „way’ and left"), vec!["no „way"]);
    }

    #[test]
    fn an_unclosed_quote_runs_to_the_paragraph_end() {
        let text = "He said: “We will go on.\n“And we will win,” he said.";
        assert_eq!(contents(text), vec!["We will go on.", "And we will win"]);
    }

    proptest::proptest! {
        #[test]
        fn contents_lie_inside_the_text(text in "[a-z “”\"‘’„«»‹›,.\n]{0,60}") {
            for quote in find(&text) {
                proptest::prop_assert!(quote.content.is_valid_for(&text));
                proptest::prop_assert!(quote.open < quote.content.start());
                proptest::prop_assert!(quote.content.end() <= quote.close.max(quote.content.end()));
            }
        }
    }
}
