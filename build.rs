//! Embeds every YAML file under `rules/` into the `etuus` crate, so the
//! binaries and the WASM build carry the Finnish rules without a file system.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let rules = Path::new("rules");
    println!("cargo:rerun-if-changed=rules");
    let mut files = Vec::new();
    collect(rules, &mut files);
    files.sort();
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut generated =
        fs::File::create(out.join("embedded_rules.rs")).expect("OUT_DIR is writable");
    writeln!(
        generated,
        "/// Every rule file: (path relative to the repository, text)."
    )
    .expect("write");
    writeln!(generated, "pub static RULE_FILES: &[(&str, &str)] = &[").expect("write");
    for file in &files {
        let name = file.to_string_lossy().replace('\\', "/");
        let absolute = fs::canonicalize(file).expect("rule file exists");
        println!("cargo:rerun-if-changed={}", file.display());
        writeln!(
            generated,
            "    ({name:?}, include_str!({:?})),",
            absolute.display().to_string()
        )
        .expect("write");
    }
    writeln!(generated, "];").expect("write");
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            files.push(path);
        }
    }
}
