//! The queue commands: `add --queue` publishes inputs, `worker` adds them, `status` shows the
//! corpus and the queue.

use std::io::{Read, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use corroborate_core::Document;
use corroborate_engine::{AddOptions, AddReport, Engine};
use corroborate_ingest::{discover, read_bytes, Input};
use corroborate_queue::{Delivery, Queue, QueueError, QueueOptions, Record, WorkerReport};
use corroborate_store::{Store, StoryFilter};

use crate::args::{AddArgs, CompareFormat, StatusArgs, WorkerArgs};
use crate::corpus::{open, write_report_lines, writer};

/// `add --queue URL`: each input file once onto the queue.
pub fn publish(args: AddArgs) -> anyhow::Result<ExitCode> {
    let url = args.queue.clone().unwrap_or_default();
    let queue = Queue::connect(&url, QueueOptions::default())?;
    let mut out = std::io::stdout().lock();
    let (mut queued, mut bytes_total, mut failed) = (0usize, 0usize, 0usize);
    for input in discover(&args.paths) {
        let result = input.map_err(|e| e.to_string()).and_then(|input| {
            let name = input.name();
            let bytes = match &input {
                Input::File(path) => std::fs::read(path).map_err(|e| format!("{name}: {e}"))?,
                Input::Stdin => {
                    let mut bytes = Vec::new();
                    std::io::stdin()
                        .lock()
                        .read_to_end(&mut bytes)
                        .map_err(|e| format!("-: {e}"))?;
                    bytes
                }
            };
            let size = bytes.len();
            if size > queue.limit() {
                split(&queue, &name, bytes)?;
            } else {
                queue.publish(&name, bytes).map_err(|e| e.to_string())?;
            }
            Ok((name, size))
        });
        match result {
            Ok((name, size)) => {
                queued += 1;
                bytes_total += size;
                writeln!(out, "queued\t{name}")?;
            }
            Err(reason) => {
                failed += 1;
                eprintln!("corroborate: {reason}");
            }
        }
    }
    writeln!(
        out,
        "{queued} inputs ({bytes_total} bytes) queued to {url}, {failed} failed; run `corroborate worker --queue {url}` to add them"
    )?;
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// A container too large for one message (a WARC or JSON Lines archive): each of its records
/// published on its own, with the id and metadata its reader gave it, so a worker reads it as
/// `add` would have. Records of other kinds, and other inputs, cannot be split.
fn split(queue: &Queue, name: &str, bytes: Vec<u8>) -> Result<(), String> {
    let size = bytes.len();
    let (mut sent, mut failed) = (0usize, Vec::new());
    for result in read_bytes(name, bytes) {
        let doc = match result {
            Ok(doc) => doc,
            Err(error) => {
                failed.push(error.to_string());
                continue;
            }
        };
        let format = match doc.meta.format.as_deref() {
            Some("warc") => "html",
            Some("jsonl") => "jsonl",
            _ => {
                return Err(format!(
                    "{name}: {size} bytes is more than the queue takes in one message, and only WARC and JSON Lines files are split into records; add it directly"
                ))
            }
        };
        let record = doc.meta.path.clone().unwrap_or_else(|| doc.id.clone());
        let published = queue.publish_record(Record {
            name: &record,
            format,
            id: &doc.id,
            meta: serde_json::to_string(&doc.meta).ok(),
            bytes: doc.raw,
        });
        match published {
            Ok(()) => sent += 1,
            // One record too large on its own: the others still go.
            Err(error @ QueueError::TooLarge { .. }) => failed.push(error.to_string()),
            Err(error) => return Err(error.to_string()),
        }
    }
    for error in &failed {
        eprintln!("corroborate: {error}");
    }
    if sent == 0 {
        return Err(format!("{name}: no record to queue"));
    }
    eprintln!(
        "corroborate: {name}: too large for one message; queued its {sent} records one by one"
    );
    Ok(())
}

/// `worker`: inputs from the queue, read and annotated here (in parallel with other
/// workers), assigned to stories under the store's assignment lock (one worker at a time, as
/// one process would), committed, and only then acknowledged.
pub fn worker(args: WorkerArgs) -> anyhow::Result<ExitCode> {
    let queue = Queue::connect(
        &args.queue,
        QueueOptions {
            ack_wait: Duration::from_secs(args.ack_wait.max(1)),
            max_deliver: args.max_tries.max(1),
        },
    )?;
    let (store, engine, options) = writer(&args.db, &args.encoder, usize::MAX)?;
    let stop = crate::corpus::stop_flag()?;
    let mut worker = Worker {
        report: WorkerReport {
            id: worker_id(),
            started: unix_now(),
            ..WorkerReport::default()
        },
        queue,
        args: &args,
        store,
        engine,
        options: AddOptions {
            annotated: true,
            ..options
        },
        started: Instant::now(),
        stop,
    };
    worker.run();
    Ok(ExitCode::SUCCESS)
}

struct Worker<'a> {
    queue: Queue,
    args: &'a WorkerArgs,
    store: Box<dyn Store>,
    engine: Engine,
    options: AddOptions,
    report: WorkerReport,
    started: Instant,
    stop: Arc<AtomicBool>,
}

impl Worker<'_> {
    fn run(&mut self) {
        let mut last_report: Option<Instant> = None;
        while !self.stop.load(Ordering::SeqCst) {
            if last_report.is_none_or(|at| at.elapsed() > Duration::from_secs(10)) {
                self.send_report();
                last_report = Some(Instant::now());
            }
            let wait = Duration::from_secs(if self.args.until_empty { 2 } else { 5 });
            let deliveries = match self.queue.fetch(self.args.batch, wait) {
                Ok(deliveries) => deliveries,
                Err(error) => {
                    // The client reconnects by itself; wait for it.
                    eprintln!("corroborate: {error}; trying again");
                    std::thread::sleep(Duration::from_secs(1));
                    continue;
                }
            };
            if deliveries.is_empty() {
                if self.args.until_empty && self.queue.status().is_ok_and(|s| s.queued == 0) {
                    break;
                }
                continue;
            }
            self.batch(deliveries);
            self.send_report();
            last_report = Some(Instant::now());
        }
        self.send_report();
        let r = &self.report;
        eprintln!(
            "corroborate: worker {} done: {} inputs, {} articles ({:.1} articles/s), {} parked, {} retried",
            r.id, r.inputs, r.articles, r.articles_per_second, r.parked, r.retried
        );
    }

    fn send_report(&mut self) {
        self.report.last_seen = unix_now();
        self.report.articles_per_second =
            self.report.articles as f64 / self.started.elapsed().as_secs_f64().max(1e-9);
        if let Err(error) = self.queue.report(&self.report) {
            eprintln!("corroborate: {error}");
        }
    }

    /// Reads, annotates, assigns and commits one batch, then acknowledges it.
    fn batch(&mut self, deliveries: Vec<Delivery>) {
        // Each input's documents, known by id and name once they go to annotation.
        let mut work: Vec<(Delivery, Vec<(String, String)>)> = Vec::new();
        let mut docs: Vec<Document> = Vec::new();
        for delivery in deliveries {
            if delivery.attempt > self.args.max_tries.max(1) {
                // Delivered once more than the tries: every try before died or timed out.
                let reason = format!(
                    "{}: taken {} times and never finished (a worker died or ran past --ack-wait each time)",
                    delivery.name,
                    delivery.attempt - 1
                );
                self.park(&delivery, &reason);
                continue;
            }
            match read(&delivery) {
                Ok(read) => {
                    let keys = read.iter().map(|d| (d.id.clone(), doc_name(d))).collect();
                    docs.extend(read);
                    work.push((delivery, keys));
                }
                // Unreadable: another try would read the same bytes the same way.
                Err(reason) => self.park(&delivery, &reason),
            }
        }
        // Annotation (the costly part) runs outside the lock, all inputs of the batch at once.
        let clock = Instant::now();
        let (annotated, failures) = self.engine.annotate(docs);
        self.report.annotate_seconds += clock.elapsed().as_secs_f64();
        for failure in &failures {
            eprintln!("corroborate: {}: {}", failure.path, failure.reason);
        }
        let mut ready: Vec<(Delivery, Vec<Document>)> = Vec::new();
        let mut annotated = annotated.into_iter().peekable();
        for (delivery, keys) in work {
            // `annotate` keeps the order and drops the failures.
            let mut mine = Vec::new();
            for (id, _) in &keys {
                if let Some(done) = annotated.next_if(|done| &done.id == id) {
                    mine.push(done);
                }
            }
            if mine.is_empty() {
                let reasons: Vec<String> = failures
                    .iter()
                    .filter(|f| keys.iter().any(|(_, name)| name == &f.path))
                    .map(|f| f.reason.clone())
                    .collect();
                let reason = format!("{}: no article: {}", delivery.name, reasons.join("; "));
                self.park(&delivery, &reason);
            } else {
                ready.push((delivery, mine));
            }
        }
        if ready.is_empty() {
            return;
        }
        let all: Vec<Document> = ready.iter().flat_map(|(_, docs)| docs.clone()).collect();
        let clock = Instant::now();
        let assigned = self.assign(&ready, all);
        self.report.assign_seconds += clock.elapsed().as_secs_f64();
        match assigned {
            Ok(added) => self.done(&ready, &added),
            // One input may spoil the batch: try each on its own, so only it is retried.
            Err(_) if ready.len() > 1 => {
                for one in ready {
                    let one = [one];
                    match self.assign(&one, one[0].1.clone()) {
                        Ok(added) => self.done(&one, &added),
                        Err(error) => self.give_back(&one[0].0, &error),
                    }
                }
            }
            Err(error) => {
                for (delivery, _) in &ready {
                    self.give_back(delivery, &error);
                }
            }
        }
    }

    /// Assigns annotated articles to stories and commits, holding the assignment lock. When
    /// the store itself is gone (not this input's fault) it reconnects and tries again, keeping
    /// the inputs' deliveries alive meanwhile, so an outage does not use up their tries.
    fn assign(
        &mut self,
        held: &[(Delivery, Vec<Document>)],
        docs: Vec<Document>,
    ) -> anyhow::Result<AddReport> {
        loop {
            let result = locked_add(
                self.store.as_mut(),
                &self.engine,
                docs.clone(),
                &self.options,
            );
            let error = match result {
                Ok(added) => return Ok(added),
                Err(error) => error,
            };
            if self.store.article_count().is_ok() || self.stop.load(Ordering::SeqCst) {
                return Err(error);
            }
            eprintln!("corroborate: the corpus is unreachable ({error:#}); reconnecting");
            loop {
                for (delivery, _) in held {
                    let _ = self.queue.in_progress(delivery);
                }
                std::thread::sleep(Duration::from_secs(1));
                match open(&self.args.db, true) {
                    Ok(store) => {
                        self.store = store;
                        break;
                    }
                    Err(error) if self.stop.load(Ordering::SeqCst) => return Err(error),
                    Err(_) => {}
                }
            }
            eprintln!("corroborate: reconnected to the corpus");
        }
    }

    /// The inputs' articles are committed: say so, and acknowledge them.
    fn done(&mut self, inputs: &[(Delivery, Vec<Document>)], added: &AddReport) {
        if let Err(error) = write_report_lines(added, self.store.as_ref()) {
            eprintln!("corroborate: {error:#}");
        }
        for (delivery, docs) in inputs {
            // Unacknowledged, it comes back and is recognised as a duplicate.
            if let Err(error) = self.queue.ack(delivery) {
                eprintln!("corroborate: {error}");
            }
            self.report.inputs += 1;
            self.report.articles += docs.len() as u64;
        }
    }

    fn park(&mut self, delivery: &Delivery, reason: &str) {
        eprintln!("corroborate: parked: {reason}");
        if let Err(error) = self.queue.park(delivery, reason) {
            eprintln!("corroborate: {error}");
        }
        self.report.parked += 1;
        self.report.last_error = Some(reason.to_string());
    }

    /// A failed try: parked on its last try, else handed back for another.
    fn give_back(&mut self, delivery: &Delivery, error: &anyhow::Error) {
        let reason = format!("{}: {error:#}", delivery.name);
        if self.queue.is_last_try(delivery) {
            return self.park(delivery, &reason);
        }
        eprintln!("corroborate: will retry: {reason}");
        if let Err(error) = self.queue.retry(delivery, Duration::from_secs(2)) {
            eprintln!("corroborate: {error}");
        }
        self.report.retried += 1;
        self.report.last_error = Some(reason);
    }
}

/// The input's documents, or why it has none.
fn read(delivery: &Delivery) -> Result<Vec<Document>, String> {
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    // One record of a split container: read as its format, then given back its id and metadata.
    let name = match &delivery.format {
        Some(format) => format!("{}.{format}", delivery.name),
        None => delivery.name.clone(),
    };
    let meta: Option<corroborate_core::Meta> = delivery
        .meta
        .as_deref()
        .and_then(|meta| serde_json::from_str(meta).ok());
    for result in read_bytes(&name, delivery.bytes.clone()) {
        match result {
            Ok(mut doc) => {
                if let Some(id) = &delivery.id {
                    doc.id.clone_from(id);
                }
                if let Some(meta) = &meta {
                    doc.meta = meta.clone();
                }
                docs.push(doc);
            }
            Err(error) => errors.push(error.to_string()),
        }
    }
    for error in &errors {
        eprintln!("corroborate: {error}");
    }
    if docs.is_empty() {
        let why = if errors.is_empty() {
            format!("{}: no article in it", delivery.name)
        } else {
            errors.join("; ")
        };
        return Err(why);
    }
    Ok(docs)
}

/// The name a failure of `doc` carries (as [`corroborate_engine::Engine::annotate`] names it).
fn doc_name(doc: &Document) -> String {
    doc.meta.path.clone().unwrap_or_else(|| doc.id.clone())
}

/// Assigns annotated articles to stories and commits, holding the assignment lock.
fn locked_add(
    store: &mut dyn Store,
    engine: &Engine,
    docs: Vec<Document>,
    options: &AddOptions,
) -> anyhow::Result<AddReport> {
    store.lock_assignment()?;
    let added = engine.add_documents(store, docs, options, &|_| {});
    let unlocked = store.unlock_assignment();
    let added = added?;
    unlocked?;
    Ok(added)
}

/// `HOST-PID`.
fn worker_id() -> String {
    let host = std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "worker".to_string());
    format!("{host}-{}", std::process::id())
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// `status`: the corpus's size and, with `--queue`, the queue's.
pub fn status(args: StatusArgs) -> anyhow::Result<ExitCode> {
    let store = open(&args.db, false)?;
    let articles = store.article_count()?;
    let stories = store.stories(&StoryFilter::default())?.len();
    let queue = match &args.queue {
        Some(url) => Some(Queue::connect(url, QueueOptions::default())?.status()?),
        None => None,
    };
    let mut out = std::io::stdout().lock();
    match args.format {
        CompareFormat::Json => {
            let value = serde_json::json!({
                "articles": articles,
                "stories": stories,
                "queue": queue,
            });
            writeln!(out, "{value}")?;
        }
        CompareFormat::Terminal => {
            writeln!(out, "corpus: {articles} articles, {stories} stories")?;
            if let Some(queue) = queue {
                writeln!(
                    out,
                    "queue: {} inputs queued ({} not yet taken, {} in progress, {} redelivered); {} workers waiting; {} parked",
                    queue.queued,
                    queue.pending,
                    queue.in_progress,
                    queue.redelivered,
                    queue.waiting_workers,
                    queue.parked
                )?;
                let now = unix_now();
                let rate: f64 = queue.workers.iter().map(|w| w.articles_per_second).sum();
                writeln!(
                    out,
                    "workers seen in the last minute: {} ({rate:.1} articles/s together)",
                    queue.workers.len()
                )?;
                for w in &queue.workers {
                    writeln!(
                        out,
                        "worker {}: {} inputs, {} articles, {:.1} articles/s ({:.0} ms an article annotating, {:.0} ms assigning), {} parked, {} retried, seen {}s ago{}",
                        w.id,
                        w.inputs,
                        w.articles,
                        w.articles_per_second,
                        1000.0 * w.annotate_seconds / w.articles.max(1) as f64,
                        1000.0 * w.assign_seconds / w.articles.max(1) as f64,
                        w.parked,
                        w.retried,
                        now.saturating_sub(w.last_seen),
                        w.last_error
                            .as_ref()
                            .map(|e| format!("; last error: {e}"))
                            .unwrap_or_default()
                    )?;
                }
                for (name, error) in &queue.parked_errors {
                    writeln!(out, "parked: {name}: {error}")?;
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
