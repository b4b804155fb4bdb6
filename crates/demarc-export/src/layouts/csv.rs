//! The matrix as CSV (RFC 4180, UTF-8), every field neutralized like a workbook cell; after
//! the matrix's columns, each row's provider, covering attestation and (HIPAA) BAA, and the document's
//! version and status on every line (a CSV has no header or footer to carry them).

use std::collections::BTreeMap;

use demarc_core::{covering_baa, DataType, Framework, MatrixRow};

use super::providers_by_service;
use crate::rows::{customer_part, evidence_text, provider_document, rationale, CLAIMED_INHERITED};
use crate::{neutralize, ExportData};

pub(super) fn csv(data: &ExportData) -> String {
    let mut out = String::new();
    let header = [
        "service",
        "scope",
        "layers",
        "framework",
        "control",
        "title",
        "ownership",
        "provider_label",
        "source",
        "provider_document",
        "rationale",
        "customer_part",
        "evidence",
        "owner",
        "last_reviewed",
        "reviewed_by",
        "claim",
        "provider",
        "covering_attestation",
        "covering_baa",
        "document_version",
        "document_status",
    ];
    line(&mut out, header.iter().map(|h| h.to_string()));
    let provider_of = providers_by_service(data);
    // The signed BAA in force for each service handling PHI, named on all its HIPAA rows.
    let on = data.reliance();
    let baa_of: BTreeMap<i64, String> = data
        .view
        .services
        .iter()
        .filter(|s| s.data_types.contains(&DataType::Phi))
        .filter_map(|s| covering_baa(&data.attestations, &s.name, on).map(|a| (s.id, a.label())))
        .collect();
    let s = &data.sign_off;
    let version = s.version.clone();
    let status = if s.is_draft() { "draft" } else { "approved" };
    for r in &data.rows {
        line(
            &mut out,
            fields(r, &provider_of, &baa_of, &version, status).into_iter(),
        );
    }
    out
}

fn fields(
    r: &MatrixRow,
    provider_of: &BTreeMap<i64, &str>,
    baa_of: &BTreeMap<i64, String>,
    version: &str,
    status: &str,
) -> Vec<String> {
    let layers: Vec<&str> = r.layers.iter().map(|l| l.id()).collect();
    vec![
        r.service_label().to_string(),
        r.scope.id().to_string(),
        layers.join(";"),
        r.framework.id().to_string(),
        r.control_id.clone(),
        r.title.clone(),
        r.owner.id().to_string(),
        r.provider_label.clone().unwrap_or_default(),
        r.source.id().to_string(),
        provider_document(r),
        rationale(r).to_string(),
        // several CUECs, one a line elsewhere, stay on the row's one line here
        customer_part(r).unwrap_or_default().replace('\n', "; "),
        evidence_text(r),
        r.row_owner.clone().unwrap_or_default(),
        r.last_reviewed
            .as_ref()
            .map(|v| v.on.to_string())
            .unwrap_or_default(),
        r.last_reviewed
            .as_ref()
            .map(|v| v.by.clone())
            .unwrap_or_default(),
        if r.claimed_inherited {
            CLAIMED_INHERITED.to_string()
        } else {
            String::new()
        },
        r.service_id
            .and_then(|id| provider_of.get(&id))
            .map(|p| p.to_string())
            .unwrap_or_default(),
        r.attestation
            .as_ref()
            .map(|a| a.label.clone())
            .unwrap_or_default(),
        match (&r.baa, r.framework, r.service_id) {
            (Some(a), _, _) => a.label.clone(),
            (None, Framework::Hipaa, Some(id)) => baa_of.get(&id).cloned().unwrap_or_default(),
            _ => String::new(),
        },
        version.to_string(),
        status.to_string(),
    ]
}

fn line(out: &mut String, fields: impl Iterator<Item = String>) {
    let quoted: Vec<String> = fields
        .map(|field| {
            let field = neutralize(&field).into_owned();
            if field.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", field.replace('"', "\"\""))
            } else {
                field
            }
        })
        .collect();
    out.push_str(&quoted.join(","));
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::line;

    #[test]
    fn csv_fields_are_quoted_and_neutralized() {
        let mut out = String::new();
        line(
            &mut out,
            ["a,b".into(), "say \"hi\"".into(), "=1+1".into(), "x".into()].into_iter(),
        );
        assert_eq!(out, "\"a,b\",\"say \"\"hi\"\"\",'=1+1,x\r\n");
    }
}
