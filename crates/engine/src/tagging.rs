//! Sentence vectors and, with the neural encoder, the trained entity tagger from the same
//! forward pass: the encoder gives each sentence's vector and its word pieces' states, the
//! tagger ([`corroborate_extract::EntityTagger`]) finds the names, and the entity layer is
//! rebuilt from them with the rule tagger's roles and within-article identity
//! ([`corroborate_extract::EntityRecognizer::recognize_tagged`]). Quotes keep the speakers
//! the rule tagger's entities gave them (measured: speaker F1 on PolNeAR dev fell from 0.843
//! to 0.841 when quotes were attributed to the tagger's names), each speaker pointed at the
//! tagger's mention that covers it.

use corroborate_core::{Document, EntityKind, EntityMention, QuoteMention, Span};
use corroborate_extract::{EntityRecognizer, EntityTagger};

use rayon::prelude::*;

use crate::engine::Engine;

/// Sentences per forward pass of the tagging path: their piece states (two layers of 384
/// values a piece) are dropped once tagged.
const CHUNK: usize = 512;
/// Sentences a tagging task takes (about a thousand tokens: one matrix product each).
const TAG_CHUNK: usize = 48;

impl Engine {
    /// Whether the entity layer comes from the trained tagger (neural encoder, tagger built in).
    pub fn tags_entities(&self) -> bool {
        self.tagger().is_some()
    }

    pub(crate) fn tagger(&self) -> Option<&'static EntityTagger> {
        // the tagger's head reads MiniLM's token states
        let minilm = self
            .encoder()
            .name()
            .starts_with(corroborate_embed::MODEL_ID);
        if self.encoder().is_neural() && minilm && !self.rule_entities {
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
            // a few dozen sentences a task: the head's first layer is one matrix product over
            // their tokens, and the tasks still spread over the threads
            let items: Vec<(&str, &[_])> = texts
                .iter()
                .zip(&encoded)
                .map(|(text, enc)| (*text, enc.words.as_slice()))
                .collect();
            let found: Vec<Vec<(Span, EntityKind)>> = items
                .par_chunks(TAG_CHUNK)
                .flat_map_iter(|part| tagger.tag_texts(part))
                .collect();
            for ((&(d, span), enc), found) in chunk.iter().zip(encoded).zip(found) {
                let at = span.start();
                tagged[d].extend(
                    found
                        .into_iter()
                        .map(|(s, kind)| (Span::from_offsets(s.start() + at, s.end() + at), kind)),
                );
                vectors[d].push(enc.vector);
            }
        }
        let recognizer = EntityRecognizer::new();
        docs.par_iter_mut()
            .zip(vectors)
            .zip(tagged)
            .for_each(|((doc, vectors), tagged)| {
                doc.layers.vectors = Some(vectors);
                let mentions = recognizer.recognize_tagged(doc, &tagged);
                let rule = doc.layers.entities.replace(mentions);
                if let (Some(rule), Some(quotes)) = (rule, doc.layers.quotes.as_mut()) {
                    let mentions = doc.layers.entities.as_deref().unwrap_or_default();
                    rehome_speakers(quotes, &rule, mentions);
                }
            });
        Ok(())
    }
}

/// Points each quote's speaker mention (an index into `rule`, the rule tagger's mentions) at
/// the tagger's mention that overlaps it most (a person's first), naming the speaker by it;
/// none overlapping: no mention, the speaker's words and name stay.
fn rehome_speakers(quotes: &mut [QuoteMention], rule: &[EntityMention], tagged: &[EntityMention]) {
    for quote in quotes {
        let Some(old) = quote.speaker_mention.and_then(|m| rule.get(m)) else {
            quote.speaker_mention = None;
            continue;
        };
        let overlap = |m: &EntityMention| {
            let start = m.span.start().max(old.span.start());
            let end = m.span.end().min(old.span.end());
            end.saturating_sub(start)
        };
        let best = tagged
            .iter()
            .enumerate()
            .filter(|(_, m)| overlap(m) > 0)
            .max_by_key(|(i, m)| {
                (
                    m.kind == EntityKind::Person,
                    overlap(m),
                    std::cmp::Reverse(*i),
                )
            });
        quote.speaker_mention = best.map(|(i, _)| i);
        if let Some((_, m)) = best {
            quote.speaker = Some(m.canonical.clone());
        }
    }
}
