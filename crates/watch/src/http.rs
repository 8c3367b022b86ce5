//! One polite HTTP client: a User-Agent naming us, robots.txt honoured per site, a minimum
//! delay between requests to one host, retries with backoff on 5xx and timeouts, a conditional
//! GET when validators are known, and a cap on the bytes read.

use std::collections::HashMap;
use std::io::Read;
use std::time::{Duration, Instant};

use reqwest::blocking::{Client, Response};
use reqwest::header::{
    HeaderMap, CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, RETRY_AFTER,
};
use reqwest::{StatusCode, Url};

use crate::robots::Robots;

/// Our product token in robots.txt and the User-Agent.
pub const AGENT: &str = "corroborate";

/// How [`Fetcher`] behaves.
#[derive(Clone, Debug, PartialEq)]
pub struct FetchOptions {
    /// Least time between two requests to one host (a site's longer `Crawl-delay` wins).
    pub host_delay: Duration,
    /// Tries of one request when the answer is a 5xx, a timeout or no connection.
    pub tries: u32,
    /// Wait before the second try; doubled for each further one.
    pub backoff: Duration,
    /// The most bytes read from one response.
    pub max_bytes: usize,
    pub connect_timeout: Duration,
    /// Limit on one whole request, body included.
    pub timeout: Duration,
    /// robots.txt is read again after this long.
    pub robots_ttl: Duration,
}

impl Default for FetchOptions {
    fn default() -> FetchOptions {
        FetchOptions {
            host_delay: Duration::from_secs(1),
            tries: 3,
            backoff: Duration::from_millis(500),
            max_bytes: 10 << 20,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            robots_ttl: Duration::from_secs(3600),
        }
    }
}

/// Validators of an earlier response, for a conditional GET.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A successful answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fetched {
    /// 304: nothing changed since the validators sent.
    NotModified,
    Body(Page),
}

/// A response body with what describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    /// The address after redirects.
    pub url: String,
    pub content_type: Option<String>,
    pub validators: Validators,
    pub bytes: Vec<u8>,
}

/// Why a URL gave nothing; each message starts with the URL.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("cannot build the HTTP client: {0}")]
    Client(String),
    #[error("{url}: not an http(s) URL")]
    BadUrl { url: String },
    #[error("{url}: disallowed by robots.txt")]
    Disallowed { url: String },
    #[error("{url}: HTTP {status}")]
    Status { url: String, status: StatusCode },
    #[error("{url}: response larger than {limit} bytes")]
    TooLarge { url: String, limit: usize },
    #[error("{url}: {detail}")]
    Network {
        url: String,
        detail: String,
        /// A timeout or a failed connection: worth another try later.
        transient: bool,
    },
}

impl FetchError {
    /// Worth trying again on a later pass (a server error, a timeout, no connection); a 4xx,
    /// a robots.txt refusal or an oversized page are not.
    pub fn is_transient(&self) -> bool {
        match self {
            FetchError::Status { status, .. } => {
                status.is_server_error() || *status == StatusCode::TOO_MANY_REQUESTS
            }
            FetchError::Network { transient, .. } => *transient,
            _ => false,
        }
    }
}

/// The client. Keeps, per host, when it was last asked and its robots.txt.
pub struct Fetcher {
    client: Client,
    options: FetchOptions,
    last_request: HashMap<String, Instant>,
    robots: HashMap<String, (Instant, Robots)>,
}

impl Fetcher {
    pub fn new(options: FetchOptions) -> Result<Fetcher, FetchError> {
        let client = Client::builder()
            .user_agent(concat!("corroborate/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(options.connect_timeout)
            .timeout(options.timeout)
            .build()
            .map_err(|error| FetchError::Client(error.to_string()))?;
        Ok(Fetcher {
            client,
            options,
            last_request: HashMap::new(),
            robots: HashMap::new(),
        })
    }

    /// GETs `url` if the site's robots.txt allows it, sending `validators` for a conditional
    /// GET; retries 5xx answers, timeouts and failed connections with backoff.
    pub fn get(&mut self, url: &str, validators: &Validators) -> Result<Fetched, FetchError> {
        let parsed = Url::parse(url)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
            .ok_or_else(|| FetchError::BadUrl { url: url.into() })?;
        let robots = self.robots_for(&parsed);
        let mut path = parsed.path().to_string();
        if let Some(query) = parsed.query() {
            path.push('?');
            path.push_str(query);
        }
        if !robots.allowed(&path) {
            return Err(FetchError::Disallowed { url: url.into() });
        }
        self.get_with_retries(&parsed, validators, robots.crawl_delay)
    }

    /// The site's rules, read once per `robots_ttl`: a 4xx means no rules, a server error or
    /// no answer means nothing may be fetched (RFC 9309).
    fn robots_for(&mut self, url: &Url) -> Robots {
        let origin = url.origin().ascii_serialization();
        if let Some((at, robots)) = self.robots.get(&origin) {
            if at.elapsed() < self.options.robots_ttl {
                return robots.clone();
            }
        }
        let robots = match Url::parse(&format!("{origin}/robots.txt")) {
            Err(_) => Robots::allow_all(),
            Ok(robots_url) => {
                match self.get_with_retries(&robots_url, &Validators::default(), None) {
                    Ok(Fetched::Body(page)) => {
                        Robots::parse(&String::from_utf8_lossy(&page.bytes), AGENT)
                    }
                    Ok(Fetched::NotModified) => Robots::allow_all(),
                    Err(FetchError::Status { status, .. }) if status.is_client_error() => {
                        Robots::allow_all()
                    }
                    Err(FetchError::TooLarge { .. }) => Robots::allow_all(),
                    Err(error) => {
                        tracing::warn!(%origin, %error, "robots.txt unreadable: nothing fetched from the site");
                        Robots::disallow_all()
                    }
                }
            }
        };
        self.robots.insert(origin, (Instant::now(), robots.clone()));
        robots
    }

    fn get_with_retries(
        &mut self,
        url: &Url,
        validators: &Validators,
        crawl_delay: Option<Duration>,
    ) -> Result<Fetched, FetchError> {
        let mut wait = self.options.backoff;
        let tries = self.options.tries.max(1);
        let mut attempt = 1;
        loop {
            let retry_after = match self.get_once(url, validators, crawl_delay) {
                Err((error, retry_after)) if error.is_transient() && attempt < tries => {
                    tracing::info!(%url, attempt, %error, "retrying");
                    retry_after
                }
                result => return result.map_err(|(error, _)| error),
            };
            std::thread::sleep(retry_after.unwrap_or(wait).max(wait));
            wait *= 2;
            attempt += 1;
        }
    }

    /// One request, after the host's delay has passed.
    fn get_once(
        &mut self,
        url: &Url,
        validators: &Validators,
        crawl_delay: Option<Duration>,
    ) -> Result<Fetched, (FetchError, Option<Duration>)> {
        let host = url.host_str().unwrap_or_default().to_string();
        let delay = crawl_delay.map_or(self.options.host_delay, |d| d.max(self.options.host_delay));
        if let Some(last) = self.last_request.get(&host) {
            let since = last.elapsed();
            if since < delay {
                std::thread::sleep(delay - since);
            }
        }
        let mut request = self.client.get(url.clone());
        if let Some(etag) = &validators.etag {
            request = request.header(IF_NONE_MATCH, etag);
        }
        if let Some(modified) = &validators.last_modified {
            request = request.header(IF_MODIFIED_SINCE, modified);
        }
        let sent = request.send();
        self.last_request.insert(host, Instant::now());
        let response = sent.map_err(|error| (network_error(url, &error), None))?;
        let status = response.status();
        if status == StatusCode::NOT_MODIFIED {
            return Ok(Fetched::NotModified);
        }
        if !status.is_success() {
            let retry_after = header(response.headers(), RETRY_AFTER)
                .and_then(|v| v.parse::<u64>().ok())
                .map(|s| Duration::from_secs(s.min(30)));
            return Err((
                FetchError::Status {
                    url: url.to_string(),
                    status,
                },
                retry_after,
            ));
        }
        self.body(url, response).map_err(|error| (error, None))
    }

    fn body(&self, url: &Url, response: Response) -> Result<Fetched, FetchError> {
        let limit = self.options.max_bytes;
        let too_large = || FetchError::TooLarge {
            url: url.to_string(),
            limit,
        };
        if response.content_length().is_some_and(|n| n > limit as u64) {
            return Err(too_large());
        }
        let headers = response.headers();
        let content_type = header(headers, CONTENT_TYPE);
        let validators = Validators {
            etag: header(headers, ETAG),
            last_modified: header(headers, LAST_MODIFIED),
        };
        let final_url = response.url().to_string();
        let mut bytes = Vec::new();
        response
            .take(limit as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|error| FetchError::Network {
                url: url.to_string(),
                detail: format!("reading the response: {error}"),
                transient: true,
            })?;
        if bytes.len() > limit {
            return Err(too_large());
        }
        Ok(Fetched::Body(Page {
            url: final_url,
            content_type,
            validators,
            bytes,
        }))
    }
}

fn header(headers: &HeaderMap, name: reqwest::header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

fn network_error(url: &Url, error: &reqwest::Error) -> FetchError {
    let transient = error.is_timeout() || error.is_connect() || error.is_request();
    let detail = if error.is_timeout() {
        "timed out".to_string()
    } else if error.is_connect() {
        "cannot connect".to_string()
    } else {
        let mut detail = error.to_string();
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            detail = format!("{detail}: {cause}");
            source = cause.source();
        }
        detail
    };
    FetchError::Network {
        url: url.to_string(),
        detail,
        transient,
    }
}
