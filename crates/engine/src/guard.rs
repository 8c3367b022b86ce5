//! The per-input boundary: a panic while reading or annotating one input becomes that input's
//! failure, and the rest of the batch goes on.

use std::any::Any;
use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};

use corroborate_core::Failure;

thread_local! {
    static GUARDED: Cell<usize> = const { Cell::new(0) };
}

/// Runs `work` for the input `path`; a panic becomes a [`Failure`] naming it.
pub(crate) fn guarded<T>(path: &str, work: impl FnOnce() -> T) -> Result<T, Failure> {
    GUARDED.with(|depth| depth.set(depth.get() + 1));
    // Nothing `work` touches outlives a panic: its results are dropped with it.
    let result = catch_unwind(AssertUnwindSafe(work));
    GUARDED.with(|depth| depth.set(depth.get() - 1));
    result.map_err(|payload| Failure {
        path: path.to_string(),
        reason: format!(
            "{path}: internal error, input skipped ({})",
            panic_message(payload.as_ref())
        ),
    })
}

/// True on a thread inside [`guarded`] work: a panic hook can stay quiet, since the panic is
/// reported as the input's failure.
pub fn panic_is_reported() -> bool {
    GUARDED.with(|depth| depth.get() > 0)
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".to_string());
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_one_failure_line() {
        assert!(!panic_is_reported());
        let failure = guarded("bad.html", || -> usize {
            assert!(panic_is_reported());
            panic!("index out of\nbounds")
        })
        .unwrap_err();
        assert_eq!(failure.path, "bad.html");
        assert_eq!(
            failure.reason,
            "bad.html: internal error, input skipped (index out of bounds)"
        );
        assert!(!panic_is_reported());
        assert_eq!(guarded("good.txt", || 7).unwrap(), 7);
    }
}
