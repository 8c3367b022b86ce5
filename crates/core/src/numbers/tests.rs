use proptest::prelude::*;

use super::*;

fn read(text: &str) -> (f64, Measure, &str) {
    let q = parse(text).unwrap_or_else(|| panic!("no quantity in {text:?}"));
    (q.value(), q.measure, &text[q.start..q.end])
}

#[test]
fn one_value_in_every_notation() {
    let groups: &[&[&str]] = &[
        &["14%", "14 per cent", "14 percent", "14 pct"],
        &[
            "€21 billion",
            "21 billion euros",
            "EUR 21bn",
            "€21bn",
            "21bn EUR",
        ],
        &[
            "$23.8bn",
            "$23.8 billion",
            "23.8 billion dollars",
            "US$23.8bn",
            "USD 23.8bn",
        ],
        &["1,500", "1500", "1.5 thousand", "one thousand five hundred"],
        &["two", "2"],
        &["£18bn", "18 billion pounds", "GBP 18bn"],
    ];
    for group in groups {
        let (value, measure, _) = read(group[0]);
        for written in &group[1..] {
            let (v, m, _) = read(written);
            assert_eq!((v, m), (value, measure), "{written:?} vs {:?}", group[0]);
        }
    }
}

#[test]
fn spans_take_the_currency_and_the_percent_word() {
    assert_eq!(read("pledged €21 billion in aid").2, "€21 billion");
    assert_eq!(
        read("pledged 21 billion US dollars, they said").2,
        "21 billion US dollars"
    );
    assert_eq!(read("rose 14 per cent on the year").2, "14 per cent");
    assert_eq!(read("a 50% rise").2, "50%");
    assert_eq!(read("US$5m").2, "US$5m");
    assert_eq!(read("ninety-nine balloons").2, "ninety-nine");
}

#[test]
fn scales_and_words() {
    let value = |text: &str| read_number(text).map(|n| n.value);
    assert_eq!(value("23.8bn"), Some(23.8e9));
    assert_eq!(value("1.5 hundred thousand"), Some(150_000.0));
    assert_eq!(value("5 Million Voices"), Some(5.0));
    assert_eq!(value("5 bn"), Some(5.0));
    assert_eq!(value("two hundred thousand"), Some(200_000.0));
    assert_eq!(value("a dozen"), Some(12.0));
    assert_eq!(value("a million"), Some(1e6));
    assert_eq!(value("twenty-one"), Some(21.0));
    assert_eq!(value("twenty one"), Some(21.0));
    assert_eq!(value("a few"), None);
    assert_eq!(value("hundred"), None);
    assert_eq!(value("1.2.3"), None);
}

#[test]
fn slack_is_half_the_last_written_place() {
    let slack = |text: &str| parse(text).map(|q| q.slack());
    assert_eq!(slack("$24bn"), Some(0.5e9));
    assert_eq!(slack("$23.8 billion"), Some(0.05e9));
    assert_eq!(slack("1,500 troops"), Some(0.5));
    assert_eq!(slack("1.5 thousand troops"), Some(50.0));
    assert_eq!(slack("two million"), Some(0.5e6));
    assert_eq!(slack("two hundred thousand"), Some(0.5e5));
    assert_eq!(slack("nine"), Some(0.5));
}

#[test]
fn currency_symbols_start_words() {
    assert_eq!(currency_before("pledged US$"), Some(("USD", 8)));
    assert_eq!(currency_before("CA$ "), Some(("CAD", 0)));
    assert_eq!(currency_before("XUSD "), None);
    assert_eq!(currency_before("Mrs "), None);
    assert_eq!(currency_after(" euros in aid"), Some(("EUR", 6)));
    assert_eq!(currency_after(" eur"), None);
    // a space before the sign, as other languages (and tokenised text) write it
    assert_eq!(percent_after(" %"), Some(2));
    assert_eq!(percent_after("  %"), None);
    assert_eq!(percent_after(" per centre"), None);
}

#[test]
fn qualifiers() {
    assert_eq!(
        qualifier_before("pledged more than "),
        (Qualifier::AtLeast, 8)
    );
    assert_eq!(qualifier_before("(about "), (Qualifier::Approximately, 1));
    assert_eq!(qualifier_before("Just under "), (Qualifier::AtMost, 0));
    assert_eq!(qualifier_before("the rover "), (Qualifier::Exact, 10));
    assert_eq!(qualifier_before("handsome "), (Qualifier::Exact, 9));
}

/// An integer written with thousands separators: 1500 → "1,500".
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

const CURRENCIES: &[(&str, &str, &str)] = &[
    ("$", "dollars", "USD"),
    ("€", "euros", "EUR"),
    ("£", "pounds", "GBP"),
];

proptest! {
    /// A figure's text parses back to its value, whichever way it is written.
    #[test]
    fn a_figure_text_parses_back_to_its_value(
        whole in 1u64..999,
        tenths in 0u64..10,
        scale in prop_oneof![
            Just(("", "", "", 0)),
            Just(("k", " thousand", "thousand", 3)),
            Just(("m", " million", "million", 6)),
            Just(("bn", " billion", "billion", 9)),
        ],
        currency in prop::sample::select(CURRENCIES),
        before in prop_oneof![Just(""), Just("pledged "), Just("(about ")],
        after in prop_oneof![Just(""), Just(" in aid"), Just("."), Just(", they said")],
    ) {
        let (abbreviation, spelled, word, exponent) = scale;
        let (symbol, name, code) = currency;
        let number = if tenths == 0 { whole.to_string() } else { format!("{whole}.{tenths}") };
        let expected: f64 = format!("{whole}{tenths}e{}", exponent - 1).parse().unwrap_or(0.0);
        let mut notations = vec![
            (format!("{symbol}{number}{abbreviation}"), Measure::Money(code)),
            (format!("{symbol}{number}{spelled}"), Measure::Money(code)),
            (format!("{number}{spelled} {name}"), Measure::Money(code)),
            (format!("{code} {number}{abbreviation}"), Measure::Money(code)),
            (format!("{number}%"), Measure::Percent),
            (format!("{number} per cent"), Measure::Percent),
            (format!("{number} percent"), Measure::Percent),
        ];
        if tenths == 0 && exponent == 0 {
            notations.push((grouped(whole * 1000), Measure::Plain));
        }
        if tenths == 0 && exponent > 0 {
            notations.push((format!("{} {word}", grouped(whole)), Measure::Plain));
        }
        for (written, measure) in notations {
            let text = format!("{before}{written}{after}");
            let found = parse(&text);
            prop_assert!(found.is_some(), "{text:?}");
            let Some(q) = found else { continue };
            prop_assert_eq!(&text[q.start..q.end], written.as_str());
            let expected = if written.contains(',') && exponent == 0 {
                (whole * 1000) as f64
            } else if measure == Measure::Percent {
                format!("{whole}{tenths}e-1").parse().unwrap_or(0.0)
            } else {
                expected
            };
            prop_assert_eq!(q.value(), expected, "{:?}", text);
            prop_assert_eq!(q.measure, measure, "{:?}", text);
        }
    }

    /// Digits and their thousands-separated form are one value.
    #[test]
    fn separators_change_nothing(n in 0u64..10_000_000_000) {
        let plain = read_number(&n.to_string()).map(|r| r.value);
        let separated = read_number(&grouped(n)).map(|r| r.value);
        prop_assert_eq!(plain, Some(n as f64));
        prop_assert_eq!(separated, plain);
    }

    /// Quantities found anywhere lie inside the text, on character boundaries.
    #[test]
    fn spans_stay_on_boundaries(text in "\\PC{0,40}") {
        for at in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            if let Some(q) = quantity_at(&text, at) {
                prop_assert!(q.start <= q.end && q.end <= text.len());
                prop_assert!(text.is_char_boundary(q.start) && text.is_char_boundary(q.end));
            }
        }
        let _ = qualifier_before(&text);
        let _ = currency_before(&text);
    }
}

#[test]
fn other_languages_scales_currencies_and_decimal_commas() {
    let value = |text: &str| read_number(text).map(|n| n.value);
    assert_eq!(value("21 Milliarden Euro"), Some(21e9));
    assert_eq!(value("2,5 Milliarden"), Some(2.5e9));
    assert_eq!(value("21 miliardi di euro"), Some(21e9));
    assert_eq!(value("21 miljard euro"), Some(21e9));
    assert_eq!(value("21 mil millones de euros"), Some(21e9));
    assert_eq!(value("14,25 %"), Some(14.25));
    // thousands commas stay thousands commas
    assert_eq!(value("1,500 troops"), Some(1500.0));
    assert_eq!(value("21,000,000"), Some(21e6));
    // an English capitalised scale still starts a name
    assert_eq!(value("5 Million Voices"), Some(5.0));
    let money = |text: &str| parse(text).map(|q| (q.value(), format!("{:?}", q.measure)));
    for text in [
        "21 Milliarden Euro",
        "21 miliardi di euro",
        "21 miljard euro",
        "21 mil millones de euros",
        "21 milliards d'euros",
        "€21 billion",
    ] {
        let (value, measure) = money(text).unwrap_or_else(|| panic!("{text}"));
        assert_eq!(value, 21e9, "{text}");
        assert!(measure.contains("EUR"), "{text}: {measure}");
    }
}

#[test]
fn dot_groups_only_where_the_language_writes_them() {
    let grouped = |text: &str| read_number_grouped(text, true).map(|n| n.value);
    assert_eq!(grouped("40.000 millones"), Some(40e9));
    assert_eq!(grouped("1.500.000"), Some(1.5e6));
    assert_eq!(grouped("1.500,25"), Some(1500.25));
    assert_eq!(grouped("2,5 Milliarden"), Some(2.5e9));
    // not three digits after the dot: still a decimal point
    assert_eq!(grouped("23.8bn"), Some(23.8e9));
    // without the language's say, a dot is a decimal point
    assert_eq!(read_number("1.500").map(|n| n.value), Some(1.5));
}

#[test]
fn spaces_group_thousands_where_the_language_writes_them() {
    let french = Notation::of_language(Some("fr"));
    let read = |text: &str, notation| read_number_in(text, notation).map(|n| (n.value, n.len));
    assert_eq!(read("2 500 salariés", french), Some((2500.0, 5)));
    assert_eq!(read("40 000 euros", french), Some((40000.0, 6)));
    assert_eq!(read("1 250 000", french), Some((1.25e6, 9)));
    assert_eq!(read("1 200 millions", french), Some((1.2e9, 14)));
    // a no-break or narrow no-break space groups in any language
    assert_eq!(
        read("40\u{a0}000 people", Notation::default()),
        Some((40000.0, 7))
    );
    assert_eq!(
        read("40\u{202f}000", Notation::default()),
        Some((40000.0, 8))
    );
    // in English a plain space separates two numbers
    assert_eq!(read("2015 500 people", french), Some((2015.0, 4)));
    assert_eq!(read("3 500 metres", Notation::default()), Some((3.0, 1)));
    // a group has three digits; decimals may follow it
    assert_eq!(read("2 5000", french), Some((2.0, 1)));
    assert_eq!(read("2 500,5", french), Some((2500.5, 7)));
    // three digits after a comma stay a thousands group, as translated text often keeps them
    assert_eq!(read("44,000 emplois", french).map(|r| r.0), Some(44000.0));
    assert_eq!(Notation::of_language(Some("en")), Notation::default());
    assert!(Notation::of_language(Some("de")).dot_groups);
}

proptest! {
    /// Any text in any notation: a number read stays inside the text and is finite.
    #[test]
    fn any_text_in_any_notation_reads_within_bounds(
        text in "([0-9]{1,4}|[ .,\u{a0}\u{202f}]|millones|Mrd|mil|k|bn|\\PC){0,12}",
        dot_groups in any::<bool>(),
        space_groups in any::<bool>(),
    ) {
        let notation = Notation { dot_groups, space_groups };
        if let Some(number) = read_number_in(&text, notation) {
            prop_assert!(number.len <= text.len());
            prop_assert!(text.is_char_boundary(number.len));
            prop_assert!(number.value.is_finite());
        }
    }
}
