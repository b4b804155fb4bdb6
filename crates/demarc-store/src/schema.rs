//! Numbered migrations, embedded in the binary. `PRAGMA user_version` holds the schema version.

use rusqlite_migration::{Migrations, M};

/// Marks a SQLite file as a Demarc engagement (`PRAGMA application_id`, "DMRC").
pub const APPLICATION_ID: i64 = 0x444D_5243;

const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_initial.sql"),
    include_str!("migrations/0002_control_matrix.sql"),
    include_str!("migrations/0003_provider_matrix.sql"),
    include_str!("migrations/0004_assurance.sql"),
    include_str!("migrations/0005_history.sql"),
    include_str!("migrations/0006_decision_subject.sql"),
    include_str!("migrations/0007_scoping_profile.sql"),
    include_str!("migrations/0008_sign_off.sql"),
    include_str!("migrations/0009_entity_level.sql"),
    include_str!("migrations/0010_crosswalk.sql"),
    include_str!("migrations/0011_assurance_scope.sql"),
    include_str!("migrations/0012_engagement_setup.sql"),
    include_str!("migrations/0013_any_matrix.sql"),
    include_str!("migrations/0014_work_plan.sql"),
];

/// The schema version this build writes.
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

pub fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATIONS.iter().map(|sql| M::up(sql)).collect())
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        assert!(super::migrations().validate().is_ok());
    }
}
