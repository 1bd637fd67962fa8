//! Where the rules come from: built in, or a directory given with `--rules`.

use std::path::Path;

use etuus_engine::{RuleSet, SourceFile};

use crate::failure::Failure;

/// The rule set to use.
pub enum Rules {
    /// The rules compiled into this program.
    Embedded(&'static RuleSet),
    /// Rules loaded from a directory.
    Loaded(Box<RuleSet>),
}

impl Rules {
    /// Loads the rules named by `--rules`, or the embedded ones (the
    /// program compiled when etuus was built).
    pub fn load(dir: Option<&Path>) -> Result<Rules, Failure> {
        match dir {
            None => match etuus::rules() {
                Ok(rules) => Ok(Rules::Embedded(rules)),
                // The embedded files did not check when etuus was built:
                // check them again for the full report with places.
                Err(etuus::RulesError::Check(_)) => Self::check_embedded().map(Rules::Loaded),
                Err(e) => Err(Failure::Internal(e.to_string())),
            },
            Some(dir) => {
                let files = read_dir(dir)?;
                if files.is_empty() {
                    return Err(Failure::Input(format!(
                        "{} has no .yaml rule files",
                        dir.display()
                    )));
                }
                RuleSet::from_sources(files)
                    .map(|r| Rules::Loaded(Box::new(r)))
                    .map_err(|d| Failure::Rules(Box::new(d)))
            }
        }
    }

    /// Loads and checks the rule files themselves (for `etuus check`): those
    /// in `--rules DIR`, or the embedded files' texts.
    pub fn load_checked(dir: Option<&Path>) -> Result<Rules, Failure> {
        match dir {
            None => Self::check_embedded().map(Rules::Loaded),
            Some(_) => Self::load(dir),
        }
    }

    fn check_embedded() -> Result<Box<RuleSet>, Failure> {
        RuleSet::from_sources(etuus::sources())
            .map(Box::new)
            .map_err(|d| Failure::Rules(Box::new(d)))
    }

    /// The rule set.
    pub fn get(&self) -> &RuleSet {
        match self {
            Rules::Embedded(r) => r,
            Rules::Loaded(r) => r,
        }
    }
}

/// Every `.yaml` file under `dir`, sorted by path.
pub fn read_dir(dir: &Path) -> Result<Vec<SourceFile>, Failure> {
    let mut paths = Vec::new();
    collect(dir, &mut paths).map_err(|e| Failure::Io(format!("{}: {e}", dir.display())))?;
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| Failure::Io(format!("{}: {e}", path.display())))?;
            Ok(SourceFile::new(path.display().to_string(), text))
        })
        .collect()
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
    Ok(())
}
