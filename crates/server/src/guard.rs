//! What every request passes first: the per-client rate limit and, for writes, the token and
//! read-only checks.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::{AppState, Problem};

/// A token bucket per client address: `rate` requests per second, bursts of `2 × rate`.
pub(crate) struct RateLimiter {
    rate: f64,
    buckets: Mutex<HashMap<IpAddr, (f64, Instant)>>,
}

impl RateLimiter {
    pub(crate) fn new(rate: u32) -> RateLimiter {
        RateLimiter {
            rate: f64::from(rate.max(1)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token for `client`; `Err(seconds)` to wait when there is none.
    pub(crate) fn take(&self, client: IpAddr) -> Result<(), u64> {
        let now = Instant::now();
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if buckets.len() > 100_000 {
            // Forget idle clients rather than grow without bound.
            let rate = self.rate;
            buckets.retain(|_, (tokens, at)| {
                *tokens + now.duration_since(*at).as_secs_f64() * rate < 2.0 * rate
            });
        }
        let burst = 2.0 * self.rate;
        let (tokens, at) = buckets.entry(client).or_insert((burst, now));
        *tokens = (*tokens + now.duration_since(*at).as_secs_f64() * self.rate).min(burst);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - *tokens) / self.rate).ceil().max(1.0) as u64)
        }
    }
}

/// True for requests that change the corpus through the API.
fn is_api_write(request: &Request) -> bool {
    request.method() == Method::POST && request.uri().path() == "/api/v1/articles"
}

/// Whether `request` carries `token` as `Authorization: Bearer TOKEN`.
pub(crate) fn has_token(headers: &axum::http::HeaderMap, token: &str) -> bool {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .is_some_and(|given| constant_time_eq(given.trim().as_bytes(), token.as_bytes()))
}

/// Compares without stopping at the first difference.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub(crate) async fn guard(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    if let Some(limiter) = &state.limiter {
        let client = request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|info| info.0.ip())
            .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        if let Err(wait) = limiter.take(client) {
            let mut problem = Problem::new(
                StatusCode::TOO_MANY_REQUESTS,
                format!("too many requests from {client}; try again in {wait} s"),
            );
            problem.retry_after = Some(wait);
            return problem.into_response();
        }
    }
    if is_api_write(&request) {
        if state.config.read_only {
            return Problem::new(StatusCode::FORBIDDEN, "this server is read-only").into_response();
        }
        if let Some(token) = &state.config.token {
            if !has_token(request.headers(), token) {
                let mut response = Problem::new(
                    StatusCode::UNAUTHORIZED,
                    "writes need Authorization: Bearer TOKEN (the server's --token)",
                )
                .into_response();
                response.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    header::HeaderValue::from_static("Bearer"),
                );
                return response;
            }
        }
    }
    next.run(request).await
}

/// Turns error answers made below the handlers (body too large, wrong method, a failed
/// extractor) into problem documents, so every API error has one shape. HTML error pages of
/// the UI pass unchanged.
pub(crate) async fn problems(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if content_type.starts_with("application/problem+json") || content_type.starts_with("text/html")
    {
        return response;
    }
    let retry = response.headers().get(header::RETRY_AFTER).cloned();
    let body = axum::body::to_bytes(response.into_body(), 64 * 1024)
        .await
        .unwrap_or_default();
    let detail = String::from_utf8_lossy(&body).trim().to_string();
    let detail = if detail.is_empty() {
        status.canonical_reason().unwrap_or("error").to_string()
    } else {
        detail
    };
    let mut response = Problem::new(status, detail).into_response();
    if let Some(retry) = retry {
        response.headers_mut().insert(header::RETRY_AFTER, retry);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_allows_a_burst_then_refuses() {
        let limiter = RateLimiter::new(2);
        let client = IpAddr::V4(Ipv4Addr::LOCALHOST);
        for _ in 0..4 {
            assert!(limiter.take(client).is_ok());
        }
        assert!(limiter.take(client).is_err());
        let other = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1));
        assert!(limiter.take(other).is_ok());
    }

    #[test]
    fn tokens_compare_exactly() {
        assert!(constant_time_eq(b"secret", b"secret"));
        assert!(!constant_time_eq(b"secret", b"secreT"));
        assert!(!constant_time_eq(b"secret", b"secret2"));
    }
}
