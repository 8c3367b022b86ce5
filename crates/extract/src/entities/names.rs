//! Comparing names: keys that ignore case and punctuation, the parts of a person's name,
//! and transliteration variants ("Sergey" / "Sergei", "Andriy" / "Andrii").

use crate::lexicon;

/// Lower case, letters and digits only, words joined by one space ("St. Louis" ->
/// "st louis"); places known under several names map to one ("UK" -> "united kingdom").
pub(crate) fn key(name: &str) -> String {
    if let Some(alias) = lexicon::place_alias(name) {
        return alias.to_string();
    }
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else if c == '\'' || c == '’' || c == '.' {
                '\u{0}'
            } else {
                ' '
            }
        })
        .filter(|c| *c != '\u{0}')
        .collect();
    let key = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    lexicon::place_alias(&key).map_or(key, str::to_string)
}

/// The words of a person's name without initials: "John F. Kennedy" -> [john, kennedy].
pub(crate) fn name_parts(name: &str) -> Vec<String> {
    name.split(|c: char| c.is_whitespace())
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| w.chars().count() > 1)
        .collect()
}

/// Spelling folded for transliteration: "y" and "i" alike, doubled letters once, "kh" as "h",
/// "ck" as "k", trailing "ii"/"iy"/"yy" as "y".
fn fold(word: &str) -> String {
    let lower = word.to_lowercase();
    let replaced = lower
        .replace("kh", "h")
        .replace("ck", "k")
        .replace("ph", "f")
        .replace("ks", "x")
        .replace('j', "y")
        .replace('w', "v")
        .replace('ё', "e");
    let mut out = String::with_capacity(replaced.len());
    let mut prev = None;
    for c in replaced.chars() {
        let c = if c == 'i' { 'y' } else { c };
        if Some(c) != prev {
            out.push(c);
        }
        prev = Some(c);
    }
    out
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let old = row[j + 1];
            row[j + 1] = if ca == cb {
                prev
            } else {
                1 + prev.min(row[j]).min(row[j + 1])
            };
            prev = old;
        }
    }
    row[b.len()]
}

/// True when two name words are spellings of one name: equal once folded, or close in
/// length and spelling with the same first letter. A word that only extends the other by
/// two or more letters is a different name ("Ivan" is not "Ivanov").
pub(crate) fn same_word(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    if a == b {
        return true;
    }
    if a.chars().next() != b.chars().next() {
        return false;
    }
    let (fa, fb) = (fold(&a), fold(&b));
    if fa == fb {
        return true;
    }
    // A surname made from a given name ("-ev", "-ov") is not that name, even when folding
    // leaves them one letter apart ("Sergeev" folds to "sergev", "Sergei" to "sergey").
    if patronymic_surname(&fa) != patronymic_surname(&fb) {
        return false;
    }
    let (la, lb) = (fa.chars().count(), fb.chars().count());
    if la.abs_diff(lb) > 1 || la.min(lb) < 5 {
        return false;
    }
    let (short, long) = if la <= lb { (&fa, &fb) } else { (&fb, &fa) };
    if long.starts_with(short.as_str()) && la != lb {
        return false;
    }
    edit_distance(&fa, &fb) <= 1
}

/// A folded word with the ending of a surname made from a given name: -ev, -ov, -eva, -ova.
fn patronymic_surname(folded: &str) -> bool {
    ["ev", "ov", "eva", "ova"]
        .iter()
        .any(|ending| folded.ends_with(ending))
}

/// True when two first names can belong to one person: one is an initial of the other, or
/// they are spellings of one name.
pub(crate) fn compatible_first(a: &str, b: &str) -> bool {
    let (ca, cb) = (a.chars().count(), b.chars().count());
    if ca == 1 || cb == 1 {
        return a.chars().next().map(|c| c.to_lowercase().to_string())
            == b.chars().next().map(|c| c.to_lowercase().to_string());
    }
    same_word(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_case_and_punctuation() {
        assert_eq!(key("St. Petersburg"), key("St Petersburg"));
        assert_eq!(key("Tass"), key("TASS"));
        assert_eq!(key("U.K."), key("Britain"));
        assert_ne!(key("Kremlin"), key("Russia"));
    }

    #[test]
    fn transliterations_match_but_extensions_do_not() {
        assert!(same_word("Dmitry", "Dmitri"));
        assert!(same_word("Tchaikovsky", "Tchaikovskyy"));
        assert!(same_word("Tchaikovskiy", "Tchaikovsky"));
        assert!(!same_word("Ivan", "Ivanov"));
        assert!(!same_word("Boris", "Borisov"));
        assert!(!same_word("Iran", "Iraq"));
        assert!(!same_word("Popov", "Petrov"));
        // A given name against the surname made from it, one letter apart once folded.
        assert!(!same_word("Sergei", "Sergeev"));
        assert!(!same_word("Alexei", "Alexeev"));
        assert!(!compatible_first("Sergei", "Sergeev"));
        // Surname spellings that share the ending still match.
        assert!(same_word("Gorbachev", "Gorbachov"));
        assert!(same_word("Tikhonov", "Tihonov"));
        assert!(compatible_first("D", "Dmitri"));
        assert_eq!(name_parts("Vladimir V. Putin"), vec!["vladimir", "putin"]);
    }
}
