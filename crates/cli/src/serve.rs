//! `corroborate serve`: the corpus over HTTP (API, events, web UI) until Ctrl-C or SIGTERM.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{bail, Context};
use corroborate_engine::Engine;
use corroborate_server::{AppState, ServerConfig};

use crate::analyze::{config, load_outlets};
use crate::args::ServeArgs;
use crate::corpus::db_path;

pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let addr: SocketAddr = args.addr.parse().with_context(|| {
        format!(
            "--addr {}: expected HOST:PORT, e.g. 127.0.0.1:8737",
            args.addr
        )
    })?;
    let token = args.token.clone().filter(|t| !t.trim().is_empty());
    let loopback = addr.ip().is_loopback();
    if !loopback && token.is_none() && !args.read_only {
        bail!(
            "listening on {addr} (beyond this machine) needs --token TOKEN (or CORROBORATE_TOKEN) for writes, or --read-only"
        );
    }
    let outlets = load_outlets(args.outlets.as_deref())?;
    let db = db_path(&args.db)?;
    let engine = Engine::new(&config(&args.encoder))?;
    for warning in engine.warnings() {
        eprintln!("corroborate: warning: {warning}");
    }
    let rate_limit = match args.rate_limit {
        Some(0) => None,
        Some(n) => Some(n),
        None if loopback => None,
        None => Some(50),
    };
    let server = ServerConfig {
        token,
        read_only: args.read_only,
        max_body: args.max_body_mib.max(1) << 20,
        rate_limit,
        outlets,
        ..ServerConfig::new(db.clone())
    };
    let state = AppState::open(server, Arc::new(engine))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        let local = listener.local_addr()?;
        eprintln!(
            "corroborate: serving {} on http://{local}/ (API http://{local}/api/v1/, Ctrl-C stops)",
            db.display()
        );
        corroborate_server::serve(listener, state, stop_signal()).await?;
        anyhow::Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Ctrl-C, or (on Unix) SIGTERM as a service manager sends it.
async fn stop_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {}
        _ = terminate => {}
    }
    eprintln!("corroborate: stopping");
}
