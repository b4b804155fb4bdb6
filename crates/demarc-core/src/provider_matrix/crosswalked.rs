//! An imported matrix's rows as crosswalks see them: each table's rows in the ID space its
//! layout and IDs give, for the services of one model.

use std::collections::HashSet;

use super::lookup::scope_fits;
use super::ProviderEntry;
use crate::crosswalk::{IdSpace, SourceRow};
use crate::imported::Layout;
use crate::ServiceModel;

/// One imported matrix version's rows, each in its table's ID space, ready to be followed
/// through crosswalks. A table whose IDs say nothing certain (a plain table) gives none.
pub struct CrosswalkRows {
    rows: Vec<(Option<String>, SourceRow)>,
}

impl CrosswalkRows {
    /// The entries of version `version` of `provider`'s matrix, imported from `file`. Where a
    /// workbook has both a CRM and a CIS row for one control, the CRM row speaks, as it does
    /// for the control's own framework.
    pub fn new(entries: &[ProviderEntry], provider: &str, version: u32, file: &str) -> Self {
        let layout_of = |id: &str| Layout::ALL.into_iter().find(|l| l.id() == id);
        // Tables by (sheet, layout), in file order, with their IDs.
        let mut tables: Vec<((&str, &str), Vec<&str>)> = Vec::new();
        for e in entries {
            let key = (e.sheet.as_str(), e.layout.as_str());
            match tables.iter_mut().find(|(k, _)| *k == key) {
                Some((_, ids)) => ids.push(&e.control_id),
                None => tables.push((key, vec![&e.control_id])),
            }
        }
        let spaces: Vec<((&str, &str), Option<IdSpace>)> = tables
            .iter()
            .map(|(key, ids)| {
                let space = layout_of(key.1).and_then(|l| IdSpace::of_table(l, ids));
                (*key, space)
            })
            .collect();
        let origination = Layout::FedrampCis.id();
        let responsibility: HashSet<&str> = entries
            .iter()
            .filter(|e| e.layout != origination)
            .map(|e| e.normalized.as_str())
            .collect();
        let rows = entries
            .iter()
            .filter(|e| e.layout != origination || !responsibility.contains(e.normalized.as_str()))
            .filter_map(|e| {
                let key = (e.sheet.as_str(), e.layout.as_str());
                let space = spaces.iter().find(|(k, _)| *k == key)?.1.clone()?;
                let row = SourceRow::of(space, e.clone(), provider, version, file);
                Some((e.scope.clone(), row))
            })
            .collect();
        CrosswalkRows { rows }
    }

    /// The rows that speak for a service of `model`: rows scoped to another model (a CCM
    /// table's IaaS column for a SaaS service) are left out.
    pub fn for_model(&self, model: ServiceModel) -> impl Iterator<Item = &SourceRow> {
        self.rows
            .iter()
            .filter(move |(scope, _)| scope_fits(scope.as_deref(), model))
            .map(|(_, row)| row)
    }

    /// True when some rows speak for one service model only: what the matrix reaches then
    /// depends on the service's model.
    pub fn by_model(&self) -> bool {
        self.rows.iter().any(|(scope, _)| scope.is_some())
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}
