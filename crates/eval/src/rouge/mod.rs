//! ROUGE scoring. The original Porter stemmer it uses lives in corroborate-synth
//! ([`corroborate_synth::porter_stem`]): the brief stems content words with it too.

mod score;

pub use self::score::{
    rouge, rouge_l, rouge_n, rouge_tokens, truncate_words, RougeScore, RougeScores,
};
