//! FedRAMP's impact levels: the baseline an engagement is assessed against, and the level a
//! provider's authorization was granted at.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A FedRAMP Rev 5 baseline, which is also the impact level of an authorization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FedrampLevel {
    High,
    Moderate,
    Low,
    /// The tailored Low Impact SaaS baseline.
    LiSaas,
}

impl FedrampLevel {
    pub const ALL: [FedrampLevel; 4] = [
        FedrampLevel::High,
        FedrampLevel::Moderate,
        FedrampLevel::Low,
        FedrampLevel::LiSaas,
    ];

    pub fn id(self) -> &'static str {
        match self {
            FedrampLevel::High => "high",
            FedrampLevel::Moderate => "moderate",
            FedrampLevel::Low => "low",
            FedrampLevel::LiSaas => "li_saas",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FedrampLevel::High => "High",
            FedrampLevel::Moderate => "Moderate",
            FedrampLevel::Low => "Low",
            FedrampLevel::LiSaas => "LI-SaaS",
        }
    }

    pub fn from_id(id: &str) -> Option<FedrampLevel> {
        FedrampLevel::ALL.into_iter().find(|l| l.id() == id)
    }
}

#[cfg(test)]
mod tests {
    use super::FedrampLevel;

    #[test]
    fn ids_are_the_serde_names() {
        for level in FedrampLevel::ALL {
            let json = serde_json::to_string(&level).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", level.id()));
            assert_eq!(FedrampLevel::from_id(level.id()), Some(level));
        }
    }
}
