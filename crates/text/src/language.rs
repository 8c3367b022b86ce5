//! Language of the whole article, as an ISO 639-1 code.

use corroborate_core::{Document, Error, Layer, Stage};
use whatlang::Lang;

/// Fewer letters than this: too little text to judge.
const MIN_LETTERS: usize = 20;

/// The stage that sets `doc.meta.language` from the cleaned text (whatlang, judged on the
/// whole article). A reliable detection replaces what the reader found; an unreliable one
/// keeps the reader's value, or is used when the reader gave none. Too little text gives
/// `None` unless the reader gave a language.
#[derive(Clone, Copy, Debug, Default)]
pub struct LanguageDetector;

/// The ISO 639-1 code of the language of `text`, with whether whatlang calls it reliable.
/// `None` for empty or too-short text, or a language without a two-letter code.
///
/// ```
/// let (code, _) = corroborate_text::detect_language(
///     "The envoy arrived in St. Petersburg on Friday for talks with the president.",
/// ).unwrap();
/// assert_eq!(code, "en");
/// ```
pub fn detect_language(text: &str) -> Option<(&'static str, bool)> {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    if letters < MIN_LETTERS {
        return None;
    }
    let info = whatlang::detect(text)?;
    Some((iso_639_1(info.lang())?, info.is_reliable()))
}

impl Stage for LanguageDetector {
    fn name(&self) -> &'static str {
        "language"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Text]
    }

    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Language]
    }

    fn process(&self, doc: &mut Document) -> Result<(), Error> {
        match detect_language(&doc.text) {
            Some((code, true)) => doc.meta.language = Some(code.to_string()),
            Some((code, false)) if doc.meta.language.is_none() => {
                doc.meta.language = Some(code.to_string());
            }
            Some((_, false)) | None => {}
        }
        Ok(())
    }
}

/// Maps whatlang's languages to ISO 639-1.
fn iso_639_1(lang: Lang) -> Option<&'static str> {
    let code = match lang {
        Lang::Epo => "eo",
        Lang::Eng => "en",
        Lang::Rus => "ru",
        Lang::Cmn => "zh",
        Lang::Spa => "es",
        Lang::Por => "pt",
        Lang::Ita => "it",
        Lang::Ben => "bn",
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Ukr => "uk",
        Lang::Kat => "ka",
        Lang::Ara => "ar",
        Lang::Hin => "hi",
        Lang::Jpn => "ja",
        Lang::Heb => "he",
        Lang::Yid => "yi",
        Lang::Pol => "pl",
        Lang::Amh => "am",
        Lang::Jav => "jv",
        Lang::Kor => "ko",
        Lang::Nob => "nb",
        Lang::Dan => "da",
        Lang::Swe => "sv",
        Lang::Fin => "fi",
        Lang::Tur => "tr",
        Lang::Nld => "nl",
        Lang::Hun => "hu",
        Lang::Ces => "cs",
        Lang::Ell => "el",
        Lang::Bul => "bg",
        Lang::Bel => "be",
        Lang::Mar => "mr",
        Lang::Kan => "kn",
        Lang::Ron => "ro",
        Lang::Slv => "sl",
        Lang::Hrv => "hr",
        Lang::Srp => "sr",
        Lang::Mkd => "mk",
        Lang::Lit => "lt",
        Lang::Lav => "lv",
        Lang::Est => "et",
        Lang::Tam => "ta",
        Lang::Vie => "vi",
        Lang::Urd => "ur",
        Lang::Tha => "th",
        Lang::Guj => "gu",
        Lang::Uzb => "uz",
        Lang::Pan => "pa",
        Lang::Aze => "az",
        Lang::Ind => "id",
        Lang::Tel => "te",
        Lang::Pes => "fa",
        Lang::Mal => "ml",
        Lang::Ori => "or",
        Lang::Mya => "my",
        Lang::Nep => "ne",
        Lang::Sin => "si",
        Lang::Khm => "km",
        Lang::Tuk => "tk",
        Lang::Aka => "ak",
        Lang::Zul => "zu",
        Lang::Sna => "sn",
        Lang::Afr => "af",
        Lang::Lat => "la",
        Lang::Slk => "sk",
        Lang::Cat => "ca",
        Lang::Tgl => "tl",
        Lang::Hye => "hy",
        Lang::Cym => "cy",
    };
    Some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_common_languages() {
        let cases = [
            ("The talks between the two delegations lasted more than four hours on Friday.", "en"),
            ("Die Gespräche zwischen den beiden Delegationen dauerten am Freitag mehr als vier Stunden.", "de"),
            ("Les discussions entre les deux délégations ont duré plus de quatre heures vendredi.", "fr"),
            ("Переговоры между двумя делегациями продолжались в пятницу более четырёх часов.", "ru"),
        ];
        for (text, code) in cases {
            assert_eq!(detect_language(text).map(|(c, _)| c), Some(code), "{text}");
        }
    }

    #[test]
    fn too_short_is_none_and_keeps_reader_value() {
        assert_eq!(detect_language(""), None);
        assert_eq!(detect_language("Hi there."), None);
        let mut doc = Document::from_text("a", "Ok.");
        doc.meta.language = Some("de".into());
        LanguageDetector.process(&mut doc).unwrap();
        assert_eq!(doc.meta.language.as_deref(), Some("de"));
        let mut doc = Document::from_text("b", "");
        LanguageDetector.process(&mut doc).unwrap();
        assert_eq!(doc.meta.language, None);
    }

    #[test]
    fn reliable_detection_overrides_reader() {
        let mut doc = Document::from_text(
            "c",
            "Russia shows little sign that it is interested in peace, the German defense \
             minister said in Brussels after a meeting of the Ukraine Defense Contact Group.",
        );
        doc.meta.language = Some("fr".into());
        LanguageDetector.process(&mut doc).unwrap();
        assert_eq!(doc.meta.language.as_deref(), Some("en"));
    }
}
