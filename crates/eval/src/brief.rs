//! ROUGE evaluation of the brief on Multi-News, beside a lead baseline, with the pipeline
//! injected by the caller.

use std::fmt;
use std::path::Path;

use corroborate_core::{Alignment, BriefSentence, Document, Meta};

use crate::multinews::summaries::load_multi_news;
use crate::rouge::{rouge, truncate_words, RougeScores};
use crate::EvalError;

/// How to run an evaluation.
#[derive(Clone, Debug)]
pub struct EvalOptions {
    /// Words of each summary scored (both systems are cut to it).
    pub word_budget: usize,
    /// Score only the first rows (all when `None`).
    pub limit: Option<usize>,
}

impl Default for EvalOptions {
    fn default() -> EvalOptions {
        EvalOptions {
            word_budget: 260,
            limit: None,
        }
    }
}

/// Mean F1 (0..=1) of one system over the rows.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SystemScore {
    pub rouge1: f64,
    pub rouge2: f64,
    pub rouge_l: f64,
}

impl SystemScore {
    fn add(&mut self, scores: &RougeScores) {
        self.rouge1 += scores.rouge1.f1;
        self.rouge2 += scores.rouge2.f1;
        self.rouge_l += scores.rouge_l.f1;
    }

    fn mean(self, rows: usize) -> SystemScore {
        let n = rows.max(1) as f64;
        SystemScore {
            rouge1: self.rouge1 / n,
            rouge2: self.rouge2 / n,
            rouge_l: self.rouge_l / n,
        }
    }
}

/// The brief and the lead baseline scored against the human references.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RougeEval {
    pub rows: usize,
    pub word_budget: usize,
    pub brief: SystemScore,
    pub lead: SystemScore,
    /// Mean words of the brief before truncation.
    pub brief_words: f64,
}

impl fmt::Display for RougeEval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "ROUGE F1 (x100) on {} clusters, {}-word budget, Porter stemmer",
            self.rows, self.word_budget
        )?;
        writeln!(
            f,
            "{:<20} | {:>6} | {:>6} | {:>6}",
            "system", "R-1", "R-2", "R-L"
        )?;
        writeln!(f, "{:-<20}-+-{:->6}-+-{:->6}-+-{:->6}", "", "", "", "")?;
        for (name, score) in [
            ("corroborate brief", self.brief),
            ("lead baseline", self.lead),
        ] {
            writeln!(
                f,
                "{:<20} | {:>6.2} | {:>6.2} | {:>6.2}",
                name,
                score.rouge1 * 100.0,
                score.rouge2 * 100.0,
                score.rouge_l * 100.0
            )?;
        }
        write!(f, "mean brief length {:.0} words", self.brief_words)
    }
}

/// Scores `summarize` and a lead baseline on the Multi-News CSV at `path`.
///
/// Each row's articles become [`Document`]s (ids `mn<row>-<n>`, not yet cleaned); `summarize`
/// runs the pipeline and returns the brief; `lead_docs` prepares the documents for the lead
/// baseline (e.g. cleans and segments them), which takes first sentences round robin.
pub fn eval_rouge(
    path: &Path,
    summarize: &dyn Fn(Vec<Document>) -> Vec<BriefSentence>,
    lead_docs: &dyn Fn(Vec<Document>) -> Vec<Document>,
) -> Result<RougeEval, EvalError> {
    eval_rouge_with(path, &EvalOptions::default(), summarize, lead_docs)
}

/// [`eval_rouge`] with options.
pub fn eval_rouge_with(
    path: &Path,
    options: &EvalOptions,
    summarize: &dyn Fn(Vec<Document>) -> Vec<BriefSentence>,
    lead_docs: &dyn Fn(Vec<Document>) -> Vec<Document>,
) -> Result<RougeEval, EvalError> {
    let mut rows = load_multi_news(path)?;
    if let Some(limit) = options.limit {
        rows.truncate(limit);
    }
    let mut brief = SystemScore::default();
    let mut lead = SystemScore::default();
    let mut brief_words = 0usize;
    for (index, row) in rows.iter().enumerate() {
        let docs = documents_of_row(index, &row.documents);
        let sentences = summarize(docs.clone());
        let text = sentences
            .iter()
            .map(|sentence| sentence.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        brief_words += text.split_whitespace().count();
        brief.add(&rouge(
            &truncate_words(&text, options.word_budget),
            &row.summary,
        ));
        let lead_text = lead_summary(&lead_docs(docs), options.word_budget);
        lead.add(&rouge(&lead_text, &row.summary));
    }
    Ok(RougeEval {
        rows: rows.len(),
        word_budget: options.word_budget,
        brief: brief.mean(rows.len()),
        lead: lead.mean(rows.len()),
        brief_words: brief_words as f64 / rows.len().max(1) as f64,
    })
}

/// The articles of one row as uncleaned documents.
pub fn documents_of_row(row: usize, texts: &[String]) -> Vec<Document> {
    texts
        .iter()
        .enumerate()
        .map(|(n, text)| {
            let meta = Meta {
                path: Some(format!("validation.csv#{row}/{n}")),
                format: Some("txt".into()),
                ..Meta::default()
            };
            Document::new(
                format!("mn{row}-{n}"),
                meta,
                text.as_bytes().to_vec(),
                text.clone(),
                Alignment::identity(text.len()),
            )
        })
        .collect()
}

/// First sentences of each document, round robin, cut to `budget` words. Uses the sentences
/// layer when present, else a plain punctuation split.
pub fn lead_summary(docs: &[Document], budget: usize) -> String {
    let sentences: Vec<Vec<String>> = docs
        .iter()
        .map(|doc| match doc.layers.sentences.as_deref() {
            Some(sentences) => sentences
                .iter()
                .map(|sentence| doc.text[sentence.span].trim().to_string())
                .collect(),
            None => split_sentences(&doc.text),
        })
        .collect();
    let mut out: Vec<&str> = Vec::new();
    let mut words = 0;
    let longest = sentences.iter().map(Vec::len).max().unwrap_or(0);
    'rounds: for round in 0..longest {
        for doc in &sentences {
            let Some(sentence) = doc.get(round) else {
                continue;
            };
            out.push(sentence);
            words += sentence.split_whitespace().count();
            if words >= budget {
                break 'rounds;
            }
        }
    }
    truncate_words(&out.join(" "), budget)
}

/// A plain sentence split for documents without a sentences layer: lines, then `.`, `!` or `?`
/// followed by a space and an uppercase letter or a quote.
pub(crate) fn split_sentences(text: &str) -> Vec<String> {
    let mut sentences = Vec::new();
    for line in text.lines() {
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        let mut start = 0;
        for (i, &(at, c)) in chars.iter().enumerate() {
            if !matches!(c, '.' | '!' | '?') {
                continue;
            }
            let next_is_space = chars.get(i + 1).is_some_and(|(_, n)| *n == ' ');
            let after = chars.get(i + 2).map(|(_, n)| *n);
            if next_is_space && after.is_some_and(|n| n.is_uppercase() || n == '"' || n == '“') {
                sentences.push(line[start..at + 1].trim().to_string());
                start = at + 1;
            }
        }
        sentences.push(line[start..].trim().to_string());
    }
    sentences.retain(|sentence| !sentence.is_empty());
    sentences
}

#[cfg(test)]
mod tests {
    use super::*;
    use corroborate_core::BriefSection;

    #[test]
    fn lead_summary_is_round_robin() {
        let docs = vec![
            Document::from_text("a", "A one. A two."),
            Document::from_text("b", "B one. B two."),
        ];
        assert_eq!(lead_summary(&docs, 100), "A one. B one. A two. B two.");
        assert_eq!(lead_summary(&docs, 5), "A one. B one. A");
    }

    #[test]
    fn plain_split_keeps_abbreviation_like_lowercase() {
        let sentences = split_sentences("He met Mr. Smith. then left. Done!\nNext line");
        assert_eq!(
            sentences,
            ["He met Mr.", "Smith. then left.", "Done!", "Next line"]
        );
    }

    #[test]
    fn eval_rouge_runs_a_trivial_summarizer_on_a_few_rows() {
        let Some(dir) = corroborate_core::shared_dir() else {
            eprintln!("skipped: no shared data");
            return;
        };
        let path = dir.join("data/multi-news/validation.csv");
        let options = EvalOptions {
            limit: Some(3),
            ..EvalOptions::default()
        };
        // The trivial brief: the lead of the first document only.
        let summarize = |docs: Vec<Document>| {
            vec![BriefSentence {
                text: lead_summary(&docs[..1], 260),
                citations: Vec::new(),
                section: BriefSection::Consensus,
            }]
        };
        let eval = eval_rouge_with(&path, &options, &summarize, &|docs| docs).unwrap();
        assert_eq!(eval.rows, 3);
        assert!(eval.lead.rouge1 > 0.2 && eval.lead.rouge1 < 0.7, "{eval}");
        assert!(eval.brief.rouge1 > 0.1, "{eval}");
        assert!(eval.brief.rouge2 <= eval.brief.rouge1);
        let table = eval.to_string();
        assert!(table.contains("corroborate brief"));
        assert!(table.contains("lead baseline"));
        // An empty brief scores zero.
        let empty = eval_rouge_with(&path, &options, &|_| Vec::new(), &|docs| docs).unwrap();
        assert_eq!(empty.brief.rouge1, 0.0);
        assert_eq!(empty.lead, eval.lead);
    }
}
