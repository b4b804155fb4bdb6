//! People of the engagement's team and what they are given.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Invalid;

/// The longest name or role a team member may have.
pub const MAX_NAME: usize = 200;

/// A person of the engagement's team, who may be given items and tasks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TeamMember {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub role: String,
}

impl TeamMember {
    /// A name and a role as they are stored (trimmed), or the refusal.
    pub fn checked(name: &str, role: &str) -> Result<(String, String), Invalid> {
        let (name, role) = (name.trim(), role.trim());
        if name.is_empty() {
            return Err(Invalid::new("name", "the person needs a name"));
        }
        if name.chars().count() > MAX_NAME || role.chars().count() > MAX_NAME {
            return Err(Invalid::new(
                if name.chars().count() > MAX_NAME {
                    "name"
                } else {
                    "role"
                },
                format!("at most {MAX_NAME} characters"),
            ));
        }
        Ok((name.to_string(), role.to_string()))
    }
}

/// An item, task group or task given to a person, with a due date; either may be unset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Assignment {
    pub item_id: String,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
}
