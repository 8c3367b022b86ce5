//! Reading f32 tensors out of a `.safetensors` file: an 8-byte little-endian header length, a
//! JSON header naming each tensor's dtype, shape and byte range, then the raw data.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use crate::EmbedError;

#[derive(Deserialize)]
struct Entry {
    dtype: String,
    shape: Vec<usize>,
    data_offsets: [usize; 2],
}

/// The tensors of one file, decoded on request.
pub(crate) struct Tensors {
    path: String,
    data: Vec<u8>,
    start: usize,
    entries: HashMap<String, Entry>,
}

impl Tensors {
    pub(crate) fn read(path: &Path) -> Result<Self, EmbedError> {
        let data = std::fs::read(path).map_err(|err| EmbedError::io(path, err))?;
        Self::from_bytes(&path.display().to_string(), data)
    }

    /// The tensors of a file already in memory; `name` names it in errors.
    pub(crate) fn from_bytes(name: &str, data: Vec<u8>) -> Result<Self, EmbedError> {
        let bad = |why: &str| EmbedError::Model(format!("{name}: {why}"));
        let len_bytes: [u8; 8] = data
            .get(..8)
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| bad("too short for a safetensors header"))?;
        let header_len = usize::try_from(u64::from_le_bytes(len_bytes))
            .map_err(|_| bad("header length does not fit"))?;
        let header = data
            .get(8..8usize.saturating_add(header_len))
            .ok_or_else(|| bad("header runs past the end of the file"))?;
        let raw: HashMap<String, serde_json::Value> = serde_json::from_slice(header)
            .map_err(|err| bad(&format!("header is not JSON: {err}")))?;
        let mut entries = HashMap::new();
        for (name, value) in raw {
            if name == "__metadata__" {
                continue;
            }
            let entry: Entry = serde_json::from_value(value)
                .map_err(|err| bad(&format!("tensor {name}: {err}")))?;
            entries.insert(name, entry);
        }
        Ok(Tensors {
            path: name.to_string(),
            start: 8 + header_len,
            data,
            entries,
        })
    }

    /// The first dimension of tensor `name`.
    pub(crate) fn rank_of(&self, name: &str) -> Result<usize, EmbedError> {
        self.entries
            .get(name)
            .and_then(|e| e.shape.first().copied())
            .ok_or_else(|| EmbedError::Model(format!("{}: tensor {name}: missing", self.path)))
    }

    /// Whether the file holds tensor `name`.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.entries.contains_key(name)
    }

    /// The values of tensor `name` (stored as F32 or F16) as f32, checked against the
    /// expected `shape`.
    pub(crate) fn f32(&self, name: &str, shape: &[usize]) -> Result<Vec<f32>, EmbedError> {
        let bad = |why: String| EmbedError::Model(format!("{}: tensor {name}: {why}", self.path));
        let entry = self
            .entries
            .get(name)
            .ok_or_else(|| bad("missing".to_string()))?;
        let width = match entry.dtype.as_str() {
            "F32" => 4,
            "F16" => 2,
            other => return Err(bad(format!("dtype {other} where F32 or F16 was expected"))),
        };
        if entry.shape != shape {
            return Err(bad(format!("shape {:?}, expected {shape:?}", entry.shape)));
        }
        let [from, to] = entry.data_offsets;
        let bytes = self
            .data
            .get(self.start + from..self.start + to)
            .ok_or_else(|| bad("data runs past the end of the file".to_string()))?;
        let count: usize = shape.iter().product();
        if bytes.len() != count * width {
            return Err(bad(format!("{} bytes for {count} values", bytes.len())));
        }
        Ok(if width == 4 {
            bytes
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect()
        } else {
            bytes
                .chunks_exact(2)
                .map(|b| super::f16_to_f32(u16::from_le_bytes([b[0], b[1]])))
                .collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(tensors: &[(&str, &str, Vec<usize>, Vec<u8>)]) -> tempfile::NamedTempFile {
        let mut header = serde_json::Map::new();
        let mut data = Vec::new();
        for (name, dtype, shape, bytes) in tensors {
            let from = data.len();
            data.extend_from_slice(bytes);
            header.insert(
                name.to_string(),
                serde_json::json!({"dtype": dtype, "shape": shape, "data_offsets": [from, data.len()]}),
            );
        }
        header.insert("__metadata__".into(), serde_json::json!({"format": "pt"}));
        let header = serde_json::to_vec(&header).unwrap();
        let mut out = (header.len() as u64).to_le_bytes().to_vec();
        out.extend_from_slice(&header);
        out.extend_from_slice(&data);
        let tmp = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(tmp.path(), out).unwrap();
        tmp
    }

    #[test]
    fn reads_values_and_checks_names_shapes_and_dtypes() {
        let values: Vec<u8> = [1.5f32, -2.0, 0.25, 8.0]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        let tmp = file(&[
            ("w", "F32", vec![2, 2], values),
            ("ids", "I64", vec![1], vec![0; 8]),
            ("half", "F16", vec![2], vec![0x00, 0x3c, 0x00, 0xb8]),
        ]);
        let t = Tensors::read(tmp.path()).unwrap();
        assert_eq!(t.f32("w", &[2, 2]).unwrap(), [1.5, -2.0, 0.25, 8.0]);
        assert!(t.f32("w", &[4]).unwrap_err().to_string().contains("shape"));
        assert!(t.f32("ids", &[1]).unwrap_err().to_string().contains("I64"));
        assert_eq!(t.f32("half", &[2]).unwrap(), [1.0, -0.5]);
        assert!(t.has("half") && !t.has("nope"));
        assert!(t
            .f32("nope", &[1])
            .unwrap_err()
            .to_string()
            .contains("missing"));
    }

    #[test]
    fn truncated_files_are_errors_not_panics() {
        let tmp = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(tmp.path(), [1, 0]).unwrap();
        assert!(Tensors::read(tmp.path()).is_err());
        std::fs::write(tmp.path(), [200, 0, 0, 0, 0, 0, 0, 0, b'{']).unwrap();
        assert!(Tensors::read(tmp.path()).is_err());
    }
}
