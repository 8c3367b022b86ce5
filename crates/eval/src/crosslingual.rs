//! One story across languages: the MEANTIME articles (`data/meantime`, each article in English,
//! Spanish, Italian and Dutch) mixed and grouped; each article's four versions form one gold
//! story.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::time::Instant;

use corroborate_core::Document;
use corroborate_story::{group, GroupOptions};
use serde::Deserialize;

use crate::stories::{cluster_scores, paired_labels, ClusterScores};
use crate::EvalError;

/// The languages of the data set, in file order.
pub const LANGUAGES: [&str; 4] = ["en", "es", "it", "nl"];

#[derive(Deserialize)]
struct Record {
    doc_id: String,
    group: String,
    #[serde(default)]
    title: Option<String>,
    text: String,
}

/// Every version of every article: documents with ids `LANG/DOC_ID` (their title in the
/// metadata), and the gold story (the article's group) of each.
pub fn load_meantime(dir: &Path) -> Result<(Vec<Document>, HashMap<String, String>), EvalError> {
    let mut docs = Vec::new();
    let mut gold = HashMap::new();
    for lang in LANGUAGES {
        let path = dir.join(format!("{lang}.jsonl"));
        let text = std::fs::read_to_string(&path).map_err(|source| EvalError::Io {
            path: path.clone(),
            source,
        })?;
        for (n, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let record: Record = serde_json::from_str(line).map_err(|err| EvalError::Row {
                path: path.clone(),
                row: n + 1,
                message: err.to_string(),
            })?;
            let id = format!("{lang}/{}", record.doc_id);
            // read as the text file it is, as `corroborate analyze` would: the first line is
            // the title, the date line under it the publication date
            let read = corroborate_ingest::read_bytes(
                &format!("{id}.txt"),
                record.text.clone().into_bytes(),
            );
            let mut doc = match read.into_iter().next() {
                Some(Ok(doc)) => doc,
                _ => Document::from_text(id.clone(), &record.text),
            };
            doc.id = id.clone();
            doc.meta.title = doc.meta.title.or(record.title);
            doc.meta.outlet = Some(format!("meantime-{lang}"));
            gold.insert(id, record.group);
            docs.push(doc);
        }
    }
    Ok((docs, gold))
}

/// The grouping of the mixed versions, scored.
#[derive(Clone, Debug, Default)]
pub struct CrosslingualEval {
    pub scores: ClusterScores,
    pub documents: usize,
    pub gold_stories: usize,
    pub predicted_stories: usize,
    /// Stories whose members are all of one language.
    pub one_language: usize,
    /// Predicted stories that join versions of different articles: the gold articles (group
    /// ids) of each, with the member ids.
    pub mixed: Vec<Vec<(String, String)>>,
    pub seconds: f64,
}

impl CrosslingualEval {
    /// The predicted stories that join different articles, one line a story.
    pub fn details(&self) -> String {
        let mut out = String::new();
        for story in &self.mixed {
            let members: Vec<String> = story
                .iter()
                .map(|(id, group)| format!("{id} ({group})"))
                .collect();
            out.push_str(&format!("mixed: {}\n", members.join(", ")));
        }
        out
    }
}

impl fmt::Display for CrosslingualEval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} documents in {} languages, {} gold / {} predicted stories ({} of one language only): {} (annotate and group {:.1}s)",
            self.documents,
            LANGUAGES.len(),
            self.gold_stories,
            self.predicted_stories,
            self.one_language,
            self.scores,
            self.seconds
        )
    }
}

/// Mixes the versions (languages interleaved), runs `prepare` (the upstream pipeline), groups
/// them and scores the grouping against the articles.
pub fn eval_crosslingual(
    dir: &Path,
    prepare: &dyn Fn(Vec<Document>) -> Vec<Document>,
    opts: &GroupOptions,
) -> Result<CrosslingualEval, EvalError> {
    let started = Instant::now();
    let (docs, gold_of) = load_meantime(dir)?;
    // interleave: article k of every language, then k + 1
    let per = docs.len() / LANGUAGES.len();
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by_key(|&i| (i % per.max(1), i / per.max(1)));
    let mut slots: Vec<Option<Document>> = docs.into_iter().map(Some).collect();
    let mixed: Vec<Document> = order.iter().filter_map(|&i| slots[i].take()).collect();
    let docs = prepare(mixed);
    let grouping = group(&docs, opts);
    // each article's group as a number
    let mut groups: Vec<&str> = gold_of.values().map(String::as_str).collect();
    groups.sort_unstable();
    groups.dedup();
    let number: HashMap<&str, usize> = groups.iter().enumerate().map(|(i, &g)| (g, i)).collect();
    let gold_numbers: HashMap<String, usize> = gold_of
        .iter()
        .map(|(id, group)| (id.clone(), number[group.as_str()]))
        .collect();
    let (predicted, gold) = paired_labels(&grouping, &docs, &gold_numbers);
    let one_language = grouping
        .stories
        .iter()
        .filter(|story| {
            let mut langs: Vec<&str> = story
                .articles
                .iter()
                .filter_map(|id| id.split('/').next())
                .collect();
            langs.dedup();
            langs.len() == 1 && story.articles.len() > 1
        })
        .count();
    let mixed = grouping
        .stories
        .iter()
        .filter_map(|story| {
            let members: Vec<(String, String)> = story
                .articles
                .iter()
                .map(|id| (id.clone(), gold_of.get(id).cloned().unwrap_or_default()))
                .collect();
            let first = &members.first()?.1;
            members.iter().any(|(_, g)| g != first).then_some(members)
        })
        .collect();
    Ok(CrosslingualEval {
        scores: cluster_scores(&predicted, &gold),
        documents: predicted.len(),
        gold_stories: groups.len(),
        predicted_stories: grouping.stories.len(),
        one_language,
        mixed,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Claim alignment across the four versions of each article.
#[derive(Clone, Debug, Default)]
pub struct CrosslingualClaims {
    /// Articles with at least one translation of as many lines as the English version (the
    /// others are left out: their lines cannot be paired by position).
    pub articles: usize,
    /// Translations compared with their English version (at most three an article).
    pub translations: usize,
    pub skipped: usize,
    /// English line and its translation (same position) with sentences in one claim.
    pub found: usize,
    /// Such pairs in all.
    pub gold: usize,
    /// Cross-language pairs of lines (English and another) with sentences in one claim, and
    /// how many of them are at the same position.
    pub predicted: usize,
    pub correct: usize,
}

impl CrosslingualClaims {
    pub fn recall(&self) -> f64 {
        self.found as f64 / self.gold.max(1) as f64
    }
    pub fn precision(&self) -> f64 {
        if self.predicted == 0 {
            1.0
        } else {
            self.correct as f64 / self.predicted as f64
        }
    }
}

impl fmt::Display for CrosslingualClaims {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "claims across languages, {} articles, {} translations compared with the English version ({} articles left out: no translation has as many lines as the English): an English line in one claim with its translation: recall {:.3} ({} of {}), precision {:.3} ({} of {} English-other pairs of lines in one claim are translations)",
            self.articles,
            self.translations,
            self.skipped,
            self.recall(),
            self.found,
            self.gold,
            self.precision(),
            self.correct,
            self.predicted
        )
    }
}

/// Aligns the claims of each article's four versions as one story (`align`: annotate and
/// align, giving the annotated documents and the story) and scores, over the articles whose
/// versions have as many lines each, whether each English line shares a claim with the line
/// at its position in each translation (MEANTIME writes one sentence of the original a line,
/// and its translations keep them; a line may split into several sentences, differently in
/// different languages, so sentences are paired through their lines).
pub fn eval_crosslingual_claims(
    dir: &Path,
    align: &dyn Fn(Vec<Document>) -> (Vec<Document>, corroborate_core::Story),
) -> Result<CrosslingualClaims, EvalError> {
    let (docs, gold_of) = load_meantime(dir)?;
    let mut by_group: std::collections::BTreeMap<String, Vec<Document>> = Default::default();
    for doc in docs {
        if let Some(group) = gold_of.get(&doc.id) {
            by_group.entry(group.clone()).or_default().push(doc);
        }
    }
    let mut out = CrosslingualClaims::default();
    for (_, versions) in by_group {
        if versions.len() != LANGUAGES.len() {
            out.skipped += 1;
            continue;
        }
        let (docs, story) = align(versions);
        // The line each sentence starts on, per article.
        let line_of: std::collections::BTreeMap<&str, Vec<usize>> = docs
            .iter()
            .map(|d| (d.id.as_str(), sentence_lines(d)))
            .collect();
        let lang = |id: &str| id.split('/').next().unwrap_or("").to_string();
        // Each translation is compared with the English version when both have as many lines.
        let lines_in: std::collections::BTreeMap<String, usize> = docs
            .iter()
            .map(|d| (lang(&d.id), line_count(&d.text)))
            .collect();
        let english_lines = lines_in.get("en").copied().unwrap_or(0);
        let comparable: Vec<&str> = LANGUAGES[1..]
            .iter()
            .copied()
            .filter(|l| lines_in.get(*l) == Some(&english_lines))
            .collect();
        if comparable.is_empty() || english_lines < 2 {
            out.skipped += 1;
            continue;
        }
        out.articles += 1;
        out.translations += comparable.len();
        let line = |article: &str, sentence: usize| {
            line_of
                .get(article)
                .and_then(|l| l.get(sentence).copied())
                .unwrap_or(usize::MAX)
        };
        let mut together: std::collections::BTreeSet<(String, usize, usize)> = Default::default();
        for claim in &story.claims {
            let english: Vec<usize> = claim
                .support
                .iter()
                .filter(|s| lang(&s.article) == "en")
                .map(|s| line(&s.article, s.sentence))
                .collect();
            for other in claim
                .support
                .iter()
                .filter(|s| comparable.contains(&lang(&s.article).as_str()))
            {
                for &e in &english {
                    together.insert((
                        lang(&other.article),
                        e,
                        line(&other.article, other.sentence),
                    ));
                }
            }
        }
        out.predicted += together.len();
        out.correct += together.iter().filter(|(_, e, o)| e == o).count();
        for other in &comparable {
            for i in 0..english_lines {
                out.gold += 1;
                if together.contains(&(other.to_string(), i, i)) {
                    out.found += 1;
                }
            }
        }
    }
    Ok(out)
}

/// The number of non-blank lines of `text`.
fn line_count(text: &str) -> usize {
    text.lines().filter(|l| !l.trim().is_empty()).count()
}

/// For each sentence of `doc`, the index of the non-blank line it starts on.
fn sentence_lines(doc: &Document) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut at = 0;
    for line in doc.text.split_inclusive('\n') {
        if !line.trim().is_empty() {
            starts.push(at);
        }
        at += line.len();
    }
    doc.layers
        .sentences
        .as_deref()
        .unwrap_or(&[])
        .iter()
        .map(|s| {
            starts
                .partition_point(|&l| l <= s.span.start())
                .saturating_sub(1)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use corroborate_core::{Sentence, Span};

    #[test]
    fn sentences_are_paired_through_the_lines_they_start_on() {
        let text = "Title here\n\nFirst line . Still first .\nSecond line .\n";
        let mut doc = Document::new(
            "es/a",
            corroborate_core::Meta::default(),
            text.as_bytes().to_vec(),
            text.to_string(),
            corroborate_core::Alignment::identity(text.len()),
        );
        let at = |s: &str| {
            let start = text.find(s).expect("in text");
            Sentence {
                span: Span::from_offsets(start, start + s.len()),
            }
        };
        doc.layers.sentences = Some(vec![
            at("Title here"),
            at("First line ."),
            at("Still first ."),
            at("Second line ."),
        ]);
        assert_eq!(line_count(text), 3);
        assert_eq!(sentence_lines(&doc), vec![0, 1, 1, 2]);
    }
}
