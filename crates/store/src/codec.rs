//! How documents and stories become bytes: deflated JSON for structures, little-endian f32
//! for vectors.

use std::io::Read;

use corroborate_core::{
    Alignment, DateMention, Document, Dropped, EntityMention, FigureMention, Layers, Meta,
    QuoteMention, Sentence,
};
use flate2::read::DeflateDecoder;
use flate2::{Compress, Compression, FlushCompress, Status};
use serde::{Deserialize, Serialize};

#[derive(Debug, thiserror::Error)]
pub enum CodecError {
    #[error("compressed data: {0}")]
    Deflate(#[from] std::io::Error),
    #[error("stored JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("stored text is not UTF-8")]
    Utf8,
    #[error("a stored vector has {0} bytes, not a multiple of 4")]
    Vector(usize),
}

thread_local! {
    /// One compressor per thread, reset between uses: a fresh one allocates and clears its
    /// hash tables (hundreds of KiB) for every article and story written.
    static COMPRESSOR: std::cell::RefCell<Compress> =
        std::cell::RefCell::new(Compress::new(Compression::default(), false));
}

pub fn deflate(bytes: &[u8]) -> Result<Vec<u8>, CodecError> {
    COMPRESSOR.with(|compressor| {
        let mut compressor = compressor.borrow_mut();
        compressor.reset();
        let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
        loop {
            let read = usize::try_from(compressor.total_in()).unwrap_or(bytes.len());
            let status = compressor
                .compress_vec(
                    bytes.get(read..).unwrap_or_default(),
                    &mut out,
                    FlushCompress::Finish,
                )
                .map_err(|err| CodecError::Deflate(std::io::Error::other(err)))?;
            match status {
                Status::StreamEnd => return Ok(out),
                // out of room: grow and go on
                Status::Ok | Status::BufError => out.reserve(out.capacity().max(64)),
            }
        }
    })
}

pub fn inflate(bytes: &[u8]) -> Result<Vec<u8>, CodecError> {
    let mut out = Vec::new();
    DeflateDecoder::new(bytes).read_to_end(&mut out)?;
    Ok(out)
}

pub fn to_blob<T: Serialize>(value: &T) -> Result<Vec<u8>, CodecError> {
    deflate(&serde_json::to_vec(value)?)
}

pub fn from_blob<T: for<'de> Deserialize<'de>>(blob: &[u8]) -> Result<T, CodecError> {
    Ok(serde_json::from_slice(&inflate(blob)?)?)
}

pub fn vector_blob(vector: &[f32]) -> Vec<u8> {
    vector.iter().flat_map(|x| x.to_le_bytes()).collect()
}

pub fn blob_vector(blob: &[u8]) -> Result<Vec<f32>, CodecError> {
    if !blob.len().is_multiple_of(4) {
        return Err(CodecError::Vector(blob.len()));
    }
    Ok(blob
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect())
}

/// What the pipeline derived from an article, vectors aside (stored per sentence).
#[derive(Serialize, Deserialize)]
pub struct Annotations {
    source_to_raw: Alignment,
    text_to_source: Alignment,
    dropped: Vec<Dropped>,
    cleaned: bool,
    sentences: Option<Vec<Sentence>>,
    entities: Option<Vec<EntityMention>>,
    quotes: Option<Vec<QuoteMention>>,
    figures: Option<Vec<FigureMention>>,
    dates: Option<Vec<DateMention>>,
    has_vectors: bool,
}

impl Annotations {
    pub fn of(doc: &Document) -> Annotations {
        Annotations {
            source_to_raw: doc.source_to_raw.clone(),
            text_to_source: doc.text_to_source.clone(),
            dropped: doc.dropped.clone(),
            cleaned: doc.cleaned,
            sentences: doc.layers.sentences.clone(),
            entities: doc.layers.entities.clone(),
            quotes: doc.layers.quotes.clone(),
            figures: doc.layers.figures.clone(),
            dates: doc.layers.dates.clone(),
            has_vectors: doc.layers.vectors.is_some(),
        }
    }

    pub fn has_vectors(&self) -> bool {
        self.has_vectors
    }
}

/// The stored pieces of one article.
pub struct StoredParts {
    pub id: String,
    pub meta: Meta,
    pub raw: Vec<u8>,
    pub source: Vec<u8>,
    pub text: String,
    pub annotations: Annotations,
    pub vectors: Option<Vec<Vec<f32>>>,
}

/// Puts a document back together.
pub fn document(parts: StoredParts) -> Result<Document, CodecError> {
    let source = String::from_utf8(parts.source).map_err(|_| CodecError::Utf8)?;
    let a = parts.annotations;
    Ok(Document {
        id: parts.id,
        meta: parts.meta,
        raw: parts.raw,
        source,
        source_to_raw: a.source_to_raw,
        text: parts.text,
        text_to_source: a.text_to_source,
        dropped: a.dropped,
        cleaned: a.cleaned,
        layers: Layers {
            sentences: a.sentences,
            entities: a.entities,
            quotes: a.quotes,
            figures: a.figures,
            dates: a.dates,
            vectors: parts.vectors,
        },
    })
}

/// The stored vector sum moved by `sign` × `vector` (and its count by one), as JSON; `None`
/// when the widths differ (vectors of another encoder: the sum no longer means anything).
pub(crate) fn moved_vector_sum(
    (count, mut sum): (usize, Vec<f64>),
    vector: &[f32],
    sign: f64,
) -> Result<Option<String>, CodecError> {
    if sum.is_empty() {
        sum = vec![0.0; vector.len()];
    }
    if sum.len() != vector.len() {
        return Ok(None);
    }
    for (s, x) in sum.iter_mut().zip(vector) {
        *s += sign * f64::from(*x);
    }
    let count = if sign < 0.0 {
        count.saturating_sub(1)
    } else {
        count + 1
    };
    Ok(Some(serde_json::to_string(&(count, sum))?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deflate_round_trips() {
        let bytes = b"the same words again and again and again".repeat(20);
        let packed = deflate(&bytes).unwrap();
        assert!(packed.len() < bytes.len() / 4);
        assert_eq!(inflate(&packed).unwrap(), bytes);
        // the reused compressor starts afresh: empty input, incompressible input larger than
        // the first guess of the output size, then the first input again
        assert_eq!(inflate(&deflate(b"").unwrap()).unwrap(), b"");
        let noise: Vec<u8> = (0u32..200_000)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        assert_eq!(inflate(&deflate(&noise).unwrap()).unwrap(), noise);
        assert_eq!(deflate(&bytes).unwrap(), packed);
    }

    #[test]
    fn vectors_round_trip_exactly() {
        let v = vec![0.1f32, -3.5e-8, 1.0, f32::MIN_POSITIVE];
        assert_eq!(blob_vector(&vector_blob(&v)).unwrap(), v);
        assert!(blob_vector(&[0, 1, 2]).is_err());
    }
}
