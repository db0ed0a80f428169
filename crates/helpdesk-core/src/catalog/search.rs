//! The subscriber's search for a subject, in their own words: "no tengo internet" finds
//! "No Tiene Internet". One ranking for every host — the widget, the JavaScript package and
//! the server's suggestions — so they all give the same order.
//!
//! A query is cut into words (case, accents and punctuation ignored, the language's little
//! words dropped). Each word meets each subject's words — its catalog name, and in the
//! query's language its label, the subscriber's words and its help text — and counts with
//! its best meeting: the same word, a word it begins (typing under way), a word that begins
//! it (a plural), or one typo away. A word found in few subjects weighs more than one found
//! in many ("internet" says less than "lento"): by the square root of how rare it is; a word
//! that really meets no subject weighs nothing. Subjects are ranked by the sum, best first,
//! equal sums in catalog order; a subject no word really meets is left out.

use super::{Catalog, Subject};
use crate::unicode::search_key;

/// Words of no weight in a query, in the three languages (as search keys: accents dropped).
const LITTLE_WORDS: &[&str] = &[
    // es
    "de", "la", "el", "los", "las", "en", "y", "mi", "me", "se", "que", "por", "un", "una", "con", "del", "al", "lo",
    "es", "esta", "muy", "ya", // en
    "the", "an", "my", "is", "of", "to", "in", "at", "and", "i", "it", "on", "am", // it
    "il", "gli", "le", "di", "della", "e", "per", "che", "ho", "a",
];

/// How much a field of a subject counts: its name and label fully, the subscriber's words
/// almost, its help text half.
const NAME: f64 = 1.0;
const LABEL: f64 = 1.0;
const WORDS: f64 = 0.9;
const HELP: f64 = 0.5;

/// How well query word `q` meets subject word `t`, 0 to 1.
fn meets(q: &str, t: &str) -> f64 {
    let (ql, tl) = (q.chars().count(), t.chars().count());
    if q == t {
        1.0
    } else if ql >= 3 && t.starts_with(q) {
        0.9
    } else if tl >= 4 && q.starts_with(t) {
        0.8
    } else if ql >= 4 && tl >= 4 && strsim::osa_distance(q, t) <= 1 {
        0.75
    } else if ql >= 7 && tl >= 7 && strsim::osa_distance(q, t) <= 2 {
        0.6
    } else {
        0.0
    }
}

/// A meeting at least this good is a real one (a subject needs one to be listed).
const REAL: f64 = 0.7;

/// A subject's words in `lang`, each with its field's weight.
fn fields(subject: &Subject, lang: &str) -> Vec<(String, f64)> {
    let mut fields = vec![(search_key(&subject.name), NAME)];
    if let Some(w) = subject.wording_in(lang) {
        fields.push((search_key(&w.label), LABEL));
        fields.extend(w.words.iter().map(|p| (search_key(p), WORDS)));
        fields.push((search_key(&w.help), HELP));
    }
    fields
}

/// The best meeting of `q` with a subject's `fields`, weighted.
fn best(q: &str, fields: &[(String, f64)]) -> f64 {
    fields.iter().flat_map(|(text, weight)| text.split(' ').map(move |t| meets(q, t) * weight)).fold(0.0, f64::max)
}

impl Catalog {
    /// The subjects that a subscriber's `query` in language `lang` (`es`, `en`, `it`)
    /// describes, best first; every subject, in catalog order, for an empty query.
    ///
    /// # Example
    /// ```
    /// use helpdesk_core::catalog::Catalog;
    /// let catalog = Catalog::default().with_builtin_wording();
    /// assert_eq!(catalog.search("no tengo internet", "es")[0].name, "No Tiene Internet");
    /// assert_eq!(catalog.search("router resetiado", "es")[0].name, "Router Wifi Reseteado (Valores de Fabrica)");
    /// assert_eq!(catalog.search("my internet is slow", "en")[0].name, "Internet Lento");
    /// assert!(catalog.search("zzzz", "es").is_empty());
    /// ```
    #[must_use]
    pub fn search(&self, query: &str, lang: &str) -> Vec<&Subject> {
        let key = search_key(query);
        let mut words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty() && !LITTLE_WORDS.contains(w)).collect();
        words.dedup();
        if words.is_empty() {
            return if key.is_empty() { self.subjects.iter().collect() } else { self.search_little(&key, lang) };
        }
        let all: Vec<Vec<(String, f64)>> = self.subjects.iter().map(|s| fields(s, lang)).collect();
        let n = self.subjects.len() as f64;
        // Per word: its best meeting with each subject, and its weight by how few it meets.
        let meetings: Vec<(Vec<f64>, f64)> = words
            .iter()
            .map(|q| {
                let per_subject: Vec<f64> = all.iter().map(|f| best(q, f)).collect();
                let found = per_subject.iter().filter(|m| **m >= REAL).count() as f64;
                // A word that really meets no subject is noise: it weighs nothing.
                let weight = if found == 0.0 { 0.0 } else { ((n + 1.0) / found).sqrt() };
                (per_subject, weight)
            })
            .collect();
        // Best first, equal sums in catalog order: an insertion by score into the few found
        // (a catalog has tens of subjects; no sort routine for the widget's wasm to carry).
        let mut ranked: Vec<(f64, usize)> = Vec::new();
        for i in (0..self.subjects.len()).filter(|&i| meetings.iter().any(|(m, _)| m[i] >= REAL)) {
            let score: f64 = meetings.iter().map(|(m, weight)| m[i] * weight).sum();
            let at = ranked.iter().position(|(s, _)| *s < score).unwrap_or(ranked.len());
            ranked.insert(at, (score, i));
        }
        ranked.into_iter().map(|(_, i)| &self.subjects[i]).collect()
    }

    /// A query of little words only ("a", "el"): the subjects whose name or label holds it.
    fn search_little(&self, key: &str, lang: &str) -> Vec<&Subject> {
        self.subjects.iter().filter(|s| fields(s, lang).iter().take(2).any(|(text, _)| text.contains(key))).collect()
    }
}
