//! Hard sentence-boundary cases of news English: input and the expected sentences.

use corroborate_text::split_sentences;

const CASES: &[(&str, &[&str])] = &[
    // A closing quote set apart by a space (tokenised text) closes the sentence before it.
    (
        "He said `` We hit a home run . '' Officials agreed . « Basta . » Fin .",
        &[
            "He said `` We hit a home run . ''",
            "Officials agreed .",
            "« Basta . »",
            "Fin .",
        ],
    ),
    // Tokenised text of other languages: quote marks left alone at a line's end close the
    // sentence; a spaced ellipsis is one mark; initials before a bracket set apart do not end
    // a sentence; a comma cannot open one.
    (
        "Onze vloot is oud . \"\nZe zei dat het klaar was . ' '",
        &["Onze vloot is oud . \"", "Ze zei dat het klaar was . ' '"],
    ),
    (
        "De firma EADS N. V. ( EADS ) won het contract . Het is groot .",
        &[
            "De firma EADS N. V. ( EADS ) won het contract .",
            "Het is groot .",
        ],
    ),
    (
        "AirTanker Ltd . , un consorzio guidato da EADS , ha firmato . Il resto segue .",
        &[
            "AirTanker Ltd . , un consorzio guidato da EADS , ha firmato .",
            "Il resto segue .",
        ],
    ),
    (
        "L' uso del logo . . . non denota nulla . Wat een onzin . .. ik zou zwijgen .",
        &[
            "L' uso del logo . . . non denota nulla .",
            "Wat een onzin . .. ik zou zwijgen .",
        ],
    ),
    (
        "Was he just blowing off steam? ....If you look, the cases differ.",
        &[
            "Was he just blowing off steam?",
            "....If you look, the cases differ.",
        ],
    ),
    // Titles and initials.
    (
        "Mr. Putin met Mrs. Smith and Dr. Jones.",
        &["Mr. Putin met Mrs. Smith and Dr. Jones."],
    ),
    (
        "Gen. Mark Milley and Sen. Lindsey Graham spoke. Rep. Pelosi left.",
        &[
            "Gen. Mark Milley and Sen. Lindsey Graham spoke.",
            "Rep. Pelosi left.",
        ],
    ),
    (
        "Gov. Newsom, Lt. Col. Vindman and Prof. Ng attended.",
        &["Gov. Newsom, Lt. Col. Vindman and Prof. Ng attended."],
    ),
    (
        "Martin Luther King Jr. spoke in Memphis.",
        &["Martin Luther King Jr. spoke in Memphis."],
    ),
    (
        "The march honoured Martin Luther King Jr. The crowd was large.",
        &[
            "The march honoured Martin Luther King Jr.",
            "The crowd was large.",
        ],
    ),
    (
        "According to Dmitri S. Peskov, the Kremlin’s spokesman, talks went well.",
        &["According to Dmitri S. Peskov, the Kremlin’s spokesman, talks went well."],
    ),
    (
        "Vladimir V. Putin met the envoy. J.D. Vance stayed home.",
        &[
            "Vladimir V. Putin met the envoy.",
            "J.D. Vance stayed home.",
        ],
    ),
    (
        "He flew to St. Petersburg. St. Isaac's Cathedral was shut.",
        &[
            "He flew to St. Petersburg.",
            "St. Isaac's Cathedral was shut.",
        ],
    ),
    // Dotted abbreviations: decided by the next word.
    (
        "He returned to the U.S. The talks ended.",
        &["He returned to the U.S.", "The talks ended."],
    ),
    (
        "U.S. Defense Secretary Pete Hegseth attended virtually.",
        &["U.S. Defense Secretary Pete Hegseth attended virtually."],
    ),
    (
        "Aid from the U.S. and the E.U. grew. The U.N. agreed.",
        &["Aid from the U.S. and the E.U. grew.", "The U.N. agreed."],
    ),
    (
        "She moved to the U.K. in 2019.",
        &["She moved to the U.K. in 2019."],
    ),
    (
        "Talks begin at 10 a.m. Friday in Geneva.",
        &["Talks begin at 10 a.m. Friday in Geneva."],
    ),
    (
        "Talks ended at 5 p.m. The delegates left.",
        &["Talks ended at 5 p.m.", "The delegates left."],
    ),
    (
        "The deal, i.e. the truce, holds. Rivals, e.g. Iran, object.",
        &[
            "The deal, i.e. the truce, holds.",
            "Rivals, e.g. Iran, object.",
        ],
    ),
    (
        "It was Russia vs. Ukraine again.",
        &["It was Russia vs. Ukraine again."],
    ),
    (
        "They sold tanks, jets, etc. But nobody paid.",
        &["They sold tanks, jets, etc.", "But nobody paid."],
    ),
    // Numbers, money, dates.
    (
        "Aid totalled $23.8 billion, up 3.5% on last year.",
        &["Aid totalled $23.8 billion, up 3.5% on last year."],
    ),
    (
        "He lives at No. 10 Downing Street.",
        &["He lives at No. 10 Downing Street."],
    ),
    (
        "The vote is on Jan. 18 in Kyiv. Feb. 2 is the backup.",
        &["The vote is on Jan. 18 in Kyiv.", "Feb. 2 is the backup."],
    ),
    (
        "He batted .340. He led the league.",
        &["He batted .340.", "He led the league."],
    ),
    (
        "The war began in 2022. 19 people died on Friday.",
        &["The war began in 2022.", "19 people died on Friday."],
    ),
    (
        "Acme Inc. said profits rose. Shares fell.",
        &["Acme Inc. said profits rose.", "Shares fell."],
    ),
    (
        "MONTGOMERY, Ala. - The family moved.",
        &["MONTGOMERY, Ala. - The family moved."],
    ),
    // Quotes and attribution.
    (
        "\"We will win,\" he said. \"Nobody doubts it.\"",
        &["\"We will win,\" he said.", "\"Nobody doubts it.\""],
    ),
    (
        "He said the talks would “normalize the relationship.” Ukraine was on the agenda.",
        &[
            "He said the talks would “normalize the relationship.”",
            "Ukraine was on the agenda.",
        ],
    ),
    ("\"Let's see?\" he asked.", &["\"Let's see?\" he asked."]),
    (
        "“Is there something wrong with it?” fan Jordan Deuschleman asked. “I didn't notice.”",
        &[
            "“Is there something wrong with it?” fan Jordan Deuschleman asked.",
            "“I didn't notice.”",
        ],
    ),
    (
        "“Why now?” Peskov asked. Nobody answered.",
        &["“Why now?” Peskov asked.", "Nobody answered."],
    ),
    (
        "“Get moving!” Trump wrote on social media.",
        &["“Get moving!” Trump wrote on social media."],
    ),
    (
        "Is this the end? Trump said no.",
        &["Is this the end?", "Trump said no."],
    ),
    (
        "He called it “terrible.” Trump said the war must end.",
        &["He called it “terrible.”", "Trump said the war must end."],
    ),
    (
        "“High out of reach of my son.” — Julie Bowen, on her statuette.",
        &["“High out of reach of my son.” — Julie Bowen, on her statuette."],
    ),
    (
        "Peskov said: \"Let's see. It depends on Witkoff.\"",
        &["Peskov said: \"Let's see.", "It depends on Witkoff.\""],
    ),
    (
        "He added (in private) that it failed. Then he left.",
        &["He added (in private) that it failed.", "Then he left."],
    ),
    (
        "The result was clear (or so they said.) Then came the vote.",
        &[
            "The result was clear (or so they said.)",
            "Then came the vote.",
        ],
    ),
    // Dashes, ellipses, exclamations.
    (
        "The group—some 50 countries—met on Friday.",
        &["The group—some 50 countries—met on Friday."],
    ),
    (
        "He paused... Then he spoke.",
        &["He paused...", "Then he spoke."],
    ),
    (
        "He paused… and then spoke.",
        &["He paused… and then spoke."],
    ),
    ("Wait… What happened?", &["Wait…", "What happened?"]),
    (
        "Yahoo! said it would fight. Google declined.",
        &["Yahoo! said it would fight.", "Google declined."],
    ),
    (
        "Amazing!!! Really?! Yes.",
        &["Amazing!!!", "Really?!", "Yes."],
    ),
    // Lists and lines.
    ("1. The first point.", &["1. The first point."]),
    ("Steps: 1. Stop. 2. Look.", &["Steps: 1. Stop.", "2. Look."]),
    (
        "First line without period\nSecond line.",
        &["First line without period", "Second line."],
    ),
    (
        "  Leading and trailing spaces.  \n\n  Next paragraph.  ",
        &["Leading and trailing spaces.", "Next paragraph."],
    ),
    (
        "Visit example.com today. Email a@b.org now.",
        &["Visit example.com today.", "Email a@b.org now."],
    ),
    // More abbreviations in context.
    (
        "Louis C.K. said he was sorry. Fans left.",
        &["Louis C.K. said he was sorry.", "Fans left."],
    ),
    (
        "He has a Ph.D. in physics. She does too.",
        &["He has a Ph.D. in physics.", "She does too."],
    ),
    (
        "The F.B.I. director, James B. Comey, was fired.",
        &["The F.B.I. director, James B. Comey, was fired."],
    ),
    (
        "He returned to the U.S. Mr. Trump said so.",
        &["He returned to the U.S.", "Mr. Trump said so."],
    ),
    (
        "It happened after the Sept. 11 attacks.",
        &["It happened after the Sept. 11 attacks."],
    ),
    (
        "The meeting starts at 10 a.m. ET on Monday.",
        &["The meeting starts at 10 a.m. ET on Monday."],
    ),
    (
        "Shares of Apple Inc. fell 2%. Analysts were surprised.",
        &["Shares of Apple Inc. fell 2%.", "Analysts were surprised."],
    ),
    (
        "He was born in Washington, D.C. His father was a lawyer.",
        &[
            "He was born in Washington, D.C.",
            "His father was a lawyer.",
        ],
    ),
    (
        "“I don't know...” he said.",
        &["“I don't know...” he said."],
    ),
    (
        "The No. 1 seed lost. No. 2 won.",
        &["The No. 1 seed lost.", "No. 2 won."],
    ),
    (
        "She said, “Go.” Then she left.",
        &["She said, “Go.”", "Then she left."],
    ),
    (
        "(AP) — The U.S. Senate voted 51-49.",
        &["(AP) — The U.S. Senate voted 51-49."],
    ),
    (
        "He asked: why? Nobody knew.",
        &["He asked: why?", "Nobody knew."],
    ),
];

#[test]
fn hard_cases() {
    let mut failures = Vec::new();
    for (input, expected) in CASES {
        let got: Vec<&str> = split_sentences(input)
            .into_iter()
            .map(|s| &input[s])
            .collect();
        if got != *expected {
            failures.push(format!(
                "input:    {input}\nexpected: {expected:?}\ngot:      {got:?}"
            ));
        }
    }
    assert!(CASES.len() >= 30);
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n\n")
    );
}

/// Sentences of other languages, split with their language's words; the same text split as
/// English breaks where the language's abbreviations and ordinals say it must not.
#[test]
fn other_languages_keep_their_abbreviations_and_ordinals() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "de",
            "Am 5. März traf Hr. Weber u.a. Vertreter der Firma. Die Gespräche endeten am 3. Tag. Er ging.",
            &[
                "Am 5. März traf Hr. Weber u.a. Vertreter der Firma.",
                "Die Gespräche endeten am 3. Tag.",
                "Er ging.",
            ],
        ),
        (
            "es",
            "El Sr. García llegó a EE.UU. El acuerdo se firmó con la Sra. Pérez. Fin.",
            &[
                "El Sr. García llegó a EE.UU.",
                "El acuerdo se firmó con la Sra. Pérez.",
                "Fin.",
            ],
        ),
        (
            "fr",
            "Selon M. Dupont, Mlle. Martin est partie. Le reste suit.",
            &["Selon M. Dupont, Mlle. Martin est partie.", "Le reste suit."],
        ),
        (
            "it",
            "Il Sig. Rossi e il Dott. Bianchi hanno firmato. La trattativa è chiusa.",
            &[
                "Il Sig. Rossi e il Dott. Bianchi hanno firmato.",
                "La trattativa è chiusa.",
            ],
        ),
        (
            "nl",
            "Volgens dhr. Jansen, o.a. woordvoerder van Shell N.V. Amsterdam, is het klaar. Het werk gaat door.",
            &[
                "Volgens dhr. Jansen, o.a. woordvoerder van Shell N.V. Amsterdam, is het klaar.",
                "Het werk gaat door.",
            ],
        ),
    ];
    for (language, text, expected) in cases {
        let got: Vec<&str> = corroborate_text::split_sentences_in(text, Some(language))
            .into_iter()
            .map(|s| &text[s])
            .collect();
        assert_eq!(got, *expected, "{language}");
        let english: Vec<&str> = split_sentences(text)
            .into_iter()
            .map(|s| &text[s])
            .collect();
        assert_ne!(
            english, *expected,
            "{language}: the English rules alone already split it"
        );
    }
}
