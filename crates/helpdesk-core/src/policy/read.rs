//! Reading a [`Policy`] from its JSON value without serde's derived deserializers.
//!
//! The widget reads the policy once per form, and serde's derived deserializers (with its
//! error formatting) would be a large part of its wasm (ARCHITECTURE.md, "Size"). This
//! reader accepts exactly the values `serde_json::from_value::<Policy>` accepts for objects,
//! with the same result; a property test holds the two equal.

use std::collections::BTreeSet;

use chrono::{NaiveDate, Weekday};
use serde_json::{Map, Value};

use super::Policy;
use crate::PriorityLevel;
use crate::calendar::{Calendar, Country};
use crate::catalog::{Catalog, Subject, Wording};

type Read<T> = Result<T, String>;

fn invalid(field: &str, expected: &str) -> String {
    format!("{field}: expected {expected}")
}

fn object<'a>(value: &'a Value, field: &str) -> Read<&'a Map<String, Value>> {
    value.as_object().ok_or_else(|| invalid(field, "an object"))
}

fn list<'a>(value: &'a Value, field: &str) -> Read<&'a [Value]> {
    value.as_array().map(Vec::as_slice).ok_or_else(|| invalid(field, "a list"))
}

fn number<T: TryFrom<u64>>(value: &Value, field: &str) -> Read<T> {
    value.as_u64().and_then(|n| T::try_from(n).ok()).ok_or_else(|| invalid(field, "a whole number in range"))
}

fn text<'a>(value: &'a Value, field: &str) -> Read<&'a str> {
    value.as_str().ok_or_else(|| invalid(field, "text"))
}

fn parsed<T: std::str::FromStr>(value: &Value, field: &str) -> Read<T> {
    text(value, field)?.parse().map_err(|_| invalid(field, "a known value"))
}

fn dates(value: &Value, field: &str) -> Read<BTreeSet<NaiveDate>> {
    let mut dates = BTreeSet::new();
    for date in list(value, field)? {
        dates.insert(
            crate::time::parse_date(text(date, field)?).ok_or_else(|| invalid(field, "a date like 2026-12-24"))?,
        );
    }
    Ok(dates)
}

fn country(value: &Value) -> Read<Option<Country>> {
    match value {
        Value::Null => Ok(None),
        _ => Country::ALL
            .into_iter()
            .find(|c| value.as_str() == Some(c.code()))
            .map(Some)
            .ok_or_else(|| invalid("country", "a country code")),
    }
}

fn priority(value: &Value) -> Read<PriorityLevel> {
    match value.as_str() {
        Some("low") => Ok(PriorityLevel::Low),
        Some("normal") => Ok(PriorityLevel::Normal),
        Some("high") => Ok(PriorityLevel::High),
        Some("very_high") => Ok(PriorityLevel::VeryHigh),
        _ => Err(invalid("priority", "low, normal, high or very_high")),
    }
}

fn calendar(value: &Value) -> Read<Calendar> {
    let mut calendar = Calendar::default();
    for (key, v) in object(value, "calendar")? {
        match key.as_str() {
            "weekend" => {
                calendar.weekend =
                    list(v, "weekend")?.iter().map(|d| parsed::<Weekday>(d, "weekend")).collect::<Read<_>>()?;
            }
            "country" => calendar.country = country(v)?,
            "extra_holidays" => calendar.extra_holidays = dates(v, "extra_holidays")?,
            "removed_holidays" => calendar.removed_holidays = dates(v, "removed_holidays")?,
            _ => {}
        }
    }
    Ok(calendar)
}

fn wording(value: &Value) -> Read<Wording> {
    let fields = object(value, "wording")?;
    let required = |key: &str| -> Read<String> {
        Ok(text(fields.get(key).ok_or_else(|| invalid("wording", key))?, key)?.to_owned())
    };
    let words = match fields.get("words") {
        None => Vec::new(),
        Some(v) => list(v, "words")?.iter().map(|w| text(w, "words").map(str::to_owned)).collect::<Read<_>>()?,
    };
    let help = match fields.get("help") {
        None => String::new(),
        Some(v) => text(v, "help")?.to_owned(),
    };
    Ok(Wording { lang: required("lang")?, label: required("label")?, help, words })
}

fn subject(value: &Value) -> Read<Subject> {
    let fields = object(value, "catalog")?;
    let name = text(fields.get("name").ok_or_else(|| invalid("catalog", "a name"))?, "name")?.to_owned();
    let priority = priority(fields.get("priority").ok_or_else(|| invalid("catalog", "a priority"))?)?;
    let wording = match fields.get("wording") {
        None => Vec::new(),
        Some(v) => list(v, "wording")?.iter().map(wording).collect::<Read<_>>()?,
    };
    Ok(Subject { wording, ..Subject::new(name, priority) })
}

fn catalog(value: &Value) -> Read<Catalog> {
    let subjects = list(value, "catalog")?.iter().map(subject).collect::<Read<_>>()?;
    Catalog::new(subjects).map_err(|e| e.to_string())
}

/// The policy of a JSON object; what it leaves out keeps its default.
pub(super) fn policy(value: &Value) -> Read<Policy> {
    let mut policy = Policy::default();
    for (key, v) in object(value, "policy")? {
        match key.as_str() {
            "max_tickets" => policy.zone.max_tickets = number(v, "max_tickets")?,
            "active_states" => {
                policy.zone.active_states =
                    list(v, "active_states")?.iter().map(|s| number(s, "active_states")).collect::<Read<_>>()?;
            }
            "resolution_days" => policy.resolution_days = number(v, "resolution_days")?,
            "max_text_chars" => policy.max_text_chars = number(v, "max_text_chars")?,
            "max_tickets_per_service" => policy.max_tickets_per_service = number(v, "max_tickets_per_service")?,
            "timezone" => text(v, "timezone")?.clone_into(&mut policy.timezone),
            "calendar" => policy.calendar = calendar(v)?,
            "catalog" => policy.catalog = catalog(v)?,
            _ => {}
        }
    }
    Ok(policy)
}
