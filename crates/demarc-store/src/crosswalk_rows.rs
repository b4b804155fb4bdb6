//! What crosswalks bring to the control matrix, as a person acts on it: accepting a row's
//! suggestion (an override whose reason cites the trail) and the coverage per framework.

use demarc_core::crosswalk::{coverage, FrameworkCoverage};
use demarc_core::{Framework, MatrixFilter, MatrixRow, OwnerSource};

use crate::{EngagementFile, Result, StoreError};

impl EngagementFile {
    /// Accepts the owner crosswalks suggest for one system-level row: it becomes the row's
    /// override, its reason citing the suggestion and the trail of a row that counted, logged and undoable like
    /// any override. Refused (`control`) when the row has no suggestion or a person already
    /// set its owner.
    pub fn accept_crosswalk_suggestion(
        &mut self,
        service_id: i64,
        framework: Framework,
        control_id: &str,
        who: &str,
    ) -> Result<MatrixRow> {
        let row = self.row(Some(service_id), framework, control_id)?;
        let name = format!(
            "{} of {} for {:?}",
            row.control_id,
            framework.label(),
            row.service_label()
        );
        if row.source == OwnerSource::Override {
            return Err(StoreError::invalid(
                "control",
                format!(
                    "{name} already has an owner a person set ({}); a crosswalk never changes it",
                    row.owner
                ),
            ));
        }
        let reach = row.crosswalk.as_ref();
        let (Some(suggested), Some(trail)) = (
            reach.and_then(|r| r.suggested.as_ref()),
            reach.and_then(|r| r.cited_suggestion()),
        ) else {
            return Err(StoreError::invalid(
                "control",
                format!("no crosswalk suggests an owner for {name}"),
            ));
        };
        let reason = format!(
            "crosswalk suggestion accepted: {}; {}",
            suggested.reason,
            trail.text().trim_end_matches(" [suggestion]")
        );
        self.write_owner(&[&row], suggested.owner, &reason, who)?;
        self.row(Some(service_id), framework, control_id)
    }

    /// Per framework in scope: how many controls provider rows reach directly, through a
    /// crosswalk, by suggestion only, or not at all.
    pub fn crosswalk_coverage(&self) -> Result<Vec<FrameworkCoverage>> {
        let frameworks = self.engagement()?.frameworks;
        let rows = self.matrix(&MatrixFilter::default())?;
        Ok(coverage(&rows, &frameworks))
    }
}
