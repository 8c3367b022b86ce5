//! ROUGE scoring, the Multi-News loader and the evaluation of the brief against a lead baseline.

mod eval;
mod multinews;
pub(crate) mod porter;
mod score;

pub use self::eval::{
    documents_of_row, eval_rouge, eval_rouge_with, lead_summary, EvalOptions, RougeEval,
    SystemScore,
};
pub use self::multinews::{load_multi_news, MultiNewsRow};
pub use self::porter::porter_stem;
pub use self::score::{
    rouge, rouge_l, rouge_n, rouge_tokens, truncate_words, RougeScore, RougeScores,
};
