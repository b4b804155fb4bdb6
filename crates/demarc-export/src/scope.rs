//! An export of part of the engagement: chosen frameworks and services.

use std::collections::HashSet;

use demarc_core::{Decision, Framework, Gap, GapLink, GapReport};

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
        self.rows
            .retain(|r| ids.contains(&r.service_id) && frameworks.contains(&r.framework));

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

        let gaps: Vec<Gap> = std::mem::take(&mut self.gaps.gaps)
            .into_iter()
            .filter(|g| {
                g.service.as_ref().is_none_or(|s| names.contains(s))
                    && g.framework.is_none_or(|f| !left_out.contains(&f))
                    && g.provider.as_deref().is_none_or(provider_kept)
                    && match &g.link {
                        GapLink::Row { service_id, .. }
                        | GapLink::Layer { service_id, .. }
                        | GapLink::Service { service_id } => ids.contains(service_id),
                        GapLink::Provider { name } => provider_kept(name),
                        GapLink::Attestation { .. } => true,
                    }
            })
            .collect();
        self.gaps = GapReport::new(self.gaps.today, gaps);

        let decisions = std::mem::take(&mut self.decisions);
        self.decisions = decisions
            .into_iter()
            .filter(|d| decision_kept(d, &names, &left_out, &provider_kept))
            .collect();
        Ok(())
    }
}

/// Whether a log entry concerns what the export keeps. Entries name what they change:
/// `service "EC2" layer os`, `service "EC2" control soc2 CC6.1 owner`, `provider "AWS" soc2 #3`;
/// anything else belongs to the engagement as a whole.
fn decision_kept(
    d: &Decision,
    services: &[String],
    left_out: &HashSet<Framework>,
    provider_kept: &dyn Fn(&str) -> bool,
) -> bool {
    if let Some((service, rest)) = quoted_after(&d.subject, "service ") {
        if !services.contains(&service) {
            return false;
        }
        return match rest.strip_prefix(" control ") {
            Some(control) => control
                .split(' ')
                .next()
                .and_then(Framework::from_id)
                .is_none_or(|f| !left_out.contains(&f)),
            None => true,
        };
    }
    if let Some((provider, _)) = quoted_after(&d.subject, "provider ") {
        return provider_kept(&provider);
    }
    true
}

/// The string quoted (as Rust's `{:?}` writes it) right after `prefix`, and the text after it.
fn quoted_after<'a>(subject: &'a str, prefix: &str) -> Option<(String, &'a str)> {
    let rest = subject.strip_prefix(prefix)?.strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = rest.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, &rest[i + 1..])),
            '\\' => match chars.next()?.1 {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                '0' => out.push('\0'),
                'u' => {
                    // \u{XXXX}
                    let mut hex = String::new();
                    for (_, h) in chars.by_ref() {
                        match h {
                            '{' => {}
                            '}' => break,
                            h => hex.push(h),
                        }
                    }
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::quoted_after;

    #[test]
    fn quoted_names_are_read_back_as_written() {
        for name in [
            "EC2",
            "say \"hi\"",
            "back\\slash",
            "tab\there",
            "Ελληνική",
            "\u{7}",
        ] {
            let subject = format!("service {name:?} layer os");
            assert_eq!(
                quoted_after(&subject, "service "),
                Some((name.to_string(), " layer os")),
                "{subject}"
            );
        }
        assert_eq!(quoted_after("engagement frameworks", "service "), None);
        assert_eq!(quoted_after("service \"unterminated", "service "), None);
    }
}
