//! How one row of the control matrix is decided: a person's override first, then the
//! provider's matrix in the framework's own IDs (unless its label decides nothing), then
//! provider rows in other frameworks' IDs that reach the control strongly through crosswalks,
//! then the default derived from the service's layer owners. The store reads what people recorded and the provider rows; this
//! module puts them together.

use std::sync::Arc;

use crate::crosswalk::{Combined, Reach};
use crate::{
    Evidence, Framework, Layer, MatrixRow, OwnerSource, Ownership, ProviderMatch, Review, Scope,
    Service,
};

/// What people recorded for one row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowRecord {
    pub override_owner: Option<Ownership>,
    pub reason: Option<String>,
    pub customer_part: Option<String>,
    pub row_owner: Option<String>,
    pub last_reviewed: Option<Review>,
    pub na_justification: Option<String>,
}

/// A system-level control in scope for a service, with the owner its layers give it.
#[derive(Debug, Clone, Copy)]
pub struct ScopedControl<'a> {
    pub framework: Framework,
    pub id: &'a str,
    pub title: &'a str,
    pub family: &'a str,
    /// The layers the control touches; empty for an organisational control.
    pub layers: &'a [Layer],
    /// The owner derived from the service's layer owners.
    pub default_owner: Ownership,
    /// Why, as the derivation says it ("shared: network controls are shared").
    pub why: &'a str,
}

/// The owner in force and where it comes from: an override, a same-framework provider row
/// that decides, the owner crosswalked rows decide together (`undetermined` included: a label
/// nobody mapped holds the row open, naming it) when no same-framework row speaks for the
/// control at all, the layer default.
pub fn owner_in_force(
    override_owner: Option<Ownership>,
    provided: Option<&ProviderMatch>,
    crosswalked: Option<&Combined>,
    default_owner: Ownership,
) -> (Ownership, OwnerSource) {
    match (override_owner, provided, crosswalked) {
        (Some(o), _, _) => (o, OwnerSource::Override),
        (None, Some(p), _) if p.source.owner != Ownership::Undetermined => {
            (p.source.owner, OwnerSource::ProviderMatrix)
        }
        (None, None, Some(c)) => (c.owner, OwnerSource::Crosswalk),
        _ => (default_owner, OwnerSource::LayerDefault),
    }
}

/// The matrix row of `control` for `service`, before vendor assurance is applied.
/// `crosswalk` is what crosswalks bring to the control from the provider rows of the service
/// in other frameworks' IDs; it is kept on the row whatever decides the owner.
pub fn matrix_row(
    service: &Service,
    control: ScopedControl<'_>,
    record: RowRecord,
    evidence: Vec<Evidence>,
    provided: Option<ProviderMatch>,
    crosswalk: Option<Arc<Reach>>,
) -> MatrixRow {
    let (owner, source) = owner_in_force(
        record.override_owner,
        provided.as_ref(),
        crosswalk.as_ref().and_then(|c| c.decided.as_ref()),
        control.default_owner,
    );
    let (provider_label, provider_source) = provided.map(|p| (p.label, p.source)).unzip();
    let third_party = provider_source.as_ref().and_then(|s| s.third_party);
    // A person who set a row not applicable, saying why, has justified it.
    let na_justification = record.na_justification.or_else(|| {
        (owner == Ownership::NotApplicable && source == OwnerSource::Override)
            .then(|| record.reason.clone())
            .flatten()
    });
    MatrixRow {
        service_id: Some(service.id),
        service: Some(service.name.clone()),
        scope: Scope::System,
        framework: control.framework,
        control_id: control.id.to_string(),
        title: control.title.to_string(),
        family: control.family.to_string(),
        layers: control.layers.to_vec(),
        owner,
        source,
        default_owner: control.default_owner,
        provider_label,
        provider_source,
        attestation: None,
        baa: None,
        explanation: explain(control.why, service, control.layers),
        reason: record.reason,
        customer_part: record.customer_part,
        evidence,
        row_owner: record.row_owner,
        last_reviewed: record.last_reviewed,
        na_justification,
        claimed_inherited: false,
        cuecs: Vec::new(),
        disagreement: None,
        third_party,
        carved_out: None,
        crosswalk,
    }
}

/// Says where the layer owners behind a default come from: the service model's defaults, or
/// owners set on this service.
fn explain(why: &str, service: &Service, layers: &[Layer]) -> String {
    if layers.is_empty() {
        return why.to_string();
    }
    if layers
        .iter()
        .all(|l| !service.layers[l.index()].overridden())
    {
        format!("{why} for {}", service.model.label())
    } else {
        format!("{why}, as set for {}", service.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{layers_for_model, ProviderSource, Sensitivity, ServiceModel};

    fn service() -> Service {
        Service {
            id: 7,
            name: "RDS".into(),
            provider: "AWS".into(),
            model: ServiceModel::Paas,
            sensitivity: Sensitivity::High,
            data_types: Vec::new(),
            frameworks: vec![Framework::Nist80053],
            layers: layers_for_model(ServiceModel::Paas, &[]),
            region: None,
        }
    }

    fn provided(owner: Ownership) -> ProviderMatch {
        ProviderMatch {
            label: "CSP-owned".into(),
            source: ProviderSource {
                provider: "AWS".into(),
                version: 1,
                file: "crm.xlsx".into(),
                sheet: "CRM".into(),
                row: 12,
                control_id: "AC-02".into(),
                columns: vec!["C".into()],
                owner,
                third_party: None,
            },
        }
    }

    const AC2: ScopedControl<'static> = ScopedControl {
        framework: Framework::Nist80053,
        id: "AC-2",
        title: "Account Management",
        family: "AC",
        layers: &[Layer::IdentityAccess],
        default_owner: Ownership::Shared,
        why: "shared: identity and access is shared",
    };

    #[test]
    fn an_override_beats_the_provider_and_the_default() {
        let record = RowRecord {
            override_owner: Some(Ownership::Customer),
            reason: Some("we run our own directory".into()),
            ..RowRecord::default()
        };
        let row = matrix_row(
            &service(),
            AC2,
            record,
            Vec::new(),
            Some(provided(Ownership::Provider)),
            None,
        );
        assert_eq!(
            (row.owner, row.source),
            (Ownership::Customer, OwnerSource::Override)
        );
        assert_eq!(row.provider_label.as_deref(), Some("CSP-owned"));
        assert_eq!(row.reason.as_deref(), Some("we run our own directory"));
    }

    #[test]
    fn a_person_setting_a_row_not_applicable_with_a_reason_justifies_it() {
        let set = |owner, justification: Option<&str>| {
            let record = RowRecord {
                override_owner: Some(owner),
                reason: Some("no media with card data here".into()),
                na_justification: justification.map(String::from),
                ..RowRecord::default()
            };
            matrix_row(&service(), AC2, record, Vec::new(), None, None).na_justification
        };
        assert_eq!(
            set(Ownership::NotApplicable, None).as_deref(),
            Some("no media with card data here")
        );
        assert_eq!(
            set(Ownership::NotApplicable, Some("own words")).as_deref(),
            Some("own words")
        );
        assert_eq!(set(Ownership::Customer, None), None);
    }

    #[test]
    fn a_provider_row_decides_unless_its_label_says_nothing() {
        let row = |owner| {
            matrix_row(
                &service(),
                AC2,
                RowRecord::default(),
                Vec::new(),
                Some(provided(owner)),
                None,
            )
        };
        let decided = row(Ownership::Provider);
        assert_eq!(
            (decided.owner, decided.source),
            (Ownership::Provider, OwnerSource::ProviderMatrix)
        );
        let silent = row(Ownership::Undetermined);
        assert_eq!(
            (silent.owner, silent.source),
            (Ownership::Shared, OwnerSource::LayerDefault)
        );
        assert!(silent.provider_source.is_some());
    }

    #[test]
    fn the_explanation_names_the_model_or_the_service() {
        let row = matrix_row(
            &service(),
            AC2,
            RowRecord::default(),
            Vec::new(),
            None,
            None,
        );
        assert_eq!(
            row.explanation,
            "shared: identity and access is shared for PaaS"
        );
        let mut changed = service();
        changed.layers[Layer::IdentityAccess.index()].reason = Some("federated".into());
        let row = matrix_row(&changed, AC2, RowRecord::default(), Vec::new(), None, None);
        assert_eq!(
            row.explanation,
            "shared: identity and access is shared, as set for RDS"
        );
        let organisational = ScopedControl {
            layers: &[],
            why: "customer: organisational",
            ..AC2
        };
        let row = matrix_row(
            &service(),
            organisational,
            RowRecord::default(),
            Vec::new(),
            None,
            None,
        );
        assert_eq!(row.explanation, "customer: organisational");
    }

    fn reach(owner: Ownership) -> Reach {
        Reach {
            control: "AC-2".into(),
            decided: Some(Combined {
                owner,
                reason: "WhitePact IAM-09 (CCM, row 4) says customer".into(),
            }),
            trails: Vec::new(),
            suggested: None,
            suggestions: Vec::new(),
            more_suggestions: 0,
        }
    }

    #[test]
    fn a_crosswalk_decides_below_an_override_and_a_direct_row_above_the_default() {
        let row = |record: RowRecord, direct: Option<Ownership>, crosswalk: Option<Arc<Reach>>| {
            let row = matrix_row(
                &service(),
                AC2,
                record,
                Vec::new(),
                direct.map(provided),
                crosswalk,
            );
            (row.owner, row.source)
        };
        let customer = || Some(Arc::new(reach(Ownership::Customer)));
        assert_eq!(
            row(RowRecord::default(), None, customer()),
            (Ownership::Customer, OwnerSource::Crosswalk)
        );
        assert_eq!(
            row(RowRecord::default(), Some(Ownership::Provider), customer()),
            (Ownership::Provider, OwnerSource::ProviderMatrix)
        );
        // A direct row whose label decides nothing still speaks for the control: the
        // default stays until its label is mapped.
        assert_eq!(
            row(
                RowRecord::default(),
                Some(Ownership::Undetermined),
                customer()
            ),
            (Ownership::Shared, OwnerSource::LayerDefault)
        );
        let overridden = RowRecord {
            override_owner: Some(Ownership::Shared),
            reason: Some("decided in the workshop".into()),
            ..RowRecord::default()
        };
        assert_eq!(
            row(overridden, None, customer()),
            (Ownership::Shared, OwnerSource::Override)
        );
        // Rows that only suggest leave the default in force.
        let suggested = Reach {
            decided: None,
            suggested: Some(Combined {
                owner: Ownership::Provider,
                reason: "suggested".into(),
            }),
            ..reach(Ownership::Provider)
        };
        assert_eq!(
            row(RowRecord::default(), None, Some(Arc::new(suggested))),
            (Ownership::Shared, OwnerSource::LayerDefault)
        );
    }
}
