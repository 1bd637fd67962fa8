//! Options a counsellor tries: a household changed by `--set`, `--add`,
//! `--remove`, or replaced by another file.

use etuus_engine::compile::Program;
use etuus_engine::household::Member;
use etuus_engine::Household;

use super::WhatIfError;

/// One change to a household.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Set one input: `vuokra=700`, `hakija.palkkatulo=600`.
    Set {
        /// The input's path: `vuokra`, `hakija.palkkatulo`, `henkilot.hakija.palkkatulo`.
        path: String,
        /// The value as written.
        value: String,
    },
    /// Add a person, or give a person (new or existing) one input:
    /// `puoliso.ika=37`, `puoliso` alone.
    Add {
        /// The person's id.
        member: String,
        /// The input and its value, if one is given.
        field: Option<(String, String)>,
    },
    /// Remove a person from the household.
    Remove {
        /// The person's id.
        member: String,
    },
    /// Use another household instead (a second file).
    Replace(Box<Household>),
}

impl Change {
    /// Parses `PATH=VALUE` for [`Change::Set`].
    pub fn set(text: &str) -> Result<Change, WhatIfError> {
        let (path, value) = split_assignment(text, "--set", "vuokra=700")?;
        Ok(Change::Set { path, value })
    }

    /// Parses `PERSON.FIELD=VALUE` or `PERSON` for [`Change::Add`].
    pub fn add(text: &str) -> Result<Change, WhatIfError> {
        if !text.contains('=') {
            let member = text.trim().to_string();
            check_id(&member, text)?;
            return Ok(Change::Add {
                member,
                field: None,
            });
        }
        let (path, value) = split_assignment(text, "--add", "puoliso.ika=37")?;
        let (member, field) = path.split_once('.').ok_or_else(|| {
            WhatIfError::new(format!(
                "--add `{text}`: write PERSON.FIELD=VALUE, e.g. puoliso.ika=37"
            ))
        })?;
        check_id(member, text)?;
        Ok(Change::Add {
            member: member.to_string(),
            field: Some((field.to_string(), value)),
        })
    }

    /// [`Change::Remove`] of a person.
    pub fn remove(member: &str) -> Change {
        Change::Remove {
            member: member.trim().to_string(),
        }
    }
}

fn split_assignment(
    text: &str,
    flag: &str,
    example: &str,
) -> Result<(String, String), WhatIfError> {
    let (path, value) = text.split_once('=').ok_or_else(|| {
        WhatIfError::new(format!(
            "{flag} `{text}`: write it as PATH=VALUE, e.g. {example}"
        ))
    })?;
    let (path, value) = (path.trim(), value.trim());
    if path.is_empty() || value.is_empty() {
        return Err(WhatIfError::new(format!(
            "{flag} `{text}`: both the path and the value are needed, e.g. {example}"
        )));
    }
    Ok((path.to_string(), value.to_string()))
}

fn check_id(id: &str, text: &str) -> Result<(), WhatIfError> {
    let ok = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    if ok {
        Ok(())
    } else {
        Err(WhatIfError::new(format!(
            "`{text}`: a person's id is a single word such as `puoliso` (letters, digits, _ or -)"
        )))
    }
}

/// A named option: the changes that make it from the household compared.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// The name shown as its column heading.
    pub name: String,
    /// The changes, applied in order.
    pub changes: Vec<Change>,
}

impl Scenario {
    /// A short description of the changes for headings: `hakija.palkkatulo=600`.
    pub fn describe(&self) -> String {
        self.changes
            .iter()
            .map(|c| match c {
                Change::Set { path, value } => format!("{path}={value}"),
                Change::Add {
                    member,
                    field: Some((f, v)),
                } => format!("+{member}.{f}={v}"),
                Change::Add {
                    member,
                    field: None,
                } => format!("+{member}"),
                Change::Remove { member } => format!("−{member}"),
                Change::Replace(h) => h.description.clone().unwrap_or_else(|| "…".into()),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Applies changes to a copy of the household. Every error names the input
/// or the person and says what is allowed.
pub fn apply(
    program: &Program,
    base: &Household,
    changes: &[Change],
) -> Result<Household, WhatIfError> {
    let mut household = base.clone();
    for change in changes {
        match change {
            Change::Set { path, value } => {
                check_member_exists(program, &household, path)?;
                household
                    .set(program, path, value)
                    .map_err(|e| WhatIfError::new(format!("--set {path}={value}: {e}")))?;
            }
            Change::Add { member, field } => {
                if household.member(member).is_none() {
                    let entity = member_entity(program)?;
                    household.members.push(Member {
                        id: member.clone(),
                        entity,
                        values: Vec::new(),
                    });
                }
                if let Some((name, value)) = field {
                    let path = format!("{member}.{name}");
                    household.set(program, &path, value).map_err(|e| {
                        WhatIfError::new(format!("--add {member}.{name}={value}: {e}"))
                    })?;
                }
            }
            Change::Remove { member } => {
                let Some(index) = household.members.iter().position(|m| m.id == *member) else {
                    return Err(WhatIfError::new(format!(
                        "--remove {member}: no person `{member}` in the household; the persons are {}",
                        member_list(&household)
                    )));
                };
                household.members.remove(index);
                if household.members.is_empty() {
                    return Err(WhatIfError::new(format!(
                        "--remove {member}: a household needs at least one person"
                    )));
                }
            }
            Change::Replace(other) => household = (**other).clone(),
        }
    }
    Ok(household)
}

/// `--set puoliso.palkkatulo=…` for a person who is not there: say so, and
/// how to add them, instead of blaming the input's name.
fn check_member_exists(
    program: &Program,
    household: &Household,
    path: &str,
) -> Result<(), WhatIfError> {
    let mut parts: Vec<&str> = path.split('.').collect();
    if parts.len() < 2 {
        return Ok(());
    }
    if program
        .entities
        .iter()
        .any(|e| e.is_listed() && e.plural == parts[0])
    {
        parts.remove(0);
    } else if program.is_namespace(parts[0]) || program.var_named(path).is_some() {
        return Ok(());
    }
    let id = parts[0];
    if household.member(id).is_some() || parts.len() < 2 {
        return Ok(());
    }
    Err(WhatIfError::new(format!(
        "--set {path}: no person `{id}` in the household (the persons are {}); \
         to add one, use --add {id}.{}=VALUE",
        member_list(household),
        parts[1..].join(".")
    )))
}

fn member_list(household: &Household) -> String {
    household
        .members
        .iter()
        .map(|m| m.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn member_entity(program: &Program) -> Result<etuus_engine::compile::ids::EntityId, WhatIfError> {
    program
        .entities
        .iter()
        .position(|e| e.is_listed())
        .map(|i| etuus_engine::compile::ids::EntityId(i as u32))
        .ok_or_else(|| WhatIfError::new("these rules have no persons to add"))
}
