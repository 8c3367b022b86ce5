//! A hand-built analysis of three invented reports on one event, with hostile markup in one.
#![allow(dead_code)]

use corroborate_core::{
    Analysis, Cite, Claim, ClaimStatus, Conflict, ConflictKind, Coverage, DateMention,
    DatePrecision, DerivedFrom, Document, DropReason, Dropped, Entity, EntityKind, Equivalent,
    Failure, Figure, FigureKind, Meta, Quote, QuoteSource, Role, Sentence, Span, Story, Support,
};

pub mod standin;

pub const HOSTILE_SCRIPT: &str = "<script>document.title='PWNED'</script>";
pub const HOSTILE_IMG: &str = "<img src=x onerror=\"document.body.setAttribute('data-pwned',1)\">";

/// A document whose text is the given sentences joined by spaces (a paragraph a line when a
/// sentence ends with '\n'), with the sentences layer set.
pub fn doc(id: &str, outlet: &str, title: &str, sentences: &[&str]) -> Document {
    let mut text = String::new();
    let mut spans = Vec::new();
    for sentence in sentences {
        if !text.is_empty() && !text.ends_with('\n') {
            text.push(' ');
        }
        let start = text.len();
        text.push_str(sentence.trim_end_matches('\n'));
        spans.push(Sentence {
            span: Span::from_offsets(start, text.len()),
        });
        if sentence.ends_with('\n') {
            text.push('\n');
        }
    }
    let mut doc = Document::from_text(id, &text);
    doc.meta = Meta {
        path: Some(format!("reports/{id}.txt")),
        outlet: Some(outlet.into()),
        title: Some(title.into()),
        language: Some("en".into()),
        published: Some("2024-05-14".into()),
        url: Some(format!("https://example.com/{id}")),
        ..Meta::default()
    };
    doc.layers.sentences = Some(spans);
    doc.layers.dates = Some(Vec::new());
    doc
}

/// The span of the `n`-th occurrence-free substring `needle` of the document text.
pub fn span_of(doc: &Document, needle: &str) -> Span {
    let start = doc
        .text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {}", doc.id));
    Span::from_offsets(start, start + needle.len())
}

pub fn cite(doc: &Document, needle: &str) -> Cite {
    Cite::new(doc.id.clone(), span_of(doc, needle))
}

pub fn support(doc: &Document, sentence: usize) -> Support {
    let span = doc.sentences()[sentence].span;
    Support {
        article: doc.id.clone(),
        sentence,
        span,
        text: doc.text[span].to_string(),
    }
}

pub fn claim(id: &str, status: ClaimStatus, supports: Vec<Support>) -> Claim {
    Claim {
        id: id.into(),
        status,
        text: supports[0].text.clone(),
        independent_sources: supports
            .iter()
            .map(|s| s.article.as_str())
            .collect::<std::collections::HashSet<_>>()
            .len(),
        support: supports,
        conflicts: Vec::new(),
        differs_in_detail: None,
    }
}

pub fn date(doc: &mut Document, needle: &str, ymd: (i32, u32, u32), precision: DatePrecision) {
    let span = span_of(doc, needle);
    doc.layers
        .dates
        .get_or_insert_with(Vec::new)
        .push(DateMention {
            span,
            date: chrono::NaiveDate::from_ymd_opt(ymd.0, ymd.1, ymd.2),
            precision,
            relative: false,
        });
}

pub fn documents() -> Vec<Document> {
    let mut a = doc(
        "ledger",
        "Daily Ledger",
        "Council backs transit plan",
        &[
            "The city council approved a €21 billion transit plan on Tuesday.",
            "The plan adds 40 new stations by 2030.\n",
            "Mayor Ana Ruiz said: \"This is the biggest investment in a generation.\"",
            "Critics warned costs could rise.",
        ],
    );
    date(&mut a, "Tuesday", (2024, 5, 14), DatePrecision::Day);
    date(&mut a, "2030", (2030, 1, 1), DatePrecision::Year);
    a.source = format!("{}\nShare on Facebook", a.text);
    a.dropped.push(Dropped {
        span: Span::from_offsets(a.text.len() + 1, a.source.len()),
        reason: DropReason::Boilerplate,
        detail: "matches share-widget pattern".into(),
    });

    let mut b = doc(
        "post",
        "Evening Post",
        "Transit plan passes",
        &[
            "City council approves €21 billion ($23.8 billion) transit plan on Tuesday.",
            "The plan adds 45 new stations, officials said.\n",
            "Script test: <script>document.title='PWNED'</script> and <script>alert(1)</script> end.",
            "Mayor Ana Ruiz said \"This is the largest investment in a generation.\"",
            "A resident wrote <img src=x onerror=\"document.body.setAttribute('data-pwned',1)\"> on social media.",
        ],
    );
    date(&mut b, "Tuesday", (2024, 5, 14), DatePrecision::Day);

    let mut c = doc(
        "wire",
        "Metro Wire <b>\" onerror=",
        "Council vote",
        &[
            "The council approved the transit plan on Tuesday, 14 May 2024.",
            "It was approved by a vote of 9 to 2 after a long debate.",
        ],
    );
    date(&mut c, "14 May 2024", (2024, 5, 14), DatePrecision::Day);
    vec![a, b, c]
}

/// The story over [`documents`], with claims, entities, quotes, figures, coverage and
/// similarity filled as the story crate would.
pub fn story(docs: &[Document]) -> Story {
    let (a, b, c) = (&docs[0], &docs[1], &docs[2]);
    let mut stations_a = claim("c2", ClaimStatus::Conflicting, vec![support(a, 1)]);
    stations_a.conflicts.push(Conflict {
        claim: "c3".into(),
        kind: ConflictKind::Number,
        detail: "40 vs 45 new stations".into(),
    });
    let mut stations_b = claim("c3", ClaimStatus::Conflicting, vec![support(b, 1)]);
    stations_b.conflicts.push(Conflict {
        claim: "c2".into(),
        kind: ConflictKind::Number,
        detail: "45 vs 40 new stations".into(),
    });
    let mut quote_claim = claim(
        "c4",
        ClaimStatus::Corroborated,
        vec![support(a, 2), support(b, 3)],
    );
    quote_claim.differs_in_detail = Some("\"biggest\" vs \"largest\"".into());
    let claims = vec![
        claim(
            "c1",
            ClaimStatus::Corroborated,
            vec![support(a, 0), support(b, 0), support(c, 0)],
        ),
        stations_a,
        stations_b,
        quote_claim,
        claim("c5", ClaimStatus::SingleSource, vec![support(c, 1)]),
        claim("c6", ClaimStatus::SingleSource, vec![support(a, 3)]),
        claim("c7", ClaimStatus::SingleSource, vec![support(b, 2)]),
        claim("c8", ClaimStatus::SingleSource, vec![support(b, 4)]),
    ];
    let ruiz = |doc: &Document| Cite::new(doc.id.clone(), span_of(doc, "Ana Ruiz"));
    let role = |doc: &Document| Role {
        article: doc.id.clone(),
        span: span_of(doc, "Mayor"),
        text: "Mayor".into(),
    };
    Story {
        id: "s1".into(),
        title: "City council approves €21 billion transit plan <script>alert(1)</script>".into(),
        articles: docs.iter().map(|doc| doc.id.clone()).collect(),
        claims,
        entities: vec![Entity {
            id: "e1".into(),
            name: "Ana Ruiz".into(),
            kind: EntityKind::Person,
            aliases: vec!["Ruiz".into()],
            mentions: vec![ruiz(a), ruiz(b)],
            roles: vec![role(a), role(b)],
        }],
        quotes: vec![Quote {
            id: "q1".into(),
            speaker: Some("e1".into()),
            speaker_name: Some("Ana Ruiz".into()),
            text: "This is the biggest investment in a generation.".into(),
            sources: vec![
                QuoteSource {
                    article: a.id.clone(),
                    span: span_of(a, "This is the biggest investment in a generation."),
                    verbatim: true,
                    difference: None,
                },
                QuoteSource {
                    article: b.id.clone(),
                    span: span_of(b, "This is the largest investment in a generation."),
                    verbatim: false,
                    difference: Some("\"biggest\" vs \"largest\"".into()),
                },
            ],
        }],
        figures: vec![
            Figure {
                id: "f1".into(),
                kind: FigureKind::Money,
                amount: 21e9,
                unit: Some("EUR".into()),
                text: "€21 billion".into(),
                equivalents: vec![Equivalent {
                    amount: 23.8e9,
                    unit: Some("USD".into()),
                    text: "$23.8 billion".into(),
                }],
                sources: vec![cite(a, "€21 billion"), cite(b, "€21 billion")],
                consistent: true,
            },
            Figure {
                id: "f2".into(),
                kind: FigureKind::Count,
                amount: 40.0,
                unit: Some("stations".into()),
                text: "40 new stations".into(),
                equivalents: Vec::new(),
                sources: vec![cite(a, "40 new stations"), cite(b, "45 new stations")],
                consistent: false,
            },
        ],
        coverage: vec![Coverage {
            article: c.id.clone(),
            alone: vec!["c5".into()],
            omits: vec!["c4".into()],
        }],
        similarity: vec![
            vec![1.0, 0.62, 0.41],
            vec![0.62, 1.0, 0.35],
            vec![0.41, 0.35, 1.0],
        ],
        ..Story::default()
    }
}

/// The full analysis, with the brief and timeline computed by the crate under test.
pub fn analysis() -> Analysis {
    let documents = documents();
    let mut story = story(&documents);
    let refs: Vec<&Document> = documents.iter().collect();
    let (summary, timeline) = corroborate_synth::brief(&story, &refs);
    story.summary = summary;
    story.timeline = timeline;
    let mut analysis = Analysis {
        documents,
        stories: vec![story],
        failures: vec![Failure {
            path: "inbox/scan<1>.pdf".into(),
            reason: "unsupported format <pdf>".into(),
        }],
        encoder: "lexical".into(),
        ..Analysis::default()
    };
    analysis.derived_from.insert(
        "post".into(),
        DerivedFrom {
            article: "ledger".into(),
            similarity: 0.62,
            evidence: "shares the lead sentence".into(),
        },
    );
    analysis
}
