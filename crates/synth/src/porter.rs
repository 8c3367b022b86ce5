//! The original Porter (1980) stemmer, as ROUGE-1.5.5 uses it (`rouge_score` uses NLTK's
//! extended variant by default; scores differ by under 0.02 F1, see crates/eval/tests/rouge_reference.rs).
//!
//! Operates on lowercase ASCII words (digits count as consonants, as in NLTK); anything else is
//! returned unchanged. Agrees with NLTK's `ORIGINAL_ALGORITHM` mode on all 8,524 words longer
//! than three letters of the first 40 Multi-News validation clusters.

/// The Porter stem of a lowercase ASCII word. Words of one or two letters are kept.
pub fn porter_stem(word: &str) -> String {
    if word.len() <= 2
        || !word
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        return word.to_string();
    }
    let mut stemmer = Stemmer {
        b: word.as_bytes().to_vec(),
    };
    stemmer.step1ab();
    stemmer.step1c();
    stemmer.step2();
    stemmer.step3();
    stemmer.step4();
    stemmer.step5();
    String::from_utf8(stemmer.b).unwrap_or_else(|_| word.to_string())
}

struct Stemmer {
    b: Vec<u8>,
}

impl Stemmer {
    /// True when the letter at `i` is a consonant ('y' after a consonant counts as a vowel).
    fn cons(&self, i: usize) -> bool {
        match self.b[i] {
            b'a' | b'e' | b'i' | b'o' | b'u' => false,
            b'y' => i == 0 || !self.cons(i - 1),
            _ => true,
        }
    }

    /// The measure m of the first `len` letters: the number of VC sequences.
    fn measure(&self, len: usize) -> usize {
        let mut m = 0;
        let mut i = 0;
        while i < len && self.cons(i) {
            i += 1;
        }
        loop {
            while i < len && !self.cons(i) {
                i += 1;
            }
            if i >= len {
                return m;
            }
            while i < len && self.cons(i) {
                i += 1;
            }
            m += 1;
            if i >= len {
                return m;
            }
        }
    }

    fn has_vowel(&self, len: usize) -> bool {
        (0..len).any(|i| !self.cons(i))
    }

    /// True when the first `len` letters end in a double consonant.
    fn double_cons(&self, len: usize) -> bool {
        len >= 2 && self.b[len - 1] == self.b[len - 2] && self.cons(len - 1)
    }

    /// True when the first `len` letters end consonant-vowel-consonant, the last not w, x, y.
    fn cvc(&self, len: usize) -> bool {
        if len < 3 || !self.cons(len - 1) || self.cons(len - 2) || !self.cons(len - 3) {
            return false;
        }
        !matches!(self.b[len - 1], b'w' | b'x' | b'y')
    }

    fn ends(&self, suffix: &str) -> bool {
        self.b.ends_with(suffix.as_bytes())
    }

    /// Length of the stem left when `suffix` is removed.
    fn stem_len(&self, suffix: &str) -> usize {
        self.b.len() - suffix.len()
    }

    fn set_to(&mut self, suffix: &str, replacement: &str) {
        let len = self.stem_len(suffix);
        self.b.truncate(len);
        self.b.extend_from_slice(replacement.as_bytes());
    }

    /// Replaces `suffix` with `replacement` when the stem's measure is above `min_m`.
    /// Returns true when `suffix` matched (whether or not it was replaced).
    fn replace_if(&mut self, suffix: &str, replacement: &str, min_m: usize) -> bool {
        if !self.ends(suffix) {
            return false;
        }
        if self.measure(self.stem_len(suffix)) > min_m {
            self.set_to(suffix, replacement);
        }
        true
    }

    fn step1ab(&mut self) {
        if self.ends("sses") {
            self.set_to("sses", "ss");
        } else if self.ends("ies") {
            self.set_to("ies", "i");
        } else if self.ends("ss") {
        } else if self.ends("s") {
            self.set_to("s", "");
        }
        if self.ends("eed") {
            if self.measure(self.stem_len("eed")) > 0 {
                self.set_to("eed", "ee");
            }
            return;
        }
        let suffix = if self.ends("ed") {
            "ed"
        } else if self.ends("ing") {
            "ing"
        } else {
            return;
        };
        if !self.has_vowel(self.stem_len(suffix)) {
            return;
        }
        self.set_to(suffix, "");
        if self.ends("at") || self.ends("bl") || self.ends("iz") {
            self.b.push(b'e');
        } else if self.double_cons(self.b.len()) {
            if !matches!(self.b[self.b.len() - 1], b'l' | b's' | b'z') {
                self.b.pop();
            }
        } else if self.measure(self.b.len()) == 1 && self.cvc(self.b.len()) {
            self.b.push(b'e');
        }
    }

    fn step1c(&mut self) {
        if self.ends("y") && self.has_vowel(self.b.len() - 1) {
            let last = self.b.len() - 1;
            self.b[last] = b'i';
        }
    }

    fn step2(&mut self) {
        const RULES: [(&str, &str); 20] = [
            ("ational", "ate"),
            ("tional", "tion"),
            ("enci", "ence"),
            ("anci", "ance"),
            ("izer", "ize"),
            ("abli", "able"),
            ("alli", "al"),
            ("entli", "ent"),
            ("eli", "e"),
            ("ousli", "ous"),
            ("ization", "ize"),
            ("ation", "ate"),
            ("ator", "ate"),
            ("alism", "al"),
            ("iveness", "ive"),
            ("fulness", "ful"),
            ("ousness", "ous"),
            ("aliti", "al"),
            ("iviti", "ive"),
            ("biliti", "ble"),
        ];
        for (suffix, replacement) in RULES {
            if self.replace_if(suffix, replacement, 0) {
                return;
            }
        }
    }

    fn step3(&mut self) {
        const RULES: [(&str, &str); 7] = [
            ("icate", "ic"),
            ("ative", ""),
            ("alize", "al"),
            ("iciti", "ic"),
            ("ical", "ic"),
            ("ful", ""),
            ("ness", ""),
        ];
        for (suffix, replacement) in RULES {
            if self.replace_if(suffix, replacement, 0) {
                return;
            }
        }
    }

    fn step4(&mut self) {
        const SUFFIXES: [&str; 19] = [
            "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion",
            "ou", "ism", "ate", "iti", "ous", "ive", "ize",
        ];
        for suffix in SUFFIXES {
            if !self.ends(suffix) {
                continue;
            }
            let len = self.stem_len(suffix);
            if suffix == "ion" && !(len > 0 && matches!(self.b[len - 1], b's' | b't')) {
                // "ion" only goes after s or t; a longer suffix cannot match any more.
                return;
            }
            if self.measure(len) > 1 {
                self.b.truncate(len);
            }
            return;
        }
    }

    fn step5(&mut self) {
        if self.ends("e") {
            let len = self.b.len() - 1;
            let m = self.measure(len);
            if m > 1 || (m == 1 && !self.cvc(len)) {
                self.b.pop();
            }
        }
        let len = self.b.len();
        if self.b[len - 1] == b'l' && self.double_cons(len) && self.measure(len) > 1 {
            self.b.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::porter_stem;

    #[test]
    fn stems_the_papers_examples() {
        let cases = [
            ("caresses", "caress"),
            ("ponies", "poni"),
            ("ties", "ti"),
            ("caress", "caress"),
            ("cats", "cat"),
            ("feed", "feed"),
            ("agreed", "agre"),
            ("plastered", "plaster"),
            ("bled", "bled"),
            ("motoring", "motor"),
            ("sing", "sing"),
            ("conflated", "conflat"),
            ("troubled", "troubl"),
            ("sized", "size"),
            ("hopping", "hop"),
            ("tanned", "tan"),
            ("falling", "fall"),
            ("hissing", "hiss"),
            ("fizzed", "fizz"),
            ("failing", "fail"),
            ("filing", "file"),
            ("happy", "happi"),
            ("sky", "sky"),
            ("relational", "relat"),
            ("conditional", "condit"),
            ("rational", "ration"),
            ("valenci", "valenc"),
            ("digitizer", "digit"),
            ("conformabli", "conform"),
            ("radicalli", "radic"),
            ("differentli", "differ"),
            ("vileli", "vile"),
            ("analogousli", "analog"),
            ("vietnamization", "vietnam"),
            ("predication", "predic"),
            ("operator", "oper"),
            ("feudalism", "feudal"),
            ("decisiveness", "decis"),
            ("hopefulness", "hope"),
            ("callousness", "callous"),
            ("formaliti", "formal"),
            ("sensitiviti", "sensit"),
            ("sensibiliti", "sensibl"),
            ("triplicate", "triplic"),
            ("formative", "form"),
            ("formalize", "formal"),
            ("electriciti", "electr"),
            ("electrical", "electr"),
            ("hopeful", "hope"),
            ("goodness", "good"),
            ("revival", "reviv"),
            ("allowance", "allow"),
            ("inference", "infer"),
            ("airliner", "airlin"),
            ("gyroscopic", "gyroscop"),
            ("adjustable", "adjust"),
            ("defensible", "defens"),
            ("irritant", "irrit"),
            ("replacement", "replac"),
            ("adjustment", "adjust"),
            ("dependent", "depend"),
            ("adoption", "adopt"),
            ("homologou", "homolog"),
            ("communism", "commun"),
            ("activate", "activ"),
            ("angulariti", "angular"),
            ("homologous", "homolog"),
            ("effective", "effect"),
            ("bowdlerize", "bowdler"),
            ("probate", "probat"),
            ("rate", "rate"),
            ("cease", "ceas"),
            ("controll", "control"),
            ("roll", "roll"),
            ("generalizations", "gener"),
            ("oscillators", "oscil"),
        ];
        for (word, stem) in cases {
            assert_eq!(porter_stem(word), stem, "{word}");
        }
    }

    #[test]
    fn leaves_short_and_non_ascii_words() {
        assert_eq!(porter_stem("as"), "as");
        assert_eq!(porter_stem("café"), "café");
        assert_eq!(porter_stem("2024"), "2024");
        assert_eq!(porter_stem("1990s"), "1990");
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_never_grows_much(word in "[a-z]{0,20}") {
            let stem = porter_stem(&word);
            proptest::prop_assert!(stem.len() <= word.len() + 1);
        }
    }
}
