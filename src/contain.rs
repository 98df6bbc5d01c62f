//! Panic containment for library callers: run a piece of work and turn a
//! panic into an error message taken from the panic's own payload.
//!
//! The message does not depend on a panic hook, so a program using the
//! library gets the real message whatever hook it installed. With
//! [`quiet_panics`] installed (the command line does), a panic prints
//! nothing by itself and the message also says where it happened
//! (`… at src/x.rs:12`), for the bug report.
//!
//! ```
//! let r = x1060::contain::catch(|| -> u8 { panic!("cell out of range") });
//! assert_eq!(r, Err("cell out of range".to_string()));
//! assert_eq!(x1060::contain::catch(|| 7), Ok(7));
//! ```

use std::any::Any;
use std::panic::UnwindSafe;

/// Runs `f`; a panic becomes `Err` with the panic's message (the payload of
/// `panic!("…")`), or `"panic"` when the payload is not text.
pub fn catch<T>(f: impl FnOnce() -> T + UnwindSafe) -> Result<T, String> {
    // A place left by an earlier panic must not be taken for this one's.
    PLACE.with(|p| p.borrow_mut().take());
    std::panic::catch_unwind(f).map_err(|payload| {
        let place = PLACE.with(|p| p.borrow_mut().take()).unwrap_or_default();
        format!("{}{place}", message(payload.as_ref()))
    })
}

/// Replaces the panic hook with one that prints nothing and notes where
/// the panic happened, for [`catch`] to add to the message.
pub fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        if let Some(l) = info.location() {
            let place = format!(" at {}:{}", l.file(), l.line());
            PLACE.with(|p| *p.borrow_mut() = Some(place));
        }
    }));
}

thread_local! {
    /// Where the last panic on this thread happened (set by the hook of
    /// [`quiet_panics`], taken by [`catch`]); only ever a suffix.
    static PLACE: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// The text of a panic payload: `panic!` with a literal gives a `&str`, with
/// a format a `String`; anything else (`std::panic::panic_any`) is `"panic"`.
pub fn message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_comes_from_the_payload_without_a_hook() {
        let n = 3;
        // Another test may have installed a hook that adds the place.
        let msg = catch(|| -> () { panic!("row {n} broke") }).unwrap_err();
        assert!(msg.starts_with("row 3 broke"), "{msg}");
        let msg = catch(|| -> () { std::panic::panic_any(42u8) }).unwrap_err();
        assert!(msg.starts_with("panic"), "{msg}");
    }
}
