//! Unicode forms and search keys, computed by the host (see [`crate::host`]).

pub(crate) use crate::host::nfc;

/// A loose key for search and suggestions: `text` in NFD with everything but letters,
/// digits and white space dropped (so accents go), lower-cased as a string (a final sigma
/// becomes `ς`), its words joined by single spaces.
pub(crate) fn search_key(text: &str) -> String {
    crate::host::fold(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::search_key;

    #[test]
    fn search_keys_drop_accents_punctuation_and_case() {
        assert_eq!(search_key("  Cambio A Fibra Óptica "), "cambio a fibra optica");
        assert_eq!(
            search_key("Router Wifi Reseteado (Valores de Fabrica)"),
            "router wifi reseteado valores de fabrica"
        );
        assert_eq!(search_key("Ñandú, Nº 2"), "nandu nº 2");
        assert_eq!(search_key("ΟΔΟΣ ΣΑ"), "οδος σα");
        assert_eq!(search_key("İstanbul"), "istanbul");
        assert_eq!(search_key("?!"), "");
        assert_ne!(search_key("ΟΔΟΣ"), "οδοσ");
    }
}
