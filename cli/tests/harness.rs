//! A builder for running `etuus` in a scratch directory, in the style of
//! just's test harness: set up files and arguments, then assert the exit code
//! and get the output back.

use std::path::{Path, PathBuf};
use std::process::Command;

/// One run of the `etuus` binary.
#[must_use]
pub struct Test {
    dir: tempfile::TempDir,
    args: Vec<String>,
    env: Vec<(String, String)>,
}

impl Test {
    pub fn new() -> Test {
        Test {
            dir: tempfile::tempdir().expect("a temporary directory"),
            args: Vec::new(),
            env: Vec::new(),
        }
    }

    /// Writes a file into the scratch directory.
    pub fn file(self, name: &str, text: &str) -> Test {
        let path = self.dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create directories");
        }
        std::fs::write(path, text).expect("write a test file");
        self
    }

    /// Copies the repository's rules into `rules/` of the scratch directory.
    pub fn copy_rules(self) -> Test {
        self.copy_rules_to("rules")
    }

    /// Copies the repository's rules into a directory of the scratch directory.
    pub fn copy_rules_to(self, dir: &str) -> Test {
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules");
        copy_dir(&source, &self.dir.path().join(dir));
        self
    }

    /// Replaces the last occurrence of `from` in a file of the scratch
    /// directory — a rule author's edit.
    pub fn edit(self, file: &str, from: &str, to: &str) -> Test {
        let path = self.dir.path().join(file);
        let mut text = std::fs::read_to_string(&path).expect("the file to edit exists");
        let at = text
            .rfind(from)
            .unwrap_or_else(|| panic!("{file} does not contain {from:?}"));
        text.replace_range(at..at + from.len(), to);
        std::fs::write(&path, text).expect("write the edited file");
        self
    }

    /// Runs a command (e.g. `git`) in the scratch directory; it must succeed.
    pub fn shell<const N: usize>(self, program: &str, args: [&str; N]) -> Test {
        let status = Command::new(program)
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .unwrap_or_else(|e| panic!("run {program}: {e}"));
        assert!(
            status.status.success(),
            "{program} {args:?} failed: {}",
            String::from_utf8_lossy(&status.stderr)
        );
        self
    }

    /// The path of a file in the scratch directory.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// Reads a file of the scratch directory (e.g. one a command rewrote).
    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(relative)).expect("readable file")
    }

    pub fn args<const N: usize>(mut self, args: [&str; N]) -> Test {
        self.args.extend(args.iter().map(|a| a.to_string()));
        self
    }

    /// Sets an environment variable for the run (e.g. `ETUUS_TODAY`).
    pub fn env(mut self, key: &str, value: &str) -> Test {
        self.env.push((key.to_string(), value.to_string()));
        self
    }

    fn run(&self) -> (i32, String, String) {
        let output = Command::new(env!("CARGO_BIN_EXE_etuus"))
            .args(&self.args)
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .current_dir(self.dir.path())
            .output()
            .expect("run etuus");
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }

    /// Runs without consuming the test (to read files afterwards or run
    /// again with other arguments), expects `code`, returns standard output.
    pub fn run_expecting(&self, code: i32) -> String {
        let (actual, stdout, stderr) = self.run();
        assert_eq!(
            actual, code,
            "etuus {:?}: expected exit {code}, got {actual}:\n{stderr}\n{stdout}",
            self.args
        );
        stdout
    }

    /// Replaces the arguments, to run again in the same directory.
    pub fn with_args<const N: usize>(mut self, args: [&str; N]) -> Test {
        self.args = args.iter().map(|a| a.to_string()).collect();
        self
    }

    /// Runs, expects exit code 0, returns standard output.
    pub fn success(self) -> String {
        let (code, stdout, stderr) = self.run();
        assert_eq!(code, 0, "etuus {:?} failed:\n{stderr}\n{stdout}", self.args);
        stdout
    }

    /// Runs, expects `code`, returns standard error and output together.
    pub fn status(self, code: i32) -> String {
        let (actual, stdout, stderr) = self.run();
        assert_eq!(
            actual, code,
            "etuus {:?}: expected exit {code}, got {actual}:\n{stderr}\n{stdout}",
            self.args
        );
        format!("{stderr}{stdout}")
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create the rules copy");
    for entry in std::fs::read_dir(from).expect("read the rules") {
        let path = entry.expect("a directory entry").path();
        let target = to.join(path.file_name().expect("a file name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy a rule file");
        }
    }
}
