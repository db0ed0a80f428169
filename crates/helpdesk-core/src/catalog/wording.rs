//! What a subscriber reads and types for a subject: a plain-language label, a short help
//! text and the words they would use, per language. The catalog's own name stays the exact
//! back-office string that is sent; the wording only helps the subscriber find it.
//!
//! The default catalog's wording in Spanish, English and Italian is `wording.tsv`, read by
//! [`builtin`]; an ISP's catalog may carry its own, and [`super::Catalog::with_builtin_wording`]
//! fills in what it leaves out.

use serde::{Deserialize, Serialize};

use crate::unicode::nfc;

/// One subject's wording in one language.
///
/// # Example
/// ```
/// use helpdesk_core::catalog::Catalog;
/// let catalog = Catalog::default().with_builtin_wording();
/// let subject = catalog.validate("No Tiene Internet").unwrap();
/// assert_eq!(subject.wording_in("en").unwrap().label, "I have no internet");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wording {
    /// The language: a BCP 47 primary subtag (`es`, `en`, `it`).
    pub lang: String,
    /// The subject as a subscriber would say it.
    pub label: String,
    /// One sentence of what the subject covers.
    #[serde(default)]
    pub help: String,
    /// Words and phrases a subscriber would type for it.
    #[serde(default)]
    pub words: Vec<String>,
}

/// The built-in wording: (catalog subject, its wording), one entry per language.
const BUILTIN: &str = include_str!("wording.tsv");

/// The built-in wording of the default catalog's subjects, in file order.
///
/// # Example
/// ```
/// let all = helpdesk_core::catalog::wording::builtin();
/// assert_eq!(all.len(), 31 * 3);
/// ```
#[must_use]
pub fn builtin() -> Vec<(String, Wording)> {
    BUILTIN
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|line| {
            let mut f = line.split('\t');
            let (name, lang, label, help, words) = (f.next()?, f.next()?, f.next()?, f.next()?, f.next()?);
            let words = words.split(';').map(str::trim).filter(|w| !w.is_empty()).map(nfc).collect();
            Some((nfc(name), Wording { lang: lang.to_owned(), label: nfc(label), help: nfc(help), words }))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::builtin;
    use crate::catalog::Catalog;

    #[test]
    fn every_default_subject_has_a_label_help_and_words_in_each_language_and_nothing_else() {
        let all = builtin();
        let catalog = Catalog::default();
        for s in catalog.subjects() {
            for lang in ["es", "en", "it"] {
                let found: Vec<_> = all.iter().filter(|(n, w)| *n == s.name && w.lang == lang).collect();
                assert_eq!(found.len(), 1, "{} in {lang}", s.name);
                let w = &found[0].1;
                assert!(!w.label.is_empty() && !w.help.is_empty() && !w.words.is_empty(), "{} in {lang}", s.name);
            }
        }
        assert!(all.iter().all(|(n, _)| catalog.contains(n)), "no wording of a subject outside the catalog");
    }
}
