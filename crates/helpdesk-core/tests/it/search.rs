//! The subject search, with a table of what subscribers type: each phrase finds its subject
//! first, whatever its case, accents or a typo.

use helpdesk_core::PriorityLevel;
use helpdesk_core::catalog::{Catalog, Subject, Wording};

/// (language, what a subscriber types, the subject it must find first).
const PHRASINGS: &[(&str, &str, &str)] = &[
    ("es", "no tengo internet", "No Tiene Internet"),
    ("es", "NO TENGO INTERNET", "No Tiene Internet"),
    ("es", "sin internet desde ayer", "No Tiene Internet"),
    ("es", "no hay internet", "No Tiene Internet"),
    ("es", "internet lento en la noche", "Internet Lento"),
    ("es", "mi internet anda muy lento desde ayer", "Internet Lento"),
    ("es", "el internet se corta a cada rato", "Internet Intermitente"),
    ("es", "router resetiado", "Router Wifi Reseteado (Valores de Fabrica)"),
    ("es", "le di reset al modem", "Router Wifi Reseteado (Valores de Fabrica)"),
    ("es", "el router no prende", "No Responde el Router Wifi"),
    ("es", "no aparece el wifi", "No Responde el Router Wifi"),
    ("es", "olvidé la clave del wifi", "Cambio de Contraseña en Router Wifi"),
    ("es", "olvide la contrasena", "Cambio de Contraseña en Router Wifi"),
    ("es", "me mudo", "Cambio de Domicilio"),
    ("es", "quiero dar de baja", "Cancelación"),
    ("es", "la cajita de la antena está apagada", "PoE Dañado"),
    ("es", "el cargador del router", "Eliminador Dañado"),
    ("es", "se movio la antena con el viento", "Antena Desalineada"),
    ("es", "cayo un rayo en la antena", "Antena Dañada"),
    ("es", "ya pagué y sigo sin servicio", "Reconexión"),
    ("es", "todo el barrio sin internet", "Troncal Dañado"),
    ("es", "quiero fibra optica", "Cambio A Fibra Óptica"),
    ("es", "danad", "Antena Dañada"),
    ("en", "I have no internet", "No Tiene Internet"),
    ("en", "internet is slow at night", "Internet Lento"),
    ("en", "keeps dropping", "Internet Intermitente"),
    ("en", "factory reset", "Router Wifi Reseteado (Valores de Fabrica)"),
    ("en", "forgot wifi password", "Cambio de Contraseña en Router Wifi"),
    ("en", "I'm moving house", "Cambio de Domicilio"),
    ("en", "the whole area is down", "Troncal Dañado"),
    ("en", "cable was chewed by the dog", "Cable UTP Dañado"),
    ("it", "non ho internet", "No Tiene Internet"),
    ("it", "internet lento di sera", "Internet Lento"),
    ("it", "il router è spento", "No Responde el Router Wifi"),
    ("it", "ho resettato il router", "Router Wifi Reseteado (Valores de Fabrica)"),
    ("it", "voglio disdire", "Cancelación"),
    ("it", "tutta la zona senza internet", "Troncal Dañado"),
];

#[test]
fn each_subscriber_phrasing_finds_its_subject_first() {
    let catalog = Catalog::default().with_builtin_wording();
    let wrong: Vec<String> = PHRASINGS
        .iter()
        .filter_map(|(lang, phrase, expected)| {
            let found: Vec<&str> = catalog.search(phrase, lang).iter().take(3).map(|s| s.name.as_str()).collect();
            (found.first() != Some(expected)).then(|| format!("{lang} {phrase:?}: {found:?}, not {expected:?} first"))
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn an_empty_query_lists_every_subject_in_catalog_order_and_nonsense_lists_none() {
    let catalog = Catalog::default().with_builtin_wording();
    let all: Vec<&str> = catalog.search("  ", "es").iter().map(|s| s.name.as_str()).collect();
    assert_eq!(all, catalog.subjects().iter().map(|s| s.name.as_str()).collect::<Vec<_>>());
    assert!(catalog.search("qwertyuiop", "es").is_empty());
    assert!(catalog.search("xyz", "en").is_empty());
}

#[test]
fn without_wording_the_name_alone_is_searched_and_an_isp_can_word_its_own_subjects() {
    let plain = Catalog::default();
    assert_eq!(plain.search("no tiene internet", "es")[0].name, "No Tiene Internet");
    assert!(plain.search("cajita", "es").is_empty(), "a subscriber's word needs the wording");
    assert_eq!(plain.search("fibra optica", "es")[0].name, "Cambio A Fibra Óptica");
    let own = Subject {
        wording: vec![Wording {
            lang: "es".into(),
            label: "Se cortó la luz y no volvió el internet".into(),
            help: String::new(),
            words: vec!["apagón".into()],
        }],
        ..Subject::new("Falla Eléctrica", PriorityLevel::High)
    };
    let catalog = Catalog::new(vec![own, Subject::new("Internet Lento", PriorityLevel::Normal)])
        .expect("catalog")
        .with_builtin_wording();
    assert_eq!(catalog.search("hubo un apagon", "es")[0].name, "Falla Eléctrica");
    assert_eq!(
        catalog.validate("Internet Lento").expect("in").label_in("es"),
        "Internet va lento",
        "built-in filled in"
    );
    assert_eq!(
        catalog.validate("Falla Eléctrica").expect("in").label_in("it"),
        "Falla Eléctrica",
        "no Italian: the name"
    );
}

#[test]
fn the_ranking_is_total_and_stable() {
    let catalog = Catalog::default().with_builtin_wording();
    for (lang, phrase, _) in PHRASINGS {
        assert_eq!(catalog.search(phrase, lang), catalog.search(phrase, lang), "{phrase}");
    }
}
