//! Which rows of the control matrix a bulk change of owner names.

use crate::{Layer, MatrixRow};

/// The rows a bulk change of owner applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ControlSelector {
    /// One control by id (`AC-2`, `CC6.1`); in every framework in scope that has it unless a
    /// framework is given.
    Control(String),
    /// Every control whose id starts with this prefix up to a separator (`AC`, `CC6`, `8.4`,
    /// `164.312`, `A.8`, `PR.AA`).
    Family(String),
    /// Every control that touches this layer.
    Layer(Layer),
}

impl ControlSelector {
    /// True when `row` is one of the selected rows.
    pub fn matches(&self, row: &MatrixRow) -> bool {
        match self {
            ControlSelector::Control(id) => row.control_id.eq_ignore_ascii_case(id.trim()),
            ControlSelector::Family(prefix) => in_family(prefix.trim(), &row.control_id),
            ControlSelector::Layer(layer) => row.layers.contains(layer),
        }
    }

    /// The field a refusal names, and how the selection reads in a message.
    pub fn describe(&self) -> (&'static str, String) {
        match self {
            ControlSelector::Control(id) => ("control", format!("no control {:?}", id.trim())),
            ControlSelector::Family(prefix) => (
                "family",
                format!("no control of family {:?}", prefix.trim()),
            ),
            ControlSelector::Layer(layer) => (
                "layer",
                format!("no control touching the layer {}", layer.id()),
            ),
        }
    }
}

/// True when `id` is `prefix` or continues it after a separator, so `AC` takes `AC-2` but
/// `C1` does not take `CC1.1` and `8.4` does not take `8.45`.
fn in_family(prefix: &str, id: &str) -> bool {
    if prefix.is_empty() || id.len() < prefix.len() {
        return false;
    }
    let (head, rest) = id.split_at(prefix.len());
    head.eq_ignore_ascii_case(prefix)
        && (rest.is_empty() || rest.starts_with(['-', '(', '.']) || prefix.ends_with(['-', '.']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_stop_at_separators() {
        assert!(in_family("AC", "AC-2"));
        assert!(in_family("ac", "AC-2(1)"));
        assert!(!in_family("AC", "ACX-1"));
        assert!(!in_family("C1", "CC1.1"));
        assert!(in_family("CC6", "CC6.1"));
        assert!(in_family("8.4", "8.4.2"));
        assert!(!in_family("8.4", "8.45"));
        assert!(in_family("164.312", "164.312(a)(1)"));
        assert!(in_family("A.8", "A.8.34"));
        assert!(!in_family("", "AC-2"));
    }
}
