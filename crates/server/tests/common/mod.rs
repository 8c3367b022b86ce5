//! A server on a free loopback port with the lexical encoder and a fresh corpus.

#![allow(dead_code)]

use std::sync::Arc;

use corroborate_embed::EncoderOptions;
use corroborate_engine::{Config, Engine};
use corroborate_server::{AppState, ServerConfig};

pub struct Server {
    pub base: String,
    pub dir: tempfile::TempDir,
}

pub fn lexical_engine() -> Engine {
    Engine::new(&Config {
        encoder: EncoderOptions {
            prefer_lexical: true,
            use_cache: false,
            ..EncoderOptions::default()
        },
        ..Config::default()
    })
    .unwrap()
}

pub fn start(configure: impl FnOnce(&mut ServerConfig)) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let mut config = ServerConfig::new(dir.path().join("corpus.db"));
    configure(&mut config);
    let engine = lexical_engine();
    let state = AppState::open(config, Arc::new(engine)).unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            corroborate_server::serve(listener, state, std::future::pending())
                .await
                .unwrap();
        });
    });
    Server {
        base: format!("http://{addr}"),
        dir,
    }
}

pub fn client() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .unwrap()
}

/// Three outlets' reports of one invented event, one with hostile markup in its title and text.
pub fn articles() -> serde_json::Value {
    serde_json::json!([
        {"id": "north", "outlet": "Northwire", "url": "https://northwire.example/a", "title": "Dockers in Quillport end strike",
         "published": "2026-05-02",
         "text": "Dockworkers in Quillport voted to end their strike on Friday after eleven days.\nThe union said 81% of members backed a deal that raises wages by 12% over three years.\nMore than thirty ships waited outside the harbour during the stoppage, the port authority said."},
        {"id": "south", "outlet": "Southern Ledger", "url": "https://ledger.example/b", "title": "Quillport strike over after vote",
         "published": "2026-05-02",
         "text": "The eleven-day strike at Quillport ended on Friday when dockworkers voted to accept a new contract.\nThe deal raises wages by 12% over three years, and 81% of union members backed it.\nThirty ships were stuck outside the harbour, port officials said."},
        {"id": "hostile", "outlet": "<script>document.title='PWNED'</script>", "url": "javascript:alert(1)",
         "title": "<img src=x onerror=\"document.title='PWNED'\">Quillport strike ends",
         "published": "2026-05-03",
         "text": "Dockworkers in Quillport ended their eleven-day strike on Friday <script>document.title='PWNED'</script> after a vote.\nWages rise by 12% over three years under the deal <img src=x onerror=\"document.title='PWNED'\">."}
    ])
}
