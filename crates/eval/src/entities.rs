//! Named-entity evaluation on CoNLL-2003 (one token per line, IOB2 tag in the 4th column).
//!
//! Each sentence becomes one document whose text is its tokens joined by single spaces; the
//! caller's closure runs the product's stages on it. Predicted types map onto CoNLL's
//! (PERSON -> PER, ORGANIZATION -> ORG, LOCATION -> LOC, anything else -> MISC), and a
//! predicted mention that does not start and end on token boundaries is a span that matches
//! nothing. Scoring is conlleval's: a prediction is correct only when its start, end and type
//! all equal a gold entity's. "Overall" counts PER, ORG and LOC only (the rule tagger has no
//! MISC class); "untyped" counts every span of every type, matched on start and end alone.

use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;

use corroborate_core::{Document, EntityKind};

use crate::EvalError;

/// The CoNLL-2003 entity types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ConllType {
    Per,
    Org,
    Loc,
    Misc,
}

impl ConllType {
    pub const ALL: [ConllType; 4] = [
        ConllType::Per,
        ConllType::Org,
        ConllType::Loc,
        ConllType::Misc,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ConllType::Per => "PER",
            ConllType::Org => "ORG",
            ConllType::Loc => "LOC",
            ConllType::Misc => "MISC",
        }
    }

    fn parse(tag: &str) -> Option<ConllType> {
        match tag {
            "PER" => Some(ConllType::Per),
            "ORG" => Some(ConllType::Org),
            "LOC" => Some(ConllType::Loc),
            "MISC" => Some(ConllType::Misc),
            _ => None,
        }
    }

    /// The CoNLL type of a product entity kind.
    pub fn of(kind: EntityKind) -> ConllType {
        match kind {
            EntityKind::Person => ConllType::Per,
            EntityKind::Organization => ConllType::Org,
            EntityKind::Location => ConllType::Loc,
            EntityKind::Event | EntityKind::Other => ConllType::Misc,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A typed entity over tokens `start..end` (end exclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TokenSpan {
    pub start: usize,
    pub end: usize,
    pub kind: ConllType,
}

/// One predicted mention: its token span, or `None` when it is not on token boundaries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Predicted {
    pub span: Option<(usize, usize)>,
    pub kind: ConllType,
}

/// One gold sentence: its tokens and entities.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConllSentence {
    pub tokens: Vec<String>,
    pub gold: Vec<TokenSpan>,
}

/// Gold, predicted and correct counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }
    pub fn f1(&self) -> f64 {
        crate::Prf::from_counts(self.correct, self.predicted, self.gold).f1
    }
    fn add(&mut self, other: Counts) {
        self.gold += other.gold;
        self.predicted += other.predicted;
        self.correct += other.correct;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Counts of one evaluation run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EntityEval {
    pub sentences: usize,
    pub tokens: usize,
    /// Per type, in [`ConllType::ALL`] order.
    pub by_type: [Counts; 4],
    /// Spans matched on start and end only, all types.
    pub untyped: Counts,
    /// Predicted mentions not on token boundaries (counted as predictions that match nothing).
    pub off_boundary: usize,
}

impl EntityEval {
    pub fn of(&self, kind: ConllType) -> Counts {
        self.by_type[kind.index()]
    }

    /// PER, ORG and LOC together.
    pub fn overall(&self) -> Counts {
        let mut all = Counts::default();
        for kind in [ConllType::Per, ConllType::Org, ConllType::Loc] {
            all.add(self.of(kind));
        }
        all
    }

    /// Adds one sentence's gold and predictions.
    pub fn add(&mut self, gold: &[TokenSpan], predicted: &[Predicted]) {
        let gold_set: BTreeSet<TokenSpan> = gold.iter().copied().collect();
        let gold_untyped: BTreeSet<(usize, usize)> =
            gold.iter().map(|g| (g.start, g.end)).collect();
        for g in &gold_set {
            self.by_type[g.kind.index()].gold += 1;
        }
        self.untyped.gold += gold_untyped.len();
        // The same span and type predicted twice counts once; off-boundary ones all count.
        let mut seen: BTreeSet<TokenSpan> = BTreeSet::new();
        let mut seen_untyped: BTreeSet<(usize, usize)> = BTreeSet::new();
        for p in predicted {
            let counts = &mut self.by_type[p.kind.index()];
            match p.span {
                None => {
                    counts.predicted += 1;
                    self.untyped.predicted += 1;
                    self.off_boundary += 1;
                }
                Some((start, end)) => {
                    let span = TokenSpan {
                        start,
                        end,
                        kind: p.kind,
                    };
                    if seen.insert(span) {
                        counts.predicted += 1;
                        if gold_set.contains(&span) {
                            counts.correct += 1;
                        }
                    }
                    if seen_untyped.insert((start, end)) {
                        self.untyped.predicted += 1;
                        if gold_untyped.contains(&(start, end)) {
                            self.untyped.correct += 1;
                        }
                    }
                }
            }
        }
    }
}

impl fmt::Display for EntityEval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "sentences {}, tokens {}, predicted mentions off token boundaries {}",
            self.sentences, self.tokens, self.off_boundary
        )?;
        writeln!(
            f,
            "| type | gold | predicted | correct | P | R | F1 |\n|---|---|---|---|---|---|---|"
        )?;
        let mut rows: Vec<(&str, Counts)> = ConllType::ALL
            .iter()
            .map(|k| (k.as_str(), self.of(*k)))
            .collect();
        rows.push(("overall (PER/ORG/LOC)", self.overall()));
        rows.push(("untyped spans (all)", self.untyped));
        for (i, (name, c)) in rows.iter().enumerate() {
            write!(
                f,
                "| {name} | {} | {} | {} | {:.3} | {:.3} | {:.3} |",
                c.gold,
                c.predicted,
                c.correct,
                c.precision(),
                c.recall(),
                c.f1()
            )?;
            if i + 1 < rows.len() {
                writeln!(f)?;
            }
        }
        Ok(())
    }
}

/// Reads a CoNLL-2003 file: sentences of tokens (1st column) with IOB2 entities (4th column).
/// `-DOCSTART-` lines are skipped; an `I-` tag that does not continue an entity of its type
/// starts one (as conlleval does).
pub fn load_conll(path: &Path) -> Result<Vec<ConllSentence>, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_conll(&text, path)
}

fn parse_conll(text: &str, path: &Path) -> Result<Vec<ConllSentence>, EvalError> {
    let mut sentences = Vec::new();
    let mut current = ConllSentence::default();
    let mut open: Option<TokenSpan> = None;
    let bad = |line: usize, message: String| EvalError::Annotation {
        path: path.to_path_buf(),
        line,
        message,
    };
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with("-DOCSTART-") {
            if let Some(span) = open.take() {
                current.gold.push(span);
            }
            if !current.tokens.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
            continue;
        }
        let cols: Vec<&str> = line.split_whitespace().collect();
        let (token, tag) = match (cols.first(), cols.get(3)) {
            (Some(t), Some(tag)) => (*t, *tag),
            _ => return Err(bad(n + 1, format!("expected 4 columns: {line:?}"))),
        };
        let i = current.tokens.len();
        current.tokens.push(token.to_string());
        let (prefix, kind) = match tag.split_once('-') {
            None if tag == "O" => {
                if let Some(span) = open.take() {
                    current.gold.push(span);
                }
                continue;
            }
            None => return Err(bad(n + 1, format!("bad tag {tag:?}"))),
            Some((prefix, kind)) => match ConllType::parse(kind) {
                Some(kind) => (prefix, kind),
                None => return Err(bad(n + 1, format!("bad type in tag {tag:?}"))),
            },
        };
        match (prefix, &mut open) {
            ("I", Some(span)) if span.kind == kind => span.end = i + 1,
            ("I" | "B", _) => {
                if let Some(span) = open.take() {
                    current.gold.push(span);
                }
                open = Some(TokenSpan {
                    start: i,
                    end: i + 1,
                    kind,
                });
            }
            _ => return Err(bad(n + 1, format!("bad tag prefix {tag:?}"))),
        }
    }
    if let Some(span) = open.take() {
        current.gold.push(span);
    }
    if !current.tokens.is_empty() {
        sentences.push(current);
    }
    Ok(sentences)
}

/// The document of one sentence (tokens joined by single spaces) and each token's byte range.
pub fn sentence_document(id: String, tokens: &[String]) -> (Document, Vec<(usize, usize)>) {
    let mut text = String::new();
    let mut offsets = Vec::with_capacity(tokens.len());
    for token in tokens {
        if !text.is_empty() {
            text.push(' ');
        }
        let start = text.len();
        text.push_str(token);
        offsets.push((start, text.len()));
    }
    (Document::from_text(id, &text), offsets)
}

/// The predictions of an annotated sentence document, as token spans where they align.
pub fn predictions(doc: &Document, offsets: &[(usize, usize)]) -> Vec<Predicted> {
    let mentions = doc.layers.entities.as_deref().unwrap_or_default();
    mentions
        .iter()
        .map(|m| {
            let start = offsets.iter().position(|o| o.0 == m.span.start());
            let end = offsets.iter().position(|o| o.1 == m.span.end());
            let span = match (start, end) {
                (Some(s), Some(e)) if s <= e => Some((s, e + 1)),
                _ => None,
            };
            Predicted {
                span,
                kind: ConllType::of(m.kind),
            }
        })
        .collect()
}

/// Scores the entity layer that `annotate` produces on every sentence of the CoNLL file at
/// `path` (`annotate` runs the product's stages, sentences and entities, on one document).
pub fn eval_entities(
    path: &Path,
    annotate: &dyn Fn(&mut Document) -> Result<(), EvalError>,
) -> Result<EntityEval, EvalError> {
    eval_entities_batched(path, &|docs: &mut [Document]| {
        docs.iter_mut().try_for_each(annotate)
    })
}

/// [`eval_entities`] with `annotate` given all the sentence documents at once (a tagger on
/// the encoder batches them).
pub fn eval_entities_batched(
    path: &Path,
    annotate: &dyn Fn(&mut [Document]) -> Result<(), EvalError>,
) -> Result<EntityEval, EvalError> {
    let sentences = load_conll(path)?;
    if sentences.is_empty() {
        return Err(EvalError::NoData(path.to_path_buf()));
    }
    let (mut docs, offsets): (Vec<Document>, Vec<Vec<(usize, usize)>>) = sentences
        .iter()
        .enumerate()
        .map(|(i, sentence)| sentence_document(format!("conll-{i}"), &sentence.tokens))
        .unzip();
    annotate(&mut docs)?;
    let mut eval = EntityEval::default();
    for ((sentence, doc), offsets) in sentences.iter().zip(&docs).zip(&offsets) {
        eval.add(&sentence.gold, &predictions(doc, offsets));
        eval.sentences += 1;
        eval.tokens += sentence.tokens.len();
    }
    Ok(eval)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, end: usize, kind: ConllType) -> TokenSpan {
        TokenSpan { start, end, kind }
    }

    fn pred(start: usize, end: usize, kind: ConllType) -> Predicted {
        Predicted {
            span: Some((start, end)),
            kind,
        }
    }

    #[test]
    fn reads_iob2_sentences() {
        let text = "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\n\
                    German JJ B-NP B-MISC\ncall NN I-NP O\n\nPeter NNP B-NP B-PER\n\
                    Blackburn NNP I-NP I-PER\nLondon NNP I-NP B-LOC\n";
        let sentences = parse_conll(text, Path::new("t")).expect("parses");
        assert_eq!(sentences.len(), 2);
        assert_eq!(sentences[0].tokens, ["EU", "rejects", "German", "call"]);
        assert_eq!(
            sentences[0].gold,
            [span(0, 1, ConllType::Org), span(2, 3, ConllType::Misc)]
        );
        assert_eq!(
            sentences[1].gold,
            [span(0, 2, ConllType::Per), span(2, 3, ConllType::Loc)]
        );
    }

    #[test]
    fn scores_a_hand_made_example() {
        use ConllType::*;
        // Gold: PER 0..2, ORG 3..4, LOC 5..6, MISC 7..8.
        let gold = [
            span(0, 2, Per),
            span(3, 4, Org),
            span(5, 6, Loc),
            span(7, 8, Misc),
        ];
        let predicted = [
            pred(0, 2, Per), // correct
            pred(3, 4, Loc), // right span, wrong type
            pred(5, 7, Loc), // wrong span
            pred(0, 2, Per), // duplicate: counted once
            Predicted {
                span: None,
                kind: Org,
            }, // off token boundaries
        ];
        let mut eval = EntityEval::default();
        eval.add(&gold, &predicted);
        assert_eq!(
            eval.of(Per),
            Counts {
                gold: 1,
                predicted: 1,
                correct: 1
            }
        );
        assert_eq!(
            eval.of(Org),
            Counts {
                gold: 1,
                predicted: 1,
                correct: 0
            }
        );
        assert_eq!(
            eval.of(Loc),
            Counts {
                gold: 1,
                predicted: 2,
                correct: 0
            }
        );
        assert_eq!(eval.of(Misc).gold, 1);
        let overall = eval.overall();
        assert_eq!(
            (overall.gold, overall.predicted, overall.correct),
            (3, 4, 1)
        );
        assert!((overall.precision() - 0.25).abs() < 1e-12);
        assert!((overall.recall() - 1.0 / 3.0).abs() < 1e-12);
        assert!((overall.f1() - 2.0 / 7.0).abs() < 1e-12);
        // Untyped: gold 4 spans; predicted 0..2, 3..4, 5..7 and the off-boundary one.
        assert_eq!(
            eval.untyped,
            Counts {
                gold: 4,
                predicted: 4,
                correct: 2
            }
        );
        assert!((eval.untyped.f1() - 0.5).abs() < 1e-12);
        assert_eq!(eval.off_boundary, 1);
    }

    #[test]
    fn token_spans_of_mentions() {
        let tokens: Vec<String> = ["Peter", "Blackburn", "visited", "London"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let (doc, offsets) = sentence_document("t".into(), &tokens);
        assert_eq!(doc.text, "Peter Blackburn visited London");
        assert_eq!(offsets[3], (24, 30));
    }
}
