//! The subject catalog: the subjects a subscriber may choose, each with its priority and,
//! per language, the [`wording`] a subscriber understands; [`Catalog::search`] finds them by
//! a subscriber's own words.
//!
//! A subject matches exactly, after Unicode NFC normalisation (browsers and keyboards may
//! hand over `ñ` or `ó` decomposed). The priority is derived from the subject, never chosen.
//! An ISP can replace the catalog with its own; [`Catalog::default`] is the one of the
//! envelope API (API-FACTS §1).

mod search;
pub mod wording;

use std::fmt;

use crate::ticket::PriorityLevel;
use serde::{Deserialize, Serialize};
pub use wording::Wording;

/// One subject of the catalog.
///
/// # Example
/// ```
/// use helpdesk_core::catalog::Catalog;
/// let catalog = Catalog::default();
/// let first = &catalog.subjects()[0];
/// assert_eq!(first.name, "Cambio de Contraseña en Router Wifi");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    /// The exact text, in NFC.
    pub name: String,
    /// The priority a ticket with this subject gets.
    pub priority: PriorityLevel,
    /// What a subscriber reads and types for it, per language (none: the name alone).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub wording: Vec<Wording>,
}

impl Subject {
    /// A subject without wording.
    #[must_use]
    pub fn new(name: impl Into<String>, priority: PriorityLevel) -> Self {
        Self { name: name.into(), priority, wording: Vec::new() }
    }

    /// Its wording in `lang`, if it has one.
    #[must_use]
    pub fn wording_in(&self, lang: &str) -> Option<&Wording> {
        self.wording.iter().find(|w| w.lang == lang)
    }

    /// What a subscriber reads for it in `lang`: its label, else its name.
    #[must_use]
    pub fn label_in(&self, lang: &str) -> &str {
        self.wording_in(lang).map_or(&self.name, |w| &w.label)
    }
}

/// A catalog of subjects. Names are unique after NFC normalisation.
///
/// # Example: an NFD-typed subject matches its NFC catalog entry
/// ```
/// use helpdesk_core::catalog::Catalog;
/// use helpdesk_core::PriorityLevel;
/// let catalog = Catalog::default();
/// let nfd = "Antena Dan\u{0303}ada"; // "ñ" as n + combining tilde
/// assert_eq!(catalog.validate(nfd).unwrap().priority, PriorityLevel::High);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Catalog {
    subjects: Vec<Subject>,
}

/// Why a catalog could not be built.
///
/// # Example
/// ```
/// use helpdesk_core::catalog::{Catalog, CatalogError};
/// assert_eq!(Catalog::new(Vec::new()), Err(CatalogError::Empty));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CatalogError {
    /// No subjects at all.
    Empty,
    /// A name is empty or only spaces.
    BlankName,
    /// Two entries have the same name after NFC normalisation.
    Duplicate(String),
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("the subject catalog is empty"),
            Self::BlankName => f.write_str("a subject of the catalog is blank"),
            Self::Duplicate(name) => write!(f, "the subject \"{name}\" appears twice in the catalog"),
        }
    }
}

impl std::error::Error for CatalogError {}

/// A subject that is not in the catalog, with the closest valid ones.
///
/// # Example
/// ```
/// let e = helpdesk_core::catalog::Catalog::default().validate("No tiene internet").unwrap_err();
/// assert_eq!(e.closest[0], "No Tiene Internet");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnknownSubject {
    /// What was given.
    pub given: String,
    /// Up to three catalog subjects closest to it, best first.
    pub closest: Vec<String>,
}

impl fmt::Display for UnknownSubject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\" is not a subject of the catalog", self.given)?;
        if !self.closest.is_empty() {
            write!(f, "; did you mean {}?", self.closest.join(", "))?;
        }
        Ok(())
    }
}

impl std::error::Error for UnknownSubject {}

/// The longest subject text that is compared with the catalog or echoed back; a longer one
/// is refused on its first this many characters.
pub const MAX_SUBJECT_CHARS: usize = 100;

/// The 31 subjects of the envelope API, by priority (API-FACTS §1).
const DEFAULT_SUBJECTS: [(&str, PriorityLevel); 31] = {
    use PriorityLevel::{High, Low, Normal, VeryHigh};
    [
        ("Cambio de Contraseña en Router Wifi", Low),
        ("Cambio de Domicilio", Low),
        ("Recolección De Equipos", Low),
        ("Cancelación", Low),
        ("Desconexión", Low),
        ("Internet Lento", Normal),
        ("Internet Intermitente", Normal),
        ("Antena Desalineada", Normal),
        ("Cables Mal Colocados", Normal),
        ("Cableado Para Modem Extra", Normal),
        ("No Tiene Internet", High),
        ("Antena Dañada", High),
        ("No Responde la Antena", High),
        ("No Responde el Router Wifi", High),
        ("Router Wifi Reseteado (Valores de Fabrica)", High),
        ("Cambio de Router Wifi", High),
        ("Cambio de Antena", High),
        ("Cambio de Antena + Router Wifi", High),
        ("Cable UTP Dañado", High),
        ("PoE Dañado", High),
        ("Conector Dañado", High),
        ("Antena valores De Fabrica", High),
        ("Eliminador Dañado", High),
        ("RJ45 Dañado", High),
        ("Alambres Rotos", High),
        ("Reconexión", High),
        ("Cable Fibra Dañado", High),
        ("Jumper Dañado", High),
        ("Troncal Dañado", VeryHigh),
        ("Caja Nap Dañada", VeryHigh),
        ("Cambio A Fibra Óptica", VeryHigh),
    ]
};

use crate::unicode::{nfc, search_key as loose};

impl Catalog {
    /// A catalog of the ISP's own subjects. Names are stored in NFC.
    ///
    /// # Example
    /// ```
    /// use helpdesk_core::catalog::{Catalog, CatalogError, Subject};
    /// use helpdesk_core::PriorityLevel;
    /// let s = |n: &str| Subject::new(n, PriorityLevel::Low);
    /// assert!(Catalog::new(vec![s("Router"), s("Fibra")]).is_ok());
    /// assert_eq!(Catalog::new(vec![s("Router"), s("Router")]), Err(CatalogError::Duplicate("Router".into())));
    /// ```
    ///
    /// # Errors
    /// [`CatalogError`] when the list is empty, has a blank name, or repeats a name.
    pub fn new(subjects: Vec<Subject>) -> Result<Self, CatalogError> {
        if subjects.is_empty() {
            return Err(CatalogError::Empty);
        }
        let mut normalised: Vec<Subject> = Vec::with_capacity(subjects.len());
        for s in subjects {
            let name = nfc(&s.name);
            if name.trim().is_empty() {
                return Err(CatalogError::BlankName);
            }
            if normalised.iter().any(|n| n.name == name) {
                return Err(CatalogError::Duplicate(name));
            }
            normalised.push(Subject { name, priority: s.priority, wording: s.wording });
        }
        Ok(Self { subjects: normalised })
    }

    /// The subjects, in catalog order.
    ///
    /// # Example
    /// ```
    /// assert_eq!(helpdesk_core::catalog::Catalog::default().subjects().len(), 31);
    /// ```
    #[must_use]
    pub fn subjects(&self) -> &[Subject] {
        &self.subjects
    }

    /// The names of the subjects of one priority, in catalog order.
    ///
    /// # Example
    /// ```
    /// use helpdesk_core::{catalog::Catalog, PriorityLevel};
    /// let catalog = Catalog::default();
    /// assert_eq!(catalog.names_of(PriorityLevel::VeryHigh), ["Troncal Dañado", "Caja Nap Dañada", "Cambio A Fibra Óptica"]);
    /// ```
    #[must_use]
    pub fn names_of(&self, priority: PriorityLevel) -> Vec<&str> {
        self.subjects.iter().filter(|s| s.priority == priority).map(|s| s.name.as_str()).collect()
    }

    /// Whether `text` is a subject of the catalog (exactly, after NFC normalisation); a
    /// cheap [`Catalog::validate`] without suggestions.
    ///
    /// # Example
    /// ```
    /// use helpdesk_core::catalog::Catalog;
    /// assert!(Catalog::default().contains("Internet Lento"));
    /// assert!(!Catalog::default().contains("Internet lento"));
    /// ```
    #[must_use]
    pub fn contains(&self, text: &str) -> bool {
        self.get(text).is_some()
    }

    /// The subject `text` names (exactly, after NFC normalisation); a cheap
    /// [`Catalog::validate`] without suggestions.
    ///
    /// # Example
    /// ```
    /// use helpdesk_core::catalog::Catalog;
    /// assert_eq!(Catalog::default().get("Internet Lento").map(|s| s.name.as_str()), Some("Internet Lento"));
    /// assert!(Catalog::default().get("Internet lento").is_none());
    /// ```
    #[must_use]
    pub fn get(&self, text: &str) -> Option<&Subject> {
        let name = nfc(text);
        self.subjects.iter().find(|s| s.name == name)
    }

    /// The catalog entry of `text`, matched exactly after NFC normalisation.
    ///
    /// # Example: a subject outside the catalog, with suggestions
    /// ```
    /// use helpdesk_core::catalog::Catalog;
    /// let err = Catalog::default().validate("Internet lento").unwrap_err();
    /// assert_eq!(err.closest[0], "Internet Lento");
    /// let far = Catalog::default().validate("Falla Masiva").unwrap_err();
    /// assert_eq!(far.closest.len(), 3, "a refusal always suggests");
    /// let long = Catalog::default().validate(&"x".repeat(65_536)).unwrap_err();
    /// assert!(long.given.chars().count() <= 101, "a long refused text costs and echoes little");
    /// ```
    ///
    /// # Errors
    /// [`UnknownSubject`] with the closest valid subjects.
    pub fn validate(&self, text: &str) -> Result<&Subject, UnknownSubject> {
        // No subject is this long: a longer text is refused on its first characters alone.
        if let Some((cut, _)) = text.char_indices().nth(MAX_SUBJECT_CHARS) {
            let head = &text[..cut];
            return Err(UnknownSubject { closest: self.closest(&nfc(head), 3), given: format!("{head}…") });
        }
        let name = nfc(text);
        self.subjects
            .iter()
            .find(|s| s.name == name)
            .ok_or_else(|| UnknownSubject { closest: self.closest(&name, 3), given: text.to_owned() })
    }

    /// Whether `name` matches a subscriber's search `query`: the query's words appear in the
    /// name, ignoring case, accents and punctuation. An empty query matches everything.
    ///
    /// # Example
    /// ```
    /// use helpdesk_core::catalog::Catalog;
    /// assert!(Catalog::matches_search("Antena Dañada", "danad"));
    /// assert!(Catalog::matches_search("Cambio A Fibra Óptica", "fibra optica"));
    /// assert!(!Catalog::matches_search("Internet Lento", "antena"));
    /// ```
    #[must_use]
    pub fn matches_search(name: &str, query: &str) -> bool {
        let query = loose(query);
        query.is_empty() || loose(name).contains(&query)
    }

    /// This catalog with the built-in wording ([`wording::builtin`]) added to each subject of
    /// the default catalog, in each language the subject has none of its own: an ISP's own
    /// wording wins, and its own subjects keep what they carry.
    ///
    /// # Example
    /// ```
    /// use helpdesk_core::catalog::Catalog;
    /// let catalog = Catalog::default().with_builtin_wording();
    /// assert_eq!(catalog.validate("PoE Dañado").unwrap().label_in("es"), "El adaptador de corriente de la antena no funciona");
    /// assert_eq!(Catalog::default().validate("PoE Dañado").unwrap().label_in("es"), "PoE Dañado");
    /// ```
    #[must_use]
    pub fn with_builtin_wording(mut self) -> Self {
        for (name, wording) in wording::builtin() {
            if let Some(s) = self.subjects.iter_mut().find(|s| s.name == name)
                && s.wording_in(&wording.lang).is_none()
            {
                s.wording.push(wording);
            }
        }
        self
    }

    /// The priority of a subject, if it is in the catalog.
    ///
    /// # Example
    /// ```
    /// use helpdesk_core::{catalog::Catalog, PriorityLevel};
    /// assert_eq!(Catalog::default().priority_of("Cancelación"), Some(PriorityLevel::Low));
    /// ```
    #[must_use]
    pub fn priority_of(&self, text: &str) -> Option<PriorityLevel> {
        self.validate(text).ok().map(|s| s.priority)
    }

    /// Up to `n` subjects closest to `text` (case, accents and punctuation ignored), best
    /// first: those that look alike when there are any, else the least far.
    ///
    /// # Example
    /// ```
    /// let near = helpdesk_core::catalog::Catalog::default().closest("router reseteado", 1);
    /// assert_eq!(near, ["Router Wifi Reseteado (Valores de Fabrica)"]);
    /// ```
    #[must_use]
    pub fn closest(&self, text: &str, n: usize) -> Vec<String> {
        let key = loose(text);
        if key.is_empty() {
            return Vec::new();
        }
        let mut scored: Vec<(f64, usize, &str)> = self
            .subjects
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let candidate = loose(&s.name);
                let mut score = strsim::jaro_winkler(&key, &candidate);
                if candidate.contains(&key) || key.contains(&candidate) {
                    score += 0.5;
                }
                (score, i, s.name.as_str())
            })
            .collect();
        // Best first; equal scores in catalog order (the index makes the order total).
        scored.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let alike = scored.iter().take_while(|(score, ..)| *score >= 0.7).count();
        scored.into_iter().take(if alike > 0 { alike.min(n) } else { n }).map(|(.., name)| name.to_owned()).collect()
    }
}

impl Default for Catalog {
    fn default() -> Self {
        Self { subjects: DEFAULT_SUBJECTS.iter().map(|&(name, priority)| Subject::new(name, priority)).collect() }
    }
}

impl<'de> Deserialize<'de> for Catalog {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::new(Vec::<Subject>::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}
