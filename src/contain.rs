//! Panic containment for library callers: run a piece of work and turn a
//! panic into an error message taken from the panic's own payload.
//!
//! The message does not depend on a panic hook, so a program using the
//! library gets the real message whatever hook it installed (the command
//! line's [`crate::cli::quiet_panics`] only keeps panics off standard error).
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
    std::panic::catch_unwind(f).map_err(|payload| message(payload.as_ref()))
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
        assert_eq!(
            catch(|| -> () { panic!("row {n} broke") }),
            Err("row 3 broke".to_string())
        );
        assert_eq!(
            catch(|| -> () { std::panic::panic_any(42u8) }),
            Err("panic".to_string())
        );
    }
}
