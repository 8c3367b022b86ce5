//! The PostgreSQL backend against the conformance suite, on a throw-away server. Skipped when
//! no PostgreSQL server is installed, unless CORROBORATE_REQUIRE_POSTGRES=1.

use corroborate_store::conformance::postgres_server::{server_bin, TempPostgres};
use corroborate_store::{conformance, PostgresStore, Store, StoreError};

fn server_or_skip() -> Option<TempPostgres> {
    if server_bin().is_none() {
        if std::env::var("CORROBORATE_REQUIRE_POSTGRES").as_deref() == Ok("1") {
            panic!("CORROBORATE_REQUIRE_POSTGRES=1 but no /usr/lib/postgresql/*/bin/initdb");
        }
        eprintln!("skipped: no PostgreSQL server (apt-get install postgresql)");
        return None;
    }
    Some(TempPostgres::start().unwrap_or_else(|e| panic!("{e}")))
}

#[test]
fn postgres_passes_conformance() {
    let Some(server) = server_or_skip() else {
        return;
    };
    let mut n = 0;
    let results = conformance::run_all(&mut || {
        n += 1;
        let url = server.create_database(&format!("c{n}")).expect("database");
        Box::new(PostgresStore::connect(&url).expect("connect")) as Box<dyn Store>
    });
    let failed: Vec<String> = results
        .iter()
        .filter_map(|(name, result)| result.as_ref().err().map(|e| format!("{name}: {e}")))
        .collect();
    assert_eq!(results.len(), conformance::CHECKS.len());
    assert!(failed.is_empty(), "{failed:#?}");
}

#[test]
fn migrations_apply_once_and_a_newer_schema_is_refused() {
    let Some(server) = server_or_skip() else {
        return;
    };
    let url = server.create_database("m").expect("database");
    let first = PostgresStore::connect(&url).expect("connect");
    let version = first.schema_version().expect("version");
    assert!(version >= 1);
    // A second process connecting finds it migrated.
    let second = PostgresStore::connect(&url).expect("connect again");
    assert_eq!(second.schema_version().expect("version"), version);
    let mut client = postgres::Client::connect(&url, postgres::NoTls).expect("client");
    client
        .execute(
            "INSERT INTO schema_migrations (version, applied_at) VALUES (999, 'later')",
            &[],
        )
        .expect("insert");
    match PostgresStore::connect(&url) {
        Err(StoreError::TooNew { found: 999, .. }) => {}
        other => panic!("expected TooNew, got {other:?}"),
    }
}

#[test]
fn processes_that_open_a_fresh_database_at_once_migrate_it_once() {
    let Some(server) = server_or_skip() else {
        return;
    };
    // Workers started together used to race creating `schema_migrations` ("type already
    // exists"); the migration lock now comes first. Several rounds, each on a fresh database.
    for round in 0..4 {
        let url = server
            .create_database(&format!("race{round}"))
            .expect("database");
        let start = std::sync::Barrier::new(8);
        let versions: Vec<i64> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..8)
                .map(|_| {
                    scope.spawn(|| {
                        start.wait();
                        let store = PostgresStore::connect(&url).expect("connect at once");
                        store.schema_version().expect("version")
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("thread"))
                .collect()
        });
        assert!(
            versions.iter().all(|&v| v == versions[0] && v >= 1),
            "{versions:?}"
        );
    }
}
