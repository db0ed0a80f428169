//! Property tests of the business-day arithmetic, in every supported country.

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime};
use helpdesk_core::calendar::{Calendar, Country};
use proptest::prelude::*;

fn calendar() -> impl Strategy<Value = Calendar> {
    prop::sample::select(Country::ALL.to_vec()).prop_map(Calendar::of)
}

/// A start instant between 1995 and 2090 (inside every country's claimed years, with room
/// for a long `n`).
fn start() -> impl Strategy<Value = NaiveDateTime> {
    (0_u64..(95 * 365), 0_u32..24, 0_u32..60).prop_map(|(day, h, m)| {
        let date = NaiveDate::from_ymd_opt(1995, 1, 1).expect("date") + Days::new(day);
        date.and_hms_opt(h, m, 0).expect("time")
    })
}

fn business_days_strictly_between(cal: &Calendar, a: NaiveDate, b: NaiveDate) -> u32 {
    a.iter_days().skip(1).take_while(|d| *d < b).filter(|d| cal.is_business_day(*d)).map(|_| 1).sum()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn result_is_a_business_day_at_the_same_time(cal in calendar(), s in start(), n in 1_u32..400) {
        let end = cal.add_business_days(s, n);
        prop_assert!(cal.is_business_day(end.date()));
        prop_assert_eq!(end.time(), s.time());
        prop_assert!(end > s);
    }

    #[test]
    fn exactly_n_minus_one_business_days_lie_strictly_between(cal in calendar(), s in start(), n in 1_u32..120) {
        let end = cal.add_business_days(s, n);
        prop_assert_eq!(business_days_strictly_between(&cal, s.date(), end.date()), n - 1);
    }

    #[test]
    fn monotonic_in_n(cal in calendar(), s in start(), n in 0_u32..300, k in 1_u32..50) {
        prop_assert!(cal.add_business_days(s, n) < cal.add_business_days(s, n + k));
    }

    #[test]
    fn monotonic_in_start(cal in calendar(), s in start(), later in 0_u64..40, n in 0_u32..60) {
        let s2 = s + Days::new(later);
        prop_assert!(cal.add_business_days(s, n) <= cal.add_business_days(s2, n));
    }

    #[test]
    fn additive_over_business_day_starts(cal in calendar(), s in start(), a in 1_u32..60, b in 1_u32..60) {
        // From a business day, adding a then b is adding a + b.
        let from = cal.add_business_days(s, 1);
        prop_assert_eq!(cal.add_business_days(cal.add_business_days(from, a), b), cal.add_business_days(from, a + b));
    }
}

#[test]
fn ten_thousand_business_days_cross_four_decades_correctly() {
    let cal = Calendar::colombia();
    let s: NaiveDateTime = "2026-01-02T08:00:00".parse().expect("date");
    let end = cal.add_business_days(s, 10_000);
    assert!(cal.is_business_day(end.date()));
    assert_eq!(business_days_strictly_between(&cal, s.date(), end.date()), 9_999);
    assert!((2064..=2067).contains(&end.year()), "{end}");
}

/// Local date-times in the back ends' text: exactly the four formats they write, the same
/// strings accepted and the same values as chrono's `parse_from_str` with those formats.
mod local_date_times {
    use chrono::NaiveDateTime;
    use helpdesk_core::envelope::parse_local;
    use proptest::prelude::*;

    fn by_format_strings(text: &str) -> Option<NaiveDateTime> {
        let t = text.trim();
        ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

        #[test]
        fn same_as_the_format_strings(
            text in r" ?[0-9+-]{0,5}-[0-9]{1,3}-[0-9]{1,3}(T|t| |  |/)?[0-9]{1,3}:[0-9]{1,2}(:[0-9]{1,2})?(\.[0-9]{1,3})?[ Z]?",
        ) {
            prop_assert_eq!(parse_local("date", &text).ok(), by_format_strings(&text));
        }
    }

    #[test]
    fn the_four_formats_and_nothing_else() {
        for ok in ["2026-02-26 10:00", "2026-02-26 10:00:07", "2026-02-26T10:00", " 2026-02-26T10:00:07 "] {
            assert!(parse_local("date", ok).is_ok(), "{ok}");
        }
        for bad in ["26/02/2026 10:00", "2026-02-26", "2026-02-26 10:00:07.5", "2026-02-30 10:00", "2026-02-26t10:00"] {
            assert!(parse_local("date", bad).is_err(), "{bad}");
        }
    }
}

/// The widget reads the policy with `Policy::from_json`; the server writes it with serde.
/// Whatever a back end sends (objects for the structs, anything in the fields), both read
/// the same policy or both refuse it.
mod policy_reading {
    use helpdesk_core::policy::Policy;
    use proptest::prelude::*;
    use serde_json::{Map, Value, json};

    fn scalar() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            (-3_i64..300).prop_map(Value::from),
            prop::sample::select(vec![u64::from(u32::MAX), u64::from(u32::MAX) + 1, u64::MAX]).prop_map(Value::from),
            prop::sample::select(vec![3.0, 2.5, -1.0]).prop_map(Value::from),
            prop::sample::select(vec![
                "",
                " ",
                "x",
                "3",
                "Mon",
                "sat",
                "Sunday",
                "CO",
                "MX",
                "IT",
                "co",
                "XX",
                "2026-01-01",
                "2026-02-30",
                "2026-1-5",
                "low",
                "very_high",
                "High",
                "Internet Lento",
                "Europe/Rome",
            ])
            .prop_map(Value::from),
            Just(json!({})),
        ]
    }

    /// A field's value: usually a plausible one, sometimes any scalar or a list of them.
    fn field(good: impl Strategy<Value = Value> + 'static) -> impl Strategy<Value = Value> {
        prop_oneof![3 => good, 1 => scalar(), 1 => prop::collection::vec(scalar(), 0..4).prop_map(Value::Array)]
    }

    fn object(fields: Vec<(&'static str, BoxedStrategy<Value>)>) -> impl Strategy<Value = Value> {
        let (names, values): (Vec<_>, Vec<_>) = fields.into_iter().unzip();
        (values, prop::collection::vec(any::<bool>(), names.len())).prop_map(move |(values, keep)| {
            let map: Map<String, Value> = names
                .iter()
                .zip(values)
                .zip(keep)
                .filter(|(_, keep)| *keep)
                .map(|((name, value), _)| ((*name).to_owned(), value))
                .collect();
            Value::Object(map)
        })
    }

    fn list_of(item: impl Strategy<Value = Value> + 'static, max: usize) -> BoxedStrategy<Value> {
        prop::collection::vec(item, 0..max).prop_map(Value::Array).boxed()
    }

    fn subject() -> impl Strategy<Value = Value> {
        let names =
            prop::sample::select(vec!["Internet Lento", "Antena Dañada", "Antena Dan\u{303}ada", " ", "Router"]);
        let priorities = prop::sample::select(vec!["low", "normal", "high", "very_high", "High", "urgent"]);
        prop_oneof![
            8 => object(vec![
                ("name", prop_oneof![6 => names.prop_map(Value::from), 1 => scalar()].boxed()),
                ("priority", prop_oneof![6 => priorities.prop_map(Value::from), 1 => scalar()].boxed()),
                ("extra", scalar().boxed()),
            ]),
            1 => scalar(),
        ]
    }

    fn calendar() -> impl Strategy<Value = Value> {
        let day = prop::sample::select(vec!["Sat", "Sun", "friday", "Mon"]).prop_map(Value::from);
        let date =
            prop::sample::select(vec!["2026-12-24", "2026-01-01", "2026-02-30", "24/12/2026"]).prop_map(Value::from);
        let country = prop::sample::select(vec!["CO", "MX", "PE", "IT", "ES"]).prop_map(Value::from);
        object(vec![
            ("weekend", field(list_of(day, 3)).boxed()),
            ("country", field(prop_oneof![country, Just(Value::Null)]).boxed()),
            ("extra_holidays", field(list_of(date.clone(), 3)).boxed()),
            ("removed_holidays", field(list_of(date, 3)).boxed()),
            ("other", scalar().boxed()),
        ])
    }

    fn policy() -> impl Strategy<Value = Value> {
        object(vec![
            ("max_tickets", field((0_u64..10).prop_map(Value::from)).boxed()),
            ("active_states", field(list_of((0_u64..300).prop_map(Value::from), 4)).boxed()),
            ("resolution_days", field((0_u64..10).prop_map(Value::from)).boxed()),
            ("timezone", field(Just(Value::from("America/Lima"))).boxed()),
            ("calendar", prop_oneof![4 => calendar(), 1 => scalar()].boxed()),
            ("catalog", field(list_of(subject(), 3)).boxed()),
            ("subscriber", Just(json!({"service_id": 1, "zone_id": 2})).boxed()),
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]

        #[test]
        fn from_json_reads_exactly_what_serde_reads(value in policy()) {
            let by_serde = serde_json::from_value::<Policy>(value.clone()).ok();
            prop_assert_eq!(Policy::from_json(&value).ok(), by_serde, "{}", value);
        }

        #[test]
        fn what_the_server_writes_reads_back(value in policy()) {
            if let Ok(policy) = serde_json::from_value::<Policy>(value) {
                let written = serde_json::to_value(&policy).expect("a policy serialises");
                prop_assert_eq!(Policy::from_json(&written), Ok(policy));
            }
        }
    }
}
