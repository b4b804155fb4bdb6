//! The folding that makes two spellings of one label the same key: `CSP-Owned\n`, `csp-owned`
//! and `CSP‐owned` (with a Unicode hyphen) all fold to `csp-owned`.

use unicode_normalization::UnicodeNormalization;

/// Folds text for matching: NFKC, look-alike letters to Latin, lower case, every run of
/// whitespace (line breaks, no-break spaces) to one space, trimmed.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return fold_ascii(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfkc() {
        let c = latin_look_alike(c);
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// The text with NFKC applied and every look-alike letter and dash replaced by its Latin or ASCII
/// twin, case kept: `ΑC‐2` (Greek Alpha, Unicode hyphen) becomes `AC-2`.
pub fn latin_look_alikes(text: &str) -> String {
    text.nfkc().map(latin_look_alike).collect()
}

/// `fold` of ASCII text, which NFKC and the look-alikes leave as it is: lower case, whitespace
/// runs to one space, trimmed. Most cells of most matrices are ASCII.
fn fold_ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(char::is_whitespace).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    }
    out
}

/// The Latin letter a Greek or Cyrillic look-alike is mistaken for, and ASCII for dashes.
/// NFKC leaves these alone because they are different letters, not different forms.
fn latin_look_alike(c: char) -> char {
    match c {
        'Α' | 'А' => 'A',
        'Β' | 'В' => 'B',
        'С' | 'Ϲ' => 'C',
        'Ε' | 'Е' => 'E',
        'Η' | 'Н' => 'H',
        'Ι' | 'І' | 'Ӏ' => 'I',
        'Ј' => 'J',
        'Κ' | 'К' => 'K',
        'Μ' | 'М' => 'M',
        'Ν' => 'N',
        'Ο' | 'О' => 'O',
        'Ρ' | 'Р' => 'P',
        'Ѕ' => 'S',
        'Τ' | 'Т' => 'T',
        'Υ' | 'Ү' => 'Y',
        'Χ' | 'Х' => 'X',
        'Ζ' => 'Z',
        'а' | 'α' => 'a',
        'с' | 'ϲ' => 'c',
        'е' | 'ε' => 'e',
        'һ' => 'h',
        'і' | 'ι' => 'i',
        'ј' => 'j',
        'κ' | 'к' => 'k',
        'ο' | 'о' => 'o',
        'ρ' | 'р' => 'p',
        'ѕ' => 's',
        'ν' => 'v',
        'х' | 'χ' => 'x',
        'у' | 'γ' => 'y',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folding_ignores_case_space_and_look_alikes() {
        assert_eq!(fold("  CSP-Owned\n"), "csp-owned");
        assert_eq!(fold("Not\r\n  applicable"), "not applicable");
        assert_eq!(fold("\u{039D}o"), "no");
        assert_eq!(fold("CSP\u{2011}owned"), "csp-owned");
        assert_eq!(fold("Ｓｈａｒｅｄ"), "shared");
    }

    #[test]
    fn ascii_folds_as_the_general_path_does() {
        for text in [
            "  CSP-Owned\n",
            "Not\r\n  applicable",
            "a\tb\x0bc",
            "",
            " \x0c ",
            "X  y",
        ] {
            let general: String = {
                let mut out = String::new();
                let mut pending = false;
                for c in text.chars() {
                    if c.is_whitespace() {
                        pending = !out.is_empty();
                        continue;
                    }
                    if pending {
                        out.push(' ');
                        pending = false;
                    }
                    out.extend(c.to_lowercase());
                }
                out
            };
            assert_eq!(fold(text), general, "{text:?}");
        }
    }

    #[test]
    fn look_alikes_become_latin_with_their_case() {
        assert_eq!(super::latin_look_alikes("\u{0391}C\u{2010}2"), "AC-2");
        assert_eq!(super::latin_look_alikes("\u{0421}\u{0421}6.1"), "CC6.1");
        assert_eq!(super::latin_look_alikes("\u{039D}\u{03BF} Gap"), "No Gap");
    }
}
