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

/// Dates and local date-times in the back ends' text: exactly the strings chrono writes with
/// `%Y-%m-%d` and `%Y-%m-%d %H:%M[:%S]` (space or `T`), read as chrono's `parse_from_str`
/// reads them; the looser spellings chrono would also take are refused.
mod dates_and_times {
    use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
    use helpdesk_core::time::{parse_date, parse_local};
    use proptest::prelude::*;

    const FORMATS: [&str; 4] = ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"];

    /// chrono's reading of `text` when `text` is what chrono writes for that value (a leap
    /// second, which chrono writes as `:60`, is not a time back ends send, nor a year past
    /// 9999, which chrono writes as `+10000`).
    fn as_chrono_writes_it(text: &str) -> Option<NaiveDateTime> {
        let t = text.trim();
        FORMATS.iter().find_map(|f| {
            NaiveDateTime::parse_from_str(t, f)
                .ok()
                .filter(|d| d.format(f).to_string() == t && d.nanosecond() < 1_000_000_000 && d.year() <= 9999)
        })
    }

    /// A number field: mostly zero-padded to `width` as chrono writes it, sometimes in one of
    /// the spellings chrono also reads (unpadded, after a space, signed) or not a number.
    fn number(width: usize, max: u32) -> impl Strategy<Value = String> {
        prop_oneof![
            8 => (0..=max).prop_map(move |n| format!("{n:0width$}")),
            1 => (0..=max).prop_map(|n| n.to_string()),
            1 => (0..=max).prop_map(|n| format!(" {n}")),
            1 => (0..=max).prop_map(move |n| format!("+{n:0width$}")),
            1 => "[0-9a ]{0,3}",
        ]
    }

    fn date_text() -> impl Strategy<Value = String> {
        (number(4, 10_000), prop_oneof![6 => Just("-"), 1 => Just("/")], number(2, 13), number(2, 32))
            .prop_map(|(y, dash, m, d)| format!("{y}{dash}{m}-{d}"))
    }

    /// Every date-time to the second, from year 0 to 9999.
    fn date_time() -> impl Strategy<Value = NaiveDateTime> {
        (0_i32..3_652_059, 0_u32..24, 0_u32..60, 0_u32..60).prop_map(|(day, h, m, sec)| {
            let date = NaiveDate::from_num_days_from_ce_opt(day).expect("date");
            date.and_hms_opt(h, m, sec).expect("time")
        })
    }

    fn date_time_text() -> impl Strategy<Value = String> {
        let sep = prop::sample::select(vec![" ", "T", " ", "T", "t", "  ", ""]);
        let seconds = prop_oneof![Just(String::new()), number(2, 61).prop_map(|s| format!(":{s}"))];
        let tail = prop::sample::select(vec!["", "", "", " ", "Z", ".5"]);
        (prop::sample::select(vec!["", "", " "]), date_text(), sep, number(2, 24), number(2, 60), seconds, tail)
            .prop_map(|(lead, date, sep, h, m, s, tail)| format!("{lead}{date}{sep}{h}:{m}{s}{tail}"))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]

        #[test]
        fn local_date_times_read_as_chrono_reads_what_it_writes(text in date_time_text()) {
            prop_assert_eq!(parse_local("date", &text).ok(), as_chrono_writes_it(&text));
        }

        #[test]
        fn every_date_time_reads_back_in_each_form(t in date_time()) {
            let date = t.date();
            for f in FORMATS {
                let written = t.format(f).to_string();
                let want = if f.ends_with("%S") { t } else { t.with_second(0).expect("minute") };
                prop_assert_eq!(parse_local("date", &written).ok(), Some(want), "{}", written);
            }
            prop_assert_eq!(parse_date(&date.to_string()), Some(date));
        }

        #[test]
        fn every_date_time_is_written_as_chrono_writes_it(t in date_time()) {
            use helpdesk_core::time::{LocalForm, format_local};
            prop_assert_eq!(format_local(t, LocalForm::Minutes), t.format("%Y-%m-%d %H:%M").to_string());
            prop_assert_eq!(format_local(t, LocalForm::Seconds), t.format("%Y-%m-%d %H:%M:%S").to_string());
            prop_assert_eq!(format_local(t, LocalForm::Iso), t.format("%Y-%m-%dT%H:%M:%S").to_string());
        }

        #[test]
        fn dates_read_as_chrono_reads_what_it_writes(text in date_text()) {
            let by_chrono = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
                .ok()
                // Four-digit years only, as back ends write them (chrono also writes `+10000`).
                .filter(|d| d.format("%Y-%m-%d").to_string() == text.trim() && d.year() <= 9999);
            prop_assert_eq!(parse_date(&text), by_chrono);
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
                ("wording", field(list_of(wording(), 2)).boxed()),
                ("extra", scalar().boxed()),
            ]),
            1 => scalar(),
        ]
    }

    fn wording() -> impl Strategy<Value = Value> {
        let texts = prop::sample::select(vec!["es", "en", "No tengo internet", "", "cajita"]).prop_map(Value::from);
        prop_oneof![
            8 => object(vec![
                ("lang", prop_oneof![4 => texts.clone(), 1 => scalar()].boxed()),
                ("label", prop_oneof![4 => texts.clone(), 1 => scalar()].boxed()),
                ("help", prop_oneof![4 => texts.clone(), 1 => scalar()].boxed()),
                ("words", field(list_of(texts, 3)).boxed()),
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
            ("max_text_chars", field((0_u64..10_000).prop_map(Value::from)).boxed()),
            ("max_tickets_per_service", field((0_u64..10).prop_map(Value::from)).boxed()),
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
