//! The REST API over a real socket: add, list, story, claims, article, search, compare,
//! events, problems, limits.

mod common;

use std::io::{BufRead, BufReader};
use std::time::Duration;

use common::{articles, client, start};
use serde_json::Value;

fn add(base: &str, body: &Value) -> Value {
    let response = client()
        .post(format!("{base}/api/v1/articles"))
        .json(body)
        .send()
        .unwrap();
    assert_eq!(response.status(), 200, "{:?}", response.text());
    response.json().unwrap()
}

fn get_json(base: &str, path: &str) -> (u16, Value, String) {
    let response = client().get(format!("{base}{path}")).send().unwrap();
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, response.json().unwrap_or(Value::Null), content_type)
}

#[test]
fn add_then_list_read_story_claims_article_and_search() {
    let server = start(|_| {});
    let base = &server.base;
    let result = add(base, &articles());
    let added = result["added"].as_array().unwrap();
    assert_eq!(added.len(), 3);
    assert!(added.iter().all(|a| a["outcome"] == "new"), "{result}");
    let story = added[0]["story"].as_str().unwrap().to_string();
    assert!(
        added.iter().all(|a| a["story"] == story.as_str()),
        "{result}"
    );

    let (status, list, _) = get_json(base, "/api/v1/stories");
    assert_eq!(status, 200);
    assert_eq!(list["total"], 1);
    let item = &list["stories"][0];
    assert_eq!(item["id"], story.as_str());
    assert_eq!(item["articles"], 3);
    let outlets: Vec<&str> = item["outlet_articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["outlet"].as_str().unwrap())
        .collect();
    assert!(outlets.contains(&"Northwire") && outlets.contains(&"Southern Ledger"));

    // Filters.
    let (_, by_outlet, _) = get_json(base, "/api/v1/stories?outlet=northwire");
    assert_eq!(by_outlet["total"], 1);
    let (_, none, _) = get_json(base, "/api/v1/stories?outlet=nobody");
    assert_eq!(none["total"], 0);
    let (_, by_words, _) = get_json(base, "/api/v1/stories?q=harbour");
    assert_eq!(by_words["total"], 1);
    let (_, no_words, _) = get_json(base, "/api/v1/stories?q=volcano");
    assert_eq!(no_words["total"], 0);
    let (_, many, _) = get_json(base, "/api/v1/stories?min_sources=4");
    assert_eq!(many["total"], 0);
    let (_, later, _) = get_json(base, "/api/v1/stories?since=2027-01-01");
    assert_eq!(later["total"], 0);

    // The story in the report contract, with claims cited to spans of article text.
    let (status, report, content_type) = get_json(base, &format!("/api/v1/stories/{story}"));
    assert_eq!(status, 200);
    assert!(content_type.starts_with("application/json"));
    assert_eq!(report["schema"], "corroborate.report/1");
    assert_eq!(report["stories"][0]["id"], story.as_str());
    let claims = report["stories"][0]["claims"].as_array().unwrap();
    assert!(
        claims.iter().any(|c| c["status"] == "corroborated"),
        "{report}"
    );
    let (_, claims_only, _) = get_json(base, &format!("/api/v1/stories/{story}/claims"));
    assert_eq!(claims_only["claims"], report["stories"][0]["claims"]);

    let (status, article, _) = get_json(base, "/api/v1/articles/north");
    assert_eq!(status, 200);
    assert_eq!(article["story"], story.as_str());
    assert!(article["text"].as_str().unwrap().contains("eleven days"));
    let sentences = article["sentences"].as_array().unwrap();
    assert_eq!(sentences.len(), 3);
    let text = article["text"].as_str().unwrap();
    for sentence in sentences {
        let (s, e) = (
            sentence["span"][0].as_u64().unwrap() as usize,
            sentence["span"][1].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], sentence["text"].as_str().unwrap());
    }
    assert!(article["figures"].as_array().is_some_and(|f| !f.is_empty()));

    let (status, hits, _) = get_json(base, "/api/v1/search?q=ships");
    assert_eq!(status, 200);
    assert!(!hits["text_hits"].as_array().unwrap().is_empty());
    let (_, semantic, _) = get_json(base, "/api/v1/search?q=strike%20ended&semantic=true");
    assert!(!semantic["sentence_hits"].as_array().unwrap().is_empty());

    // Adding the same bytes again is a duplicate, not a new article.
    let again = add(base, &articles()[0]);
    assert_eq!(again["added"][0]["outcome"], "duplicate");
}

#[test]
fn compare_judges_a_pair() {
    let server = start(|_| {});
    let response = client()
        .post(format!("{}/api/v1/compare", server.base))
        .json(&serde_json::json!({
            "a": "The union said 81% of members backed the deal.",
            "b": "81% of union members backed the deal, the union said."
        }))
        .send()
        .unwrap();
    assert_eq!(response.status(), 200);
    let value: Value = response.json().unwrap();
    assert!(value["score"].as_f64().unwrap() > 0.5, "{value}");
    assert_eq!(value["same_claim"], true);
    let different: Value = client()
        .post(format!("{}/api/v1/compare", server.base))
        .json(&serde_json::json!({"a": "The union said 81% backed the deal.", "b": "Frost damaged apple orchards overnight."}))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(different["same_claim"], false, "{different}");
}

#[test]
fn other_formats_text_html_jsonl_and_upload() {
    let server = start(|_| {});
    let base = &server.base;
    let text = client()
        .post(format!(
            "{base}/api/v1/articles?id=plain&outlet=Plain%20Times&title=Strike"
        ))
        .header("content-type", "text/plain")
        .body("Dockworkers in Quillport voted to end their strike on Friday after eleven days.")
        .send()
        .unwrap();
    assert_eq!(text.status(), 200);
    let text: Value = text.json().unwrap();
    assert_eq!(text["added"][0]["id"], "plain");
    let (_, article, _) = get_json(base, "/api/v1/articles/plain");
    assert_eq!(article["outlet"], "Plain Times");

    let html = client()
        .post(format!("{base}/api/v1/articles?id=page"))
        .header("content-type", "text/html")
        .body(concat!(
            "<html><head><title>Port news</title></head><body><nav><a href=/>Home</a></nav><article><h1>Quillport reopens</h1>",
            "<p>The port of Quillport reopened on Saturday after dockworkers ended their eleven-day strike, the port authority said in a statement.</p>",
            "<p>Crews began unloading the first of more than thirty container ships that had waited outside the harbour during the stoppage.</p>",
            "<p>Port chief Dana Reyes said the backlog should clear within two weeks if the weather holds and the cranes keep working around the clock.</p>",
            "</article></body></html>"
        ))
        .send()
        .unwrap();
    assert_eq!(html.status(), 200);

    let jsonl =
        "{\"id\":\"l1\",\"text\":\"Thirty ships waited outside Quillport harbour.\"}\nnot json\n";
    let lines: Value = client()
        .post(format!("{base}/api/v1/articles"))
        .header("content-type", "application/x-ndjson")
        .body(jsonl)
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(lines["added"][0]["id"], "l1");
    assert_eq!(lines["failures"].as_array().unwrap().len(), 1, "{lines}");

    let form = reqwest::blocking::multipart::Form::new()
        .part(
            "files",
            reqwest::blocking::multipart::Part::bytes(
                b"Port officials said the backlog would clear within two weeks.".to_vec(),
            )
            .file_name("upload-one.txt"),
        )
        .text("outlet", "ignored for files");
    let upload: Value = client()
        .post(format!("{base}/api/v1/articles"))
        .multipart(form)
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(upload["added"][0]["id"], "upload-one", "{upload}");
}

fn assert_problem(response: reqwest::blocking::Response, status: u16) -> Value {
    assert_eq!(response.status().as_u16(), status);
    assert_eq!(
        response.headers()["content-type"].to_str().unwrap(),
        "application/problem+json"
    );
    let problem: Value = response.json().unwrap();
    assert_eq!(problem["status"], status);
    assert!(!problem["detail"].as_str().unwrap().is_empty());
    problem
}

#[test]
fn errors_are_problem_documents() {
    let server = start(|config| config.max_body = 4096);
    let base = &server.base;
    assert_problem(
        client()
            .get(format!("{base}/api/v1/stories/s999"))
            .send()
            .unwrap(),
        404,
    );
    assert_problem(
        client()
            .get(format!("{base}/api/v1/articles/nope"))
            .send()
            .unwrap(),
        404,
    );
    assert_problem(
        client()
            .get(format!("{base}/api/v1/nothing"))
            .send()
            .unwrap(),
        404,
    );
    assert_problem(
        client()
            .get(format!("{base}/api/v1/stories?limit=-3"))
            .send()
            .unwrap(),
        400,
    );
    assert_problem(
        client()
            .post(format!("{base}/api/v1/articles"))
            .header("content-type", "application/json")
            .body("{not json")
            .send()
            .unwrap(),
        400,
    );
    assert_problem(
        client()
            .post(format!("{base}/api/v1/articles"))
            .json(&serde_json::json!({"title": "no text"}))
            .send()
            .unwrap(),
        422,
    );
    assert_problem(
        client()
            .post(format!("{base}/api/v1/compare"))
            .header("content-type", "application/json")
            .body("{\"a\": 1}")
            .send()
            .unwrap(),
        422,
    );
    assert_problem(
        client()
            .post(format!("{base}/api/v1/articles"))
            .header("content-type", "text/plain")
            .body("x".repeat(10_000))
            .send()
            .unwrap(),
        413,
    );
    // Still serving after all that.
    let (status, _, _) = get_json(base, "/api/v1/health");
    assert_eq!(status, 200);
}

#[test]
fn writes_need_the_token_and_read_only_refuses_them() {
    let server = start(|config| config.token = Some("s3cret".into()));
    let url = format!("{}/api/v1/articles", server.base);
    let body = serde_json::json!({"text": "Dockworkers ended their strike."});
    assert_problem(client().post(&url).json(&body).send().unwrap(), 401);
    assert_problem(
        client()
            .post(&url)
            .bearer_auth("wrong")
            .json(&body)
            .send()
            .unwrap(),
        401,
    );
    let ok = client()
        .post(&url)
        .bearer_auth("s3cret")
        .json(&body)
        .send()
        .unwrap();
    assert_eq!(ok.status(), 200);
    // Reads need no token.
    assert_eq!(get_json(&server.base, "/api/v1/stories").0, 200);

    let dir = server.dir.path().join("corpus.db");
    let read_only = start(move |config| {
        config.read_only = true;
        config.db = dir;
    });
    assert_problem(
        client()
            .post(format!("{}/api/v1/articles", read_only.base))
            .json(&body)
            .send()
            .unwrap(),
        403,
    );
    assert_eq!(get_json(&read_only.base, "/api/v1/stories").1["total"], 1);
}

#[test]
fn clients_over_the_rate_limit_get_429() {
    let server = start(|config| config.rate_limit = Some(2));
    let mut statuses = Vec::new();
    for _ in 0..8 {
        statuses.push(
            client()
                .get(format!("{}/api/v1/health", server.base))
                .send()
                .unwrap()
                .status()
                .as_u16(),
        );
    }
    assert_eq!(statuses[0], 200);
    assert!(statuses.contains(&429), "{statuses:?}");
}

/// Subscribes to `/api/v1/events` (checking its content type) and returns, once connected, a
/// channel of its `data:` lines.
fn subscribe(base: &str) -> std::sync::mpsc::Receiver<String> {
    let url = format!("{base}/api/v1/events");
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let response = reqwest::blocking::Client::new().get(url).send().unwrap();
        assert_eq!(
            response.headers()["content-type"].to_str().unwrap(),
            "text/event-stream"
        );
        let _ = sender.send("connected".to_string());
        for line in BufReader::new(response).lines() {
            let line = line.unwrap();
            if line.starts_with("data:") && sender.send(line).is_err() {
                return;
            }
        }
    });
    assert_eq!(
        receiver.recv_timeout(Duration::from_secs(30)).unwrap(),
        "connected"
    );
    receiver
}

#[test]
fn events_announce_new_stories() {
    let server = start(|_| {});
    let receiver = subscribe(&server.base);
    std::thread::sleep(Duration::from_millis(200));
    let result = add(&server.base, &articles());
    let story = result["added"][0]["story"].as_str().unwrap().to_string();
    let line = receiver.recv_timeout(Duration::from_secs(30)).unwrap();
    let event: Value = serde_json::from_str(line.trim_start_matches("data:").trim()).unwrap();
    assert_eq!(event["change"], "new");
    assert_eq!(event["story"], story.as_str());
}

/// Adds `articles` to the server's corpus through a connection and engine of its own, as a
/// `corroborate watch` beside `serve` would.
fn add_as_another_writer(
    server: &common::Server,
    articles: &[Value],
) -> corroborate_engine::AddReport {
    let mut store =
        corroborate_store::SqliteStore::open(&server.dir.path().join("corpus.db")).unwrap();
    let lines: String = articles.iter().map(|a| format!("{a}\n")).collect();
    let docs: Vec<corroborate_core::Document> =
        corroborate_ingest::read_bytes("other.jsonl", lines.into_bytes())
            .into_iter()
            .map(Result::unwrap)
            .collect();
    common::lexical_engine()
        .add_documents(
            &mut store,
            docs,
            &corroborate_engine::AddOptions::default(),
            &|_| {},
        )
        .unwrap()
}

/// Another process (here: another connection with its own engine, as `corroborate watch`
/// beside `serve`) adds to the corpus: the server's list follows and its subscribers hear.
#[test]
fn commits_by_another_writer_reach_lists_and_events() {
    let server = start(|_| {});
    let receiver = subscribe(&server.base);
    assert_eq!(get_json(&server.base, "/api/v1/stories").1["total"], 0);
    let report = add_as_another_writer(&server, articles().as_array().unwrap());
    let story = report.new_stories[0].clone();
    let line = receiver.recv_timeout(Duration::from_secs(30)).unwrap();
    let event: Value = serde_json::from_str(line.trim_start_matches("data:").trim()).unwrap();
    assert_eq!(event["change"], "new");
    assert_eq!(event["story"], story.as_str());
    assert_eq!(get_json(&server.base, "/api/v1/stories").1["total"], 1);
}

#[test]
fn openapi_document_lists_every_route() {
    let server = start(|_| {});
    let (status, doc, _) = get_json(&server.base, "/api/v1/openapi.json");
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/v1/health",
        "/api/v1/stories",
        "/api/v1/stories/{id}",
        "/api/v1/stories/{id}/claims",
        "/api/v1/articles",
        "/api/v1/articles/{id}",
        "/api/v1/search",
        "/api/v1/compare",
        "/api/v1/events",
    ] {
        assert!(paths.contains_key(path), "{path} missing");
    }
    // Error answers are documented as what they are: problem documents.
    let missing = &paths["/api/v1/stories/{id}"]["get"]["responses"]["404"]["content"];
    assert!(
        missing.get("application/problem+json").is_some(),
        "{missing}"
    );
    assert!(missing.get("application/json").is_none(), "{missing}");
}

/// Story pages are rendered once per corpus change: asked again, the same bytes; after another
/// process adds a report to the story, the new one.
#[test]
fn cached_story_renders_follow_changes() {
    let server = start(|_| {});
    let base = server.base.clone();
    let all = articles();
    let first_two = Value::Array(all.as_array().unwrap()[..2].to_vec());
    let story = add(&base, &first_two)["added"][0]["story"]
        .as_str()
        .unwrap()
        .to_string();
    let page = |path: &str| {
        client()
            .get(format!("{base}{path}"))
            .send()
            .unwrap()
            .text()
            .unwrap()
    };
    let json_path = format!("/api/v1/stories/{story}");
    let html_path = format!("/stories/{story}");
    let (json, html) = (page(&json_path), page(&html_path));
    assert_eq!(page(&json_path), json);
    assert_eq!(page(&html_path), html);
    let report: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(report["articles"].as_array().unwrap().len(), 2);

    // The third report, added by another connection (as `watch` beside `serve`).
    let report = add_as_another_writer(&server, &all.as_array().unwrap()[2..]);
    assert_eq!(report.added[0].story.as_deref(), Some(story.as_str()));
    let started = std::time::Instant::now();
    loop {
        let report: Value = serde_json::from_str(&page(&json_path)).unwrap();
        if report["articles"].as_array().unwrap().len() == 3 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the story JSON never showed the third report"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let html = page(&html_path);
    assert!(html.contains("Quillport strike ends"), "the page is stale");
}
