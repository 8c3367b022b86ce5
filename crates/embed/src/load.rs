//! Choosing an encoder, and filling the vectors layer of documents.

use std::path::PathBuf;

use corroborate_core::{Document, SentenceEncoder};

use crate::{default_model_dir, EmbedError, LexicalEncoder};

/// The arithmetic of the neural encoder.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Precision {
    /// f32 throughout: the same vectors as sentence-transformers (within 1e-4 per value).
    Exact,
    /// Faster arithmetic whose vectors stay at cosine ≥ 0.999 to the exact ones on our
    /// benchmark sentences (`crates/embed/bench/RESULTS.md`). What it is depends on the CPU:
    /// with AVX-512 BF16 and VNNI, query/key/value and the feed-forward input in bf16 and the
    /// attention-output and feed-forward-output layers in 8 bits (a scale per block of 32
    /// inputs); with AVX2 only, the same two layers on a 7-bit grid and the rest f32. The
    /// encoder's name says which (`all-MiniLM-L6-v2-bf16-int8` or `all-MiniLM-L6-v2-int8`);
    /// `CORROBORATE_SIMD=avx2` selects the AVX2 arithmetic on any CPU.
    #[default]
    Fast,
}

/// How to pick and run the sentence encoder.
#[derive(Clone, Debug)]
pub struct EncoderOptions {
    /// The model folder; `None` = [`default_model_dir`] (which honours `CORROBORATE_MODEL_DIR`).
    pub model_dir: Option<PathBuf>,
    /// The vector cache folder; `None` = [`crate::default_cache_dir`].
    pub cache_dir: Option<PathBuf>,
    /// Keep neural vectors on disk so re-analysing a corpus does not re-embed it.
    pub use_cache: bool,
    /// Threads for one encode call; `None` = all cores.
    pub threads: Option<usize>,
    /// Use the lexical encoder even when the model is available.
    pub prefer_lexical: bool,
    /// Exact or fast arithmetic for the neural encoder.
    pub precision: Precision,
    /// The multilingual encoder (multilingual-e5-small) instead of MiniLM: sentences of
    /// different languages that say the same get close vectors. `model_dir` then names its
    /// folder (default [`crate::default_e5_dir`]).
    pub multilingual: bool,
}

impl Default for EncoderOptions {
    fn default() -> Self {
        EncoderOptions {
            model_dir: None,
            cache_dir: None,
            use_cache: true,
            threads: None,
            prefer_lexical: false,
            precision: Precision::default(),
            multilingual: false,
        }
    }
}

/// Returns the best available encoder: the neural model when built with `neural` and
/// installed, else the lexical one plus a one-line warning saying why and what to run.
pub fn load_encoder(opts: &EncoderOptions) -> (Box<dyn SentenceEncoder>, Option<String>) {
    if opts.prefer_lexical {
        return (Box::new(LexicalEncoder::new()), None);
    }
    match load_neural(opts) {
        Ok(encoder) => (encoder, None),
        Err(err) => (
            Box::new(LexicalEncoder::new()),
            Some(format!("using the lexical sentence encoder: {err}")),
        ),
    }
}

#[cfg(feature = "neural")]
fn load_neural(opts: &EncoderOptions) -> Result<Box<dyn SentenceEncoder>, EmbedError> {
    let cache_dir = opts.use_cache.then(|| {
        opts.cache_dir
            .clone()
            .unwrap_or_else(crate::default_cache_dir)
    });
    if opts.multilingual {
        let dir = opts.model_dir.clone().unwrap_or_else(crate::default_e5_dir);
        let file = crate::verify_e5_dir(&dir)?;
        let model = crate::E5Encoder::load(&file, opts.threads, opts.precision)?;
        return Ok(match cache_dir {
            Some(cache) => Box::new(crate::CachedEncoder::new(model, &cache)),
            None => Box::new(model),
        });
    }
    let dir = opts.model_dir.clone().unwrap_or_else(default_model_dir);
    let model = crate::MiniLmEncoder::load_with(&dir, opts.threads, opts.precision)?;
    Ok(match cache_dir {
        Some(cache) => Box::new(crate::CachedEncoder::new(model, &cache)),
        None => Box::new(model),
    })
}

#[cfg(not(feature = "neural"))]
fn load_neural(_opts: &EncoderOptions) -> Result<Box<dyn SentenceEncoder>, EmbedError> {
    // Keep the folder lookup live so both builds resolve it the same way.
    let _ = default_model_dir;
    Err(EmbedError::NotBuilt)
}

/// A model that reads two sentences together and gives the log-odds that they say the same
/// thing ([`crate::CrossEncoder`]).
pub trait PairReader: Send + Sync {
    /// One log-odds per pair.
    fn logits(&self, pairs: &[(&str, &str)]) -> Result<Vec<f32>, EmbedError>;
}

#[cfg(feature = "neural")]
impl PairReader for crate::CrossEncoder {
    fn logits(&self, pairs: &[(&str, &str)]) -> Result<Vec<f32>, EmbedError> {
        crate::CrossEncoder::logits(self, pairs)
    }
}

/// The cross-encoder for English pairs, on the installed all-MiniLM-L6-v2: an error when the
/// options ask for the lexical or the multilingual encoder, the model is not installed, or
/// this build has no neural encoder.
pub fn load_pair_reader(opts: &EncoderOptions) -> Result<Box<dyn PairReader>, EmbedError> {
    if opts.prefer_lexical || opts.multilingual {
        return Err(EmbedError::Model(
            "the pair encoder reads English with all-MiniLM-L6-v2 only".into(),
        ));
    }
    load_cross(opts)
}

#[cfg(feature = "neural")]
fn load_cross(opts: &EncoderOptions) -> Result<Box<dyn PairReader>, EmbedError> {
    let dir = opts.model_dir.clone().unwrap_or_else(default_model_dir);
    Ok(Box::new(crate::CrossEncoder::load_with(
        &dir,
        opts.threads,
        opts.precision,
    )?))
}

#[cfg(not(feature = "neural"))]
fn load_cross(_opts: &EncoderOptions) -> Result<Box<dyn PairReader>, EmbedError> {
    Err(EmbedError::NotBuilt)
}

/// Sentences per encoder call: large enough to batch well, small enough to bound memory.
const CHUNK: usize = 4096;

/// Sets `doc.layers.vectors` for every sentence of each document (batching across documents).
/// Every document must have its sentences layer.
pub fn embed_documents(
    encoder: &dyn SentenceEncoder,
    docs: &mut [Document],
) -> Result<(), EmbedError> {
    let mut texts: Vec<&str> = Vec::new();
    for doc in docs.iter() {
        let sentences = doc
            .layers
            .sentences
            .as_ref()
            .ok_or_else(|| EmbedError::NoSentences {
                doc: doc.id.clone(),
            })?;
        texts.extend(sentences.iter().map(|s| &doc.text[s.span]));
    }
    let mut vectors = Vec::with_capacity(texts.len());
    for chunk in texts.chunks(CHUNK) {
        let got = encoder.encode(chunk)?;
        if got.len() != chunk.len() {
            return Err(EmbedError::CountMismatch {
                expected: chunk.len(),
                got: got.len(),
            });
        }
        vectors.extend(got);
    }
    let mut vectors = vectors.into_iter();
    for doc in docs.iter_mut() {
        let count = doc.layers.sentences.as_ref().map_or(0, Vec::len);
        doc.layers.vectors = Some(vectors.by_ref().take(count).collect());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use corroborate_core::{cosine, Sentence, Span};

    fn doc(id: &str, text: &str, cuts: &[(usize, usize)]) -> Document {
        let mut doc = Document::from_text(id, text);
        let sentences = cuts
            .iter()
            .map(|&(start, end)| Sentence {
                span: Span::new(&doc.text, start, end).unwrap(),
            })
            .collect();
        doc.layers.sentences = Some(sentences);
        doc
    }

    #[test]
    fn embeds_every_sentence_of_every_document() {
        let mut docs = vec![
            doc("a", "Rain hit Oslo. Prices rose 5%.", &[(0, 14), (15, 30)]),
            doc("b", "", &[]),
            doc("c", "Oslo was hit by rain.", &[(0, 21)]),
        ];
        assert_eq!(
            &docs[0].text[docs[0].layers.sentences.as_ref().unwrap()[1].span],
            "Prices rose 5%."
        );
        embed_documents(&LexicalEncoder::new(), &mut docs).unwrap();
        let a = docs[0].layers.vectors.as_ref().unwrap();
        let c = docs[2].layers.vectors.as_ref().unwrap();
        assert_eq!(a.len(), 2);
        assert_eq!(docs[1].layers.vectors.as_ref().unwrap().len(), 0);
        assert_eq!(c.len(), 1);
        assert!(cosine(&a[0], &c[0]) > cosine(&a[1], &c[0]));
    }

    #[test]
    fn missing_sentences_layer_is_an_error() {
        let mut docs = vec![Document::from_text("x", "No sentences yet.")];
        let err = embed_documents(&LexicalEncoder::new(), &mut docs).unwrap_err();
        assert!(matches!(err, EmbedError::NoSentences { ref doc } if doc == "x"));
    }

    #[test]
    fn prefer_lexical_gives_lexical_without_warning() {
        let opts = EncoderOptions {
            prefer_lexical: true,
            ..EncoderOptions::default()
        };
        let (encoder, warning) = load_encoder(&opts);
        assert_eq!(encoder.name(), "lexical");
        assert!(warning.is_none());
    }

    #[test]
    fn missing_model_falls_back_with_a_warning_that_says_what_to_run() {
        let tmp = tempfile::tempdir().unwrap();
        let opts = EncoderOptions {
            model_dir: Some(tmp.path().join("none")),
            cache_dir: Some(tmp.path().join("cache")),
            ..EncoderOptions::default()
        };
        let (encoder, warning) = load_encoder(&opts);
        assert_eq!(encoder.name(), "lexical");
        assert!(!encoder.is_neural());
        let warning = warning.unwrap();
        assert!(!warning.contains('\n'));
        if cfg!(feature = "neural") {
            assert!(warning.contains("corroborate models install"), "{warning}");
        } else {
            assert!(warning.contains("built without"), "{warning}");
        }
    }
}
