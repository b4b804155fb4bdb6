//! ID spaces: the identifiers of one framework at one version. The seven bundled catalogs each
//! have one (FedRAMP shares SP 800-53 Rev 5's), and so do frameworks Demarc ships no catalog of
//! (CSA CCM, the Azure and Microsoft cloud security benchmarks, CIS Controls, SP 800-171), so
//! that provider rows written in their IDs can be crosswalked. Versions whose numbering differs
//! are distinct spaces: SP 800-53 Rev 4 is not Rev 5, PCI DSS v3.2.1 is not v4.0.1.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::imported::Layout;
use crate::{fold, latin_look_alikes, normalize_control_id, Framework};

/// The identifiers of one framework at one version.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IdSpace {
    Soc2Tsc2017,
    HipaaSecurityRule,
    /// PCI DSS v4.0 and v4.0.1 number their requirements alike.
    PciDss4,
    PciDss321,
    Nist80053R5,
    Nist80053R4,
    NistCsf2,
    NistCsf11,
    Iso27001_2022,
    Iso27001_2013,
    /// CSA Cloud Controls Matrix v4; CAIQ v4 questions (`IAM-09.1`) belong to its controls.
    CsaCcm4,
    CsaCcm3,
    AzureSecurityBenchmark1,
    AzureSecurityBenchmark2,
    AzureSecurityBenchmark3,
    MicrosoftCloudSecurityBenchmark1,
    CisControls8,
    CisControls71,
    Nist800171R2,
    Nist800171R3,
    SecureControlsFramework,
    /// A framework Demarc does not know, by the name its source gives it.
    Other(String),
}

/// Every known space, in the order lists show them.
pub const KNOWN_SPACES: [IdSpace; 21] = [
    IdSpace::Soc2Tsc2017,
    IdSpace::HipaaSecurityRule,
    IdSpace::PciDss4,
    IdSpace::PciDss321,
    IdSpace::Nist80053R5,
    IdSpace::Nist80053R4,
    IdSpace::NistCsf2,
    IdSpace::NistCsf11,
    IdSpace::Iso27001_2022,
    IdSpace::Iso27001_2013,
    IdSpace::CsaCcm4,
    IdSpace::CsaCcm3,
    IdSpace::AzureSecurityBenchmark1,
    IdSpace::AzureSecurityBenchmark2,
    IdSpace::AzureSecurityBenchmark3,
    IdSpace::MicrosoftCloudSecurityBenchmark1,
    IdSpace::CisControls8,
    IdSpace::CisControls71,
    IdSpace::Nist800171R2,
    IdSpace::Nist800171R3,
    IdSpace::SecureControlsFramework,
];

impl IdSpace {
    /// The stable identifier files and JSON use (`nist_800_53_r5`); `other:NAME` for others.
    pub fn id(&self) -> String {
        let id = match self {
            IdSpace::Soc2Tsc2017 => "soc2_tsc_2017",
            IdSpace::HipaaSecurityRule => "hipaa_security_rule",
            IdSpace::PciDss4 => "pci_dss_4",
            IdSpace::PciDss321 => "pci_dss_3_2_1",
            IdSpace::Nist80053R5 => "nist_800_53_r5",
            IdSpace::Nist80053R4 => "nist_800_53_r4",
            IdSpace::NistCsf2 => "nist_csf_2",
            IdSpace::NistCsf11 => "nist_csf_1_1",
            IdSpace::Iso27001_2022 => "iso_27001_2022",
            IdSpace::Iso27001_2013 => "iso_27001_2013",
            IdSpace::CsaCcm4 => "csa_ccm_4",
            IdSpace::CsaCcm3 => "csa_ccm_3",
            IdSpace::AzureSecurityBenchmark1 => "asb_1",
            IdSpace::AzureSecurityBenchmark2 => "asb_2",
            IdSpace::AzureSecurityBenchmark3 => "asb_3",
            IdSpace::MicrosoftCloudSecurityBenchmark1 => "mcsb_1",
            IdSpace::CisControls8 => "cis_8",
            IdSpace::CisControls71 => "cis_7_1",
            IdSpace::Nist800171R2 => "nist_800_171_r2",
            IdSpace::Nist800171R3 => "nist_800_171_r3",
            IdSpace::SecureControlsFramework => "scf",
            IdSpace::Other(name) => return format!("other:{name}"),
        };
        id.to_string()
    }

    /// The name a person reads (`NIST SP 800-53 Rev 5`).
    pub fn label(&self) -> String {
        let label = match self {
            IdSpace::Soc2Tsc2017 => "SOC 2 (AICPA TSC 2017)",
            IdSpace::HipaaSecurityRule => "HIPAA Security Rule",
            IdSpace::PciDss4 => "PCI DSS v4.0.1",
            IdSpace::PciDss321 => "PCI DSS v3.2.1",
            IdSpace::Nist80053R5 => "NIST SP 800-53 Rev 5",
            IdSpace::Nist80053R4 => "NIST SP 800-53 Rev 4",
            IdSpace::NistCsf2 => "NIST CSF 2.0",
            IdSpace::NistCsf11 => "NIST CSF 1.1",
            IdSpace::Iso27001_2022 => "ISO/IEC 27001:2022",
            IdSpace::Iso27001_2013 => "ISO/IEC 27001:2013",
            IdSpace::CsaCcm4 => "CSA CCM v4",
            IdSpace::CsaCcm3 => "CSA CCM v3.0.1",
            IdSpace::AzureSecurityBenchmark1 => "Azure Security Benchmark v1",
            IdSpace::AzureSecurityBenchmark2 => "Azure Security Benchmark v2",
            IdSpace::AzureSecurityBenchmark3 => "Azure Security Benchmark v3",
            IdSpace::MicrosoftCloudSecurityBenchmark1 => "Microsoft cloud security benchmark v1",
            IdSpace::CisControls8 => "CIS Controls v8",
            IdSpace::CisControls71 => "CIS Controls v7.1",
            IdSpace::Nist800171R2 => "NIST SP 800-171 Rev 2",
            IdSpace::Nist800171R3 => "NIST SP 800-171 Rev 3",
            IdSpace::SecureControlsFramework => "Secure Controls Framework",
            IdSpace::Other(name) => return name.clone(),
        };
        label.to_string()
    }

    /// A short name for trails (`CCM`, `SOC 2`, `800-53 r5`).
    pub fn short(&self) -> String {
        let short = match self {
            IdSpace::Soc2Tsc2017 => "SOC 2",
            IdSpace::HipaaSecurityRule => "HIPAA",
            IdSpace::PciDss4 => "PCI DSS",
            IdSpace::PciDss321 => "PCI DSS 3.2.1",
            IdSpace::Nist80053R5 => "800-53",
            IdSpace::Nist80053R4 => "800-53 r4",
            IdSpace::NistCsf2 => "CSF",
            IdSpace::NistCsf11 => "CSF 1.1",
            IdSpace::Iso27001_2022 => "ISO 27001",
            IdSpace::Iso27001_2013 => "ISO 27001:2013",
            IdSpace::CsaCcm4 => "CCM",
            IdSpace::CsaCcm3 => "CCM v3",
            IdSpace::AzureSecurityBenchmark1 => "ASB v1",
            IdSpace::AzureSecurityBenchmark2 => "ASB v2",
            IdSpace::AzureSecurityBenchmark3 => "ASB",
            IdSpace::MicrosoftCloudSecurityBenchmark1 => "MCSB",
            IdSpace::CisControls8 => "CIS v8",
            IdSpace::CisControls71 => "CIS v7.1",
            IdSpace::Nist800171R2 => "800-171",
            IdSpace::Nist800171R3 => "800-171 r3",
            IdSpace::SecureControlsFramework => "SCF",
            IdSpace::Other(name) => return name.clone(),
        };
        short.to_string()
    }

    /// The space of a bundled framework's control IDs; FedRAMP's are SP 800-53 Rev 5's.
    pub fn of(framework: Framework) -> IdSpace {
        match framework {
            Framework::Soc2 => IdSpace::Soc2Tsc2017,
            Framework::Hipaa => IdSpace::HipaaSecurityRule,
            Framework::PciDss => IdSpace::PciDss4,
            Framework::Fedramp | Framework::Nist80053 => IdSpace::Nist80053R5,
            Framework::NistCsf => IdSpace::NistCsf2,
            Framework::Iso27001 => IdSpace::Iso27001_2022,
        }
    }

    /// The space of an imported provider table's control IDs, from its layout and IDs: CAIQ and
    /// CCM tables are CCM v4's; a FedRAMP CIS or CRM is SP 800-53 Rev 4's when it pads its IDs
    /// as the Rev 4 templates do (`AC-02 (03)`), Rev 5's otherwise; a Microsoft baseline is the
    /// Azure Security Benchmark v1's with numeric IDs (`1.10`), v3's with lettered ones (`NS-1`);
    /// a PCI DSS matrix is v4.0.1's; CAIQ v3.0.1's are CCM v3's; OSCAL's are SP 800-53 Rev 5's.
    /// `None` for a generic table: its IDs say nothing certain.
    pub fn of_table(layout: Layout, ids: &[&str]) -> Option<IdSpace> {
        let first = ids.iter().map(|i| i.trim()).find(|i| !i.is_empty());
        match layout {
            Layout::CsaCaiq | Layout::CsaCcm => Some(IdSpace::CsaCcm4),
            // CAIQ v3.0.1's questions (`AIS-01.1`) belong to CCM v3.0.1's controls.
            Layout::CsaCaiqV3 => Some(IdSpace::CsaCcm3),
            // OSCAL's control IDs are a catalog's; the SP 800-53 Rev 5 one nearly always.
            Layout::OscalSsp | Layout::OscalComponent => Some(IdSpace::Nist80053R5),
            Layout::FedrampCis | Layout::FedrampCrm => {
                let padded = ids.iter().any(|id| {
                    id.trim()
                        .split_once('-')
                        .is_some_and(|(_, n)| n.len() >= 2 && n.starts_with('0'))
                });
                Some(if padded {
                    IdSpace::Nist80053R4
                } else {
                    IdSpace::Nist80053R5
                })
            }
            Layout::MicrosoftBaseline => first.map(|id| {
                if id.starts_with(|c: char| c.is_ascii_digit()) {
                    IdSpace::AzureSecurityBenchmark1
                } else {
                    IdSpace::AzureSecurityBenchmark3
                }
            }),
            Layout::PciDss => Some(IdSpace::PciDss4),
            Layout::Generic | Layout::Profile => None,
        }
    }

    /// The bundled frameworks whose controls use this space's IDs.
    pub fn frameworks(&self) -> Vec<Framework> {
        Framework::ALL
            .into_iter()
            .filter(|f| IdSpace::of(*f) == *self)
            .collect()
    }

    /// The space an identifier names: an id (`nist_800_53_r5`, `other:ISF SOGP 2022`), a
    /// framework id (`soc2`, `fedramp`) or a title as sources write it (`NIST 800-53 r5`,
    /// `AICPA TSC 2017 (SOC 2)`, `PCIDSS v4.0`, `ISO 27001:2022 ...`). `None` when the text
    /// names no known framework or leaves its version open (`PCI DSS` alone).
    pub fn recognise(text: &str) -> Option<IdSpace> {
        let trimmed = text.trim();
        if let Some(name) = trimmed.strip_prefix("other:") {
            let name = name.trim();
            return (!name.is_empty()).then(|| IdSpace::Other(name.to_string()));
        }
        if let Some(space) = KNOWN_SPACES.iter().find(|s| s.id() == trimmed) {
            return Some(space.clone());
        }
        if let Some(f) = Framework::from_id(trimmed) {
            return Some(IdSpace::of(f));
        }
        from_title(&Title::new(trimmed))
    }

    /// True for spaces whose IDs bundled catalogs list.
    pub fn has_catalog(&self) -> bool {
        !self.frameworks().is_empty()
    }

    /// A control ID of this space as written in a mapping cell, in the one spelling used for
    /// matching (`normalize_control_id`'s), or `None` when the text is not an ID of this space
    /// (`N/A`, a title, a word). Look-alike letters are read as Latin; a standard named before
    /// the ID (`27001: A.5.14`, `27002: 8.1`), a title after a NIST ID (`AC-4: INFORMATION FLOW
    /// ENFORCEMENT`), OSCAL's `ac-2.1`, a statement letter glued to its control (`AC-2k`) and a
    /// closing full stop are read as the ID they stand for.
    pub fn normalize(&self, raw: &str) -> Option<String> {
        let text = latin_look_alikes(raw);
        let text = text.trim().trim_end_matches(['.', ',', ';']).trim();
        if text.is_empty() {
            return None;
        }
        let id = match self {
            IdSpace::Nist80053R5 | IdSpace::Nist80053R4 => nist_800_53(text)?,
            IdSpace::Iso27001_2022 | IdSpace::Iso27001_2013 => iso(text)?,
            _ => normalize_control_id(text),
        };
        self.shape_fits(&id).then_some(id)
    }

    /// The control a question or statement part belongs to: CAIQ `IAM-09.1` to CCM `IAM-09`,
    /// `AC-2(a)` to `AC-2`. `None` for a control itself.
    pub fn parent(&self, normalized: &str) -> Option<String> {
        match self {
            IdSpace::CsaCcm4 | IdSpace::CsaCcm3 => {
                let (control, question) = normalized.rsplit_once('.')?;
                (ccm_control(control) && digits(question)).then(|| control.to_string())
            }
            IdSpace::Nist80053R5 | IdSpace::Nist80053R4 => {
                crate::provider_matrix::control_of_part(normalized).map(str::to_string)
            }
            _ => None,
        }
    }

    /// Whether a normalized ID has the shape this space's IDs have.
    fn shape_fits(&self, id: &str) -> bool {
        match self {
            IdSpace::Nist80053R5 | IdSpace::Nist80053R4 => nist_shape(id),
            IdSpace::NistCsf2 | IdSpace::NistCsf11 => csf_shape(id),
            IdSpace::Soc2Tsc2017 => {
                let letters = id.trim_start_matches(|c: char| c.is_ascii_uppercase());
                (1..=2).contains(&(id.len() - letters.len())) && dotted(letters, 2, 2)
            }
            IdSpace::HipaaSecurityRule => id.starts_with("164.") && id.len() > 4,
            IdSpace::PciDss4 | IdSpace::PciDss321 => {
                dotted(id, 1, 5) || id.strip_prefix('A').is_some_and(|rest| dotted(rest, 1, 5))
            }
            IdSpace::Iso27001_2022 | IdSpace::Iso27001_2013 => {
                let body = id.strip_prefix("A.").unwrap_or(id);
                let body = match body.split_once('(') {
                    Some((b, part)) => part
                        .strip_suffix(')')
                        .filter(|p| p.len() == 1 && p.chars().all(|c| c.is_ascii_uppercase()))
                        .map(|_| b)
                        .unwrap_or(""),
                    None => body,
                };
                dotted(body, 1, 4)
            }
            IdSpace::CsaCcm4 | IdSpace::CsaCcm3 => ccm_control(id) || self.parent(id).is_some(),
            IdSpace::SecureControlsFramework => match id.split_once('.') {
                Some((control, sub)) => letters_dash_digits(control, 3, 4) && digits(sub),
                None => letters_dash_digits(id, 3, 4),
            },
            IdSpace::AzureSecurityBenchmark1 | IdSpace::CisControls71 | IdSpace::CisControls8 => {
                dotted(id, 1, 2)
            }
            IdSpace::AzureSecurityBenchmark2
            | IdSpace::AzureSecurityBenchmark3
            | IdSpace::MicrosoftCloudSecurityBenchmark1 => letters_dash_digits(id, 2, 2),
            IdSpace::Nist800171R2 | IdSpace::Nist800171R3 => dotted(id, 3, 3),
            IdSpace::Other(_) => {
                id.chars().any(|c| c.is_ascii_digit())
                    && id.chars().count() <= 40
                    && !id.chars().any(char::is_whitespace)
            }
        }
    }
}

impl std::fmt::Display for IdSpace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label())
    }
}

impl Serialize for IdSpace {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.id())
    }
}

impl<'de> Deserialize<'de> for IdSpace {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<IdSpace, D::Error> {
        let id = String::deserialize(d)?;
        match id.strip_prefix("other:") {
            Some(name) => Ok(IdSpace::Other(name.to_string())),
            None => KNOWN_SPACES
                .iter()
                .find(|s| s.id() == id)
                .cloned()
                .ok_or_else(|| serde::de::Error::custom(format!("unknown ID space {id:?}"))),
        }
    }
}

/// A title cut into folded words: `NIST SP800-53 r4 ID(s)` into `nist`, `sp800`, `53`, `r4`,
/// `id`, `s`.
struct Title {
    folded: String,
    words: Vec<String>,
}

impl Title {
    fn new(text: &str) -> Title {
        let folded = fold(text);
        let words = folded
            .split(|c: char| !(c.is_alphanumeric() || c == '.'))
            .map(|w| w.trim_matches('.').to_string())
            .filter(|w| !w.is_empty())
            .collect();
        Title { folded, words }
    }

    fn has(&self, part: &str) -> bool {
        self.folded.contains(part)
    }

    fn word(&self, word: &str) -> bool {
        self.words.iter().any(|w| w == word)
    }

    /// The version numbers the title gives, without the numbers that name the standard
    /// (`800`, `53`...): from `r5`, `rev 5`, `v4.0`, `revision 4`, `CCMv4.0`, `5.2.0`.
    fn versions(&self, name_numbers: &[&str]) -> Vec<String> {
        let mut out = Vec::new();
        let mut after_marker = false;
        for w in &self.words {
            let first_digit = w.find(|c: char| c.is_ascii_digit());
            let (letters, number) = w.split_at(first_digit.unwrap_or(w.len()));
            let marker = |l: &str| ["r", "rev", "revision", "v", "version"].contains(&l);
            if number.is_empty() {
                after_marker = marker(letters);
                continue;
            }
            let counts = if letters.is_empty() {
                after_marker || !name_numbers.contains(&number)
            } else {
                ["r", "rev", "revision", "v"]
                    .iter()
                    .any(|m| letters.ends_with(m))
            };
            if counts {
                out.push(number.trim_end_matches(".0").to_string());
            }
            after_marker = false;
        }
        out
    }

    fn version_starts(&self, name_numbers: &[&str], prefix: &str) -> bool {
        self.versions(name_numbers)
            .iter()
            .any(|v| v == prefix || v.starts_with(&format!("{prefix}.")))
    }
}

fn from_title(t: &Title) -> Option<IdSpace> {
    if t.has("800-53") || t.has("80053") || t.has("800 53") || t.word("fedramp") {
        let names = ["800", "53", "80053"];
        return if t.version_starts(&names, "4") {
            Some(IdSpace::Nist80053R4)
        } else if t.version_starts(&names, "5") || t.word("fedramp") {
            Some(IdSpace::Nist80053R5)
        } else {
            None
        };
    }
    if t.has("800-171") || t.has("800171") || t.has("800 171") {
        let names = ["800", "171", "800171"];
        return if t.version_starts(&names, "3") {
            Some(IdSpace::Nist800171R3)
        } else if t.version_starts(&names, "2") {
            Some(IdSpace::Nist800171R2)
        } else {
            None
        };
    }
    if t.word("csf") || t.has("cybersecurity framework") {
        return if t.version_starts(&[], "2") {
            Some(IdSpace::NistCsf2)
        } else if t.version_starts(&[], "1.1") {
            Some(IdSpace::NistCsf11)
        } else {
            None
        };
    }
    if t.has("27001") || t.has("27002") {
        return if t.has("2013") {
            Some(IdSpace::Iso27001_2013)
        } else if t.has("2022") {
            Some(IdSpace::Iso27001_2022)
        } else {
            None
        };
    }
    if t.has("ccm") || t.word("caiq") || t.has("cloud controls matrix") {
        return if t.version_starts(&[], "3") {
            Some(IdSpace::CsaCcm3)
        } else if t.version_starts(&[], "4") || t.word("caiq") {
            Some(IdSpace::CsaCcm4)
        } else {
            None
        };
    }
    if t.word("mcsb") || t.has("microsoft cloud security benchmark") {
        return Some(IdSpace::MicrosoftCloudSecurityBenchmark1);
    }
    if t.word("asb") || t.has("azure security benchmark") {
        return if t.version_starts(&[], "1") {
            Some(IdSpace::AzureSecurityBenchmark1)
        } else if t.version_starts(&[], "2") {
            Some(IdSpace::AzureSecurityBenchmark2)
        } else if t.version_starts(&[], "3") {
            Some(IdSpace::AzureSecurityBenchmark3)
        } else {
            None
        };
    }
    if t.word("pci") || t.word("pcidss") || t.has("pci dss") || t.has("pci-dss") {
        return if t.version_starts(&[], "3") {
            Some(IdSpace::PciDss321)
        } else if t.version_starts(&[], "4") {
            Some(IdSpace::PciDss4)
        } else {
            None
        };
    }
    if t.word("scf") || t.has("secure controls framework") {
        return Some(IdSpace::SecureControlsFramework);
    }
    if t.word("cis") {
        return if t.version_starts(&[], "7") {
            Some(IdSpace::CisControls71)
        } else if t.version_starts(&[], "8") {
            Some(IdSpace::CisControls8)
        } else {
            None
        };
    }
    if t.word("hipaa") || t.has("security rule") {
        return Some(IdSpace::HipaaSecurityRule);
    }
    if t.word("tsc") || t.word("soc") || t.has("soc 2") || t.word("soc2") || t.word("aicpa") {
        return Some(IdSpace::Soc2Tsc2017);
    }
    None
}

/// SP 800-53 as sources write it: `AC-4: INFORMATION FLOW ENFORCEMENT`, `ac-2.1` (OSCAL),
/// `AC-2k`, `SC-28 (1)`, `PM-09`.
fn nist_800_53(text: &str) -> Option<String> {
    let id = text.split(':').next()?.trim();
    let id = oscal_form(id).unwrap_or_else(|| id.to_string());
    let id = glued_part(&id).unwrap_or(id);
    Some(normalize_control_id(&id))
}

/// OSCAL's `ac-2.1` (and `ac-2.1_smt.a`) as `AC-2(1)` (`AC-2(1)(a)`).
fn oscal_form(id: &str) -> Option<String> {
    let (control, statement) = match id.split_once("_smt") {
        Some((c, s)) => (c, Some(s.trim_start_matches('.'))),
        None => (id, None),
    };
    if !control.starts_with(|c: char| c.is_ascii_lowercase()) {
        return None;
    }
    let (base, enhancement) = match control.split_once('.') {
        Some((b, e)) if digits(e) => (b, Some(e)),
        Some(_) => return None,
        None if statement.is_some() => (control, None),
        None => return None,
    };
    let mut out = base.to_uppercase();
    if let Some(e) = enhancement {
        out.push_str(&format!("({e})"));
    }
    for part in statement.into_iter().flat_map(|s| s.split('.')) {
        if !part.is_empty() {
            out.push_str(&format!("({part})"));
        }
    }
    Some(out)
}

/// `AC-2k` as `AC-2(k)`: a statement letter written straight after the control number.
fn glued_part(id: &str) -> Option<String> {
    let (family, rest) = id.split_once('-')?;
    let number_end = rest.find(|c: char| !c.is_ascii_digit())?;
    let (number, letter) = rest.split_at(number_end);
    (!number.is_empty() && letter.len() == 1 && letter.chars().all(|c| c.is_ascii_alphabetic()))
        .then(|| format!("{family}-{number}({})", letter.to_lowercase()))
}

/// ISO 27001 as sources write it: `27001: A.5.14`, `27002: 8.1` (a 27002:2022 control is the
/// Annex A control of the same number), `ISO/IEC 27001:2022: Annex A Controls: 5.20`,
/// `Mandatory Clause: 4.2(a)`, `A.5.14`, `6.1.2`.
fn iso(text: &str) -> Option<String> {
    let mut rest = text;
    let mut annex = false;
    'prefixes: loop {
        for (prefix, is_annex) in [
            ("iso/iec", false),
            ("iso", false),
            ("27001:2022", false),
            ("27001:2013", false),
            ("27001", false),
            ("27002:2022", true),
            ("27002:2013", true),
            ("27002", true),
            ("annex a controls", true),
            ("annex a", true),
            ("mandatory clause", false),
        ] {
            if let Some(after) = strip_ci(rest, prefix) {
                annex |= is_annex;
                rest = after.trim_start().trim_start_matches(':').trim_start();
                continue 'prefixes;
            }
        }
        break;
    }
    let id = normalize_control_id(rest);
    if id.is_empty() {
        return None;
    }
    if annex && !id.starts_with("A.") {
        return Some(format!("A.{id}"));
    }
    Some(id)
}

/// `text` without `prefix`, compared without regard to ASCII case.
fn strip_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

fn digits(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_digit())
}

/// `1`, `8.4.2`: between `min` and `max` dot-separated numbers.
fn dotted(text: &str, min: usize, max: usize) -> bool {
    let parts: Vec<&str> = text.split('.').collect();
    (min..=max).contains(&parts.len()) && parts.iter().all(|p| digits(p))
}

/// `IAM-09`, `NS-1`, `GOV-01`: `letters` upper-case letters (or `&`), a dash, digits.
fn letters_dash_digits(text: &str, min: usize, max: usize) -> bool {
    text.split_once('-').is_some_and(|(l, d)| {
        (min..=max).contains(&l.chars().count())
            && l.chars().all(|c| c.is_ascii_uppercase() || c == '&')
            && digits(d)
    })
}

fn ccm_control(text: &str) -> bool {
    letters_dash_digits(text, 3, 3)
}

/// `AC-2`, `AC-2(3)`, `AC-2(3)(a)`, `AC-1(a)(1)`.
fn nist_shape(id: &str) -> bool {
    let Some((family, rest)) = id.split_once('-') else {
        return false;
    };
    if family.len() != 2 || !family.chars().all(|c| c.is_ascii_uppercase()) {
        return false;
    }
    let number_end = rest.find('(').unwrap_or(rest.len());
    let (number, mut parts) = rest.split_at(number_end);
    if !digits(number) {
        return false;
    }
    while !parts.is_empty() {
        let Some((part, after)) = parts
            .strip_prefix('(')
            .and_then(|inner| inner.split_once(')'))
        else {
            return false;
        };
        if !(digits(part) || (!part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase()))) {
            return false;
        }
        parts = after;
    }
    true
}

/// `GV`, `GV.OC`, `GV.OC-01`, `ID.AM-1` (CSF 1.1).
fn csf_shape(id: &str) -> bool {
    let two_letters = |s: &str| s.len() == 2 && s.chars().all(|c| c.is_ascii_uppercase());
    match id.split_once('.') {
        None => two_letters(id),
        Some((function, rest)) => {
            two_letters(function)
                && match rest.split_once('-') {
                    None => two_letters(rest),
                    Some((category, number)) => two_letters(category) && digits(number),
                }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_json() {
        for space in KNOWN_SPACES
            .iter()
            .cloned()
            .chain([IdSpace::Other("ISF SOGP 2022".into())])
        {
            let json = serde_json::to_string(&space).unwrap();
            assert_eq!(serde_json::from_str::<IdSpace>(&json).unwrap(), space);
            assert_eq!(IdSpace::recognise(&space.id()), Some(space.clone()));
        }
        assert!(serde_json::from_str::<IdSpace>("\"nist\"").is_err());
    }

    #[test]
    fn titles_as_sources_write_them_name_their_space() {
        let r = |t: &str| IdSpace::recognise(t);
        assert_eq!(r("AICPA TSC 2017"), Some(IdSpace::Soc2Tsc2017));
        assert_eq!(r("AICPA TSC 2017 (SOC 2)"), Some(IdSpace::Soc2Tsc2017));
        assert_eq!(r("soc2"), Some(IdSpace::Soc2Tsc2017));
        assert_eq!(r("ISO 27001:2022"), Some(IdSpace::Iso27001_2022));
        assert_eq!(r("ISO 27001 v2022"), Some(IdSpace::Iso27001_2022));
        assert_eq!(r("ISO 27001:2013 ..."), Some(IdSpace::Iso27001_2013));
        assert_eq!(r("NIST 800-53 r5"), Some(IdSpace::Nist80053R5));
        assert_eq!(r("NIST 800-53 rev5"), Some(IdSpace::Nist80053R5));
        assert_eq!(r("NIST SP800-53 r4 ID(s)"), Some(IdSpace::Nist80053R4));
        assert_eq!(r("SP 800-53 Rev 5.2.0"), Some(IdSpace::Nist80053R5));
        assert_eq!(r("fedramp"), Some(IdSpace::Nist80053R5));
        assert_eq!(r("NIST CSF v2.0"), Some(IdSpace::NistCsf2));
        assert_eq!(r("NIST CSF v1.1"), Some(IdSpace::NistCsf11));
        assert_eq!(r("PCI DSS v4.0"), Some(IdSpace::PciDss4));
        assert_eq!(r("PCIDSS v4.0"), Some(IdSpace::PciDss4));
        assert_eq!(r("PCI DSS v3.2.1"), Some(IdSpace::PciDss321));
        assert_eq!(r("PCI-DSS v3.2.1 ID(s)"), Some(IdSpace::PciDss321));
        assert_eq!(r("CIS v8.0"), Some(IdSpace::CisControls8));
        assert_eq!(r("CIS Controls v7.1 ID(s)"), Some(IdSpace::CisControls71));
        assert_eq!(r("CCM v3.0.1"), Some(IdSpace::CsaCcm3));
        assert_eq!(r("CSA CCM v4"), Some(IdSpace::CsaCcm4));
        assert_eq!(r("CCMv4.0"), Some(IdSpace::CsaCcm4));
        assert_eq!(r("NIST SP 800-171 Rev. 3"), Some(IdSpace::Nist800171R3));
        assert_eq!(r("US HIPAA"), Some(IdSpace::HipaaSecurityRule));
        assert_eq!(
            r("Azure Security Benchmark v3"),
            Some(IdSpace::AzureSecurityBenchmark3)
        );
        assert_eq!(r("SCF"), Some(IdSpace::SecureControlsFramework));
        assert_eq!(r("PCI DSS"), None, "a version must be named");
        assert_eq!(r("NIST 800-53"), None);
        assert_eq!(r("ISF SOGP 2022"), None);
        assert_eq!(
            r("other:ISF SOGP 2022"),
            Some(IdSpace::Other("ISF SOGP 2022".into()))
        );
    }

    #[test]
    fn mapping_cells_normalize_to_the_matching_spelling() {
        let n = |s: &IdSpace, t: &str| s.normalize(t);
        let r5 = IdSpace::Nist80053R5;
        assert_eq!(n(&r5, "PM-09\n").as_deref(), Some("PM-9"));
        assert_eq!(
            n(&r5, "AC-4: INFORMATION FLOW ENFORCEMENT").as_deref(),
            Some("AC-4")
        );
        assert_eq!(n(&r5, "ac-2.1").as_deref(), Some("AC-2(1)"));
        assert_eq!(n(&r5, "ac-2_smt.a").as_deref(), Some("AC-2(a)"));
        assert_eq!(n(&r5, "AC-2k").as_deref(), Some("AC-2(k)"));
        assert_eq!(n(&r5, "SC-28 (1).").as_deref(), Some("SC-28(1)"));
        assert_eq!(n(&r5, "\u{0391}C-02 (01)").as_deref(), Some("AC-2(1)"));
        assert_eq!(n(&r5, "N/A"), None);
        assert_eq!(n(&r5, "\u{039D}/\u{0391}"), None);
        let iso = IdSpace::Iso27001_2022;
        assert_eq!(n(&iso, "27001: A.5.14").as_deref(), Some("A.5.14"));
        assert_eq!(n(&iso, "27002: 8.1").as_deref(), Some("A.8.1"));
        assert_eq!(n(&iso, "27001: 6.1.2").as_deref(), Some("6.1.2"));
        assert_eq!(
            n(&iso, "ISO/IEC 27001:2022: Annex A Controls: 5.20").as_deref(),
            Some("A.5.20")
        );
        assert_eq!(
            n(&iso, "ISO/IEC 27001:2022: Mandatory Clause: 4.2(a)").as_deref(),
            Some("4.2(A)")
        );
        assert_eq!(
            n(&IdSpace::Soc2Tsc2017, " \u{0421}C6.1").as_deref(),
            Some("CC6.1")
        );
        assert_eq!(n(&IdSpace::Soc2Tsc2017, "PI1.5").as_deref(), Some("PI1.5"));
        assert_eq!(n(&IdSpace::Soc2Tsc2017, "Security"), None);
        assert_eq!(n(&IdSpace::CsaCcm4, "IAM-09").as_deref(), Some("IAM-09"));
        assert_eq!(
            n(&IdSpace::CsaCcm4, "A&A-01.1").as_deref(),
            Some("A&A-01.1")
        );
        assert_eq!(n(&IdSpace::CsaCcm4, "End of Standard"), None);
        assert_eq!(
            n(&IdSpace::NistCsf2, "GV.OC-01").as_deref(),
            Some("GV.OC-01")
        );
        assert_eq!(n(&IdSpace::NistCsf2, "GV").as_deref(), Some("GV"));
        assert_eq!(n(&IdSpace::PciDss4, "8.4.2").as_deref(), Some("8.4.2"));
        assert_eq!(n(&IdSpace::PciDss4, "A1.1.2").as_deref(), Some("A1.1.2"));
        assert_eq!(
            n(&IdSpace::HipaaSecurityRule, "164.308(a)(1)(ii)(A)").as_deref(),
            Some("164.308(A)(1)(II)(A)")
        );
        assert_eq!(
            n(&IdSpace::AzureSecurityBenchmark3, "NS-1").as_deref(),
            Some("NS-1")
        );
        assert_eq!(
            n(&IdSpace::Nist800171R3, "03.11.01").as_deref(),
            Some("03.11.01")
        );
        assert_eq!(
            n(&IdSpace::SecureControlsFramework, "TPM-05.4").as_deref(),
            Some("TPM-05.4")
        );
        assert_eq!(n(&IdSpace::Other("X".into()), "None"), None);
    }

    #[test]
    fn questions_and_statement_parts_have_a_parent_control() {
        assert_eq!(
            IdSpace::CsaCcm4.parent("IAM-09.1").as_deref(),
            Some("IAM-09")
        );
        assert_eq!(IdSpace::CsaCcm4.parent("IAM-09"), None);
        assert_eq!(
            IdSpace::Nist80053R5.parent("AC-2(a)").as_deref(),
            Some("AC-2")
        );
        assert_eq!(IdSpace::Nist80053R5.parent("AC-2(1)"), None);
    }

    #[test]
    fn provider_tables_say_their_space_by_layout_and_ids() {
        let of = IdSpace::of_table;
        assert_eq!(of(Layout::CsaCaiq, &["A&A-01.1"]), Some(IdSpace::CsaCcm4));
        assert_eq!(
            of(Layout::FedrampCrm, &["AC-01 (a)", "AC-02 (03)"]),
            Some(IdSpace::Nist80053R4)
        );
        assert_eq!(
            of(Layout::FedrampCis, &["AC-1", "AC-2(3)(a)"]),
            Some(IdSpace::Nist80053R5)
        );
        assert_eq!(
            of(Layout::MicrosoftBaseline, &["1.10"]),
            Some(IdSpace::AzureSecurityBenchmark1)
        );
        assert_eq!(
            of(Layout::MicrosoftBaseline, &["NS-1"]),
            Some(IdSpace::AzureSecurityBenchmark3)
        );
        assert_eq!(of(Layout::Generic, &["CC6.1"]), None);
    }

    #[test]
    fn fedramp_and_800_53_share_a_space() {
        assert_eq!(IdSpace::of(Framework::Fedramp), IdSpace::Nist80053R5);
        assert_eq!(
            IdSpace::Nist80053R5.frameworks(),
            vec![Framework::Fedramp, Framework::Nist80053]
        );
        assert!(IdSpace::Nist80053R4.frameworks().is_empty());
        assert_ne!(IdSpace::PciDss321, IdSpace::PciDss4);
    }
}
