//! A label that names the matrix's own provider: `AWS` in an AWS matrix means the provider's
//! side. Known aliases count as the same name (`Amazon Web Services`, `Amazon`).

use crate::fold;

/// Names that stand for one provider, each group folded.
const ALIASES: &[&[&str]] = &[
    &[
        "aws",
        "amazon",
        "amazon web services",
        "amazon.com",
        "amazon web services, inc.",
    ],
    &[
        "microsoft",
        "azure",
        "microsoft azure",
        "msft",
        "microsoft corporation",
    ],
    &[
        "google",
        "gcp",
        "google cloud",
        "google cloud platform",
        "google llc",
    ],
    &[
        "oracle",
        "oci",
        "oracle cloud",
        "oracle cloud infrastructure",
    ],
    &["ibm", "ibm cloud"],
    &["alibaba", "alibaba cloud", "aliyun"],
    &["salesforce", "salesforce.com", "sfdc"],
    &["cloud.gov", "gsa", "18f"],
];

/// The names `provider` goes by: itself and, when it is a known provider, its aliases.
pub fn provider_names(provider: &str) -> Vec<String> {
    let name = fold(provider);
    if name.is_empty() {
        return Vec::new();
    }
    let mut names = vec![name.clone()];
    if let Some(group) = ALIASES.iter().find(|g| g.contains(&name.as_str())) {
        names.extend(group.iter().map(|n| n.to_string()).filter(|n| *n != name));
    }
    names
}

/// True when `label` is the provider's name or a known alias of it, also written as
/// `Amazon Web Services (AWS)`.
pub fn names_provider(label: &str, provider: &str) -> bool {
    let names = provider_names(provider);
    let folded = fold(label);
    if folded.is_empty() {
        return false;
    }
    let mut parts = vec![folded.clone()];
    if let Some((main, rest)) = folded.split_once('(') {
        if let Some(inner) = rest.strip_suffix(')') {
            parts.push(main.trim().to_string());
            parts.push(inner.trim().to_string());
        }
    }
    parts.iter().any(|p| !p.is_empty() && names.contains(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_itself_and_its_aliases() {
        assert!(names_provider("AWS", "AWS"));
        assert!(names_provider("Amazon Web Services", "aws"));
        assert!(names_provider(" amazon\n", "Amazon Web Services"));
        assert!(names_provider("Amazon Web Services (AWS)", "AWS"));
        assert!(names_provider("Microsoft", "Azure"));
        assert!(names_provider("Google", "GCP"));
        assert!(names_provider("Acme Cloud", "acme cloud"));
        assert!(!names_provider("Google", "AWS"));
        assert!(!names_provider("Customer", "AWS"));
        assert!(!names_provider("", "AWS"));
        assert!(!names_provider("AWS", ""));
        assert!(!names_provider("AWS and customer", "AWS"));
    }

    #[test]
    fn every_alias_group_is_folded_and_apart() {
        let mut seen = Vec::new();
        for group in ALIASES {
            for name in *group {
                assert_eq!(fold(name), *name, "{name} is not folded");
                assert!(!seen.contains(name), "{name} is in two groups");
                seen.push(*name);
            }
        }
    }
}
