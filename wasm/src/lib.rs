//! etuus in the browser: the engine and the embedded Finnish rules behind a
//! small JSON API, for the `<etuus-laskuri>` widget and for any page.
//!
//! Each exported function takes JSON text and returns JSON text, either
//! `{"ok": <document>}` or `{"error": {"kind", "field", "message",
//! "allowed"}}`; `js/etuus.js` wraps them into the documented JavaScript API
//! (plain objects in and out, errors thrown as `EtuusError`). Money stays an
//! exact decimal until it reaches JavaScript's `JSON.parse`.
//!
//! Nothing here touches the network, the clock or storage: the caller
//! passes the current month (`today`) when it wants the month chosen for it.

#![deny(missing_docs)]

pub mod api;
pub mod error;
pub mod metadata;
pub mod month;
pub mod request;
pub mod rules;

use std::sync::Mutex;

use etuus_engine::output::Out;
use wasm_bindgen::prelude::wasm_bindgen;

use error::ApiError;

/// `{"ok": …}` or `{"error": …}` as one line of JSON.
pub fn respond(result: Result<Out, ApiError>) -> String {
    let envelope = match result {
        Ok(document) => Out::Map(vec![("ok".into(), document)]),
        Err(error) => Out::Map(vec![("error".into(), error.document())]),
    };
    envelope.to_json_line()
}

/// Loads the rules now rather than at the first calculation; returns
/// `{"ok": {"receipt": …}}` or the error.
#[wasm_bindgen]
pub fn ready() -> String {
    respond(rules::rules().map(|r| {
        Out::Map(vec![(
            "receipt".into(),
            etuus_engine::output::result::receipt(r.program()),
        )])
    }))
}

/// The rule set described for forms ([`metadata::metadata`]).
#[wasm_bindgen]
pub fn metadata() -> String {
    respond(api::metadata())
}

/// [`api::calculate`].
#[wasm_bindgen]
pub fn calculate(household: &str, options: &str) -> String {
    respond(api::calculate(household, options))
}

/// [`api::explain`].
#[wasm_bindgen]
pub fn explain(household: &str, options: &str) -> String {
    respond(api::explain(household, options))
}

/// [`api::summary`].
#[wasm_bindgen]
pub fn summary(household: &str, options: &str) -> String {
    respond(api::summary(household, options))
}

/// [`api::compare`].
#[wasm_bindgen]
pub fn compare(household: &str, scenarios: &str, options: &str) -> String {
    respond(api::compare(household, scenarios, options))
}

/// [`api::sweep`].
#[wasm_bindgen]
pub fn sweep(household: &str, options: &str) -> String {
    respond(api::sweep(household, options))
}

/// [`api::relevant_inputs`].
#[wasm_bindgen]
pub fn relevant_inputs(household: &str, options: &str) -> String {
    respond(api::relevant_inputs(household, options))
}

static LAST_PANIC: Mutex<String> = Mutex::new(String::new());

/// Keeps the message of a panic, which WebAssembly turns into a trap, so
/// that JavaScript can report it as an internal error
/// ([`take_panic`]) instead of a bare `unreachable`.
#[wasm_bindgen]
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = info.to_string();
        }
    }));
}

/// The message of the last panic, emptied.
#[wasm_bindgen]
pub fn take_panic() -> String {
    LAST_PANIC
        .lock()
        .map(|mut last| std::mem::take(&mut *last))
        .unwrap_or_default()
}
