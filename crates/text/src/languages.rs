//! What sentence splitting needs to know of German, Spanish, French, Italian and Dutch, on top
//! of the English lists in [`crate::lexicon`]: titles before names, abbreviations that never or
//! rarely end a sentence, the words that usually open one, and whether a number followed by a
//! period is an ordinal ("am 5. März", "der 3. Platz"). Word lists we wrote ourselves; matched
//! case-sensitively without the final period, like the English ones.

/// The sentence words of one language.
pub(crate) struct SentenceWords {
    /// Abbreviations that precede a name and never end a sentence ("Sr. García").
    pub titles: &'static [&'static str],
    /// Abbreviations never followed by a sentence break ("z.B.", "bijv.").
    pub never_final: &'static [&'static str],
    /// Abbreviations that may end a sentence, but rarely do ("Nr.", "Str.", "S.A.").
    pub ambiguous: &'static [&'static str],
    /// Words that usually open a sentence: after an initial, an ambiguous abbreviation or an
    /// ordinal, only such a word makes a break.
    pub starters: &'static [&'static str],
    /// A number of up to three digits followed by a period is an ordinal.
    pub ordinal_dot: bool,
}

impl SentenceWords {
    pub fn is_title(&self, word: &str) -> bool {
        self.titles.contains(&word)
    }
    pub fn is_never_final(&self, word: &str) -> bool {
        self.never_final.contains(&word)
    }
    pub fn is_ambiguous(&self, word: &str) -> bool {
        self.ambiguous.contains(&word)
    }
    pub fn is_starter(&self, word: &str) -> bool {
        self.starters.contains(&word)
    }
}

/// The sentence words of `language` (ISO 639-1), for the languages we know beyond English.
pub(crate) fn sentence_words(language: &str) -> Option<&'static SentenceWords> {
    match language {
        "de" => Some(&GERMAN),
        "es" => Some(&SPANISH),
        "fr" => Some(&FRENCH),
        "it" => Some(&ITALIAN),
        "nl" => Some(&DUTCH),
        _ => None,
    }
}

#[rustfmt::skip]
static GERMAN: SentenceWords = SentenceWords {
    titles: &["Hr", "Hrn", "Fr", "Dr", "Prof", "Dipl", "Ing", "Mag", "Min"],
    never_final: &[
        "z.B", "bzw", "vgl", "u.a", "d.h", "evtl", "ggf", "inkl", "bspw", "sog", "u.U", "o.ä",
        "z.T", "s.o", "s.u", "u.v.m", "insb", "ehem", "geb", "zit", "Abs", "ca",
    ],
    ambiguous: &[
        "Nr", "Str", "Tel", "Jh", "Jhd", "Mio", "Mrd", "Tsd", "usw", "etc", "Bd", "St", "Co",
        "GmbH", "AG", "Mo", "Di", "Mi", "Do", "Fr", "Sa", "So", "Jan", "Feb", "Apr", "Jun", "Jul",
        "Aug", "Sep", "Sept", "Okt", "Nov", "Dez",
    ],
    starters: &[
        "Der", "Die", "Das", "Den", "Dem", "Des", "Ein", "Eine", "Einen", "Einem", "Er", "Sie", "Es",
        "Wir", "Ich", "Ihr", "Man", "Am", "Im", "In", "Auf", "Aus", "Aber", "Und", "Doch", "Dies",
        "Diese", "Dieser", "Dieses", "Nach", "Vor", "Bei", "Mit", "Seit", "Als", "Wenn", "Auch",
        "Noch", "Dann", "Damit", "Denn", "Dabei", "Daher", "Deshalb", "Zudem", "Zuvor", "Jetzt",
        "Nun", "Heute", "Gestern", "Laut", "Wie", "Was", "Wer", "Wo", "Warum", "Um", "Zum", "Zur",
        "Für", "Über", "Unter", "Gegen", "Ob", "Obwohl", "Während", "Nicht", "Kein", "Keine",
        "Viele", "Alle", "So", "Sein", "Seine", "Ihre", "Unser", "Unsere",
    ],
    ordinal_dot: true,
};

#[rustfmt::skip]
static SPANISH: SentenceWords = SentenceWords {
    titles: &["Sr", "Sra", "Srta", "Sres", "Dña", "Dr", "Dra", "Lic", "Ing", "Prof", "Excmo", "Excma"],
    never_final: &["p.ej", "aprox", "Avda", "Av", "Vd", "Ud", "Uds", "núm", "pág", "Sto", "Sta"],
    ambiguous: &[
        "etc", "S.A", "Cía", "EE.UU", "EEUU", "Nº", "No", "tel", "ene", "feb", "mar", "abr", "may",
        "jun", "jul", "ago", "sep", "sept", "oct", "nov", "dic",
    ],
    starters: &[
        "El", "La", "Los", "Las", "Un", "Una", "Unos", "Unas", "Lo", "En", "Pero", "Y", "Sin",
        "Con", "Por", "Para", "Según", "Este", "Esta", "Estos", "Estas", "Ese", "Esa", "Él", "Ella",
        "Ellos", "Ellas", "Nosotros", "Yo", "Se", "No", "Es", "Hay", "También", "Además", "Sin",
        "Tras", "Desde", "Durante", "Cuando", "Como", "Aunque", "Si", "Ya", "Así", "Hoy", "Ayer",
        "Al", "Del", "De", "A", "Su", "Sus", "Mientras", "Entre", "Ante", "Otro", "Otra", "Todo",
        "Todos", "Qué", "Quién", "Dónde", "Cuándo",
    ],
    ordinal_dot: false,
};

#[rustfmt::skip]
static FRENCH: SentenceWords = SentenceWords {
    titles: &["M", "MM", "Mme", "Mmes", "Mlle", "Mlles", "Me", "Dr", "Pr", "Mgr", "St", "Ste"],
    never_final: &["p.ex", "env", "cf", "av", "apr", "art", "bd"],
    ambiguous: &[
        "etc", "S.A", "Cie", "n°", "No", "tél", "janv", "févr", "avr", "juil", "sept", "oct",
        "nov", "déc",
    ],
    starters: &[
        "Le", "La", "Les", "L'", "Un", "Une", "Des", "Il", "Elle", "Ils", "Elles", "Nous", "Vous",
        "On", "Je", "En", "Mais", "Et", "Pour", "Par", "Selon", "Ce", "Cet", "Cette", "Ces", "Dans",
        "Sur", "Avec", "Après", "Avant", "Depuis", "Pendant", "Lors", "Quand", "Comme", "Si",
        "Aussi", "Ainsi", "Alors", "Puis", "Enfin", "Or", "Car", "Donc", "Aujourd'hui", "Hier",
        "Au", "Aux", "Du", "De", "À", "Son", "Sa", "Ses", "Leur", "Leurs", "C'est", "Il y",
        "Tous", "Toutes", "Pas", "Ne", "Qui", "Que", "Où",
    ],
    ordinal_dot: false,
};

#[rustfmt::skip]
static ITALIAN: SentenceWords = SentenceWords {
    titles: &["Sig", "Sigg", "Sig.ra", "Dott", "Dott.ssa", "Prof", "Avv", "Ing", "On", "Arch", "Geom", "Rag", "Mons"],
    never_final: &["ecc", "p.es", "cfr", "ca", "pag", "n", "Spa"],
    ambiguous: &[
        "S.p.A", "SpA", "S.r.l", "Srl", "No", "gen", "feb", "mar", "apr", "mag", "giu", "lug",
        "ago", "set", "ott", "nov", "dic",
    ],
    starters: &[
        "Il", "Lo", "La", "I", "Gli", "Le", "L'", "Un", "Una", "Uno", "Un'", "Lui", "Lei", "Loro",
        "Noi", "Io", "Ma", "E", "In", "Per", "Con", "Secondo", "Questo", "Questa", "Questi",
        "Queste", "Quello", "Quella", "Non", "Si", "È", "C'è", "Anche", "Inoltre", "Dopo", "Prima",
        "Durante", "Quando", "Come", "Se", "Già", "Così", "Oggi", "Ieri", "Al", "Allo", "Alla",
        "Nel", "Nella", "Del", "Della", "Dal", "Dalla", "Da", "Di", "A", "Su", "Tra", "Fra",
        "Mentre", "Tutti", "Tutto", "Chi", "Che", "Dove", "Perché",
    ],
    ordinal_dot: false,
};

#[rustfmt::skip]
static DUTCH: SentenceWords = SentenceWords {
    titles: &["Dhr", "dhr", "Mevr", "mevr", "Mw", "mw", "Dr", "Drs", "Ir", "Ing", "Mr", "Prof", "Ds"],
    never_final: &[
        "bijv", "o.a", "m.b.t", "t.o.v", "i.p.v", "z.g.a", "d.w.z", "m.a.w", "resp", "ca", "vs",
        "nl", "evt", "incl", "excl", "t.a.v",
    ],
    ambiguous: &[
        "N.V", "B.V", "NV", "BV", "enz", "etc", "nr", "Nr", "blz", "jan", "feb", "mrt", "apr",
        "jun", "jul", "aug", "sep", "sept", "okt", "nov", "dec",
    ],
    starters: &[
        "De", "Het", "Een", "Hij", "Zij", "Ze", "Wij", "We", "Ik", "Jij", "Je", "U", "In", "Op",
        "Maar", "En", "Voor", "Met", "Volgens", "Dit", "Deze", "Dat", "Die", "Er", "Na", "Bij",
        "Door", "Uit", "Over", "Tijdens", "Sinds", "Als", "Toen", "Omdat", "Hoewel", "Ook", "Nu",
        "Dan", "Daarom", "Daarna", "Daarnaast", "Bovendien", "Vandaag", "Gisteren", "Niet", "Geen",
        "Alle", "Wat", "Wie", "Waar", "Waarom", "Hoe", "Zijn", "Haar", "Hun", "Ons", "Onze",
    ],
    ordinal_dot: false,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_languages_are_known_and_english_falls_back() {
        for code in ["de", "es", "fr", "it", "nl"] {
            let words = sentence_words(code).expect(code);
            assert!(!words.starters.is_empty() && !words.titles.is_empty());
        }
        assert!(sentence_words("en").is_none());
        assert!(sentence_words("de").is_some_and(|w| w.ordinal_dot && w.is_never_final("z.B")));
    }
}
