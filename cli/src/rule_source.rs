//! Where `etuus diff` takes each side's rules from: the built-in rules, a
//! directory, or the rules directory of a git revision.

use std::path::{Path, PathBuf};
use std::process::Command;

use etuus_engine::{RuleSet, SourceFile};

use crate::failure::Failure;
use crate::rules::Rules;

/// A rule set named on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleSource {
    /// The rules compiled into this program.
    BuiltIn,
    /// A directory of rule files.
    Dir(PathBuf),
    /// `git:REV[:DIR]`: the rule files under DIR (default `rules`, relative to
    /// the repository's top) in revision REV of the repository around the
    /// current directory.
    Git {
        /// The revision, e.g. `HEAD~1` or `main`.
        rev: String,
        /// The rules directory in the repository.
        dir: String,
    },
}

/// A loaded side: the rules, a name for the report and the rule files as
/// `(path relative to the rules directory, text)`.
pub struct LoadedRules {
    pub rules: Rules,
    pub label: String,
    pub files: Vec<(String, String)>,
}

impl RuleSource {
    /// `git:REV`, `git:REV:DIR` or a directory.
    pub fn parse(text: &str) -> RuleSource {
        match text.strip_prefix("git:") {
            Some(rest) => {
                let (rev, dir) = match rest.split_once(':') {
                    Some((rev, dir)) => (rev, dir.trim_matches('/')),
                    None => (rest, "rules"),
                };
                RuleSource::Git {
                    rev: if rev.is_empty() { "HEAD" } else { rev }.to_string(),
                    dir: dir.to_string(),
                }
            }
            None => RuleSource::Dir(PathBuf::from(text)),
        }
    }

    /// Loads the rules; a rule set with errors fails with its diagnostics.
    pub fn load(&self) -> Result<LoadedRules, Failure> {
        match self {
            RuleSource::BuiltIn => Ok(LoadedRules {
                rules: Rules::load(None)?,
                label: "built-in rules".into(),
                files: etuus::rule_files()
                    .iter()
                    .map(|(path, text)| {
                        let path = path.strip_prefix("rules/").unwrap_or(path);
                        (path.to_string(), text.to_string())
                    })
                    .collect(),
            }),
            RuleSource::Dir(dir) => {
                let sources = crate::rules::read_dir(dir)?;
                if sources.is_empty() {
                    return Err(Failure::Input(format!(
                        "{} has no .yaml rule files",
                        dir.display()
                    )));
                }
                let files = relative(dir, &sources);
                let rules =
                    RuleSet::from_sources(sources).map_err(|d| Failure::Rules(Box::new(d)))?;
                Ok(LoadedRules {
                    rules: Rules::Loaded(Box::new(rules)),
                    label: dir.display().to_string(),
                    files,
                })
            }
            RuleSource::Git { rev, dir } => {
                let files = git_files(rev, dir)?;
                if files.is_empty() {
                    return Err(Failure::Input(format!(
                        "git:{rev}: no .yaml files under `{dir}/` in that revision"
                    )));
                }
                let sources = files
                    .iter()
                    .map(|(path, text)| {
                        SourceFile::new(format!("git:{rev}:{dir}/{path}"), text.as_str())
                    })
                    .collect();
                let rules =
                    RuleSet::from_sources(sources).map_err(|d| Failure::Rules(Box::new(d)))?;
                Ok(LoadedRules {
                    rules: Rules::Loaded(Box::new(rules)),
                    label: format!("git:{rev}"),
                    files,
                })
            }
        }
    }
}

fn relative(dir: &Path, sources: &[SourceFile]) -> Vec<(String, String)> {
    sources
        .iter()
        .map(|s| {
            let path = Path::new(&*s.name);
            let relative = path.strip_prefix(dir).unwrap_or(path);
            (
                relative.to_string_lossy().replace('\\', "/"),
                s.text.to_string(),
            )
        })
        .collect()
}

fn git(args: &[&str], dir: Option<&Path>) -> Result<Vec<u8>, Failure> {
    let mut command = Command::new("git");
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    let output = command.args(args).output().map_err(|e| {
        Failure::Input(format!(
            "git:…: cannot run git ({e}); give the other rules as a directory instead"
        ))
    })?;
    if !output.status.success() {
        return Err(Failure::Input(format!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    Ok(output.stdout)
}

/// The `.yaml` files under `dir` in revision `rev`, as (path relative to `dir`, text).
fn git_files(rev: &str, dir: &str) -> Result<Vec<(String, String)>, Failure> {
    let top = git(&["rev-parse", "--show-toplevel"], None)?;
    let top = PathBuf::from(String::from_utf8_lossy(&top).trim());
    let listing = git(
        &[
            "ls-tree",
            "-r",
            "-z",
            "--name-only",
            rev,
            "--",
            &format!("{dir}/"),
        ],
        Some(&top),
    )?;
    let mut files = Vec::new();
    for path in listing.split(|&b| b == 0).filter(|p| !p.is_empty()) {
        let path = String::from_utf8_lossy(path).into_owned();
        if !(path.ends_with(".yaml") || path.ends_with(".yml")) {
            continue;
        }
        let text = git(&["show", &format!("{rev}:{path}")], Some(&top))?;
        let text = String::from_utf8(text)
            .map_err(|_| Failure::Input(format!("git:{rev}:{path} is not UTF-8 text")))?;
        let relative = path
            .strip_prefix(&format!("{dir}/"))
            .unwrap_or(&path)
            .to_string();
        files.push((relative, text));
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_parse() {
        assert_eq!(
            RuleSource::parse("git:HEAD~1"),
            RuleSource::Git {
                rev: "HEAD~1".into(),
                dir: "rules".into()
            }
        );
        assert_eq!(
            RuleSource::parse("git:main:other/rules/"),
            RuleSource::Git {
                rev: "main".into(),
                dir: "other/rules".into()
            }
        );
        assert_eq!(
            RuleSource::parse("my-rules"),
            RuleSource::Dir(PathBuf::from("my-rules"))
        );
    }
}
