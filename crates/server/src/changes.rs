//! Following the corpus: every `poll`, one cheap question (SQLite's `PRAGMA data_version`,
//! PostgreSQL's commit counter) says whether
//! anyone committed — this server's add, or another process such as `corroborate watch`. On a
//! change the story list is rebuilt and compared with the last one, and each new, updated or
//! vanished (merged) story is sent to `/api/v1/events` subscribers.

use std::collections::HashMap;
use std::sync::Arc;

use crate::catalog::catalog;
use crate::{lock, AppState, StoryEvent};

/// Each story's state (last update time, articles, claims), by id.
type Snapshot = HashMap<String, String>;

fn snapshot(state: &AppState) -> Option<Snapshot> {
    let store = state.reader();
    let catalog = catalog(state, store.as_ref()).ok()?;
    Some(
        catalog
            .stories
            .iter()
            .map(|story| {
                let state = format!("{}|{}|{}", story.updated_at, story.articles, story.claims);
                (story.id.clone(), state)
            })
            .collect(),
    )
}

/// The events that turn `before` into `after`.
fn diff(before: &Snapshot, after: &Snapshot) -> Vec<StoryEvent> {
    let mut events = Vec::new();
    let mut ids: Vec<&String> = after.keys().collect();
    ids.sort();
    for id in ids {
        let change = match before.get(id) {
            None => "new",
            Some(updated) if *updated != after[id] => "updated",
            Some(_) => continue,
        };
        events.push(StoryEvent {
            change: change.to_string(),
            story: id.clone(),
            into: None,
        });
    }
    let mut gone: Vec<&String> = before
        .keys()
        .filter(|id| !after.contains_key(*id))
        .collect();
    gone.sort();
    for id in gone {
        events.push(StoryEvent {
            change: "merged".to_string(),
            story: id.clone(),
            into: None,
        });
    }
    events
}

/// Runs until the server closes.
pub(crate) async fn follow(state: Arc<AppState>) {
    let mut closing = state.closing.subscribe();
    let first = {
        let state = state.clone();
        tokio::task::spawn_blocking(move || {
            let version = lock(&state.watcher).token();
            (version, snapshot(&state).unwrap_or_default())
        })
        .await
    };
    let Ok((mut version, mut last)) = first else {
        return;
    };
    let mut ticks =
        tokio::time::interval(state.config.poll.max(std::time::Duration::from_millis(20)));
    loop {
        tokio::select! {
            _ = ticks.tick() => {}
            _ = closing.wait_for(|closing| *closing) => return,
        }
        let step = {
            let state = state.clone();
            let last = last.clone();
            let version = version.clone();
            tokio::task::spawn_blocking(move || {
                let now = lock(&state.watcher).token()?;
                if Some(&now) == version.as_ref() {
                    return None;
                }
                state.invalidate();
                let after = snapshot(&state)?;
                let mut events = diff(&last, &after);
                let store = state.reader();
                for event in events.iter_mut().filter(|e| e.change == "merged") {
                    event.into = store.resolve_story(&event.story).ok().flatten();
                }
                Some((now, after, events))
            })
            .await
        };
        if let Ok(Some((now, after, events))) = step {
            version = Some(now);
            last = after;
            for event in events {
                let _ = state.events.send(event);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_names_new_updated_and_gone_stories() {
        let before: Snapshot = [("s1", "t1"), ("s2", "t1"), ("s3", "t1")]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        let after: Snapshot = [("s1", "t1"), ("s2", "t2"), ("s4", "t2")]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        let events: Vec<(String, String)> = diff(&before, &after)
            .into_iter()
            .map(|e| (e.change, e.story))
            .collect();
        assert_eq!(
            events,
            [
                ("updated".to_string(), "s2".to_string()),
                ("new".to_string(), "s4".to_string()),
                ("merged".to_string(), "s3".to_string())
            ]
        );
    }
}
