//! A content-addressed on-disk cache of sentence vectors.
//!
//! Key = the first 16 bytes of sha256(encoder id, NUL, sentence). Records are appended to one of
//! 16 shard files under `<cache dir>/<encoder id>/`; each record is
//! `"CVEC" | key (16) | dim (u32 LE) | dim × f32 LE | check (u64 LE)`, written with one
//! `write_all` under an exclusive file lock, so concurrent runs interleave whole records.
//! Reading keeps only an index (key → shard, offset) in memory and re-checks each record when
//! it is used: a torn or corrupt record is a miss, never an error, and the reader skips ahead
//! to the next record marker.

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use corroborate_core::{Error, SentenceEncoder};
use sha2::{Digest, Sha256};

use crate::model::cache_root;

const MAGIC: &[u8; 4] = b"CVEC";
const SHARDS: usize = 16;
const HEADER: usize = 4 + 16 + 4;

type Key = [u8; 16];

/// Where vectors are cached by default: `$XDG_CACHE_HOME/corroborate/vectors` or
/// `~/.cache/corroborate/vectors`.
pub fn default_cache_dir() -> PathBuf {
    cache_root().join("vectors")
}

/// Hits and misses since the encoder was built.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CacheStats {
    pub hits: u64,
    pub misses: u64,
}

/// Wraps an encoder with the on-disk vector cache. Cache trouble (an unwritable folder, a
/// corrupt file) is logged and costs only speed.
pub struct CachedEncoder<E> {
    inner: E,
    dir: PathBuf,
    id: String,
    index: Mutex<Option<HashMap<Key, (usize, u64)>>>,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl<E: SentenceEncoder> CachedEncoder<E> {
    /// Caches `inner`'s vectors under `cache_dir/<encoder name>-<dim>`.
    pub fn new(inner: E, cache_dir: &Path) -> CachedEncoder<E> {
        let id = format!("{}-{}", inner.name(), inner.dim());
        let slug: String = id
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        CachedEncoder {
            dir: cache_dir.join(slug),
            inner,
            id,
            index: Mutex::new(None),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    pub fn inner(&self) -> &E {
        &self.inner
    }

    /// The folder holding this encoder's shard files.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn stats(&self) -> CacheStats {
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
        }
    }

    fn key(&self, sentence: &str) -> Key {
        let mut hasher = Sha256::new();
        hasher.update(self.id.as_bytes());
        hasher.update([0u8]);
        hasher.update(sentence.as_bytes());
        let digest = hasher.finalize();
        let mut key = [0u8; 16];
        key.copy_from_slice(&digest[..16]);
        key
    }

    fn shard_path(&self, shard: usize) -> PathBuf {
        self.dir.join(format!("shard-{shard:x}.bin"))
    }

    fn lookup(
        &self,
        index: &HashMap<Key, (usize, u64)>,
        files: &mut [Option<File>],
        key: &Key,
    ) -> Option<Vec<f32>> {
        let &(shard, offset) = index.get(key)?;
        if files[shard].is_none() {
            files[shard] = File::open(self.shard_path(shard)).ok();
        }
        let file = files[shard].as_ref()?;
        let mut record = vec![0u8; record_len(self.inner.dim())];
        file.read_exact_at(&mut record, offset).ok()?;
        decode(&record, self.inner.dim())
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    fn append(&self, records: &[(Key, &[f32])]) -> std::io::Result<Vec<(Key, usize, u64)>> {
        fs::create_dir_all(&self.dir)?;
        let mut by_shard: Vec<Vec<u8>> = vec![Vec::new(); SHARDS];
        let mut placed = Vec::with_capacity(records.len());
        let mut pending: Vec<Vec<(Key, u64)>> = vec![Vec::new(); SHARDS];
        for (key, vector) in records {
            let shard = shard_of(key);
            pending[shard].push((*key, by_shard[shard].len() as u64));
            encode(&mut by_shard[shard], key, vector);
        }
        for (shard, bytes) in by_shard.iter().enumerate() {
            if bytes.is_empty() {
                continue;
            }
            let mut file = OpenOptions::new()
                .create(true)
                .append(true)
                .open(self.shard_path(shard))?;
            file.lock()?;
            let start = file.metadata()?.len();
            let written = file.write_all(bytes);
            file.unlock()?;
            written?;
            for (key, offset) in &pending[shard] {
                placed.push((*key, shard, start + offset));
            }
        }
        Ok(placed)
    }

    fn load_index(&self) -> HashMap<Key, (usize, u64)> {
        let mut index = HashMap::new();
        for shard in 0..SHARDS {
            let path = self.shard_path(shard);
            let Ok(bytes) = fs::read(&path) else { continue };
            let skipped = scan(&bytes, self.inner.dim(), |key, offset| {
                index.insert(key, (shard, offset));
            });
            if skipped > 0 {
                tracing::warn!(path = %path.display(), skipped, "vector cache shard has corrupt bytes; skipped them");
            }
        }
        index
    }
}

impl<E: SentenceEncoder> SentenceEncoder for CachedEncoder<E> {
    fn name(&self) -> &str {
        self.inner.name()
    }

    fn dim(&self) -> usize {
        self.inner.dim()
    }

    fn is_neural(&self) -> bool {
        self.inner.is_neural()
    }

    fn is_multilingual(&self) -> bool {
        self.inner.is_multilingual()
    }

    /// Word vectors are not cached: this asks the inner encoder.
    fn encode_words(&self, sentences: &[&str]) -> Result<Vec<corroborate_core::Encoded>, Error> {
        self.inner.encode_words(sentences)
    }

    /// Piece states are not cached either.
    fn encode_pieces(
        &self,
        sentences: &[&str],
        layers: &[usize],
    ) -> Result<Option<Vec<corroborate_core::Encoded>>, Error> {
        self.inner.encode_pieces(sentences, layers)
    }

    fn encode(&self, sentences: &[&str]) -> Result<Vec<Vec<f32>>, Error> {
        let keys: Vec<Key> = sentences.iter().map(|s| self.key(s)).collect();
        let mut guard = self
            .index
            .lock()
            .map_err(|_| Error::Encoder("vector cache lock poisoned".into()))?;
        let index = guard.get_or_insert_with(|| self.load_index());
        let mut files: Vec<Option<File>> = (0..SHARDS).map(|_| None).collect();
        let mut out: Vec<Option<Vec<f32>>> = keys
            .iter()
            .map(|k| self.lookup(index, &mut files, k))
            .collect();

        // Encode each distinct missing sentence once.
        let mut first_of: HashMap<Key, usize> = HashMap::new();
        let mut todo: Vec<&str> = Vec::new();
        for (i, slot) in out.iter().enumerate() {
            if slot.is_none() && !first_of.contains_key(&keys[i]) {
                first_of.insert(keys[i], todo.len());
                todo.push(sentences[i]);
            }
        }
        let hits = out.iter().filter(|slot| slot.is_some()).count();
        self.hits.fetch_add(hits as u64, Ordering::Relaxed);
        self.misses
            .fetch_add((sentences.len() - hits) as u64, Ordering::Relaxed);
        if todo.is_empty() {
            return Ok(out.into_iter().flatten().collect());
        }

        let fresh = self.inner.encode(&todo)?;
        if fresh.len() != todo.len() {
            return Err(Error::Encoder(format!(
                "encoder returned {} vectors for {} sentences",
                fresh.len(),
                todo.len()
            )));
        }
        let mut new_records: Vec<(Key, &[f32])> = first_of
            .iter()
            .map(|(key, &at)| (*key, fresh[at].as_slice()))
            .collect();
        new_records.sort_by_key(|(key, _)| *key);
        match self.append(&new_records) {
            Ok(placed) => {
                for (key, shard, offset) in placed {
                    index.insert(key, (shard, offset));
                }
            }
            Err(err) => {
                tracing::warn!(dir = %self.dir.display(), %err, "cannot write vector cache");
            }
        }
        drop(guard);
        for (i, slot) in out.iter_mut().enumerate() {
            if slot.is_none() {
                *slot = Some(fresh[first_of[&keys[i]]].clone());
            }
        }
        Ok(out.into_iter().flatten().collect())
    }
}

fn shard_of(key: &Key) -> usize {
    usize::from(key[0]) % SHARDS
}

fn record_len(dim: usize) -> usize {
    HEADER + dim * 4 + 8
}

fn encode(buf: &mut Vec<u8>, key: &Key, vector: &[f32]) {
    let start = buf.len();
    buf.extend_from_slice(MAGIC);
    buf.extend_from_slice(key);
    buf.extend_from_slice(&(vector.len() as u32).to_le_bytes());
    for x in vector {
        buf.extend_from_slice(&x.to_le_bytes());
    }
    let check = checksum(&buf[start..]);
    buf.extend_from_slice(&check.to_le_bytes());
}

/// Parses one record of `dim` floats; `None` when it is torn or corrupt.
fn decode(record: &[u8], dim: usize) -> Option<(Key, Vec<f32>)> {
    if record.len() < record_len(dim) || &record[..4] != MAGIC {
        return None;
    }
    let body = &record[..HEADER + dim * 4];
    let stored = u64::from_le_bytes(record[body.len()..body.len() + 8].try_into().ok()?);
    let got_dim = u32::from_le_bytes(record[20..24].try_into().ok()?) as usize;
    if got_dim != dim || stored != checksum(body) {
        return None;
    }
    let key: Key = record[4..20].try_into().ok()?;
    let vector = body[HEADER..]
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect();
    Some((key, vector))
}

/// Calls `found` for every valid record; returns how many bytes were skipped as corrupt.
fn scan(bytes: &[u8], dim: usize, mut found: impl FnMut(Key, u64)) -> usize {
    let len = record_len(dim);
    let mut at = 0;
    let mut skipped = 0;
    while at + len <= bytes.len() {
        if let Some((key, _)) = decode(&bytes[at..at + len], dim) {
            found(key, at as u64);
            at += len;
            continue;
        }
        // Resynchronise on the next marker.
        let next = bytes[at + 1..]
            .windows(4)
            .position(|w| w == MAGIC)
            .map_or(bytes.len(), |p| at + 1 + p);
        skipped += next - at;
        at = next;
    }
    skipped
}

/// FNV-1a 64 with a final mix: catches torn writes and bit rot, not tampering.
fn checksum(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    hash ^ (hash >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    /// Counts the sentences it is asked to encode.
    struct Counting {
        calls: AtomicUsize,
        sentences: AtomicUsize,
    }

    impl Counting {
        fn new() -> Self {
            Counting {
                calls: AtomicUsize::new(0),
                sentences: AtomicUsize::new(0),
            }
        }
    }

    impl SentenceEncoder for Counting {
        fn name(&self) -> &str {
            "counting"
        }
        fn dim(&self) -> usize {
            3
        }
        fn is_neural(&self) -> bool {
            false
        }
        fn encode(&self, sentences: &[&str]) -> Result<Vec<Vec<f32>>, Error> {
            self.calls.fetch_add(1, Ordering::SeqCst);
            self.sentences.fetch_add(sentences.len(), Ordering::SeqCst);
            Ok(sentences
                .iter()
                .map(|s| {
                    vec![
                        s.len() as f32,
                        1.0,
                        s.chars().filter(|c| *c == 'a').count() as f32,
                    ]
                })
                .collect())
        }
    }

    #[test]
    fn second_call_hits_the_cache() {
        let tmp = tempfile::tempdir().unwrap();
        let enc = CachedEncoder::new(Counting::new(), tmp.path());
        let first = enc.encode(&["alpha", "beta", "alpha"]).unwrap();
        assert_eq!(
            enc.inner().sentences.load(Ordering::SeqCst),
            2,
            "duplicates encoded once"
        );
        let second = enc.encode(&["beta", "alpha"]).unwrap();
        assert_eq!(enc.inner().calls.load(Ordering::SeqCst), 1);
        assert_eq!(second, vec![first[1].clone(), first[0].clone()]);
        assert_eq!(enc.stats(), CacheStats { hits: 2, misses: 3 });

        // A new process (a fresh wrapper) reads the same files.
        let again = CachedEncoder::new(Counting::new(), tmp.path());
        assert_eq!(again.encode(&["alpha", "gamma"]).unwrap()[0], first[0]);
        assert_eq!(again.inner().sentences.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn corrupt_shards_are_misses_not_errors() {
        let tmp = tempfile::tempdir().unwrap();
        let enc = CachedEncoder::new(Counting::new(), tmp.path());
        let sentences = ["one", "two", "three", "four", "five", "six"];
        let good = enc.encode(&sentences).unwrap();
        // Flip bytes inside every shard and add a torn tail.
        for entry in fs::read_dir(enc.dir()).unwrap() {
            let path = entry.unwrap().path();
            let mut bytes = fs::read(&path).unwrap();
            let middle = bytes.len() / 2;
            bytes[middle] ^= 0x55;
            bytes.extend_from_slice(b"CVEC\x01\x02");
            fs::write(&path, bytes).unwrap();
        }
        let fresh = CachedEncoder::new(Counting::new(), tmp.path());
        let got = fresh.encode(&sentences).unwrap();
        assert_eq!(got, good);
        assert!(fresh.inner().sentences.load(Ordering::SeqCst) >= 1);
        // Records appended after the garbage are found again.
        let third = CachedEncoder::new(Counting::new(), tmp.path());
        third.encode(&sentences).unwrap();
        assert_eq!(third.inner().sentences.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn unwritable_cache_still_encodes() {
        let tmp = tempfile::tempdir().unwrap();
        let blocker = tmp.path().join("file");
        fs::write(&blocker, b"x").unwrap();
        let enc = CachedEncoder::new(Counting::new(), &blocker);
        assert_eq!(enc.encode(&["a", "b"]).unwrap().len(), 2);
        assert_eq!(enc.encode(&["a"]).unwrap().len(), 1);
    }

    #[test]
    fn concurrent_writers_leave_a_readable_cache() {
        let tmp = tempfile::tempdir().unwrap();
        let texts: Vec<String> = (0..200).map(|i| format!("sentence {i}")).collect();
        std::thread::scope(|scope| {
            for worker in 0..4 {
                let texts = &texts;
                let dir = tmp.path();
                scope.spawn(move || {
                    let enc = CachedEncoder::new(Counting::new(), dir);
                    let part: Vec<&str> = texts
                        .iter()
                        .skip(worker * 20)
                        .take(120)
                        .map(String::as_str)
                        .collect();
                    enc.encode(&part).unwrap();
                });
            }
        });
        let enc = CachedEncoder::new(Counting::new(), tmp.path());
        let all: Vec<&str> = texts.iter().map(String::as_str).collect();
        let got = enc.encode(&all).unwrap();
        assert_eq!(enc.inner().sentences.load(Ordering::SeqCst), 200 - 180);
        assert_eq!(got[5], vec![10.0, 1.0, 0.0]);
    }

    #[test]
    fn scan_skips_garbage_between_records() {
        let mut bytes = b"junk".to_vec();
        encode(&mut bytes, &[1; 16], &[1.0, 2.0]);
        bytes.extend_from_slice(b"CVECxx");
        encode(&mut bytes, &[2; 16], &[3.0, 4.0]);
        let mut keys = Vec::new();
        let skipped = scan(&bytes, 2, |key, _| keys.push(key[0]));
        assert_eq!(keys, [1, 2]);
        assert_eq!(skipped, 10);
    }
}
