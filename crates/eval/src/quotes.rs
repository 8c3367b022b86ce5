//! Direct-quote and speaker evaluation on PolNeAR (BRAT standoff attributions).
//!
//! Gold: every attribution Content span holding a double quotation mark is a quote; its
//! Source span is the speaker. Offsets in the `.ann` files count characters of the raw text.
//! Where an article has several annotation files (suffix = annotator), the first in name
//! order is used. A predicted quote is correct when it overlaps a gold quote; its speaker is
//! correct when the speaker words, the resolved mention or another mention of that entity
//! overlap the gold Source, or the Source names the resolved person.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use corroborate_core::{Document, Span, Stage};

use corroborate_extract::{EntityRecognizer, QuoteExtractor};

use crate::EvalError;

/// Counts and scores of one evaluation run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QuoteEval {
    pub articles: usize,
    pub gold_quotes: usize,
    pub gold_with_source: usize,
    pub predicted: usize,
    /// Predicted quotes overlapping a gold quote.
    pub predicted_correct: usize,
    /// Gold quotes overlapped by a predicted quote.
    pub gold_found: usize,
    pub predicted_with_speaker: usize,
    pub speaker_correct: usize,
    /// Gold quotes with a source found with a correct speaker.
    pub gold_speaker_found: usize,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn f1(p: f64, r: f64) -> f64 {
    crate::Prf::new(p, r).f1
}

impl QuoteEval {
    pub fn quote_precision(&self) -> f64 {
        ratio(self.predicted_correct, self.predicted)
    }
    pub fn quote_recall(&self) -> f64 {
        ratio(self.gold_found, self.gold_quotes)
    }
    pub fn quote_f1(&self) -> f64 {
        f1(self.quote_precision(), self.quote_recall())
    }
    pub fn speaker_precision(&self) -> f64 {
        ratio(self.speaker_correct, self.predicted_with_speaker)
    }
    pub fn speaker_recall(&self) -> f64 {
        ratio(self.gold_speaker_found, self.gold_with_source)
    }
    pub fn speaker_f1(&self) -> f64 {
        f1(self.speaker_precision(), self.speaker_recall())
    }
}

impl fmt::Display for QuoteEval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "articles {}, gold quotes {} ({} with a source), predicted {} ({} with a speaker)",
            self.articles,
            self.gold_quotes,
            self.gold_with_source,
            self.predicted,
            self.predicted_with_speaker
        )?;
        writeln!(
            f,
            "quotes:   P {:.3}  R {:.3}  F1 {:.3}",
            self.quote_precision(),
            self.quote_recall(),
            self.quote_f1()
        )?;
        write!(
            f,
            "speakers: P {:.3}  R {:.3}  F1 {:.3}",
            self.speaker_precision(),
            self.speaker_recall(),
            self.speaker_f1()
        )
    }
}

/// One gold quote: its content pieces and source pieces (byte spans).
struct Gold {
    content: Vec<Span>,
    source: Vec<Span>,
}

/// Runs the entity and quote stages on every annotated article of `dir` (a PolNeAR split
/// with `text/` and `attributions/`) and scores them. `annotate` adds upstream layers
/// (sentences); the documents are the raw files, since the gold offsets refer to them.
pub fn eval_quotes(dir: &Path, annotate: &dyn Fn(&mut Document)) -> Result<QuoteEval, EvalError> {
    let recognizer = EntityRecognizer::new();
    let quotes = QuoteExtractor::new();
    eval_quotes_with(dir, annotate, &|doc: &mut Document| {
        recognizer.process(doc)?;
        quotes.process(doc)?;
        Ok(())
    })
}

/// [`eval_quotes`] with the entity and quote layers from `extract`, run after `annotate`.
pub fn eval_quotes_with(
    dir: &Path,
    annotate: &dyn Fn(&mut Document),
    extract: &dyn Fn(&mut Document) -> Result<(), EvalError>,
) -> Result<QuoteEval, EvalError> {
    let ann_dir = dir.join("attributions");
    let read_dir = std::fs::read_dir(&ann_dir).map_err(|source| EvalError::Io {
        path: ann_dir.clone(),
        source,
    })?;
    let mut files: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut names: Vec<PathBuf> = read_dir
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "ann"))
        .collect();
    names.sort();
    for path in names {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let article = stem
            .rsplit_once('_')
            .map_or(stem.clone(), |(a, _)| a.to_string());
        files.entry(article).or_insert(path);
    }
    if files.is_empty() {
        return Err(EvalError::NoData(ann_dir));
    }
    let mut eval = QuoteEval::default();
    for (article, ann_path) in &files {
        let text_path = dir.join("text").join(format!("{article}.txt"));
        let raw = read(&text_path)?;
        let ann = read(ann_path)?;
        let gold = parse_gold(&raw, &ann, ann_path)?;
        let mut doc = Document::from_text(article.clone(), &raw);
        annotate(&mut doc);
        extract(&mut doc)?;
        score(&doc, &gold, &mut eval);
        eval.articles += 1;
    }
    Ok(eval)
}

fn read(path: &Path) -> Result<String, EvalError> {
    std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn parse_gold(raw: &str, ann: &str, path: &Path) -> Result<Vec<Gold>, EvalError> {
    // character offset -> byte offset
    let bytes: Vec<usize> = raw
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(raw.len()))
        .collect();
    let to_byte = |c: usize| bytes.get(c).copied();
    let mut spans: BTreeMap<&str, Vec<Span>> = BTreeMap::new();
    let mut relations = Vec::new();
    for (n, line) in ann.lines().enumerate() {
        let mut fields = line.split('\t');
        let id = fields.next().unwrap_or("");
        let body = fields.next().unwrap_or("");
        if id.starts_with('T') {
            let Some((_, offsets)) = body.split_once(' ') else {
                continue;
            };
            let mut pieces = Vec::new();
            for piece in offsets.split(';') {
                let mut nums = piece.split_whitespace().map(str::parse::<usize>);
                let (Some(Ok(a)), Some(Ok(b))) = (nums.next(), nums.next()) else {
                    return Err(EvalError::Annotation {
                        path: path.to_path_buf(),
                        line: n + 1,
                        message: format!("bad offsets {piece:?}"),
                    });
                };
                if let (Some(a), Some(b)) = (to_byte(a), to_byte(b)) {
                    if a <= b {
                        pieces.push(Span::from_offsets(a, b));
                    }
                }
            }
            spans.insert(id, pieces);
        } else if id.starts_with('E') {
            let args: Vec<(&str, &str)> = body
                .split_whitespace()
                .filter_map(|arg| arg.split_once(':'))
                .collect();
            relations.push(args);
        }
    }
    let mut gold = Vec::new();
    for args in relations {
        let source: Vec<Span> = args
            .iter()
            .filter(|(role, _)| *role == "Source")
            .flat_map(|(_, t)| spans.get(t).cloned().unwrap_or_default())
            .collect();
        for (role, t) in &args {
            if !role.starts_with("Content") {
                continue;
            }
            let content = spans.get(t).cloned().unwrap_or_default();
            let quoted = content.iter().any(|s| raw[*s].contains(['“', '”', '"']));
            if quoted {
                gold.push(Gold {
                    content,
                    source: source.clone(),
                });
            }
        }
    }
    Ok(gold)
}

/// Misses are printed when `CORROBORATE_EVAL_VERBOSE` is set.
fn verbose() -> bool {
    std::env::var_os("CORROBORATE_EVAL_VERBOSE").is_some()
}

fn score(doc: &Document, gold: &[Gold], eval: &mut QuoteEval) {
    let predicted = doc.layers.quotes.as_deref().unwrap_or(&[]);
    let mentions = doc.layers.entities.as_deref().unwrap_or(&[]);
    let overlaps = |a: &[Span], b: Span| a.iter().any(|s| s.overlaps(b));
    eval.gold_quotes += gold.len();
    eval.gold_with_source += gold.iter().filter(|g| !g.source.is_empty()).count();
    eval.predicted += predicted.len();
    let speaker_right = |q: &corroborate_core::QuoteMention, g: &Gold| {
        if g.source.is_empty() {
            return false;
        }
        if q.speaker_span.is_some_and(|s| overlaps(&g.source, s)) {
            return true;
        }
        let Some(m) = q.speaker_mention.and_then(|m| mentions.get(m)) else {
            return false;
        };
        let same_entity = mentions
            .iter()
            .filter(|o| o.local_id == m.local_id)
            .any(|o| overlaps(&g.source, o.span));
        let surname = m
            .canonical
            .split_whitespace()
            .last()
            .unwrap_or("")
            .to_lowercase();
        let named = g.source.iter().any(|s| {
            doc.text[*s]
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| !surname.is_empty() && w.to_lowercase() == surname)
        });
        same_entity || named
    };
    for q in predicted {
        let hits: Vec<&Gold> = gold
            .iter()
            .filter(|g| overlaps(&g.content, q.span))
            .collect();
        if !hits.is_empty() {
            eval.predicted_correct += 1;
        }
        let has_speaker = q.speaker_span.is_some() || q.speaker_mention.is_some();
        if has_speaker {
            eval.predicted_with_speaker += 1;
            if hits.iter().any(|g| speaker_right(q, g)) {
                eval.speaker_correct += 1;
            } else if verbose() {
                eprintln!(
                    "wrong {}: {:?} <- {:?} ({:?}); gold {:?}",
                    doc.id,
                    doc.text[q.span].chars().take(60).collect::<String>(),
                    q.speaker,
                    q.speaker_span.map(|s| &doc.text[s]),
                    hits.iter()
                        .map(|g| g.source.iter().map(|s| &doc.text[*s]).collect::<Vec<_>>())
                        .collect::<Vec<_>>()
                );
            }
        }
    }
    for g in gold {
        let found: Vec<_> = predicted
            .iter()
            .filter(|q| overlaps(&g.content, q.span))
            .collect();
        if !found.is_empty() {
            eval.gold_found += 1;
        }
        if found.iter().any(|q| speaker_right(q, g)) {
            eval.gold_speaker_found += 1;
        } else if verbose() && !g.source.is_empty() {
            let show = |s: &[Span]| {
                s.iter()
                    .map(|s| doc.text[*s].replace('\n', " "))
                    .collect::<Vec<_>>()
                    .join(" | ")
            };
            eprintln!(
                "miss {}: content {:?}\n  context {:?}\n  gold source {:?}\n  predicted {:?}",
                doc.id,
                show(&g.content).chars().take(90).collect::<String>(),
                {
                    let start = g.content.first().map_or(0, |s| s.start());
                    let end = g.content.last().map_or(0, |s| s.end());
                    let mut from = start.saturating_sub(150);
                    while !doc.text.is_char_boundary(from) {
                        from -= 1;
                    }
                    let mut to = (end + 60).min(doc.text.len());
                    while !doc.text.is_char_boundary(to) {
                        to += 1;
                    }
                    format!("{} [[...]] {}", &doc.text[from..start], &doc.text[end..to])
                        .replace('\n', "/")
                },
                show(&g.source),
                found
                    .iter()
                    .map(|q| (q.speaker_span.map(|s| &doc.text[s]), q.speaker.as_deref()))
                    .collect::<Vec<_>>()
            );
        }
    }
}
