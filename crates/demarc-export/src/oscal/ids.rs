//! The plan's identifiers: version 5 UUIDs of stable keys, and control ids as OSCAL tokens.

use demarc_core::Framework;
use uuid::Uuid;

use crate::ExportData;

/// The root of every UUID Demarc derives.
const NAMESPACE: Uuid = uuid::uuid!("e73ea37c-655c-4c45-a899-79f82a1dccfc");

/// The identifiers of one plan: version 5 UUIDs under the plan's own UUID, which derives from
/// the client and the engagement's name.
pub(super) struct Ids {
    pub root: Uuid,
}

impl Ids {
    pub fn new(data: &ExportData) -> Ids {
        let e = &data.view.engagement;
        let key = format!(
            "system-security-plan\n{}\n{}",
            e.client.trim(),
            e.name.trim()
        );
        Ids {
            root: Uuid::new_v5(&NAMESPACE, key.as_bytes()),
        }
    }

    pub fn of(&self, key: &str) -> String {
        Uuid::new_v5(&self.root, key.as_bytes()).to_string()
    }

    pub fn this_system(&self) -> String {
        self.of("component\nthis-system")
    }

    pub fn service(&self, service_id: i64) -> String {
        self.of(&format!("component\nservice\n{service_id}"))
    }

    pub fn provider(&self, provider: &str) -> String {
        self.of(&format!(
            "party\nprovider\n{}",
            provider.trim().to_lowercase()
        ))
    }

    pub fn authorization(&self, attestation_id: i64) -> String {
        self.of(&format!("leveraged-authorization\n{attestation_id}"))
    }

    /// The back-matter resource of an attestation that is no FedRAMP authorization.
    pub fn resource(&self, attestation_id: i64) -> String {
        self.of(&format!("resource\nattestation\n{attestation_id}"))
    }

    pub fn baselines(&self) -> String {
        self.of("resource\nbaselines")
    }
}

/// The identifier of a control in the document: NIST SP 800-53 and FedRAMP controls as NIST's
/// OSCAL catalog writes them (`AC-2(3)` is `ac-2.3`); the others prefixed with their framework
/// (`soc2-CC6.1`, `hipaa-164.312.b`, `pci-dss-8.4.2`), since OSCAL identifiers start with a
/// letter and hold only letters, digits, `.`, `-` and `_`.
pub fn control_token(framework: Framework, control_id: &str) -> String {
    let mut token = String::new();
    for c in control_id.trim().chars() {
        match c {
            '(' | '.' if !token.ends_with('.') && !token.is_empty() => token.push('.'),
            '(' | '.' | ')' => {}
            c if c.is_whitespace() => {}
            c if c.is_ascii_alphanumeric() || c == '-' || c == '_' => token.push(c),
            _ if !token.ends_with('-') => token.push('-'),
            _ => {}
        }
    }
    let token = token.trim_end_matches(['.', '-']);
    match framework {
        Framework::Nist80053 | Framework::Fedramp
            if token.starts_with(|c: char| c.is_ascii_alphabetic()) =>
        {
            token.to_lowercase()
        }
        _ => format!("{}-{token}", framework.id().replace('_', "-")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_ids_become_oscal_tokens() {
        use Framework::*;
        let cases = [
            (Nist80053, "AC-2", "ac-2"),
            (Nist80053, "AC-2(3)", "ac-2.3"),
            (Fedramp, "AC-02 (03)", "ac-02.03"),
            (Fedramp, "SC-7(4)(a)", "sc-7.4.a"),
            (Soc2, "CC6.1", "soc2-CC6.1"),
            (Soc2, "CUEC-12.3", "soc2-CUEC-12.3"),
            (Hipaa, "164.308(a)(7)(ii)(A)", "hipaa-164.308.a.7.ii.A"),
            (Hipaa, "164.312(b)", "hipaa-164.312.b"),
            (PciDss, "8.4.2", "pci-dss-8.4.2"),
            (PciDss, "A1.1.1", "pci-dss-A1.1.1"),
            (Iso27001, "A.5.1", "iso27001-A.5.1"),
            (NistCsf, "PR.AA-01", "nist-csf-PR.AA-01"),
            (Nist80053, "1 odd/id", "nist80053-1odd-id"),
        ];
        for (framework, id, token) in cases {
            assert_eq!(control_token(framework, id), token, "{id}");
        }
    }
}
