//! Cells that hold several control IDs.

/// The IDs of a mapping cell, in order: separated by line breaks, commas or semicolons, each
/// trimmed; empty pieces (a leading newline, a trailing comma) dropped. `AC-4: INFORMATION FLOW
/// ENFORCEMENT` stays one piece; an ID space reads the ID out of it.
pub fn split_ids(cell: &str) -> Vec<String> {
    cell.split(['\n', '\r', ',', ';'])
        .map(|piece| piece.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}'))
        .filter(|piece| !piece.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::split_ids;

    #[test]
    fn cells_split_on_line_breaks_commas_and_semicolons() {
        assert_eq!(
            split_ids("\nCC6.1, CC6.2\r\nCC6.3;  CC7.1 ,"),
            vec!["CC6.1", "CC6.2", "CC6.3", "CC7.1"]
        );
        assert_eq!(
            split_ids("AC-4: INFORMATION FLOW ENFORCEMENT\nSC-7: BOUNDARY PROTECTION"),
            vec![
                "AC-4: INFORMATION FLOW ENFORCEMENT",
                "SC-7: BOUNDARY PROTECTION"
            ]
        );
        assert!(split_ids(" \n ").is_empty());
        assert_eq!(split_ids("\u{a0}A.5.14\u{a0}"), vec!["A.5.14"]);
    }
}
