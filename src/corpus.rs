//! A corpus of households to compare rule sets or months over: the fixture
//! files, or one household per line of a JSON Lines file.
//!
//! The corpus holds the households' text, not parsed households: each rule
//! set reads them with its own input declarations, so a rule change that adds
//! or renames an input is compared fairly.

use std::fmt;

use etuus_engine::{Household, InputError, RuleSet};

/// How a household's text is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextFormat {
    /// YAML (also accepts JSON, which is YAML).
    Yaml,
    /// JSON.
    Json,
}

/// One household of a corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusHousehold {
    /// Its name in reports: the file name without extension, the line's
    /// `id`, or `line N`.
    pub id: String,
    /// The household file's text.
    pub text: String,
    /// How the text is written.
    pub format: TextFormat,
}

impl CorpusHousehold {
    /// Reads the household with a rule set's input declarations.
    pub fn read(&self, rules: &RuleSet) -> Result<Household, InputError> {
        match self.format {
            TextFormat::Yaml => rules.household_from_yaml(&self.text),
            TextFormat::Json => rules.household_from_json(&self.text),
        }
    }
}

/// Households to compare, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Corpus {
    /// The households.
    pub households: Vec<CorpusHousehold>,
}

/// A corpus that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusError {
    /// Line of the JSON Lines text (from 1), if the problem is on one line.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for CorpusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for CorpusError {}

impl Corpus {
    /// Adds a household file: `name` is its file name, whose extension
    /// (`.json`, else YAML) says how it is written and whose stem is its id
    /// (the whole name, if another household has the stem already).
    pub fn add_file(&mut self, name: &str, text: impl Into<String>) {
        let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
        let (stem, format) = match base.rsplit_once('.') {
            Some((stem, ext)) if ext.eq_ignore_ascii_case("json") => (stem, TextFormat::Json),
            Some((stem, _)) => (stem, TextFormat::Yaml),
            None => (base, TextFormat::Yaml),
        };
        let taken = |id: &str| self.households.iter().any(|h| h.id == id);
        let id = if taken(stem) {
            if taken(name) {
                format!("{name} ({})", self.households.len() + 1)
            } else {
                name.to_string()
            }
        } else {
            stem.to_string()
        };
        self.households.push(CorpusHousehold {
            id,
            text: text.into(),
            format,
        });
    }

    /// Reads JSON Lines: one household (a JSON object) per line; blank lines
    /// are skipped. An `"id"` key names the household in reports (it is not
    /// an input); without one the household is called `line N`.
    pub fn from_json_lines(text: &str) -> Result<Corpus, CorpusError> {
        let mut corpus = Corpus::default();
        for (index, line) in text.lines().enumerate() {
            let number = index + 1;
            if line.trim().is_empty() {
                continue;
            }
            let error = |message: String| CorpusError {
                line: Some(number),
                message,
            };
            let value: serde_json::Value =
                serde_json::from_str(line).map_err(|e| error(format!("not a JSON object: {e}")))?;
            let serde_json::Value::Object(mut map) = value else {
                return Err(error(
                    "each line must be one household, a JSON object".into(),
                ));
            };
            let id = match map.remove("id") {
                None => format!("line {number}"),
                Some(serde_json::Value::String(s)) => s,
                Some(serde_json::Value::Number(n)) => n.to_string(),
                Some(_) => return Err(error("`id` must be a string or a number".into())),
            };
            if corpus.households.iter().any(|h| h.id == id) {
                return Err(error(format!("the id `{id}` is used twice")));
            }
            corpus.households.push(CorpusHousehold {
                id,
                text: serde_json::Value::Object(map).to_string(),
                format: TextFormat::Json,
            });
        }
        if corpus.households.is_empty() {
            return Err(CorpusError {
                line: None,
                message: "no households (one JSON object per line)".into(),
            });
        }
        Ok(corpus)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_lines_take_ids_and_number_the_rest() {
        let corpus = Corpus::from_json_lines(
            "{\"id\": \"a\", \"kunta\": \"Turku\"}\n\n{\"kunta\": \"Oulu\"}\n",
        )
        .unwrap();
        let ids: Vec<&str> = corpus.households.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["a", "line 3"]);
        assert_eq!(corpus.households[0].text, "{\"kunta\":\"Turku\"}");
    }

    #[test]
    fn json_lines_errors_name_the_line() {
        let error = Corpus::from_json_lines("{\"id\": 1}\n[1, 2]\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "line 2: each line must be one household, a JSON object"
        );
        let error = Corpus::from_json_lines("{\"id\": 1}\n{\"id\": 1}\n").unwrap_err();
        assert_eq!(error.to_string(), "line 2: the id `1` is used twice");
        assert!(Corpus::from_json_lines("\n").is_err());
    }

    #[test]
    fn files_are_named_by_their_stem() {
        let mut corpus = Corpus::default();
        corpus.add_file("fixtures/perhe.yaml", "kunta: Turku");
        corpus.add_file("x/b.json", "{}");
        corpus.add_file("y/perhe.json", "{}");
        assert_eq!(corpus.households[0].id, "perhe");
        assert_eq!(corpus.households[2].id, "y/perhe.json");
        assert_eq!(corpus.households[0].format, TextFormat::Yaml);
        assert_eq!(corpus.households[1].format, TextFormat::Json);
    }
}
