//! What an attestation says it covers besides services: a FedRAMP package's boundary and
//! regions, a BAA's eligible services. A service outside them is covered only with a reason.

use super::AttestationDetails;
use crate::Service;

/// Why `service` lies outside what `details` says it covers, or `None` when it does not (or
/// the document records nothing to compare with).
pub fn outside_scope(details: &AttestationDetails, service: &Service) -> Option<String> {
    let listed = |names: &[String], name: &str| {
        names
            .iter()
            .any(|n| n.trim().eq_ignore_ascii_case(name.trim()))
    };
    match details {
        AttestationDetails::Fedramp(f) => {
            if !f.boundary.is_empty() && !listed(&f.boundary, &service.name) {
                return Some(format!(
                    "{} is not inside the authorization boundary of package {} ({})",
                    service.name,
                    f.package_id,
                    f.boundary.join(", ")
                ));
            }
            match &service.region {
                Some(region) if !f.regions.is_empty() && !listed(&f.regions, region) => {
                    Some(format!(
                        "{} runs in {region}, outside the regions of package {} ({})",
                        service.name,
                        f.package_id,
                        f.regions.join(", ")
                    ))
                }
                _ => None,
            }
        }
        AttestationDetails::Baa(b)
            if !b.eligible_services.is_empty() && !listed(&b.eligible_services, &service.name) =>
        {
            Some(format!(
                "{} is not among the BAA's eligible services ({})",
                service.name,
                b.eligible_services.join(", ")
            ))
        }
        _ => None,
    }
}
