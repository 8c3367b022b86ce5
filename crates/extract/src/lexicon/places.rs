//! Place names and demonyms, written for this project. Lower-case.

/// Countries, plus common short forms.
#[rustfmt::skip]
pub(super) const COUNTRIES: &[&str] = &[
    "afghanistan", "albania", "algeria", "andorra", "angola", "argentina", "armenia", "australia",
    "austria", "azerbaijan", "bahamas", "bahrain", "bangladesh", "barbados", "belarus", "belgium",
    "belize", "benin", "bhutan", "bolivia", "bosnia", "botswana", "brazil", "brunei", "bulgaria",
    "burkina faso", "burundi", "cambodia", "cameroon", "canada", "cape verde", "chad", "chile",
    "china", "colombia", "comoros", "congo", "costa rica", "croatia", "cuba", "cyprus",
    "czech republic", "czechia", "denmark", "djibouti", "dominica", "dominican republic",
    "ecuador", "egypt", "el salvador", "eritrea", "estonia", "eswatini", "ethiopia", "fiji",
    "finland", "france", "gabon", "gambia", "georgia", "germany", "ghana", "greece", "grenada",
    "guatemala", "guinea", "guyana", "haiti", "honduras", "hungary", "iceland", "india",
    "indonesia", "iran", "iraq", "ireland", "israel", "italy", "ivory coast", "jamaica", "japan",
    "jordan", "kazakhstan", "kenya", "kiribati", "kosovo", "kuwait", "kyrgyzstan", "laos",
    "latvia", "lebanon", "lesotho", "liberia", "libya", "liechtenstein", "lithuania",
    "luxembourg", "madagascar", "malawi", "malaysia", "maldives", "mali", "malta", "mauritania",
    "mauritius", "mexico", "micronesia", "moldova", "monaco", "mongolia", "montenegro", "morocco",
    "mozambique", "myanmar", "burma", "namibia", "nauru", "nepal", "netherlands", "new zealand",
    "nicaragua", "niger", "nigeria", "north korea", "north macedonia", "norway", "oman",
    "pakistan", "palau", "palestine", "panama", "papua new guinea", "paraguay", "peru",
    "philippines", "poland", "portugal", "qatar", "romania", "russia", "rwanda", "samoa",
    "san marino", "saudi arabia", "senegal", "serbia", "seychelles", "sierra leone", "singapore",
    "slovakia", "slovenia", "somalia", "south africa", "south korea", "south sudan", "spain",
    "sri lanka", "sudan", "suriname", "sweden", "switzerland", "syria", "taiwan", "tajikistan",
    "tanzania", "thailand", "togo", "tonga", "trinidad", "tunisia", "turkey", "türkiye",
    "turkmenistan", "tuvalu", "uganda", "ukraine", "united arab emirates", "uae",
    "united kingdom", "uk", "u.k.", "britain", "great britain", "england", "scotland", "wales",
    "northern ireland", "united states", "united states of america", "us", "u.s.", "usa",
    "u.s.a.", "america", "uruguay", "uzbekistan", "vanuatu", "vatican", "venezuela", "vietnam",
    "yemen", "zambia", "zimbabwe", "gaza", "west bank", "crimea", "donbas", "donbass", "kashmir",
    "tibet", "greenland", "puerto rico", "hong kong", "macau", "chechnya", "siberia",
    "transnistria", "abkhazia",
];

/// Capitals and large or often-reported cities.
#[rustfmt::skip]
pub(super) const CITIES: &[&str] = &[
    "kabul", "tirana", "algiers", "buenos aires", "yerevan", "canberra", "sydney", "melbourne",
    "vienna", "baku", "dhaka", "minsk", "brussels", "sarajevo", "brasilia", "rio de janeiro",
    "sao paulo", "sofia", "phnom penh", "ottawa", "toronto", "montreal", "vancouver", "santiago",
    "beijing", "shanghai", "hong kong", "bogota", "havana", "nicosia", "prague", "copenhagen",
    "cairo", "tallinn", "addis ababa", "helsinki", "paris", "marseille", "lyon", "tbilisi",
    "berlin", "munich", "frankfurt", "hamburg", "accra", "athens", "budapest", "reykjavik",
    "new delhi", "delhi", "mumbai", "jakarta", "tehran", "baghdad", "dublin", "jerusalem",
    "tel aviv", "rome", "milan", "tokyo", "osaka", "amman", "astana", "nairobi", "pristina",
    "kuwait city", "bishkek", "riga", "beirut", "tripoli", "vilnius", "luxembourg",
    "kuala lumpur", "valletta", "mexico city", "chisinau", "ulaanbaatar", "podgorica", "rabat",
    "maputo", "kathmandu", "amsterdam", "the hague", "rotterdam", "wellington", "auckland",
    "managua", "abuja", "lagos", "pyongyang", "skopje", "oslo", "muscat", "islamabad", "karachi",
    "lahore", "panama city", "lima", "manila", "warsaw", "lisbon", "doha", "bucharest", "moscow",
    "st petersburg", "saint petersburg", "kigali", "riyadh", "jeddah", "dakar", "belgrade",
    "singapore", "bratislava", "ljubljana", "mogadishu", "pretoria", "johannesburg", "cape town",
    "seoul", "juba", "madrid", "barcelona", "colombo", "khartoum", "stockholm", "bern", "geneva",
    "zurich", "damascus", "aleppo", "taipei", "dushanbe", "dodoma", "bangkok", "tunis", "ankara",
    "istanbul", "ashgabat", "kampala", "kyiv", "kiev", "kharkiv", "odesa", "odessa", "lviv",
    "dnipro", "zaporizhzhia", "mariupol", "kherson", "donetsk", "luhansk", "bakhmut",
    "sevastopol", "abu dhabi", "dubai", "london", "manchester", "birmingham", "edinburgh",
    "glasgow", "washington", "new york", "new york city", "los angeles", "chicago", "houston",
    "philadelphia", "boston", "san francisco", "miami", "atlanta", "seattle", "dallas", "detroit",
    "montevideo", "tashkent", "caracas", "hanoi", "ho chi minh city", "sanaa", "lusaka", "harare",
    "kinshasa", "minneapolis", "denver", "st louis", "las vegas", "new orleans", "baltimore",
    "charlotte", "cleveland", "phoenix", "brooklyn", "manhattan", "silicon valley", "hollywood",
    "kremlin district", "gaza city", "rafah", "khan younis", "ramallah", "haifa", "mosul",
    "basra", "kandahar", "herat", "grozny", "kursk", "belgorod", "rostov", "novosibirsk",
    "yekaterinburg", "vladivostok",
];

/// Continents, world regions, US states and other areas.
#[rustfmt::skip]
pub(super) const REGIONS: &[&str] = &[
    "africa", "asia", "europe", "north america", "south america", "latin america", "oceania",
    "antarctica", "arctic", "middle east", "near east", "far east", "balkans", "baltics",
    "caucasus", "scandinavia", "sahel", "caribbean", "mediterranean", "black sea", "baltic sea",
    "red sea", "south china sea", "persian gulf", "gulf", "pacific", "atlantic", "indian ocean",
    "central asia", "southeast asia", "eastern europe", "western europe", "alabama", "alaska",
    "arizona", "arkansas", "california", "colorado", "connecticut", "delaware", "florida",
    "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky", "louisiana", "maine",
    "maryland", "massachusetts", "michigan", "minnesota", "mississippi", "missouri", "montana",
    "nebraska", "nevada", "new hampshire", "new jersey", "new mexico", "north carolina",
    "north dakota", "ohio", "oklahoma", "oregon", "pennsylvania", "rhode island",
    "south carolina", "south dakota", "tennessee", "texas", "utah", "vermont", "virginia",
    "west virginia", "wisconsin", "wyoming", "bavaria", "catalonia", "quebec", "ontario",
    "kurdistan", "darfur", "sinai", "golan heights",
];

/// Nationality and region adjectives.
#[rustfmt::skip]
pub(super) const DEMONYMS: &[&str] = &[
    "afghan", "albanian", "algerian", "american", "argentine", "argentinian", "armenian",
    "australian", "austrian", "azerbaijani", "bangladeshi", "belarusian", "belgian", "bosnian",
    "brazilian", "british", "bulgarian", "cambodian", "canadian", "chilean", "chinese",
    "colombian", "croatian", "cuban", "cypriot", "czech", "danish", "dutch", "egyptian",
    "emirati", "english", "eritrean", "estonian", "ethiopian", "european", "filipino", "finnish",
    "french", "georgian", "german", "ghanaian", "greek", "haitian", "hungarian", "icelandic",
    "indian", "indonesian", "iranian", "iraqi", "irish", "israeli", "italian", "japanese",
    "jordanian", "kazakh", "kenyan", "korean", "kosovar", "kurdish", "kuwaiti", "latvian",
    "lebanese", "libyan", "lithuanian", "malaysian", "maltese", "mexican", "moldovan",
    "mongolian", "moroccan", "nepalese", "nigerian", "norwegian", "omani", "pakistani",
    "palestinian", "peruvian", "polish", "portuguese", "qatari", "romanian", "russian", "rwandan",
    "saudi", "scottish", "serbian", "singaporean", "slovak", "slovenian", "somali", "spanish",
    "sudanese", "swedish", "swiss", "syrian", "taiwanese", "thai", "tunisian", "turkish",
    "ugandan", "ukrainian", "uzbek", "venezuelan", "vietnamese", "welsh", "yemeni", "zimbabwean",
    "western", "eastern", "northern", "southern", "african", "asian", "arab", "latino",
    "hispanic", "nordic", "baltic", "soviet", "ottoman", "persian", "jewish", "muslim",
    "christian", "catholic", "sunni", "shia", "shiite", "sikh", "hindu", "buddhist", "democratic",
    "republican", "transatlantic",
];

/// Several names of one place: the first is the canonical one.
pub(super) const PLACE_ALIASES: &[&[&str]] = &[
    &[
        "united states",
        "us",
        "u.s.",
        "usa",
        "u.s.a.",
        "america",
        "united states of america",
    ],
    &["united kingdom", "uk", "u.k.", "britain", "great britain"],
    &["kyiv", "kiev"],
    &["st petersburg", "saint petersburg"],
    &["united arab emirates", "uae"],
    &["turkey", "türkiye"],
    &["czech republic", "czechia"],
    &["myanmar", "burma"],
    &["odesa", "odessa"],
];
