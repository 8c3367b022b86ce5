//! Word lists written for this project. Lower-case.

/// Words written with a trailing dot that does not end a sentence.
#[rustfmt::skip]
pub(super) const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "mt", "ft", "jr", "sr", "gen", "sen", "rep", "gov", "lt",
    "col", "sgt", "capt", "cmdr", "adm", "maj", "prof", "rev", "hon", "pres", "inc", "corp",
    "ltd", "co", "no", "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "est", "approx", "dept", "univ", "assn", "bros", "messrs", "fr", "supt",
    "insp", "det", "cpl", "pvt", "atty", "u.s", "a.m", "p.m", "e.g", "i.e", "etc",
];

/// Courtesy titles: never part of a name, never a role on their own.
#[rustfmt::skip]
pub(super) const HONORIFICS: &[&str] = &[
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "mx", "dr", "dr.", "sir", "dame", "lord",
    "lady", "madam", "madame", "monsieur", "herr", "frau", "rev", "rev.", "hon", "hon.",
];

/// Titles that may stand before a name ("President", "Defense Minister", "Gen.").
#[rustfmt::skip]
pub(super) const TITLES: &[&str] = &[
    "president", "pres.", "vice-president", "minister", "secretary", "spokesman", "spokeswoman",
    "spokesperson", "chancellor", "senator", "sen.", "governor", "gov.", "mayor", "ambassador",
    "envoy", "premier", "director", "general", "gen.", "admiral", "adm.", "commander", "cmdr.",
    "king", "queen", "prince", "princess", "pope", "judge", "justice", "chairman", "chairwoman",
    "chairperson", "ceo", "representative", "rep.", "congressman", "congresswoman", "sheriff",
    "professor", "prof.", "captain", "capt.", "lieutenant", "lt.", "colonel", "col.", "major",
    "maj.", "sergeant", "sgt.", "corporal", "private", "coach", "archbishop", "bishop",
    "cardinal", "rabbi", "imam", "sheikh", "emir", "sultan", "ayatollah", "chief", "officer",
    "detective", "det.", "inspector", "attorney", "prosecutor", "councillor", "councilman",
    "councilwoman", "commissioner", "superintendent", "correspondent", "editor", "anchor", "host",
    "dean", "provost", "father", "sister", "brother", "deputy", "vice", "speaker", "leader",
    "negotiator", "adviser", "advisor", "aide", "diplomat", "sen", "gov", "rep", "trooper",
    "officer", "candidate", "nominee", "chair", "founder", "head", "economist", "analyst",
    "lawmaker", "delegate", "envoy",
];

/// Nouns that head a role description ("White House spokesman", "the head of ...").
#[rustfmt::skip]
pub(super) const ROLE_NOUNS: &[&str] = &[
    "president", "minister", "secretary", "spokesman", "spokeswoman", "spokesperson",
    "chancellor", "senator", "governor", "mayor", "ambassador", "envoy", "premier", "director",
    "general", "admiral", "commander", "king", "queen", "prince", "princess", "pope", "judge",
    "justice", "chairman", "chairwoman", "chairperson", "chair", "ceo", "representative",
    "congressman", "congresswoman", "sheriff", "professor", "captain", "lieutenant", "colonel",
    "sergeant", "coach", "archbishop", "bishop", "rabbi", "imam", "chief", "officer", "official",
    "officials", "detective", "inspector", "attorney", "prosecutor", "lawyer", "commissioner",
    "correspondent", "editor", "reporter", "journalist", "anchor", "host", "dean", "deputy",
    "speaker", "leader", "negotiator", "adviser", "advisor", "aide", "diplomat", "candidate",
    "nominee", "founder", "co-founder", "head", "economist", "analyst", "lawmaker", "legislator",
    "delegate", "member", "manager", "executive", "researcher", "scientist", "expert",
    "strategist", "pollster", "consultant", "author", "writer", "historian", "professor",
    "activist", "organizer", "campaigner", "citizen", "resident", "owner", "partner", "teacher",
    "student", "doctor", "physician", "nurse", "soldier", "commander-in-chief", "operative",
    "staffer", "staff", "volunteer", "voter", "supporter", "critic", "opponent", "rival", "ally",
    "wife", "husband", "son", "daughter", "mother", "father", "brother", "sister", "friend",
    "colleague", "counterpart", "emissary", "representative", "regulator", "investor", "banker",
    "entrepreneur", "businessman", "businesswoman", "billionaire", "mogul", "actor", "actress",
    "singer", "star", "player", "hostage", "prisoner", "victim", "witness", "survivor", "mp",
    "senator-elect", "whip", "secretary-general", "director-general", "president-elect",
    "contender", "incumbent",
];

/// Subject pronouns that can stand for a named speaker.
pub(super) const PERSON_PRONOUNS: &[&str] = &["he", "she"];

/// Verbs of saying of German, Spanish, French, Italian and Dutch, in the forms that attribute
/// quotes (simple past and present, and the participle of the compound past: "a déclaré",
/// "ha detto"). None is also an English word.
#[rustfmt::skip]
pub(super) const FOREIGN_SPEECH_VERBS: &[&str] = &[
    // German
    "sagte", "sagten", "sagt", "gesagt", "erklärte", "erklärten", "erklärt", "betonte", "betont",
    "meinte", "meint", "sprach", "fügte", "ergänzte", "warnte", "kritisierte", "schrieb",
    "teilte", "berichtete", "versicherte", "bekräftigte", "räumte", "verkündete",
    // Spanish
    "dijo", "dijeron", "dicen", "afirmó", "afirma", "declaró", "declara", "señaló",
    "señala", "explicó", "explica", "aseguró", "asegura", "indicó", "indica", "añadió",
    "agregó", "subrayó", "destacó", "advirtió", "manifestó", "sostuvo", "recalcó", "dicho",
    "afirmado", "declarado", "señalado", "explicado", "asegurado", "anunció",
    // French
    "déclaré", "déclare", "dit", "affirmé", "affirme", "indiqué", "expliqué", "explique",
    "ajouté", "ajoute", "souligné", "souligne", "estimé", "assuré", "assure", "précisé",
    "précise", "annoncé", "confié", "martelé", "lancé", "déclarait", "disait", "affirmait",
    // Italian
    "detto", "dichiarato", "affermato", "spiegato", "aggiunto", "sottolineato",
    "afferma", "dichiara", "spiega", "aggiunge", "sottolinea", "disse", "annunciato",
    "precisato", "commentato",
    // Dutch
    "zei", "zegt", "zeiden", "verklaarde", "verklaart", "stelde", "stelt", "benadrukte",
    "voegde", "schreef", "gezegd", "verklaard", "aldus",
];

/// Auxiliaries of the compound past before a participle of saying ("a déclaré", "ha
/// detto", "hat gesagt", "heeft gezegd").
pub(super) const FOREIGN_AUXILIARIES: &[&str] = &[
    "a", "ont", "ha", "han", "hanno", "hat", "haben", "heeft", "hebben", "avait", "había", "aveva",
];

/// Single words meaning "according to" ("selon", "según", "secondo", "laut", "volgens").
pub(super) const FOREIGN_ACCORDING: &[&str] = &["selon", "según", "secondo", "laut", "volgens"];

/// Verbs (and verb phrases) that introduce speech.
#[rustfmt::skip]
pub(super) const SPEECH_VERBS: &[&str] = &[
    "said", "says", "say", "saying", "told", "tells", "tell", "telling", "added", "adds",
    "adding", "wrote", "writes", "writing", "stated", "states", "posted", "posts", "announced",
    "announces", "noted", "notes", "noting", "emphasized", "emphasised", "emphasizes",
    "emphasizing", "insisted", "insists", "insisting", "argued", "argues", "arguing", "asked",
    "asks", "asking", "declared", "declares", "declaring", "tweeted", "tweets", "tweeting",
    "explained", "explains", "explaining", "continued", "continues", "claimed", "claims",
    "claiming", "warned", "warns", "warning", "recalled", "recalls", "recalling", "replied",
    "replies", "responded", "responds", "remarked", "acknowledged", "acknowledges", "admitted",
    "admits", "suggested", "suggests", "stressed", "stresses", "stressing", "urged", "urges",
    "urging", "conceded", "concedes", "commented", "confirmed", "confirms", "observed",
    "predicted", "predicts", "promised", "promises", "vowed", "vows", "vowing", "quipped",
    "joked", "countered", "cautioned", "complained", "complains", "concluded", "reported",
    "reports", "testified", "shouted", "yelled", "wondered", "described", "describing", "called",
    "calling", "calls", "charged", "alleged", "alleges", "accused", "boasted", "pointed", "mused",
    "demanded", "demands", "pledged", "pledges", "lamented", "blasted", "slammed", "praised",
    "reiterated", "reiterates", "repeated", "maintained", "maintains", "contended", "contends",
    "announcing", "chanted", "sang", "sings", "messaged", "texted", "thundered", "snapped",
    "retorted", "recounted", "agreed", "agrees", "disputed", "denied", "denies", "estimated",
    "forecast", "proclaimed", "assured", "reassured", "informed", "signaled", "signalled",
    "indicated", "expressed", "conveyed", "interjected", "ruled", "promising", "cited", "cites",
    "criticized", "criticised", "criticizing", "denounced", "denouncing", "denounces", "labeled",
    "labelled", "dubbed", "branded", "termed", "referred", "quoted", "chanting", "singing",
    "touted", "hailed", "mocked", "derided", "decried", "ripped", "attacked", "questioned",
    "threatened", "scolded", "wondering", "dismissed", "bragged", "boasting", "conceding",
    "acknowledging", "explaining", "predicting", "promise", "argue", "claim", "insist", "warn",
    "added:", "noting", "observing", "recounting", "replying", "responding", "writing",
];

/// Function words that are written with a capital only at the start of a sentence or quote.
#[rustfmt::skip]
pub(super) const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we",
    "i", "you", "his", "her", "their", "our", "my", "your", "him", "them", "us", "me", "in", "on",
    "at", "for", "with", "as", "but", "and", "or", "nor", "if", "when", "while", "after",
    "before", "despite", "meanwhile", "however", "also", "so", "then", "there", "here", "what",
    "who", "whom", "whose", "how", "why", "where", "which", "asked", "by", "from", "to", "of",
    "into", "over", "under", "about", "against", "between", "during", "since", "until", "upon",
    "among", "amid", "although", "though", "because", "yet", "still", "now", "today", "yesterday",
    "tomorrow", "recently", "earlier", "later", "once", "even", "just", "only", "not", "no",
    "yes", "all", "some", "many", "most", "more", "much", "few", "several", "each", "every",
    "both", "either", "neither", "any", "other", "another", "such", "one", "two", "three", "four",
    "five", "six", "seven", "eight", "nine", "ten", "first", "second", "third", "last", "next",
    "new", "is", "are", "was", "were", "be", "been", "has", "have", "had", "do", "does", "did",
    "will", "would", "can", "could", "should", "may", "might", "must", "shall", "let", "let's",
    "please", "well", "oh", "ok", "okay", "mr", "mrs", "ms", "dr", "according", "instead",
    "indeed", "perhaps", "rather", "therefore", "thus", "hence", "besides", "furthermore",
    "moreover", "notably", "ahead", "additionally", "around", "within", "without", "through",
    "throughout", "beyond", "toward", "towards", "like", "unlike", "via", "per", "whether",
    "whatever", "whoever", "everyone", "everybody", "nobody", "someone", "somebody", "anyone",
    "nothing", "something", "everything", "sources", "officials", "critics", "experts",
    "analysts", "residents", "people", "police", "reporters", "delegated", "given", "following",
    "regarding", "including", "beforehand", "afterwards", "overall", "again", "already", "always",
    "never", "often", "sometimes", "usually", "read", "watch", "see", "click", "share",
    "subscribe", "sign", "follow", "photo", "video", "image", "getty", "reuters", "ap", "afp",
];

/// The last word of an organisation's name.
#[rustfmt::skip]
pub(super) const ORG_KEYWORDS: &[&str] = &[
    "ministry", "group", "agency", "council", "news", "times", "post", "office", "house", "fund",
    "kremlin", "pentagon", "committee", "commission", "department", "bureau", "service",
    "services", "party", "union", "association", "organization", "organisation", "institute",
    "institution", "foundation", "university", "college", "school", "academy", "bank", "company",
    "corporation", "corp", "corp.", "inc", "inc.", "ltd", "ltd.", "llc", "plc", "co.", "holdings",
    "industries", "motors", "airlines", "airways", "network", "television", "radio", "press",
    "journal", "herald", "tribune", "gazette", "telegraph", "guardian", "observer", "daily",
    "weekly", "magazine", "channel", "media", "parliament", "congress", "senate", "assembly",
    "court", "cabinet", "government", "administration", "army", "navy", "force", "forces",
    "guard", "police", "command", "alliance", "coalition", "federation", "league", "society",
    "club", "team", "church", "board", "authority", "centre", "center", "hospital", "museum",
    "library", "trust", "partners", "capital", "securities", "exchange", "reserve", "treasury",
    "secretariat", "mission", "embassy", "consulate", "campaign", "movement", "front", "brigade",
    "battalion", "regiment", "division", "corps", "squad", "unit", "hotel", "cathedral",
    "stadium", "airport", "station", "prison", "facility", "plant", "lab", "laboratory", "labs",
    "systems", "technologies", "pac", "nations", "forum", "summit",
];

/// The last word of a place's name.
#[rustfmt::skip]
pub(super) const LOC_KEYWORDS: &[&str] = &[
    "sea", "ocean", "river", "mountains", "mountain", "island", "islands", "region", "province",
    "street", "square", "gulf", "bay", "lake", "valley", "peninsula", "strait", "county", "city",
    "district", "oblast", "state", "territory", "coast", "desert", "plateau", "heights", "canal",
    "avenue", "road", "bridge", "park", "border", "harbor", "harbour", "port", "village", "town",
];

/// Words that make a name an event.
#[rustfmt::skip]
pub(super) const EVENT_KEYWORDS: &[&str] = &[
    "war", "summit", "olympics", "games", "cup", "conference", "election", "elections",
    "festival", "championship", "forum", "expo", "revolution", "crisis", "massacre", "offensive",
    "operation", "convention", "debate", "primary", "caucus", "caucuses", "referendum",
    "marathon", "derby", "open", "world cup", "super bowl",
];

/// Words that follow a person's name ("the Biden administration").
pub(super) const PERSON_FOLLOWERS: &[&str] =
    &["administration", "campaign", "family", "presidency"];

/// Short all-capital tokens that are places, not organisations.
pub(super) const PLACE_ACRONYMS: &[&str] = &["us", "u.s.", "uk", "u.k.", "uae", "usa", "u.s.a."];

#[rustfmt::skip]
pub(super) const MONTHS: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.",
    "sep.", "sept.", "oct.", "nov.", "dec.",
];

#[rustfmt::skip]
pub(super) const WEEKDAYS: &[&str] = &[
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
];
