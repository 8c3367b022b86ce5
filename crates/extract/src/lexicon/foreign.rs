//! Words of German, Spanish, French, Italian and Dutch that the entity rules must not take for
//! names when they open a sentence or a capitalised run ("Der", "Nous", "Questo"), and, for
//! German, which writes every noun with a capital, the words after which a capitalised word
//! is a common noun ("der Sprecher", "im Jahr") and the endings of common nouns and roles.
//! Lower-case; lists we wrote ourselves.

/// Determiners and article-prepositions: a German capitalised word after one is a noun.
#[rustfmt::skip]
pub(super) const GERMAN_DETERMINERS: &[&str] = &[
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines",
    "kein", "keine", "keinen", "keinem", "keiner", "dieser", "diese", "dieses", "diesen",
    "diesem", "jeder", "jede", "jedes", "jeden", "jedem", "sein", "seine", "seinen", "seinem",
    "seiner", "ihr", "ihre", "ihren", "ihrem", "ihrer", "unser", "unsere", "unseren", "im", "am",
    "zum", "zur", "vom", "beim", "ins", "ans", "alle", "viele", "mehrere", "einige", "wenige",
    "welche", "welcher", "solche",
];

/// Function words of the five languages: articles, pronouns, prepositions, conjunctions and
/// sentence adverbs.
#[rustfmt::skip]
pub(super) const FUNCTION_WORDS: &[&str] = &[
    // German
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines",
    "er", "sie", "es", "wir", "ihr", "ich", "man", "im", "am", "zum", "zur", "vom", "beim", "in",
    "auf", "aus", "aber", "und", "doch", "dies", "diese", "dieser", "dieses", "nach", "vor",
    "bei", "mit", "seit", "als", "wenn", "auch", "noch", "dann", "damit", "denn", "dabei",
    "daher", "deshalb", "zudem", "jetzt", "nun", "heute", "gestern", "laut", "wie", "was",
    "wer", "wo", "warum", "um", "für", "über", "unter", "gegen", "ob", "obwohl", "während",
    "nicht", "kein", "keine", "so", "sein", "seine", "ihre", "unser", "unsere", "rund", "etwa",
    "bereits", "schon", "nur", "mehr", "alle", "viele",
    // Spanish
    "el", "la", "los", "las", "un", "una", "unos", "unas", "lo", "en", "pero", "y", "sin", "con",
    "por", "para", "según", "este", "esta", "estos", "estas", "ese", "esa", "él", "ella",
    "ellos", "ellas", "nosotros", "yo", "se", "no", "es", "hay", "también", "además", "tras",
    "desde", "durante", "cuando", "como", "aunque", "si", "ya", "así", "hoy", "ayer", "al",
    "del", "su", "sus", "mientras", "entre", "ante", "otro", "otra", "todo", "todos",
    // French
    "le", "les", "une", "des", "il", "elle", "ils", "elles", "nous", "vous", "on", "je", "mais",
    "et", "pour", "par", "selon", "ce", "cet", "cette", "ces", "dans", "sur", "avec", "après",
    "avant", "depuis", "pendant", "lors", "quand", "comme", "aussi", "ainsi", "alors", "puis",
    "enfin", "car", "donc", "hier", "au", "aux", "du", "son", "sa", "ses", "leur", "leurs",
    "tous", "toutes", "pas", "ne", "qui", "que", "où", "c'est", "l'",
    // Italian
    "il", "lo", "gli", "i", "uno", "lui", "lei", "loro", "noi", "io", "ma", "e", "per",
    "secondo", "questo", "questa", "questi", "queste", "quello", "quella", "non", "è", "anche",
    "inoltre", "dopo", "prima", "quando", "se", "già", "così", "oggi", "ieri", "nel", "nella",
    "della", "dal", "dalla", "da", "di", "su", "tra", "fra", "mentre", "tutti", "tutto", "chi",
    "che", "dove", "perché",
    // Dutch
    "de", "het", "een", "hij", "zij", "ze", "wij", "we", "ik", "jij", "je", "u", "op", "maar",
    "en", "voor", "met", "volgens", "dit", "deze", "dat", "er", "na", "door", "uit", "over",
    "tijdens", "sinds", "toen", "omdat", "hoewel", "ook", "nu", "dan", "daarom", "daarna",
    "daarnaast", "bovendien", "vandaag", "gisteren", "niet", "geen", "wat", "wie", "waar",
    "waarom", "hoe", "zijn", "haar", "hun", "ons", "onze",
];

/// Name particles that may open a name in these languages ("De Jong", "Van Dijk", "Di Maio",
/// "La Fontaine"): a function word only where no name follows.
pub(super) const NAME_PARTICLES: &[&str] = &[
    "de", "van", "von", "ter", "ten", "la", "le", "di", "da", "del", "della", "du", "des", "dos",
];

/// Endings of German common nouns ("Entscheidung", "Mehrheit", "Gesellschaft"), none of
/// them common at the end of a name.
#[rustfmt::skip]
pub(super) const GERMAN_NOUN_ENDINGS: &[&str] = &[
    "ung", "ungen", "heit", "heiten", "keit", "keiten", "schaft", "schaften", "tät", "täten",
    "ionen", "ismus", "nisse", "tum", "linge", "erei", "ität", "gabe", "zeug", "zeit", "jahre",
    "jahren", "woche", "monat", "kosten", "geld", "preise", "arbeit", "urteil", "strafe", "frage",
    "antwort",
];

/// Endings of German role nouns that stand before a name ("Konzernchef", "Regierungssprecher",
/// "Außenministerin").
#[rustfmt::skip]
pub(super) const GERMAN_ROLE_ENDINGS: &[&str] = &[
    "chef", "chefin", "sprecher", "sprecherin", "minister", "ministerin", "präsident",
    "präsidentin", "leiter", "leiterin", "direktor", "direktorin", "vorsitzende",
    "vorsitzender", "kanzler", "kanzlerin", "trainer", "trainerin", "experte", "expertin",
    "analyst", "analystin", "botschafter", "botschafterin", "bürgermeister", "bürgermeisterin",
    "manager", "managerin", "gründer", "gründerin", "anwalt", "anwältin", "sekretär", "sekretärin", "kommissar", "kommissarin", "abgeordnete",
    "abgeordneter", "politiker", "politikerin", "mitarbeiter", "mitarbeiterin",
];
