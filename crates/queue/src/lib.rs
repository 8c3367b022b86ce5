//! corroborate-queue: work distribution over NATS JetStream.
//!
//! `corroborate add --queue nats://…` publishes each input (a file's name and bytes) once to
//! the work-queue stream `CORROBORATE`; any number of `corroborate worker`s pull from one
//! durable consumer, do the per-article work, commit to the shared store, and only then
//! acknowledge. A worker that dies before its acknowledgement leaves the message to be
//! delivered again (after `ack_wait`) to another; the store's duplicate detection (same bytes
//! → nothing stored) makes a second delivery of an already-committed input harmless, so
//! every article is stored once. An input that fails `max_deliver` times, or whose failure
//! is permanent (it cannot be read), is parked on the `CORROBORATE_PARKED` stream with its
//! error, for `corroborate status` to show.
//!
//! The NATS client is async; this crate keeps its own small runtime and offers a blocking
//! API, as the rest of the program is synchronous.

use std::time::Duration;

use async_nats::jetstream::{self, consumer::pull, stream, AckKind};
use async_nats::HeaderMap;
use futures_util::StreamExt;

/// The work-queue stream and its subject.
pub const STREAM: &str = "CORROBORATE";
pub const SUBJECT: &str = "corroborate.inputs";
/// Parked inputs (failed for good), with their error.
pub const PARKED_STREAM: &str = "CORROBORATE_PARKED";
pub const PARKED_SUBJECT: &str = "corroborate.parked";
/// The durable consumer all workers share.
pub const CONSUMER: &str = "workers";
/// Stream where each worker reports what it has done, one subject (and message) a worker;
/// messages expire after [`WORKER_TTL`], so `status` shows the workers seen lately.
pub const WORKERS_STREAM: &str = "CORROBORATE_WORKERS";
pub const WORKERS_SUBJECT: &str = "corroborate.workers";
pub const WORKER_TTL: Duration = Duration::from_secs(60);

const NAME_HEADER: &str = "Corroborate-Name";
/// On one record of a container split for the queue: the format its bytes are read as, and
/// the id and metadata the container's reader gave it.
const FORMAT_HEADER: &str = "Corroborate-Format";
const ID_HEADER: &str = "Corroborate-Id";
const META_HEADER: &str = "Corroborate-Meta";
const ERROR_HEADER: &str = "Corroborate-Error";

/// How long opening the queue keeps asking for a stream while the server is not ready to
/// answer for it.
const STREAM_PATIENCE: Duration = Duration::from_secs(20);

/// Gets the stream, creating it when absent. A server just restarted recovers its streams
/// from disk after it accepts connections: meanwhile it may answer that JetStream is
/// unavailable, or that the stream is missing and then that its subjects overlap an existing
/// stream (the very one being recovered). Those answers are retried for [`STREAM_PATIENCE`];
/// the last error is returned after that.
async fn ensure_stream(
    js: &jetstream::Context,
    config: stream::Config,
) -> Result<stream::Stream, jetstream::context::CreateStreamError> {
    let start = std::time::Instant::now();
    let mut pause = Duration::from_millis(100);
    loop {
        match js.get_or_create_stream(config.clone()).await {
            Ok(stream) => return Ok(stream),
            Err(e) if start.elapsed() < STREAM_PATIENCE && transient(&e) => {
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(Duration::from_secs(2));
            }
            Err(e) => return Err(e),
        }
    }
}

/// Whether a stream call's failure may pass once the server has recovered its streams.
fn transient(e: &jetstream::context::CreateStreamError) -> bool {
    use jetstream::context::CreateStreamErrorKind as K;
    match e.kind() {
        K::JetStreamUnavailable | K::TimedOut | K::Response => true,
        // 10058: stream name already in use; 10065: subjects overlap with an existing
        // stream; both seen while a restarted server reloads the stream asked for.
        K::JetStream(js) => matches!(js.error_code().0, 10058 | 10065) || js.code() >= 500,
        _ => false,
    }
}

#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error("cannot start the queue client: {0}")]
    Runtime(String),
    #[error("queue {url}: {detail}")]
    Nats { url: String, detail: String },
    #[error("{name}: {size} bytes is more than the queue takes in one message ({limit}); add it directly, or split it")]
    TooLarge {
        name: String,
        size: usize,
        limit: usize,
    },
}

/// How the shared consumer redelivers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueOptions {
    /// An unacknowledged delivery is given to another worker after this long.
    pub ack_wait: Duration,
    /// Deliveries of one input before it is parked.
    pub max_deliver: i64,
}

impl Default for QueueOptions {
    fn default() -> QueueOptions {
        QueueOptions {
            ack_wait: Duration::from_secs(120),
            max_deliver: 4,
        }
    }
}

/// One input to process.
pub struct Delivery {
    /// The input's name (its path when it was published), which tells the readers its format.
    pub name: String,
    pub bytes: Vec<u8>,
    /// 1 on the first delivery.
    pub attempt: i64,
    /// For one record of a split container: how to read `bytes`, the record's id and its
    /// metadata as JSON (see [`Record`]).
    pub format: Option<String>,
    pub id: Option<String>,
    pub meta: Option<String>,
    message: jetstream::Message,
}

/// One record of a container (a WARC or JSON Lines file too large for one message), published
/// on its own: its bytes, read as `format` (`html`, `jsonl`), and the id and metadata (JSON)
/// the container's reader gave it.
pub struct Record<'a> {
    /// Where it came from (`archive.warc#17`).
    pub name: &'a str,
    pub format: &'a str,
    pub id: &'a str,
    pub meta: Option<String>,
    pub bytes: Vec<u8>,
}

/// What the queue holds now.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct QueueStatus {
    /// Inputs in the work stream (waiting, or delivered and not yet acknowledged).
    pub queued: u64,
    /// Not yet delivered to any worker.
    pub pending: u64,
    /// Delivered and not yet acknowledged (being worked on).
    pub in_progress: usize,
    /// Delivered more than once.
    pub redelivered: usize,
    /// Workers waiting for work right now.
    pub waiting_workers: usize,
    /// Inputs parked for good, with their errors (newest last, at most 20).
    pub parked: u64,
    pub parked_errors: Vec<(String, String)>,
    /// Workers that reported within the last [`WORKER_TTL`].
    pub workers: Vec<WorkerReport>,
}

/// What one worker has done since it started; it reports after every batch and while idle.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct WorkerReport {
    /// `HOST-PID`.
    pub id: String,
    /// Unix seconds.
    pub started: u64,
    pub last_seen: u64,
    /// Inputs acknowledged (their articles committed).
    pub inputs: u64,
    /// Articles stored (new or revised) and duplicates recognised.
    pub articles: u64,
    /// Inputs parked by this worker.
    pub parked: u64,
    /// Tries that failed and were handed back for another.
    pub retried: u64,
    /// Articles per second of its running time.
    pub articles_per_second: f64,
    /// Seconds spent reading and annotating (runs beside other workers).
    pub annotate_seconds: f64,
    /// Seconds spent assigning and committing under the assignment lock (one worker at a time),
    /// waiting for the lock included.
    pub assign_seconds: f64,
    /// The last error it met, if any.
    pub last_error: Option<String>,
}

/// A connection to the queue.
pub struct Queue {
    runtime: tokio::runtime::Runtime,
    url: String,
    js: jetstream::Context,
    options: QueueOptions,
    client: async_nats::Client,
    /// The shared consumer, once this connection has made sure of it with its options.
    consumer: std::sync::Mutex<Option<jetstream::consumer::Consumer<pull::Config>>>,
}

impl Queue {
    /// Connects and makes sure the streams and the consumer exist.
    pub fn connect(url: &str, options: QueueOptions) -> Result<Queue, QueueError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| QueueError::Runtime(e.to_string()))?;
        let fail = |detail: String| QueueError::Nats {
            url: url.to_string(),
            detail,
        };
        let (js, client) = runtime.block_on(async {
            let client = async_nats::ConnectOptions::new()
                .connection_timeout(Duration::from_secs(10))
                .retry_on_initial_connect()
                .max_reconnects(None)
                .connect(url)
                .await
                .map_err(|e| fail(e.to_string()))?;
            let js = jetstream::new(client.clone());
            for (name, subject, retention) in [
                (STREAM, SUBJECT, stream::RetentionPolicy::WorkQueue),
                (
                    PARKED_STREAM,
                    PARKED_SUBJECT,
                    stream::RetentionPolicy::Limits,
                ),
            ] {
                ensure_stream(
                    &js,
                    stream::Config {
                        name: name.to_string(),
                        subjects: vec![subject.to_string()],
                        retention,
                        storage: stream::StorageType::File,
                        ..Default::default()
                    },
                )
                .await
                .map_err(|e| fail(format!("stream {name}: {e}")))?;
            }
            // One message per worker (the newest), gone after WORKER_TTL: a key-value bucket
            // made by hand, as Debian's nats-server 2.9 answers the client's bucket call in a
            // form it does not parse.
            ensure_stream(
                &js,
                stream::Config {
                    name: WORKERS_STREAM.to_string(),
                    subjects: vec![format!("{WORKERS_SUBJECT}.*")],
                    max_messages_per_subject: 1,
                    max_age: WORKER_TTL,
                    storage: stream::StorageType::File,
                    ..Default::default()
                },
            )
            .await
            .map_err(|e| fail(format!("stream {WORKERS_STREAM}: {e}")))?;
            Ok::<_, QueueError>((js, client))
        })?;
        Ok(Queue {
            runtime,
            url: url.to_string(),
            js,
            options,
            client,
            consumer: std::sync::Mutex::new(None),
        })
    }

    fn fail(&self, detail: impl std::fmt::Display) -> QueueError {
        QueueError::Nats {
            url: self.url.clone(),
            detail: detail.to_string(),
        }
    }

    /// The shared consumer, created or updated to this connection's options (so the last
    /// worker started sets `ack_wait` and the tries).
    fn consumer(&self) -> Result<jetstream::consumer::Consumer<pull::Config>, QueueError> {
        let mut cached = self
            .consumer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(consumer) = cached.as_ref() {
            return Ok(consumer.clone());
        }
        let consumer = self.runtime.block_on(async {
            let stream = self.js.get_stream(STREAM).await.map_err(|e| self.fail(e))?;
            stream
                .create_consumer(pull::Config {
                    durable_name: Some(CONSUMER.to_string()),
                    ack_policy: jetstream::consumer::AckPolicy::Explicit,
                    ack_wait: self.options.ack_wait,
                    // One more than the tries, so a worker sees an input that was taken as
                    // often as allowed and never finished, and parks it.
                    max_deliver: self.options.max_deliver + 1,
                    ..Default::default()
                })
                .await
                .map_err(|e| self.fail(e))
        })?;
        *cached = Some(consumer.clone());
        Ok(consumer)
    }

    /// The largest input one message takes: the server's limit (known once connected; 1 MiB,
    /// its default, before), less room for headers.
    pub fn limit(&self) -> usize {
        let max_payload = match self.client.server_info().max_payload {
            0 => 1 << 20,
            n => n,
        };
        max_payload.saturating_sub(4 * HEADER_MAX)
    }

    /// Publishes one input; returns when the stream has stored it.
    pub fn publish(&self, name: &str, bytes: Vec<u8>) -> Result<(), QueueError> {
        self.publish_with(name, bytes, HeaderMap::new())
    }

    fn publish_with(
        &self,
        name: &str,
        bytes: Vec<u8>,
        mut headers: HeaderMap,
    ) -> Result<(), QueueError> {
        // Headers and framing take a little of the server's limit.
        let limit = self.limit();
        if bytes.len() > limit {
            return Err(QueueError::TooLarge {
                name: name.to_string(),
                size: bytes.len(),
                limit,
            });
        }
        headers.insert(NAME_HEADER, header_value(name).as_str());
        self.runtime.block_on(async {
            self.js
                .publish_with_headers(SUBJECT, headers, bytes.into())
                .await
                .map_err(|e| self.fail(e))?
                .await
                .map_err(|e| self.fail(e))?;
            Ok(())
        })
    }

    /// Publishes one record of a container (see [`Record`]); returns when the stream has it.
    pub fn publish_record(&self, record: Record<'_>) -> Result<(), QueueError> {
        let mut headers = HeaderMap::new();
        headers.insert(FORMAT_HEADER, header_value(record.format).as_str());
        headers.insert(ID_HEADER, header_value(record.id).as_str());
        // Metadata longer than a header holds is left to the record's own reader.
        if let Some(meta) = record
            .meta
            .filter(|m| m.len() <= HEADER_MAX && !m.contains(['\r', '\n']))
        {
            headers.insert(META_HEADER, meta.as_str());
        }
        self.publish_with(record.name, record.bytes, headers)
    }

    /// Up to `max` inputs, waiting at most `wait` for the first: what is there now, else (no
    /// busy polling) the first one to arrive.
    pub fn fetch(&self, max: usize, wait: Duration) -> Result<Vec<Delivery>, QueueError> {
        let consumer = self.consumer()?;
        self.runtime.block_on(async {
            // `fetch` answers at once with what is pending; `batch` of one waits for it.
            let now = consumer
                .fetch()
                .max_messages(max.max(1))
                .expires(wait)
                .messages()
                .await
                .map_err(|e| self.fail(e))?;
            let out = self.deliveries(now).await?;
            if !out.is_empty() {
                return Ok(out);
            }
            let next = consumer
                .batch()
                .max_messages(1)
                .expires(wait)
                .messages()
                .await
                .map_err(|e| self.fail(e))?;
            self.deliveries(next).await
        })
    }

    async fn deliveries(&self, mut batch: pull::Batch) -> Result<Vec<Delivery>, QueueError> {
        let mut out = Vec::new();
        while let Some(message) = batch.next().await {
            let message = message.map_err(|e| self.fail(e))?;
            let attempt = message.info().map(|info| info.delivered).unwrap_or(1);
            let header = |key: &str| {
                message
                    .headers
                    .as_ref()
                    .and_then(|h| h.get(key))
                    .map(|v| v.as_str().to_string())
            };
            out.push(Delivery {
                name: header(NAME_HEADER).unwrap_or_else(|| "input".to_string()),
                bytes: message.payload.to_vec(),
                attempt,
                format: header(FORMAT_HEADER),
                id: header(ID_HEADER),
                meta: header(META_HEADER),
                message,
            });
        }
        Ok(out)
    }

    /// Done: the input's articles are committed.
    pub fn ack(&self, delivery: &Delivery) -> Result<(), QueueError> {
        self.runtime.block_on(async {
            delivery
                .message
                .double_ack()
                .await
                .map_err(|e| self.fail(e))
        })
    }

    /// Still working on it: restarts its `ack_wait`.
    pub fn in_progress(&self, delivery: &Delivery) -> Result<(), QueueError> {
        self.runtime.block_on(async {
            delivery
                .message
                .ack_with(AckKind::Progress)
                .await
                .map_err(|e| self.fail(e))
        })
    }

    /// Not now: deliver it again after `delay` (to any worker).
    pub fn retry(&self, delivery: &Delivery, delay: Duration) -> Result<(), QueueError> {
        self.runtime.block_on(async {
            delivery
                .message
                .ack_with(AckKind::Nak(Some(delay)))
                .await
                .map_err(|e| self.fail(e))
        })
    }

    /// Whether this delivery is the input's last try.
    pub fn is_last_try(&self, delivery: &Delivery) -> bool {
        delivery.attempt >= self.options.max_deliver
    }

    /// Gives up on an input: it goes to the parked stream with `error`, and is never delivered
    /// again.
    pub fn park(&self, delivery: &Delivery, error: &str) -> Result<(), QueueError> {
        let mut headers = HeaderMap::new();
        headers.insert(NAME_HEADER, header_value(&delivery.name).as_str());
        headers.insert(ERROR_HEADER, header_value(error).as_str());
        for (key, value) in [
            (FORMAT_HEADER, &delivery.format),
            (ID_HEADER, &delivery.id),
            (META_HEADER, &delivery.meta),
        ] {
            if let Some(value) = value {
                headers.insert(key, value.as_str());
            }
        }
        self.runtime.block_on(async {
            self.js
                .publish_with_headers(PARKED_SUBJECT, headers, delivery.bytes.clone().into())
                .await
                .map_err(|e| self.fail(e))?
                .await
                .map_err(|e| self.fail(e))?;
            delivery
                .message
                .ack_with(AckKind::Term)
                .await
                .map_err(|e| self.fail(e))
        })
    }

    /// Records what a worker has done, for `status`.
    pub fn report(&self, report: &WorkerReport) -> Result<(), QueueError> {
        let value = serde_json::to_vec(report).map_err(|e| self.fail(e))?;
        let subject = format!("{WORKERS_SUBJECT}.{}", worker_key(&report.id));
        self.runtime.block_on(async {
            self.js
                .publish(subject, value.into())
                .await
                .map_err(|e| self.fail(e))?
                .await
                .map_err(|e| self.fail(e))?;
            Ok(())
        })
    }

    /// The workers that reported lately, by id.
    fn workers(&self) -> Result<Vec<WorkerReport>, QueueError> {
        self.runtime.block_on(async {
            let mut stream = self
                .js
                .get_stream(WORKERS_STREAM)
                .await
                .map_err(|e| self.fail(e))?;
            let state = stream.info().await.map_err(|e| self.fail(e))?.state.clone();
            let mut workers = Vec::new();
            if state.messages > 0 {
                for sequence in state.first_sequence..=state.last_sequence {
                    if let Ok(message) = stream.get_raw_message(sequence).await {
                        if let Ok(report) = serde_json::from_slice::<WorkerReport>(&message.payload)
                        {
                            workers.push(report);
                        }
                    }
                }
            }
            workers.sort_by(|a, b| a.id.cmp(&b.id));
            Ok(workers)
        })
    }

    /// Queue depth, work in progress, redeliveries, parked inputs.
    pub fn status(&self) -> Result<QueueStatus, QueueError> {
        self.runtime
            .block_on(async {
                let mut stream = self.js.get_stream(STREAM).await.map_err(|e| self.fail(e))?;
                let queued = stream
                    .info()
                    .await
                    .map_err(|e| self.fail(e))?
                    .state
                    .messages;
                // No consumer yet: no worker has started.
                let info = match stream.get_consumer::<pull::Config>(CONSUMER).await {
                    Ok(mut consumer) => {
                        Some(consumer.info().await.map_err(|e| self.fail(e))?.clone())
                    }
                    Err(_) => None,
                };
                let mut parked_stream = self
                    .js
                    .get_stream(PARKED_STREAM)
                    .await
                    .map_err(|e| self.fail(e))?;
                let parked_info = parked_stream.info().await.map_err(|e| self.fail(e))?;
                let parked = parked_info.state.messages;
                let last = parked_info.state.last_sequence;
                let mut parked_errors = Vec::new();
                let first = last
                    .saturating_sub(19)
                    .max(parked_info.state.first_sequence);
                for sequence in first..=last {
                    if parked == 0 {
                        break;
                    }
                    if let Ok(message) = parked_stream.get_raw_message(sequence).await {
                        let header = |name: &str| {
                            message
                                .headers
                                .get(name)
                                .map(|v| v.as_str().to_string())
                                .unwrap_or_default()
                        };
                        parked_errors.push((header(NAME_HEADER), header(ERROR_HEADER)));
                    }
                }
                Ok::<_, QueueError>(QueueStatus {
                    queued,
                    pending: info.as_ref().map_or(queued, |i| i.num_pending),
                    in_progress: info.as_ref().map_or(0, |i| i.num_ack_pending),
                    redelivered: info.as_ref().map_or(0, |i| i.num_redelivered),
                    waiting_workers: info.as_ref().map_or(0, |i| i.num_waiting),
                    parked,
                    parked_errors,
                    workers: Vec::new(),
                })
            })
            .and_then(|mut status| {
                status.workers = self.workers()?;
                Ok(status)
            })
    }
}

/// A bucket key from a worker id: letters, digits, `-` and `_` kept, the rest `_`.
fn worker_key(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The longest header value sent.
const HEADER_MAX: usize = 4096;

/// A header value: one line, at most [`HEADER_MAX`] bytes.
fn header_value(text: &str) -> String {
    let line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut end = line.len().min(HEADER_MAX);
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    line[..end].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worker_keys_are_valid_bucket_keys() {
        assert_eq!(worker_key("host.example-12 3"), "host_example-12_3");
    }

    #[test]
    fn stream_answers_of_a_recovering_server_are_retried_and_others_not() {
        use jetstream::context::{CreateStreamError, CreateStreamErrorKind as K};
        let server = |code: usize, err_code: u64| {
            let error: jetstream::Error = serde_json::from_value(serde_json::json!({
                "code": code, "err_code": err_code, "description": "from the server"
            }))
            .unwrap();
            CreateStreamError::new(K::JetStream(error))
        };
        // subjects overlap / name in use while the stream is being reloaded
        assert!(transient(&server(400, 10065)));
        assert!(transient(&server(400, 10058)));
        assert!(transient(&server(503, 10039)));
        assert!(transient(&CreateStreamError::new(K::JetStreamUnavailable)));
        // a configuration the server refuses stays refused
        assert!(!transient(&server(400, 10052)));
        assert!(!transient(&CreateStreamError::new(K::InvalidStreamName)));
    }

    #[test]
    fn header_values_are_one_bounded_line() {
        assert_eq!(header_value("a\nb\r\tc"), "a b  c");
        assert_eq!(header_value(&"é".repeat(5000)).len(), 4096);
    }
}
