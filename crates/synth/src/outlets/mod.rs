//! Outlet groups: a user-supplied table of outlets and their labels (lean, country, owner,
//! type …), and what each group of outlets reports of a story ([`story_coverage`]).
//!
//! A table is CSV or TOML.
//!
//! CSV: a header row whose first column is `outlet`; every other column is a label key. Each
//! row names an outlet or a domain (`Northwire`, `northwire.example`); an empty cell means no
//! label for that key. Lines starting with `#` are comments.
//!
//! ```text
//! outlet,lean,country
//! Northwire,centre,UK
//! harbour-daily.example,right,
//! ```
//!
//! TOML: one table per outlet under `outlets` (or an array `[[outlets]]` of tables, each with
//! `outlet = "Name"`); values are strings (numbers and booleans are written as text). Keys keep
//! the order the file first gives them.
//!
//! ```toml
//! [outlets."Northwire"]
//! lean = "centre"
//! country = "UK"
//!
//! [outlets."harbour-daily.example"]
//! lean = "right"
//! ```
//!
//! An article finds its row ([`OutletTable::row_for`]) by its outlet name (case, spacing and
//! punctuation ignored: `Bayside Post` = `bayside-post`), else by the host of its URL (lowercase,
//! without `www.`; a row `example.com` also matches `news.example.com`, the longest such row
//! wins), else, for an article with neither outlet nor URL, by its file name without extension
//! (`bayside-post.md` → `bayside-post`).

mod coverage;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::path::Path;

use corroborate_core::Meta;

pub use self::coverage::{
    story_coverage, story_coverage_of_metas, Blindspot, ClaimCoverage, ClaimLabelCoverage,
    LabelCoverage, LabelValue, StoryCoverage, ValueCoverage, MIN_BLINDSPOT_STORY_OUTLETS,
};

/// Why an outlet table could not be read.
#[derive(Debug, thiserror::Error)]
pub enum OutletError {
    // The cause is written into the message (no `source`), so `{:#}` chains do not repeat it.
    #[error("{path}: {error}")]
    Io { path: String, error: std::io::Error },
    /// A table error, with the file it came from.
    #[error("{path}: {error}")]
    File {
        path: String,
        error: Box<OutletError>,
    },
    #[error("csv: {0}")]
    Csv(String),
    #[error("toml: {0}")]
    Toml(String),
    #[error("line {line}: {message}")]
    Line { line: u64, message: String },
    #[error("outlet {outlet:?}: {message}")]
    Outlet { outlet: String, message: String },
    #[error("{0}")]
    Table(String),
}

/// One outlet (or domain) and its labels.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OutletRow {
    /// The name or domain as the table writes it.
    pub outlet: String,
    /// Label key → value; keys without a value are absent.
    pub labels: BTreeMap<String, String>,
}

/// Outlets and their labels, as a user supplied them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OutletTable {
    keys: Vec<String>,
    rows: Vec<OutletRow>,
}

impl OutletTable {
    /// A table of `rows`; the label keys in the order the rows first use them (within a row,
    /// alphabetical).
    pub fn from_rows(rows: Vec<OutletRow>) -> OutletTable {
        let mut keys: Vec<String> = Vec::new();
        for row in &rows {
            for key in row.labels.keys() {
                if !keys.contains(key) {
                    keys.push(key.clone());
                }
            }
        }
        OutletTable { keys, rows }
    }

    /// Reads a table: `.csv` as CSV, `.toml` as TOML, anything else by its content (TOML when
    /// it has an `[outlets` header, else CSV). Errors name the file.
    pub fn load(path: &Path) -> Result<OutletTable, OutletError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|error| OutletError::Io {
            path: name.clone(),
            error,
        })?;
        let extension = path
            .extension()
            .and_then(|extension| extension.to_str())
            .map(str::to_ascii_lowercase);
        let parsed = match extension.as_deref() {
            Some("csv") => OutletTable::parse_csv(&text),
            Some("toml") => OutletTable::parse_toml(&text),
            _ if looks_like_toml(&text) => OutletTable::parse_toml(&text),
            _ => OutletTable::parse_csv(&text),
        };
        parsed.map_err(|error| OutletError::File {
            path: name,
            error: Box::new(error),
        })
    }

    /// Reads a CSV table (see the module documentation).
    pub fn parse_csv(text: &str) -> Result<OutletTable, OutletError> {
        let mut reader = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .map_err(csv_error)?
            .iter()
            .map(str::to_string)
            .collect();
        match header.first() {
            Some(first) if first.eq_ignore_ascii_case("outlet") => {}
            Some(first) => {
                return Err(OutletError::Line {
                    line: 1,
                    message: format!("the first column must be `outlet`, not {first:?}"),
                })
            }
            None => return Err(OutletError::Table("empty table".into())),
        }
        let keys: Vec<String> = header[1..].to_vec();
        for (index, key) in keys.iter().enumerate() {
            if key.is_empty() {
                return Err(OutletError::Line {
                    line: 1,
                    message: format!("column {} has no name", index + 2),
                });
            }
            if keys[..index].contains(key) || key.eq_ignore_ascii_case("outlet") {
                return Err(OutletError::Line {
                    line: 1,
                    message: format!("column {key:?} appears twice"),
                });
            }
        }
        let mut rows = Vec::new();
        let mut lines: Vec<u64> = Vec::new();
        for record in reader.records() {
            let record = record.map_err(csv_error)?;
            let line = record.position().map_or(0, |position| position.line());
            let outlet = record.get(0).unwrap_or("").to_string();
            if outlet.is_empty() {
                return Err(OutletError::Line {
                    line,
                    message: "no outlet name".into(),
                });
            }
            let labels = keys
                .iter()
                .zip(record.iter().skip(1))
                .filter(|(_, value)| !value.is_empty())
                .map(|(key, value)| (key.clone(), value.to_string()))
                .collect();
            if let Some(first) = duplicate(&rows, &outlet) {
                return Err(OutletError::Line {
                    line,
                    message: format!("outlet {outlet:?} already given on line {}", lines[first]),
                });
            }
            rows.push(OutletRow { outlet, labels });
            lines.push(line);
        }
        Ok(OutletTable { keys, rows })
    }

    /// Reads a TOML table (see the module documentation).
    pub fn parse_toml(text: &str) -> Result<OutletTable, OutletError> {
        let document: toml::Table = text
            .parse()
            .map_err(|error: toml::de::Error| OutletError::Toml(one_line(&error.to_string())))?;
        if let Some(other) = document.keys().find(|key| *key != "outlets") {
            return Err(OutletError::Table(format!(
                "unexpected top-level key {other:?} (outlets go under [outlets.\"Name\"])"
            )));
        }
        let Some(outlets) = document.get("outlets") else {
            return Err(OutletError::Table(
                "no [outlets.\"Name\"] tables".to_string(),
            ));
        };
        // (name, its labels) in file order, from either form.
        let mut entries: Vec<(String, &toml::Table)> = Vec::new();
        match outlets {
            toml::Value::Table(outlets) => {
                for (outlet, labels) in outlets {
                    let Some(labels) = labels.as_table() else {
                        return Err(OutletError::Outlet {
                            outlet: outlet.trim().to_string(),
                            message: "must be a table of labels".into(),
                        });
                    };
                    entries.push((outlet.trim().to_string(), labels));
                }
            }
            toml::Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    let name = item
                        .as_table()
                        .and_then(|labels| labels.get("outlet"))
                        .and_then(toml::Value::as_str);
                    let (Some(labels), Some(name)) = (item.as_table(), name) else {
                        return Err(OutletError::Table(format!(
                            "[[outlets]] number {} has no outlet = \"Name\"",
                            index + 1
                        )));
                    };
                    entries.push((name.trim().to_string(), labels));
                }
            }
            _ => {
                return Err(OutletError::Table(
                    "`outlets` must be a table of outlets".to_string(),
                ))
            }
        }
        let mut rows: Vec<OutletRow> = Vec::new();
        let mut keys: Vec<String> = Vec::new();
        for (outlet, labels) in entries {
            let error = |message: String| OutletError::Outlet {
                outlet: outlet.clone(),
                message,
            };
            if outlet.is_empty() {
                return Err(error("no outlet name".into()));
            }
            if duplicate(&rows, &outlet).is_some() {
                return Err(error("given twice".into()));
            }
            let mut row = OutletRow {
                outlet: outlet.clone(),
                labels: BTreeMap::new(),
            };
            for (key, value) in labels.iter().filter(|(key, _)| *key != "outlet") {
                let key = key.trim();
                let value = match value {
                    toml::Value::String(text) => text.trim().to_string(),
                    toml::Value::Integer(number) => number.to_string(),
                    toml::Value::Float(number) => number.to_string(),
                    toml::Value::Boolean(flag) => flag.to_string(),
                    _ => return Err(error(format!("label {key:?} must be a string"))),
                };
                if key.is_empty() || key.eq_ignore_ascii_case("outlet") {
                    return Err(error(format!("bad label key {key:?}")));
                }
                // Keys in the order the file first gives them, not sorted.
                if !keys.iter().any(|known| known == key) {
                    keys.push(key.to_string());
                }
                if !value.is_empty() {
                    row.labels.insert(key.to_string(), value);
                }
            }
            rows.push(row);
        }
        Ok(OutletTable { keys, rows })
    }

    /// The label keys, in table order.
    pub fn keys(&self) -> Vec<String> {
        self.keys.clone()
    }

    /// The rows, in table order.
    pub fn rows(&self) -> &[OutletRow] {
        &self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The values the table knows for `key`, in the order rows first give them.
    pub fn values(&self, key: &str) -> Vec<String> {
        let mut values: Vec<String> = Vec::new();
        for value in self.rows.iter().filter_map(|row| row.labels.get(key)) {
            if !values.contains(value) {
                values.push(value.clone());
            }
        }
        values
    }

    /// The labels of the outlet an article comes from (see [`OutletTable::row_for`]).
    pub fn labels_for(&self, meta: &Meta) -> Option<&BTreeMap<String, String>> {
        self.row_for(meta).map(|row| &row.labels)
    }

    /// The row an article's metadata matches: by outlet name, else by URL host, else (no
    /// outlet, no URL) by file name; see the module documentation.
    pub fn row_for(&self, meta: &Meta) -> Option<&OutletRow> {
        if let Some(outlet) = meta.outlet.as_deref().map(name_key) {
            if let Some(row) = self.row_named(&outlet) {
                return Some(row);
            }
        }
        if let Some(host) = meta.url.as_deref().and_then(url_host) {
            if let Some(row) = self.row_for_host(&host) {
                return Some(row);
            }
        }
        if meta.outlet.is_none() && meta.url.is_none() {
            if let Some(stem) = meta.path.as_deref().and_then(file_stem) {
                return self.row_named(&name_key(stem));
            }
        }
        None
    }

    fn row_named(&self, key: &str) -> Option<&OutletRow> {
        if key.is_empty() {
            return None;
        }
        self.rows.iter().find(|row| name_key(&row.outlet) == key)
    }

    fn row_for_host(&self, host: &str) -> Option<&OutletRow> {
        self.rows
            .iter()
            .filter_map(|row| domain_of_row(&row.outlet).map(|domain| (row, domain)))
            .filter(|(_, domain)| {
                host == domain
                    || host
                        .strip_suffix(domain.as_str())
                        .is_some_and(|head| head.ends_with('.'))
            })
            .max_by_key(|(_, domain)| domain.len())
            .map(|(row, _)| row)
    }
}

/// The index of a row already naming `outlet` (compared as [`OutletTable::row_for`] does).
fn duplicate(rows: &[OutletRow], outlet: &str) -> Option<usize> {
    let key = name_key(outlet);
    rows.iter().position(|row| name_key(&row.outlet) == key)
}

fn csv_error(error: csv::Error) -> OutletError {
    let line = error.position().map(|position| position.line());
    let message = match error.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("{len} cells where the header has {expected_len}"),
        csv::ErrorKind::Utf8 { .. } => "not UTF-8".to_string(),
        _ => one_line(&error.to_string()),
    };
    match line {
        Some(line) => OutletError::Line { line, message },
        None => OutletError::Csv(message),
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn looks_like_toml(text: &str) -> bool {
    text.lines()
        .map(str::trim_start)
        .any(|line| line.starts_with("[outlets") || line.starts_with("[[outlets"))
}

/// A name as rows are matched: lowercase, runs of anything but letters and digits as one space.
fn name_key(name: &str) -> String {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The domain a row names, when it looks like one (`northwire.example`, `www.northwire.example`).
fn domain_of_row(outlet: &str) -> Option<String> {
    let outlet = outlet.trim();
    if outlet.contains(char::is_whitespace) || !outlet.contains('.') {
        return None;
    }
    let host = url_host(outlet).unwrap_or_else(|| outlet.to_lowercase());
    (!host.is_empty()).then_some(host)
}

/// The lowercase host of a URL without `www.`, port or credentials.
fn url_host(url: &str) -> Option<String> {
    let rest = url.trim();
    let rest = rest.split_once("://").map_or(rest, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = host.split(':').next()?.trim_end_matches('.').to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty()).then_some(host)
}

/// `examples/x/bayside-post.md` → `bayside-post`; `wire.jsonl#2` → `wire`.
fn file_stem(path: &str) -> Option<&str> {
    let path = path.split('#').next()?;
    let name = path.rsplit(['/', '\\']).next()?;
    let stem = name.split('.').next()?;
    (!stem.is_empty()).then_some(stem)
}
