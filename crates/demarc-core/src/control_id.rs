//! Control identifiers: one spelling for matching, the original kept beside it.

use unicode_normalization::UnicodeNormalization;

/// Normalizes a control ID for matching. NIST-style IDs lose padding and spaces
/// (`AC-02 (03)` and `AC-2(3)` are both `AC-2(3)`); statement parts and enhancement letters stay
/// (`IA-5(1)(g)`). OSCAL's spelling meets them (`ac-2.3` is `AC-2(3)`, the statement part
/// `ac-2.3_smt.a` is `AC-2(3)(a)`). Anything else (`1.10`, `A&A-01.1`, `CC6.1`) keeps its digits
/// as written, upper-cased, with whitespace removed.
pub fn normalize_control_id(id: &str) -> String {
    // NFKC and the dash mapping leave ASCII as it is; most IDs are ASCII.
    let compact: String = if id.is_ascii() {
        id.chars().filter(|c| !c.is_whitespace()).collect()
    } else {
        id.nfkc()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
                _ => c,
            })
            .collect()
    };
    oscal_id(&compact)
        .as_deref()
        .and_then(nist_id)
        .or_else(|| nist_id(&compact))
        .unwrap_or_else(|| compact.to_uppercase())
}

/// An OSCAL control or statement ID (`ac-2.3`, `ac-2.3_smt.a.1`) in the parenthesised form
/// (`ac-2(3)(a)(1)`); `None` for anything else, guidance and objectives included.
fn oscal_id(text: &str) -> Option<String> {
    let (control, part) = match text.split_once('_') {
        Some((control, part)) => (control, Some(part)),
        None => (text, None),
    };
    let (family, number) = control.split_once('-')?;
    let mut numbers = number.split('.');
    let mut out = format!("{family}-{}", numbers.next()?);
    let enhancements: Vec<&str> = numbers.collect();
    if enhancements.is_empty() && part.is_none() {
        return None;
    }
    for e in enhancements {
        out.push_str(&format!("({e})"));
    }
    if let Some(part) = part {
        let mut pieces = part.split('.');
        if pieces.next()? != "smt" {
            return None;
        }
        for piece in pieces {
            out.push_str(&format!("({piece})"));
        }
    }
    Some(out)
}

/// NIST SP 800-53 `XX-n(p)(q)...` with any zero padding; `None` when the text is not of that shape.
fn nist_id(text: &str) -> Option<String> {
    let (family, rest) = text.split_once('-')?;
    if family.len() != 2 || !family.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let digits_end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let (number, mut parts) = rest.split_at(digits_end);
    let mut out = format!("{}-{}", family.to_uppercase(), strip_zeros(number)?);
    while !parts.is_empty() {
        let inner = parts.strip_prefix('(')?;
        let (part, after) = inner.split_once(')')?;
        if part.chars().all(|c| c.is_ascii_digit()) {
            out.push_str(&format!("({})", strip_zeros(part)?));
        } else if part.chars().all(|c| c.is_ascii_alphabetic()) {
            out.push_str(&format!("({})", part.to_lowercase()));
        } else {
            return None;
        }
        parts = after;
    }
    Some(out)
}

fn strip_zeros(digits: &str) -> Option<&str> {
    if digits.is_empty() {
        return None;
    }
    let trimmed = digits.trim_start_matches('0');
    Some(if trimmed.is_empty() { "0" } else { trimmed })
}

#[cfg(test)]
mod tests {
    use super::normalize_control_id as n;

    #[test]
    fn rev4_and_rev5_spellings_meet() {
        assert_eq!(n("AC-02 (03)"), "AC-2(3)");
        assert_eq!(n("AC-2(3)"), "AC-2(3)");
        assert_eq!(n("ac-2 (3) (A)"), "AC-2(3)(a)");
        assert_eq!(n("AC-01 (a)"), "AC-1(a)");
        assert_eq!(n("SR-11(2)"), "SR-11(2)");
    }

    #[test]
    fn parts_and_letters_stay_distinct() {
        assert_eq!(n("IA-5(1)(g)"), "IA-5(1)(g)");
        assert_ne!(n("IA-5(1)(g)"), n("IA-5(1)"));
    }

    #[test]
    fn oscal_controls_and_statement_parts_meet_the_same_ids() {
        assert_eq!(n("ac-2"), "AC-2");
        assert_eq!(n("ac-2.3"), "AC-2(3)");
        assert_eq!(n("ac-2_smt"), "AC-2");
        assert_eq!(n("ac-2_smt.a"), "AC-2(a)");
        assert_eq!(n("ac-2.3_smt.b"), "AC-2(3)(b)");
        assert_eq!(n("ac-1_smt.a.1"), "AC-1(a)(1)");
        assert_eq!(n("ia-5.1_smt.g"), n("IA-5(1)(g)"));
        // Guidance is not a statement part; other frameworks' dotted IDs are not OSCAL's.
        assert_eq!(n("ac-2_gdn"), "AC-2_GDN");
        assert_eq!(n("A&A-01.1"), "A&A-01.1");
        assert_eq!(n("IAM-01.2"), "IAM-01.2");
    }

    #[test]
    fn other_ids_keep_their_digits() {
        assert_eq!(n("1.10"), "1.10");
        assert_ne!(n("1.10"), n("1.1"));
        assert_eq!(n("A&A-01.1"), "A&A-01.1");
        assert_eq!(n(" im-1 "), "IM-1");
        assert_eq!(n("cc6.1"), "CC6.1");
    }
}
