//! Times the API calls natively, to compare with the browser build
//! (BENCHMARKS.md): `cargo run --release -p etuus-wasm --example timings`.
use std::time::Instant;

fn main() {
    let h = r#"{"kunta": "Tampere", "vuokra": 780, "henkilot": {"aino": {"ika": 34, "veroprosentti": "20 %", "tyottomyysturva": {"tyoton_tyonhakija": true}}, "lapsi": {"ika": 6}}}"#;
    let t = Instant::now();
    etuus_wasm::api::metadata().unwrap();
    println!("load+metadata {:?}", t.elapsed());
    for (name, options) in [
        ("calc", r#"{"month":"2026-06"}"#),
        (
            "calc explain relevance",
            r#"{"month":"2026-06","explain":true,"relevance":true}"#,
        ),
    ] {
        let t = Instant::now();
        let n = 20;
        for _ in 0..n {
            etuus_wasm::respond(etuus_wasm::api::calculate(h, options));
        }
        println!("{name} {:?}", t.elapsed() / n);
    }
    let t = Instant::now();
    etuus_wasm::respond(etuus_wasm::api::relevant_inputs(
        h,
        r#"{"month":"2026-06"}"#,
    ));
    println!("relevance {:?}", t.elapsed());
    let t = Instant::now();
    etuus_wasm::respond(etuus_wasm::api::sweep(
        h,
        r#"{"month":"2026-06","vary":{"path":"aino.palkkatulo","from":0,"to":5000,"step":50}}"#,
    ));
    println!("sweep 101 {:?}", t.elapsed());
}
