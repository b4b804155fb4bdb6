//! The profile the plan imports, carried in its back matter so that it resolves without Demarc:
//! an OSCAL profile selecting the controls of the matrix, from NIST's published SP 800-53 Rev 5
//! catalog for NIST and FedRAMP controls, and from a catalog of its own (IDs and Demarc's short
//! labels, never a standard's text) for the frameworks that publish no OSCAL catalog.

use std::collections::BTreeMap;

use demarc_core::Framework;
use serde_json::{json, Value};

use super::ids::{control_token, Ids};
use super::model::{Base64, Prop, Resource, OSCAL_VERSION};
use crate::ExportData;

/// NIST's OSCAL SP 800-53 Rev 5 catalog, whose control IDs the NIST and FedRAMP rows use.
pub const NIST_CATALOG: &str = "https://raw.githubusercontent.com/usnistgov/oscal-content/main/\
nist.gov/SP800-53/rev5/json/NIST_SP-800-53_rev5_catalog.json";

/// The back-matter resource the plan's `import-profile` names: the profile itself, in base64.
pub(super) fn baselines(data: &ExportData, ids: &Ids) -> Resource {
    let profile = json!({ "profile": profile(data, ids) });
    Resource {
        uuid: ids.baselines(),
        title: "Control baselines in scope".into(),
        description: data.framework_names().join("\n"),
        props: data
            .framework_versions()
            .iter()
            .map(|(f, version)| Prop::demarc("framework", &format!("{} {version}", f.id())))
            .collect(),
        rlinks: Vec::new(),
        base64: Some(Base64 {
            filename: "baselines-profile.json".into(),
            media_type: "application/oscal.profile+json",
            value: encode(&serde_json::to_vec(&profile).unwrap_or_default()),
        }),
    }
}

/// The controls of the matrix by framework, each once, in matrix order, with their titles.
fn controls_by_framework(data: &ExportData) -> BTreeMap<Framework, Vec<(String, String)>> {
    let mut controls: BTreeMap<Framework, Vec<(String, String)>> = BTreeMap::new();
    let mut seen = std::collections::HashSet::new();
    for r in &data.rows {
        let token = control_token(r.framework, &r.control_id);
        if seen.insert((r.framework, token.clone())) {
            controls
                .entry(r.framework)
                .or_default()
                .push((token, r.title.clone()));
        }
    }
    controls
}

fn is_nist(f: Framework) -> bool {
    matches!(f, Framework::Nist80053 | Framework::Fedramp)
}

/// The profile as a file of its own, beside the plan, for tools that resolve an
/// `import-profile` by fetching it (compliance-trestle among them): NIST and FedRAMP controls
/// from NIST's catalog, the others from the catalog file `catalog_href` (a name relative to
/// the profile's folder; see `catalog_document`).
pub(super) fn profile_document(data: &ExportData, ids: &Ids, catalog_href: &str) -> Value {
    let controls = controls_by_framework(data);
    let mut imports = Vec::new();
    let nist: Vec<String> = controls
        .iter()
        .filter(|(f, _)| is_nist(**f))
        .flat_map(|(_, list)| list.iter().map(|(t, _)| t.clone()))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    if !nist.is_empty() {
        imports.push(json!({
            "href": NIST_CATALOG,
            "include-controls": [{ "with-ids": nist }],
        }));
    }
    let others: Vec<String> = controls
        .iter()
        .filter(|(f, _)| !is_nist(**f))
        .flat_map(|(_, list)| list.iter().map(|(t, _)| t.clone()))
        .collect();
    if !others.is_empty() {
        imports.push(json!({
            "href": catalog_href,
            "include-controls": [{ "with-ids": others }],
        }));
    }
    json!({ "profile": {
        "uuid": ids.of("profile-file"),
        "metadata": metadata(data, format!(
            "{}: baselines in scope",
            data.view.engagement.client.trim()
        )),
        "imports": imports,
    }})
}

/// The catalog file the profile file imports from: the controls in scope of every framework
/// that publishes no OSCAL catalog, a group each, IDs with Demarc's short labels.
pub(super) fn catalog_document(data: &ExportData, ids: &Ids) -> Value {
    let groups: Vec<Value> = controls_by_framework(data)
        .iter()
        .filter(|(f, _)| !is_nist(**f))
        .map(|(framework, list)| {
            json!({
                "id": framework.id(),
                "title": framework.label(),
                "controls": list
                    .iter()
                    .map(|(id, title)| json!({ "id": id, "title": one_line(title, id) }))
                    .collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut catalog = json!({
        "uuid": ids.of("catalog-file"),
        "metadata": metadata(data, format!(
            "{}: controls in scope (IDs with Demarc's short labels)",
            data.view.engagement.client.trim()
        )),
    });
    if !groups.is_empty() {
        catalog["groups"] = Value::Array(groups);
    }
    json!({ "catalog": catalog })
}

/// The metadata of a profile or catalog the plan carries or names.
fn metadata(data: &ExportData, title: String) -> Value {
    json!({
        "title": title,
        "last-modified": data.generated_at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        "version": if data.sign_off.version.trim().is_empty() { "draft" } else { data.sign_off.version.trim() },
        "oscal-version": OSCAL_VERSION,
    })
}

fn profile(data: &ExportData, ids: &Ids) -> Value {
    // The controls of the matrix by framework, each once, in matrix order.
    let mut controls: BTreeMap<Framework, Vec<(String, String)>> = BTreeMap::new();
    for r in &data.rows {
        let list = controls.entry(r.framework).or_default();
        let token = control_token(r.framework, &r.control_id);
        if !list.iter().any(|(t, _)| *t == token) {
            list.push((token, r.title.clone()));
        }
    }
    let metadata = |title: String| {
        json!({
            "title": title,
            "last-modified": data.generated_at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            "version": if data.sign_off.version.trim().is_empty() { "draft" } else { data.sign_off.version.trim() },
            "oscal-version": OSCAL_VERSION,
        })
    };
    let mut imports = Vec::new();
    let mut resources = Vec::new();
    let nist: Vec<String> = controls
        .iter()
        .filter(|(f, _)| matches!(f, Framework::Nist80053 | Framework::Fedramp))
        .flat_map(|(_, list)| list.iter().map(|(t, _)| t.clone()))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    if !nist.is_empty() {
        imports.push(json!({
            "href": NIST_CATALOG,
            "include-controls": [{ "with-ids": nist }],
        }));
    }
    for (framework, list) in &controls {
        if matches!(framework, Framework::Nist80053 | Framework::Fedramp) {
            continue;
        }
        let uuid = ids.of(&format!("catalog\n{}", framework.id()));
        let catalog = json!({ "catalog": {
            "uuid": ids.of(&format!("catalog-document\n{}", framework.id())),
            "metadata": metadata(format!(
                "{} controls in scope (IDs with Demarc's short labels)",
                framework.label()
            )),
            "controls": list
                .iter()
                .map(|(id, title)| json!({ "id": id, "title": one_line(title, id) }))
                .collect::<Vec<_>>(),
        }});
        resources.push(json!({
            "uuid": uuid,
            "title": format!("{} catalog", framework.label()),
            "base64": {
                "filename": format!("{}-catalog.json", framework.id()),
                "media-type": "application/oscal.catalog+json",
                "value": encode(&serde_json::to_vec(&catalog).unwrap_or_default()),
            },
        }));
        imports.push(json!({
            "href": format!("#{uuid}"),
            "include-controls": [{
                "with-ids": list.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>()
            }],
        }));
    }
    let mut out = json!({
        "uuid": ids.of("profile"),
        "metadata": metadata(format!("{}: baselines in scope", data.view.engagement.client.trim())),
        "imports": imports,
    });
    if !resources.is_empty() {
        out["back-matter"] = json!({ "resources": resources });
    }
    out
}

/// A title on one line, the ID when there is none.
fn one_line(title: &str, id: &str) -> String {
    let line = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.is_empty() {
        id.to_string()
    } else {
        line
    }
}

/// Standard base64 with padding (RFC 4648).
fn encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::encode;

    #[test]
    fn base64_as_rfc_4648_writes_it() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(encode(plain.as_bytes()), coded);
        }
    }
}
