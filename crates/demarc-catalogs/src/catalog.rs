use std::borrow::Cow;
use std::sync::OnceLock;

use demarc_core::{FedrampLevel, Framework};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a catalog entry is in its framework's own structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ControlKind {
    /// NIST SP 800-53 base control (AC-2).
    Control,
    /// NIST SP 800-53 control enhancement (AC-2(1)).
    Enhancement,
    /// HIPAA standard (164.312(b)).
    Standard,
    /// HIPAA implementation specification marked (Required).
    ImplementationRequired,
    /// HIPAA implementation specification marked (Addressable).
    ImplementationAddressable,
    /// NIST CSF function (GV).
    Function,
    /// NIST CSF category (GV.OC).
    Category,
    /// NIST CSF subcategory (GV.OC-01).
    Subcategory,
    /// SOC 2 criterion (CC6.1).
    Criterion,
    /// PCI DSS requirement at any level (8, 8.4, 8.4.2).
    Requirement,
}

/// A group of controls: a NIST family, a HIPAA section, a PCI DSS principal requirement...
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Family {
    pub id: String,
    pub title: String,
}

/// One entry of a catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Control {
    pub id: String,
    pub title: String,
    /// The requirement's own words, only where the licence allows shipping them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub text: Option<String>,
    /// The id of its `Family`.
    pub family: String,
    /// The entry it refines (AC-2 for AC-2(1), 164.312(a)(1) for 164.312(a)(2)(iv)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub parent: Option<String>,
    pub kind: ControlKind,
    /// Withdrawn by the publisher but kept so that old references still resolve.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[ts(optional, as = "Option<bool>")]
    pub withdrawn: bool,
    /// FedRAMP only: the baselines that select this control.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<FedrampLevel>>")]
    pub baselines: Vec<FedrampLevel>,
}

/// A bundled catalog and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Catalog {
    pub framework: Framework,
    pub version: String,
    /// The file the catalog was generated from: a file of `../shared/catalogs`, or `lists/...`
    /// in this crate for the lists of our own labels.
    pub source: String,
    /// SHA-256 of the source file, lower-case hex.
    pub sha256: String,
    pub licence: String,
    pub generated_by: String,
    pub families: Vec<Family>,
    pub controls: Vec<Control>,
}

impl Control {
    /// The title as the matrix and the exports show it: a HIPAA implementation specification
    /// carries its designation, `Risk analysis (Required)`, `Encryption (Addressable)`.
    pub fn heading(&self) -> Cow<'_, str> {
        match self.kind {
            ControlKind::ImplementationRequired => Cow::Owned(format!("{} (Required)", self.title)),
            ControlKind::ImplementationAddressable => {
                Cow::Owned(format!("{} (Addressable)", self.title))
            }
            _ => Cow::Borrowed(&self.title),
        }
    }
}

impl Catalog {
    pub fn control(&self, id: &str) -> Option<&Control> {
        self.controls.iter().find(|c| c.id == id)
    }
}

/// The bundled catalog of a framework, parsed on first use.
pub fn catalog(framework: Framework) -> &'static Catalog {
    static CATALOGS: [OnceLock<Catalog>; Framework::ALL.len()] =
        [const { OnceLock::new() }; Framework::ALL.len()];
    let slot = Framework::ALL
        .iter()
        .position(|f| *f == framework)
        .unwrap_or_default();
    CATALOGS[slot].get_or_init(|| load(framework))
}

/// The controls a FedRAMP baseline selects, in catalog order.
pub fn fedramp_baseline(level: FedrampLevel) -> Vec<&'static Control> {
    catalog(Framework::Fedramp)
        .controls
        .iter()
        .filter(|c| c.baselines.contains(&level))
        .collect()
}

/// The bundled JSON of a framework's catalog.
pub(crate) fn catalog_json(framework: Framework) -> &'static str {
    match framework {
        Framework::Soc2 => include_str!("../data/soc2.json"),
        Framework::Hipaa => include_str!("../data/hipaa.json"),
        Framework::PciDss => include_str!("../data/pci_dss.json"),
        Framework::Fedramp => include_str!("../data/fedramp.json"),
        Framework::Nist80053 => include_str!("../data/nist80053.json"),
        Framework::NistCsf => include_str!("../data/nist_csf.json"),
        Framework::Iso27001 => include_str!("../data/iso27001.json"),
    }
}

fn load(framework: Framework) -> Catalog {
    let json = catalog_json(framework);
    // The files are generated and checked by the tests; a parse failure is a build defect.
    let mut parsed: Catalog = serde_json::from_str(json)
        .unwrap_or_else(|e| panic!("bundled catalog {} is malformed: {e}", framework.id()));
    if framework == Framework::Fedramp {
        // FedRAMP copies the NIST text verbatim; the data file leaves it out to avoid shipping
        // it twice, and it is filled in here.
        let nist = catalog(Framework::Nist80053);
        for control in &mut parsed.controls {
            if control.text.is_none() {
                control.text = nist.control(&control.id).and_then(|n| n.text.clone());
            }
        }
    }
    parsed
}
