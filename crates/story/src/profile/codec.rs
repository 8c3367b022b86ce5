//! The compact binary form of a [`Sketch`] a store keeps (little-endian, length-prefixed).

use super::Sketch;

/// First byte of [`Sketch::to_bytes`]; a sketch of an unknown version is not read back (its
/// article is sketched again from its document). Version 1, before sketches kept the
/// language, reads as a sketch of unknown language: it groups exactly as it did when written,
/// and a corpus stored before version 2 is not sketched again from its documents at every
/// step.
const SKETCH_VERSION: u8 = 2;

impl Sketch {
    /// A compact binary form (little-endian, length-prefixed), for a store.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64 + self.terms.len() * 24 + self.shingles.len() * 8);
        out.push(SKETCH_VERSION);
        let flags = u8::from(self.junk)
            | (u8::from(self.published.is_some()) << 1)
            | (u8::from(self.vector.is_some()) << 2);
        out.push(flags);
        put_u32(&mut out, self.words);
        if let Some(published) = self.published {
            out.extend_from_slice(&published.to_le_bytes());
        }
        put_str(&mut out, &self.id);
        put_str(&mut out, &self.title);
        put_str(&mut out, &self.outlet);
        put_str(&mut out, &self.language);
        put_u32(&mut out, self.terms.len());
        for (term, surface, count) in &self.terms {
            put_str(&mut out, term);
            // most surface forms are the term itself
            put_str(&mut out, if surface == term { "" } else { surface });
            out.extend_from_slice(&count.to_le_bytes());
        }
        put_u32(&mut out, self.names.len());
        for name in &self.names {
            put_str(&mut out, name);
        }
        if let Some(vector) = &self.vector {
            put_u32(&mut out, vector.len());
            for x in vector {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        put_u32(&mut out, self.shingles.len());
        for shingle in &self.shingles {
            out.extend_from_slice(&shingle.to_le_bytes());
        }
        out
    }

    /// Reads [`Sketch::to_bytes`] (and version 1, without the language); `None` for another
    /// version or damaged bytes.
    pub fn from_bytes(bytes: &[u8]) -> Option<Sketch> {
        let mut r = Reader { bytes, at: 0 };
        let version = r.take(1)?[0];
        if version != SKETCH_VERSION && version != 1 {
            return None;
        }
        let flags = r.take(1)?[0];
        let words = r.u32()?;
        let published = if flags & 2 != 0 {
            Some(i64::from_le_bytes(r.take(8)?.try_into().ok()?))
        } else {
            None
        };
        let id = r.string()?;
        let title = r.string()?;
        let outlet = r.string()?;
        let language = if version == 1 {
            String::new()
        } else {
            r.string()?
        };
        let n = r.u32()?;
        let mut terms = Vec::with_capacity(n.min(bytes.len()));
        for _ in 0..n {
            let term = r.string()?;
            let surface = r.string()?;
            let count = r.f32()?;
            let surface = if surface.is_empty() {
                term.clone()
            } else {
                surface
            };
            terms.push((term, surface, count));
        }
        let n = r.u32()?;
        let mut names = Vec::with_capacity(n.min(bytes.len()));
        for _ in 0..n {
            names.push(r.string()?);
        }
        let vector = if flags & 4 != 0 {
            let n = r.u32()?;
            let mut vector = Vec::with_capacity(n.min(bytes.len()));
            for _ in 0..n {
                vector.push(r.f32()?);
            }
            Some(vector)
        } else {
            None
        };
        let n = r.u32()?;
        let mut shingles = Vec::with_capacity(n.min(bytes.len()));
        for _ in 0..n {
            shingles.push(u64::from_le_bytes(r.take(8)?.try_into().ok()?));
        }
        (r.at == bytes.len()).then_some(Sketch {
            id,
            terms,
            names,
            junk: flags & 1 != 0,
            words,
            published,
            title,
            outlet,
            language,
            vector,
            shingles,
        })
    }
}

fn put_u32(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(&u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u32(out, s.len());
    out.extend_from_slice(s.as_bytes());
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let out = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(out)
    }

    fn u32(&mut self) -> Option<usize> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?) as usize)
    }

    fn f32(&mut self) -> Option<f32> {
        Some(f32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn string(&mut self) -> Option<String> {
        let n = self.u32()?;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }
}
