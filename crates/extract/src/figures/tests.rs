use corroborate_core::{Document, FigureKind, Qualifier, Stage};
use proptest::prelude::*;

use super::*;

type Row = (
    String,
    FigureKind,
    f64,
    Option<String>,
    Qualifier,
    Option<usize>,
);

fn figures(text: &str) -> Vec<Row> {
    extract(text)
        .into_iter()
        .map(|f| {
            (
                text[f.span].to_string(),
                f.kind,
                f.amount,
                f.unit,
                f.qualifier,
                f.equivalent_of,
            )
        })
        .collect()
}

fn money(text: &str, amount: f64, unit: &str, qualifier: Qualifier, eq: Option<usize>) -> Row {
    (
        text.into(),
        FigureKind::Money,
        amount,
        Some(unit.into()),
        qualifier,
        eq,
    )
}

#[test]
fn money_in_every_common_form_with_equivalents() {
    assert_eq!(
        figures("allies pledged over €21 billion ($23.8 billion) and €21bn ($24bn; £18bn)."),
        vec![
            money("€21 billion", 21e9, "EUR", Qualifier::AtLeast, None),
            money("$23.8 billion", 23.8e9, "USD", Qualifier::Exact, Some(0)),
            money("€21bn", 21e9, "EUR", Qualifier::Exact, None),
            money("$24bn", 24e9, "USD", Qualifier::Exact, Some(2)),
            money("£18bn", 18e9, "GBP", Qualifier::Exact, Some(2)),
        ]
    );
    assert_eq!(
        figures("more than 21 billion euros ($23.8 billion), €21 billion($23.8 billion), US$5m, $589 million, $51"),
        vec![
            money("21 billion euros", 21e9, "EUR", Qualifier::AtLeast, None),
            money("$23.8 billion", 23.8e9, "USD", Qualifier::Exact, Some(0)),
            money("€21 billion", 21e9, "EUR", Qualifier::Exact, None),
            money("$23.8 billion", 23.8e9, "USD", Qualifier::Exact, Some(2)),
            money("US$5m", 5e6, "USD", Qualifier::Exact, None),
            money("$589 million", 589e6, "USD", Qualifier::Exact, None),
            money("$51", 51.0, "USD", Qualifier::Exact, None),
        ]
    );
}

#[test]
fn counts_percents_durations_ordinals() {
    let got = figures(
        "The attack killed 19 people, including nine children, in around 50 countries; at least 164 deaths \
         and over 900 injuries, a 50% rise, 3.5 percent, a 30-day truce, 12 years, four hours, two months, \
         his third meeting, the 27th meeting, his 48th birthday, a dozen people, twenty-one cases.",
    );
    let short: Vec<(&str, FigureKind, f64)> =
        got.iter().map(|f| (f.0.as_str(), f.1, f.2)).collect();
    assert_eq!(
        short,
        vec![
            ("19 people", FigureKind::Count, 19.0),
            ("nine children", FigureKind::Count, 9.0),
            ("50 countries", FigureKind::Count, 50.0),
            ("164 deaths", FigureKind::Count, 164.0),
            ("900 injuries", FigureKind::Count, 900.0),
            ("50%", FigureKind::Percent, 50.0),
            ("3.5 percent", FigureKind::Percent, 3.5),
            ("30-day", FigureKind::Duration, 30.0),
            ("12 years", FigureKind::Duration, 12.0),
            ("four hours", FigureKind::Duration, 4.0),
            ("two months", FigureKind::Duration, 2.0),
            ("third meeting", FigureKind::Ordinal, 3.0),
            ("27th meeting", FigureKind::Ordinal, 27.0),
            ("48th birthday", FigureKind::Ordinal, 48.0),
            ("a dozen people", FigureKind::Count, 12.0),
            ("twenty-one cases", FigureKind::Count, 21.0),
        ]
    );
    assert_eq!(got[2].4, Qualifier::Approximately);
    assert_eq!(got[3].4, Qualifier::AtLeast);
}

#[test]
fn a_noun_before_the_plural_head_is_part_of_the_count() {
    let got = figures(
        "More than 40 container ships waited; 12 police officers came; 200 people protests \
         ended; 7 ships sailed.",
    );
    let short: Vec<(&str, Option<&str>)> =
        got.iter().map(|f| (f.0.as_str(), f.3.as_deref())).collect();
    assert_eq!(
        short,
        vec![
            ("40 container ships", Some("ships")),
            ("12 police officers", Some("officers")),
            ("200 people", Some("people")),
            ("7 ships", Some("ships")),
        ]
    );
}

#[test]
fn one_count_across_synonyms_and_compounds() {
    let docs = story(&[
        "The strike stranded more than 40 vessels.",
        "More than 40 container ships were stuck.",
        "About 40 ships waited, and 40 boats stayed home.",
    ]);
    let refs: Vec<&Document> = docs.iter().collect();
    let merged = merge_figures(&refs);
    let counts: Vec<(usize, Option<&str>)> = merged
        .iter()
        .map(|f| (f.sources.len(), f.unit.as_deref()))
        .collect();
    // Vessels and ships are one figure; boats are another.
    assert_eq!(
        counts,
        vec![(3, Some("vessels")), (1, Some("boats"))],
        "{merged:#?}"
    );
}

#[test]
fn years_and_dates_are_not_counts() {
    assert!(figures("in 2022, through 2029, on 4 April, April 4, at 10:30 and 3 p.m.").is_empty());
}

#[test]
fn ranges() {
    let got = extract("between 10 and 20 people, €10-20bn");
    assert_eq!(got[0].amount, 10.0);
    assert_eq!(got[0].amount_to, Some(20.0));
    assert_eq!(got[0].qualifier, Qualifier::Range);
    assert_eq!(got[1].amount, 10e9);
    assert_eq!(got[1].amount_to, Some(20e9));
}

fn story(texts: &[&str]) -> Vec<Document> {
    texts
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let mut doc = Document::from_text(format!("d{i}"), text);
            FigureExtractor::new().process(&mut doc).unwrap();
            doc
        })
        .collect()
}

#[test]
fn one_figure_across_currencies_and_sources() {
    let docs = story(&[
        "Allies pledged over €21 billion ($23.8 billion). Germany gave €11 billion ($12.5 billion).",
        "Pledges of more than 21 billion euros ($23.8 billion) were made; Norway gave $589 million.",
        "Nations agreed €21bn ($24bn; £18bn) in aid.",
    ]);
    let refs: Vec<&Document> = docs.iter().collect();
    let merged = merge_figures(&refs);
    let money: Vec<_> = merged
        .iter()
        .filter(|f| f.kind == FigureKind::Money)
        .collect();
    assert_eq!(money.len(), 3, "{money:#?}");
    let aid = money[0];
    assert_eq!(aid.amount, 21e9);
    assert_eq!(aid.unit.as_deref(), Some("EUR"));
    assert_eq!(aid.sources.len(), 7);
    let units: Vec<_> = aid.equivalents.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(units, vec!["$23.8 billion", "$24bn", "£18bn"]);
    assert!(aid.consistent);
    assert_eq!(money[1].text, "€11 billion");
    assert_eq!(money[2].text, "$589 million");
}

#[test]
fn one_figure_across_notations() {
    // "1.1 thousand" once read as 1100.0000000000002, a second figure beside "1,100"
    let docs = story(&[
        "Crews rescued 1,100 sailors and raised prices 14% after a €21 billion deal.",
        "Crews rescued 1.1 thousand sailors and raised prices 14 per cent after a 21 billion euros deal.",
        "Crews rescued 1100 sailors and raised prices 14 percent after a EUR 21bn deal.",
    ]);
    let refs: Vec<&Document> = docs.iter().collect();
    let merged = merge_figures(&refs);
    let got: Vec<(FigureKind, usize, bool)> = merged
        .iter()
        .map(|f| (f.kind, f.sources.len(), f.consistent))
        .collect();
    assert_eq!(
        got,
        vec![
            (FigureKind::Count, 3, true),
            (FigureKind::Percent, 3, true),
            (FigureKind::Money, 3, true)
        ],
        "{merged:#?}"
    );
}

#[test]
fn conflicting_values_are_flagged() {
    let docs = story(&["Aid reached €21 billion.", "Aid reached €20 billion."]);
    let refs: Vec<&Document> = docs.iter().collect();
    let merged = merge_figures(&refs);
    assert_eq!(merged.len(), 1);
    assert!(!merged[0].consistent);
    assert!((to_usd(100.0, "EUR").unwrap() - 113.0).abs() < 1e-9);
    assert_eq!(to_usd(1.0, "XXX"), None);
}

fn phrase() -> impl Strategy<Value = String> {
    let number = prop_oneof![
        (1u32..999).prop_map(|n| n.to_string()),
        (1u32..999, 1u32..9).prop_map(|(n, d)| format!("{n}.{d}")),
        (1u32..999, 0u32..999).prop_map(|(a, b)| format!("{a},{b:03}")),
    ];
    let scale = prop_oneof![
        Just(""),
        Just(" million"),
        Just(" billion"),
        Just("bn"),
        Just("m")
    ];
    let word_number = prop_oneof![
        Just("nine"),
        Just("twenty-one"),
        Just("ninety-nine"),
        Just("two hundred"),
        Just("a dozen"),
        Just("three million"),
    ];
    prop_oneof![
        (
            prop_oneof![Just("€"), Just("$"), Just("£"), Just("US$")],
            number.clone(),
            scale.clone()
        )
            .prop_map(|(c, n, s)| format!("{c}{n}{s}")),
        (
            number.clone(),
            prop_oneof![
                Just(" million euros"),
                Just(" billion dollars"),
                Just(" pounds")
            ]
        )
            .prop_map(|(n, c)| format!("{n}{c}")),
        number.clone().prop_map(|n| format!("{n}%")),
        (
            number.clone(),
            prop_oneof![
                Just(" people"),
                Just(" percent"),
                Just(" years"),
                Just("-day")
            ]
        )
            .prop_map(|(n, u)| format!("{n}{u}")),
        (word_number, prop_oneof![Just(" children"), Just(" hours")])
            .prop_map(|(n, u)| format!("{n}{u}")),
        (1u32..99).prop_map(|n| format!("{n}th meeting")),
    ]
}

proptest! {
    #[test]
    fn a_figure_text_parses_back_to_its_value(
        before in prop_oneof![Just("They said "), Just("about "), Just("Over ")],
        figure in phrase(),
        after in prop_oneof![Just("."), Just(" in aid"), Just(", officials said")],
    ) {
        let text = format!("{before}{figure}{after}");
        let found = extract(&text);
        prop_assert_eq!(found.len(), 1, "{:?} in {:?}", found, text);
        let first = &found[0];
        prop_assert!(first.span.is_valid_for(&text));
        let again = extract(&text[first.span]);
        prop_assert_eq!(again.len(), 1, "{:?}", &text[first.span]);
        prop_assert_eq!(again[0].amount, first.amount);
        prop_assert_eq!(again[0].kind, first.kind);
        prop_assert_eq!(&again[0].unit, &first.unit);
    }

    #[test]
    fn spans_stay_on_boundaries(text in "\\PC{0,60}") {
        for figure in extract(&text) {
            prop_assert!(figure.span.is_valid_for(&text));
        }
    }
}

#[test]
fn figures_of_a_text_in_a_language_that_groups_thousands_with_dots() {
    let text = "Boeing perdió un contrato de 40.000 millones de dólares y 1.500 empleos; \
                la inflación fue del 2,5 %.";
    let mut doc = Document::from_text("es", text);
    doc.meta.language = Some("es".into());
    FigureExtractor::new().process(&mut doc).unwrap();
    let got: Vec<(String, f64, Option<String>)> = doc
        .layers
        .figures
        .unwrap()
        .into_iter()
        .map(|f| (text[f.span].to_string(), f.amount, f.unit))
        .collect();
    assert!(
        got.iter()
            .any(|(_, amount, unit)| *amount == 40e9 && unit.as_deref() == Some("USD")),
        "{got:?}"
    );
    assert!(
        got.iter().any(|(_, amount, _)| *amount == 1500.0),
        "{got:?}"
    );
    assert!(got.iter().any(|(_, amount, _)| *amount == 2.5), "{got:?}");
    // the same digits in English text are decimals
    let english = figures("a 1.500 ratio");
    assert!(english.iter().all(|row| row.2 != 1500.0), "{english:?}");
}

fn figures_in(language: &str, text: &str) -> Vec<(String, f64, Option<String>)> {
    let mut doc = Document::from_text(language, text);
    doc.meta.language = Some(language.into());
    FigureExtractor::new().process(&mut doc).unwrap();
    doc.layers
        .figures
        .unwrap()
        .into_iter()
        .map(|f| (text[f.span].to_string(), f.amount, f.unit))
        .collect()
}

#[test]
fn space_grouped_thousands_and_days_of_foreign_months() {
    let got = figures_in(
        "fr",
        "Le 5 mars 2008, Siemens a payé 40 000 euros ; environ 2 500 salariés et 1,25 milliard d'euros.",
    );
    let amounts: Vec<f64> = got.iter().map(|g| g.1).collect();
    assert!(amounts.contains(&40000.0), "{got:?}");
    assert!(amounts.contains(&2500.0), "{got:?}");
    assert!(amounts.contains(&1.25e9), "{got:?}");
    // the day and the year of "5 mars 2008" are a date, not counts
    assert!(
        !amounts.contains(&5.0) && !amounts.contains(&2008.0),
        "{got:?}"
    );
    assert!(!amounts.contains(&500.0), "{got:?}");

    let german = figures_in(
        "de",
        "Am 5. März zahlte die Firma 1,2 Milliarden Euro an 2.500 Mitarbeiter.",
    );
    let amounts: Vec<f64> = german.iter().map(|g| g.1).collect();
    assert!(!amounts.contains(&5.0), "{german:?}");
    assert!(amounts.contains(&1.2e9), "{german:?}");
    assert!(amounts.contains(&2500.0), "{german:?}");
    let spanish = figures_in("es", "El 5 de marzo de 2008 se vendieron 300 aviones.");
    let amounts: Vec<f64> = spanish.iter().map(|g| g.1).collect();
    assert_eq!(amounts, vec![300.0], "{spanish:?}");
}
