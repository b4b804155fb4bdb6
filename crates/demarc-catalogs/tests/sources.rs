//! The sources the About dialog lists: one per bundled catalog and crosswalk, with the terms
//! from its file.

use demarc_catalogs::{bundled_sources, catalog};
use demarc_core::Framework;

#[test]
fn every_bundled_catalog_is_listed_with_its_terms() {
    let sources = bundled_sources();
    assert!(sources.len() > Framework::ALL.len());
    for (framework, source) in Framework::ALL.iter().zip(&sources) {
        let c = catalog(*framework);
        assert_eq!(source.name, format!("{} catalog", framework.label()));
        assert_eq!(source.version, c.version);
        assert_eq!(source.source, c.source);
        assert_eq!(source.terms, c.licence);
    }
}

#[test]
fn copyrighted_frameworks_say_their_text_is_not_shipped() {
    for source in bundled_sources() {
        if ["SOC 2 catalog", "PCI DSS catalog", "ISO 27001 catalog"].contains(&source.name.as_str())
        {
            assert!(
                source.terms.contains("not included"),
                "{}: {}",
                source.name,
                source.terms
            );
        }
    }
}

#[test]
fn every_bundled_crosswalk_is_listed_with_its_publisher_and_terms() {
    let sources = bundled_sources();
    let crosswalks = demarc_catalogs::bundled_crosswalks();
    let matrices = demarc_catalogs::shipped_matrices();
    assert_eq!(
        sources.len(),
        Framework::ALL.len() + crosswalks.len() + matrices.len()
    );
    for (crosswalk, source) in crosswalks.iter().zip(&sources[Framework::ALL.len()..]) {
        assert_eq!(source.name, format!("{} crosswalk", crosswalk.name));
        assert_eq!(
            source.version,
            crosswalk.origin.version.clone().unwrap_or_default()
        );
        assert!(
            source.source.contains(&crosswalk.origin.file)
                && source.source.contains(&crosswalk.origin.publisher),
            "{}",
            source.source
        );
        assert_eq!(source.terms, crosswalk.origin.licence);
        assert!(!source.terms.is_empty());
    }
}

#[test]
fn the_shipped_provider_matrix_is_listed_with_its_attribution() {
    let sources = bundled_sources();
    let matrices = demarc_catalogs::shipped_matrices();
    assert!(!matrices.is_empty());
    let listed = &sources[sources.len() - matrices.len()..];
    for (m, source) in matrices.iter().zip(listed) {
        assert!(source.name.starts_with(&m.name), "{}", source.name);
        assert!(
            source.source.contains(&m.origin.sha256),
            "{}",
            source.source
        );
        assert!(
            source.source.contains("MicrosoftDocs/SecurityBenchmarks"),
            "{}",
            source.source
        );
        assert!(source.terms.contains("CC BY 4.0"), "{}", source.terms);
        assert!(
            source.terms.contains("© Microsoft Corporation"),
            "{}",
            source.terms
        );
    }
}
