//! Speakers named indirectly: a quote continuing the one before, a pronoun ("he said"), a
//! role ("the spokesman said").

use corroborate_core::{EntityKind, EntityMention, Span};

use super::context::{Attribution, Context};
use super::gender;

/// A quote with no cue of its own keeps the speaker (and the words naming them) of the quote
/// just before it, when it opens its sentence (same or previous paragraph) or shares the
/// sentence with it.
pub(super) fn continuation(
    ctx: &Context,
    q: usize,
    earlier: &[Attribution],
) -> Option<Attribution> {
    if q == 0 {
        return None;
    }
    let quote = ctx.quotes[q];
    let previous = ctx.quotes[q - 1];
    let last = earlier.get(q - 1)?;
    let speaker = last.mention?;
    let here = ctx.sentence_of(quote.open)?;
    let sentence = ctx.sentences[here];
    let same_sentence = ctx.sentence_of(previous.open) == Some(here);
    let opens_sentence = ctx.text[sentence.start()..quote.open].trim().is_empty();
    if !same_sentence && !opens_sentence {
        return None;
    }
    let between = &ctx.text[previous.close..quote.open];
    if between.matches('\n').count() > 1 {
        return None;
    }
    // someone else named in between takes the floor
    let speaker_id = ctx.mentions[speaker].local_id;
    let someone_else = ctx.mentions.iter().any(|m| {
        m.span.start() > previous.close
            && m.span.end() <= quote.open
            && m.kind == EntityKind::Person
            && m.local_id != speaker_id
    });
    if someone_else {
        return None;
    }
    // the words that named the speaker of the quote before name this one too
    Some(Attribution {
        cue: last.cue,
        speaker_span: last.speaker_span,
        mention: Some(speaker),
    })
}

/// "he said": the nearest person named before, outside quotes, who is not an object: in
/// the pronoun's sentence the nearest such mention, in earlier sentences a subject; or the
/// speaker of the last quote when that came later.
pub(super) fn resolve_pronoun(
    ctx: &Context,
    t: usize,
    mut attribution: Attribution,
) -> Attribution {
    let pronoun = ctx.tokens[t].span();
    attribution.speaker_span = Some(pronoun);
    let wanted = gender::of_pronoun(ctx.word(t));
    let agrees = |m: &EntityMention| {
        wanted.is_none_or(|g| ctx.genders.get(&m.local_id).is_none_or(|known| *known == g))
    };
    let Some(here) = ctx.sentence_of(pronoun.start()) else {
        return attribution;
    };
    let from = here.saturating_sub(6);
    let mut found = None;
    for s in (from..=here).rev() {
        let sentence = ctx.sentences[s];
        let mut candidates = ctx.mentions.iter().enumerate().filter(|(_, m)| {
            m.kind == EntityKind::Person
                && sentence.contains(m.span)
                && m.span.end() <= pronoun.start()
                && !ctx.inside_quote(m.span)
                && !ctx.preceded_by_preposition(m)
                && agrees(m)
        });
        let pick = if s == here {
            candidates.last()
        } else {
            candidates.find(|(_, m)| ctx.is_subject(sentence, m))
        };
        if let Some((m, _)) = pick {
            found = Some(m);
            break;
        }
    }
    let window_start = ctx.sentences[from].start();
    if let Some((at, speaker)) = ctx.last_speaker.get() {
        let later = found.is_none_or(|m| ctx.mentions[m].span.start() < at);
        if at >= window_start && at < pronoun.start() && later && agrees(&ctx.mentions[speaker]) {
            found = Some(speaker);
        }
    }
    attribution.mention = found;
    attribution
}

/// "the spokesman said": the person the article gave that role, nearest before.
pub(super) fn resolve_role(
    ctx: &Context,
    head: usize,
    span: Span,
    mut attribution: Attribution,
) -> Attribution {
    attribution.speaker_span = Some(span);
    let noun = ctx.word(head).to_lowercase();
    let found = ctx
        .mentions
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, m)| m.span.end() <= span.start())
        .find(|(_, m)| {
            m.role.is_some_and(|r| {
                ctx.text[r]
                    .to_lowercase()
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| w == noun)
            })
        });
    if let Some((m, _)) = found {
        attribution.mention = Some(m);
    }
    attribution
}
