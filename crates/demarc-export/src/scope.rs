//! An export of part of the engagement: chosen frameworks and services.

use std::collections::HashSet;

use demarc_core::{Decision, Framework, Gap, GapLink, GapReport, Subject};

use crate::ExportData;

/// A choice naming something the engagement does not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScopeError {
    #[error("{} is not a framework in scope of this engagement", .0.label())]
    Framework(Framework),
    #[error("no service with id {0} in this engagement")]
    Service(i64),
}

impl ExportData {
    /// Keeps only what concerns `frameworks` and the services `services` (by id): the matrix
    /// rows, the services and their frameworks, the frameworks in scope, the gaps, the decision
    /// log entries about a service or a provider, and, in the provider register, the providers
    /// of the chosen services with their attestations and reviews. What belongs to the whole
    /// engagement (its name, audit window, people, the log's other entries) stays.
    pub fn restrict(
        &mut self,
        frameworks: &[Framework],
        services: &[i64],
    ) -> Result<(), ScopeError> {
        if let Some(&f) = frameworks
            .iter()
            .find(|f| !self.view.engagement.frameworks.contains(f))
        {
            return Err(ScopeError::Framework(f));
        }
        if let Some(&id) = services
            .iter()
            .find(|&&id| !self.view.services.iter().any(|s| s.id == id))
        {
            return Err(ScopeError::Service(id));
        }
        let frameworks: HashSet<Framework> = frameworks.iter().copied().collect();
        let ids: HashSet<i64> = services.iter().copied().collect();
        let every_service = self.view.services.iter().all(|s| ids.contains(&s.id));
        // A gap may name a framework out of scope (an expired ISO certificate): that one stays.
        let left_out: HashSet<Framework> = self
            .view
            .engagement
            .frameworks
            .iter()
            .filter(|f| !frameworks.contains(f))
            .copied()
            .collect();

        self.view
            .engagement
            .frameworks
            .retain(|f| frameworks.contains(f));
        self.view.services.retain(|s| ids.contains(&s.id));
        for s in &mut self.view.services {
            s.frameworks.retain(|f| frameworks.contains(f));
        }
        // Entity rows belong to the engagement: kept with their framework.
        self.rows.retain(|r| {
            r.service_id.is_none_or(|id| ids.contains(&id)) && frameworks.contains(&r.framework)
        });

        let names: Vec<String> = self.view.services.iter().map(|s| s.name.clone()).collect();
        let mut providers: Vec<String> = self
            .view
            .services
            .iter()
            .map(|s| s.provider.to_lowercase())
            .collect();
        providers.sort_unstable();
        providers.dedup();
        let provider_kept = |p: &str| providers.contains(&p.to_lowercase());

        self.attestations.retain(|a| provider_kept(&a.provider));
        self.vendor_reviews.retain(|r| provider_kept(&r.provider));
        self.csocs.retain(|c| provider_kept(&c.provider));

        let kept = |g: &Gap| {
            g.service.as_ref().is_none_or(|s| names.contains(s))
                && g.framework.is_none_or(|f| !left_out.contains(&f))
                && g.provider.as_deref().is_none_or(provider_kept)
                && match &g.link {
                    GapLink::Row { service_id, .. } => {
                        service_id.is_none_or(|id| ids.contains(&id))
                    }
                    GapLink::Layer { service_id, .. } | GapLink::Service { service_id } => {
                        ids.contains(service_id)
                    }
                    GapLink::Provider { name } => provider_kept(name),
                    GapLink::Attestation { .. } | GapLink::Scoping { .. } => true,
                }
        };
        let gaps: Vec<Gap> = std::mem::take(&mut self.gaps.gaps)
            .into_iter()
            .filter(|g| kept(g))
            .collect();
        let mut accepted = std::mem::take(&mut self.gaps.accepted);
        accepted.retain(|a| kept(&a.gap));
        self.gaps = GapReport::new(self.gaps.today, gaps);
        self.gaps.accepted = accepted;

        let decisions = std::mem::take(&mut self.decisions);
        self.decisions = decisions
            .into_iter()
            .filter(|d| decision_kept(d, &ids, every_service, &left_out, &provider_kept))
            .collect();
        Ok(())
    }
}

/// Whether a log entry concerns what the export keeps: an entry about a service (or one of its
/// rows) when the service is kept and the framework, if any, too; an entry about an entity row
/// or a control's level when its framework is; an entry about a provider (an attestation, a
/// review, a CSOC, an imported matrix) when the provider is. The FedRAMP baseline, the
/// bridge-letter window and the label mappings belong to the engagement as a whole. An entry of
/// an older file that
/// names nothing the file holds stays only when no service is left out.
fn decision_kept(
    d: &Decision,
    services: &HashSet<i64>,
    every_service: bool,
    left_out: &HashSet<Framework>,
    provider_kept: &dyn Fn(&str) -> bool,
) -> bool {
    match &d.about {
        Subject::Attestation { provider, .. }
        | Subject::VendorReview { provider }
        | Subject::Csoc { provider, .. }
        | Subject::Provider { provider }
        | Subject::ProviderMatrix { provider, .. } => provider_kept(provider),
        Subject::Unrecognized => every_service,
        about => {
            about.service_id().is_none_or(|id| services.contains(&id))
                && about.framework().is_none_or(|f| !left_out.contains(&f))
        }
    }
}
