//! The client's complementary subservice organization controls (CSOCs): what the client's own
//! SOC 2 report expects of each of its providers, listed per provider.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One control the client's report expects a provider to operate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Csoc {
    #[ts(type = "number")]
    pub id: i64,
    pub provider: String,
    pub text: String,
    /// The client's criteria it supports (`CC6.4`).
    pub criteria: Vec<String>,
}

/// What a person gives to list a CSOC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NewCsoc {
    pub provider: String,
    pub text: String,
    pub criteria: Vec<String>,
}
