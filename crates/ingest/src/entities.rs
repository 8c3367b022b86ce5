//! HTML character references.

/// Decodes the character reference at `html[at..]` (which starts with `&`): the char, if any,
/// and the offset after the reference.
pub(crate) fn decode_entity(html: &str, at: usize) -> (Option<char>, usize) {
    let rest = &html[at + 1..];
    let end = rest
        .char_indices()
        .take(12)
        .find(|&(_, c)| c == ';' || !(c.is_ascii_alphanumeric() || c == '#'))
        .map(|(k, c)| (k, c == ';'));
    let Some((len, has_semicolon)) = end else {
        return (None, at + 1);
    };
    let name = &rest[..len];
    let next = at + 1 + len + usize::from(has_semicolon);
    let decoded = if let Some(num) = name.strip_prefix('#') {
        let value = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => num.parse::<u32>().ok(),
        };
        value.map(numeric_char)
    } else if has_semicolon || matches!(name, "amp" | "lt" | "gt" | "quot" | "nbsp") {
        named(name)
    } else {
        None
    };
    match decoded {
        Some(c) => (Some(c), next),
        None => (None, at + 1),
    }
}

/// Numeric references in the C1 range mean windows-1252 characters, as browsers read them.
fn numeric_char(value: u32) -> char {
    const C1: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    if (0x80..0xa0).contains(&value) {
        return C1[(value - 0x80) as usize];
    }
    char::from_u32(value)
        .filter(|&c| c != '\0')
        .unwrap_or('\u{fffd}')
}

fn named(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ensp" | "emsp" | "thinsp" => ' ',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "lsaquo" => '‹',
        "rsaquo" => '›',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "cent" => '¢',
        "deg" => '°',
        "middot" => '·',
        "bull" => '•',
        "times" => '×',
        "divide" => '÷',
        "plusmn" => '±',
        "frac12" => '½',
        "frac14" => '¼',
        "frac34" => '¾',
        "sect" => '§',
        "para" => '¶',
        "dagger" => '†',
        "shy" => '\u{ad}',
        "zwj" => '\u{200d}',
        "zwnj" => '\u{200c}',
        "eacute" => 'é',
        "egrave" => 'è',
        "ecirc" => 'ê',
        "euml" => 'ë',
        "aacute" => 'á',
        "agrave" => 'à',
        "acirc" => 'â',
        "auml" => 'ä',
        "aring" => 'å',
        "atilde" => 'ã',
        "iacute" => 'í',
        "iuml" => 'ï',
        "icirc" => 'î',
        "oacute" => 'ó',
        "ograve" => 'ò',
        "ocirc" => 'ô',
        "ouml" => 'ö',
        "otilde" => 'õ',
        "oslash" => 'ø',
        "uacute" => 'ú',
        "ugrave" => 'ù',
        "ucirc" => 'û',
        "uuml" => 'ü',
        "ntilde" => 'ñ',
        "ccedil" => 'ç',
        "szlig" => 'ß',
        "Eacute" => 'É',
        "Auml" => 'Ä',
        "Ouml" => 'Ö',
        "Uuml" => 'Ü',
        "Ntilde" => 'Ñ',
        "Ccedil" => 'Ç',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_references() {
        assert_eq!(decode_entity("&amp;x", 0), (Some('&'), 5));
        assert_eq!(decode_entity("&#8217;", 0), (Some('’'), 7));
        assert_eq!(decode_entity("&#x20AC;", 0), (Some('€'), 8));
        assert_eq!(decode_entity("&#150;", 0), (Some('–'), 6));
        assert_eq!(decode_entity("& x", 0), (None, 1));
        assert_eq!(decode_entity("&bogus;", 0), (None, 1));
    }
}
