//! The repository stands on its own: rules, cases, code and docs cite the
//! primary sources (Finlex, Kela, the funds, government proposals), never a
//! file of the workspace the rules were written in, which users never see.

use std::path::{Path, PathBuf};

/// Paths of the authors' workspace. Spelled in pieces so that this file does
/// not match itself.
const WORKSPACE_PATHS: [&str; 4] = [
    concat!("shared", "/domain"),
    concat!("shared", "/reference"),
    concat!("..", "/shared"),
    concat!("/work", "/shared"),
];

/// Directories that are build output or tool state, not the repository's text.
fn skipped(dir: &Path) -> bool {
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.starts_with('.') || name == "target" || name == "node_modules" || dir.ends_with("wasm/pkg")
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    for entry in entries {
        let path = entry
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
            .path();
        if path.is_dir() {
            if !skipped(&path) {
                files(&path, out);
            }
        } else {
            out.push(path);
        }
    }
}

/// Every line of `text` that names a workspace path, as `line: text`.
fn mentions(text: &str) -> Vec<String> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| WORKSPACE_PATHS.iter().any(|p| line.contains(p)))
        .map(|(i, line)| format!("{}: {}", i + 1, line.trim()))
        .collect()
}

#[test]
fn the_workspace_paths_are_recognised() {
    // Also spelled in pieces, for the same reason.
    let case = concat!("a\nsource: shared", "/domain/toimeentulotuki.md § 3.3\nb");
    let hits = mentions(case);
    assert_eq!(hits.len(), 1);
    assert!(hits[0].starts_with("2: source: "), "{hits:?}");
    assert_eq!(
        mentions(concat!("see ../sha", "red/reference/README.md")).len(),
        1
    );
    assert_eq!(mentions(concat!("/work/sha", "red/DESIGN.md")).len(), 1);
    assert!(mentions("source: https://www.finlex.fi/fi/laki/ajantasa/1997/19971412").is_empty());
}

#[test]
fn no_file_cites_the_authors_workspace() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = Vec::new();
    files(root, &mut all);
    all.sort();
    // The rules, cases, code and README must be among the files scanned, so a
    // change to the walk cannot silently skip them.
    for required in ["rules", "tests/cases", "src", "engine/src", "cli/src"] {
        assert!(
            all.iter().any(|f| f.starts_with(root.join(required))),
            "{required} was not scanned"
        );
    }
    assert!(
        all.contains(&root.join("README.md")),
        "README.md was not scanned"
    );

    let mut found = Vec::new();
    for file in &all {
        let bytes =
            std::fs::read(file).unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        let text = String::from_utf8_lossy(&bytes);
        for hit in mentions(&text) {
            let relative = file.strip_prefix(root).unwrap_or(file);
            found.push(format!("{}:{hit}", relative.display()));
        }
    }
    assert!(
        found.is_empty(),
        "cite the primary source (Finlex, Kela, the fund, the government proposal) instead of \
         the authors' workspace, which users never see:\n{}",
        found.join("\n")
    );
}
