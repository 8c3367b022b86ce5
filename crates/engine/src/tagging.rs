//! Sentence vectors and, with the neural encoder, the trained entity tagger from the same
//! forward pass: the encoder gives each sentence's vector and its word pieces' states, the
//! tagger ([`corroborate_extract::EntityTagger`]) finds the names, and the entity layer is
//! rebuilt from them with the rule tagger's roles and within-article identity
//! ([`corroborate_extract::EntityRecognizer::recognize_tagged`]); quotes, whose speakers
//! come from the entities, are then found again.

use corroborate_core::{Document, EntityKind, Span, Stage};
use corroborate_extract::{EntityRecognizer, EntityTagger, QuoteExtractor};

use rayon::prelude::*;

use crate::engine::Engine;

/// Sentences per forward pass of the tagging path: their piece states (two layers of 384
/// values a piece) are dropped once tagged.
const CHUNK: usize = 512;

impl Engine {
    /// Whether the entity layer comes from the trained tagger (neural encoder, tagger built in).
    pub fn tags_entities(&self) -> bool {
        self.tagger().is_some()
    }

    pub(crate) fn tagger(&self) -> Option<&'static EntityTagger> {
        if self.encoder().is_neural() && !self.rule_entities {
            EntityTagger::builtin()
        } else {
            None
        }
    }

    /// Fills the vectors layer of every document (each must have its sentences) and, when
    /// [`Engine::tags_entities`], replaces its entities with the tagger's and its quotes with
    /// ones attributed to them. Without the tagger this is
    /// [`corroborate_embed::embed_documents`].
    pub fn embed_and_tag(&self, docs: &mut [Document]) -> Result<(), corroborate_core::Error> {
        let Some(tagger) = self.tagger() else {
            return corroborate_embed::embed_documents(self.encoder(), docs)
                .map_err(|err| corroborate_core::Error::Encoder(err.to_string()));
        };
        // (document, sentence span) of every sentence, in order
        let mut places: Vec<(usize, Span)> = Vec::new();
        for (d, doc) in docs.iter().enumerate() {
            let sentences = doc.layers.sentences.as_ref().ok_or_else(|| {
                corroborate_core::Error::Encoder(format!("{}: no sentences layer", doc.id))
            })?;
            places.extend(sentences.iter().map(|s| (d, s.span)));
        }
        let mut vectors: Vec<Vec<Vec<f32>>> = docs.iter().map(|_| Vec::new()).collect();
        let mut tagged: Vec<Vec<(Span, EntityKind)>> = docs.iter().map(|_| Vec::new()).collect();
        for chunk in places.chunks(CHUNK) {
            let texts: Vec<&str> = chunk.iter().map(|&(d, span)| &docs[d].text[span]).collect();
            let encoded = self
                .encoder()
                .encode_pieces(&texts, tagger.layers())?
                .ok_or_else(|| {
                    corroborate_core::Error::Encoder("the encoder gave no token states".into())
                })?;
            if encoded.len() != chunk.len() {
                return Err(corroborate_core::Error::Encoder(format!(
                    "{} sentences encoded of {}",
                    encoded.len(),
                    chunk.len()
                )));
            }
            let found: Vec<Vec<(Span, EntityKind)>> = texts
                .par_iter()
                .zip(&encoded)
                .map(|(text, enc)| tagger.tag_text(text, &enc.words))
                .collect();
            for ((&(d, span), enc), found) in chunk.iter().zip(encoded).zip(found) {
                let at = span.start();
                tagged[d].extend(found.into_iter().map(|(s, kind)| {
                    (Span::from_offsets(s.start() + at, s.end() + at), kind)
                }));
                vectors[d].push(enc.vector);
            }
        }
        let recognizer = EntityRecognizer::new();
        let quotes = QuoteExtractor::new();
        docs.par_iter_mut()
            .zip(vectors)
            .zip(tagged)
            .try_for_each(|((doc, vectors), tagged)| {
                doc.layers.vectors = Some(vectors);
                doc.layers.entities = Some(recognizer.recognize_tagged(doc, &tagged));
                if doc.layers.quotes.is_some() {
                    quotes.process(doc)?;
                }
                Ok(())
            })
    }
}
