//! The subject catalog: its 31 subjects, NFC matching, suggestions, an ISP's own catalog.

use helpdesk_core::PriorityLevel;
use helpdesk_core::catalog::{Catalog, CatalogError, Subject};
use unicode_normalization::UnicodeNormalization;

#[test]
fn default_catalog_has_the_31_subjects_by_priority() {
    let c = Catalog::default();
    assert_eq!(c.subjects().len(), 31);
    let counts: Vec<usize> = [PriorityLevel::Low, PriorityLevel::Normal, PriorityLevel::High, PriorityLevel::VeryHigh]
        .iter()
        .map(|p| c.names_of(*p).len())
        .collect();
    assert_eq!(counts, [5, 5, 18, 3]);
    assert_eq!(c.priority_of("Cambio A Fibra Óptica"), Some(PriorityLevel::VeryHigh));
    assert_eq!(c.priority_of("Router Wifi Reseteado (Valores de Fabrica)"), Some(PriorityLevel::High));
}

#[test]
fn every_subject_matches_itself_in_nfc_and_nfd() {
    let c = Catalog::default();
    for s in c.subjects() {
        assert_eq!(c.validate(&s.name).map(|m| m.priority), Ok(s.priority));
        let nfd: String = s.name.nfd().collect();
        assert_eq!(c.validate(&nfd).map(|m| m.priority), Ok(s.priority), "NFD {:?}", s.name);
    }
}

#[test]
fn matching_is_exact_in_case_accents_and_spaces() {
    let c = Catalog::default();
    for wrong in ["internet lento", "Internet Lento ", " Internet Lento", "Antena Danada", "Cancelacion", ""] {
        assert!(c.validate(wrong).is_err(), "{wrong:?} must not match");
    }
}

#[test]
fn falla_masiva_of_the_seed_is_rejected_with_suggestions_in_the_message() {
    let err = Catalog::default().validate("Falla Masiva").expect_err("not in the catalog");
    assert_eq!(err.given, "Falla Masiva");
    let near = Catalog::default().validate("antena danada").expect_err("lower case, no tilde");
    assert_eq!(near.closest.first().map(String::as_str), Some("Antena Dañada"));
    assert!(near.to_string().contains("Antena Dañada"), "{near}");
}

#[test]
fn isp_catalog_replaces_the_default_and_round_trips_through_json() {
    let json = r#"[{"name":"Sin señal","priority":"high"},{"name":"Factura","priority":"low"}]"#;
    let c: Catalog = serde_json::from_str(json).expect("catalog");
    assert_eq!(c.priority_of("Sin señal"), Some(PriorityLevel::High));
    assert!(c.validate("Internet Lento").is_err());
    let back: Catalog = serde_json::from_str(&serde_json::to_string(&c).expect("json")).expect("again");
    assert_eq!(back, c);
    let dup = r#"[{"name":"Sin señal","priority":"high"},{"name":"Sin sen\u0303al","priority":"low"}]"#;
    assert!(serde_json::from_str::<Catalog>(dup).is_err(), "NFC duplicates are refused");
    assert_eq!(Catalog::new(vec![]), Err(CatalogError::Empty));
    let blank = Subject::new("  ", PriorityLevel::Low);
    assert_eq!(Catalog::new(vec![blank]), Err(CatalogError::BlankName));
}
