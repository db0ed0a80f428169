//! Checks of one file at a time: its `//!` line, its length, where the wasm host may be
//! named, and kilobyte figures.

use super::Violation;

/// The most lines a source file may have.
pub(super) const MAX_LINES: usize = 400;

/// Files allowed over [`MAX_LINES`]: data tables, each with the reason.
pub(super) const LONG_FILES: &[(&str, &str)] =
    &[("crates/helpdesk-widget/src/i18n.rs", "the translations table: every user-facing string in every language")];

/// The only folder of helpdesk-core that may name the wasm target.
const WASM_ROOM: &str = "crates/helpdesk-core/src/host/";

/// A file whose first non-empty line is not a `//!` comment.
pub(super) fn doc_line(path: &str, text: &str) -> Option<Violation> {
    let first = text.lines().enumerate().find(|(_, l)| !l.trim().is_empty());
    match first {
        Some((_, l)) if l.trim_start().starts_with("//!") => None,
        found => Some(Violation {
            path: path.to_owned(),
            line: found.map_or(1, |(n, _)| n + 1),
            message: "the module has no `//!` line first: say what it is for".to_owned(),
        }),
    }
}

/// A file over [`MAX_LINES`] lines that is not in `allowed`.
pub(super) fn length(path: &str, text: &str, allowed: &[(&str, &str)]) -> Option<Violation> {
    let lines = text.lines().count();
    (lines > MAX_LINES && !allowed.iter().any(|(p, _)| *p == path)).then(|| Violation {
        path: path.to_owned(),
        line: MAX_LINES + 1,
        message: format!("{lines} lines, over {MAX_LINES}: split the module"),
    })
}

/// Every line of a helpdesk-core file outside `src/host/` that names `target_arch = "wasm32"`.
pub(super) fn wasm_room(path: &str, text: &str) -> Vec<Violation> {
    if !path.starts_with("crates/helpdesk-core/src/") || path.starts_with(WASM_ROOM) {
        return Vec::new();
    }
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.split_whitespace().collect::<String>().contains("target_arch=\"wasm32\""))
        .map(|(n, _)| Violation {
            path: path.to_owned(),
            line: n + 1,
            message: format!("names target_arch = \"wasm32\" outside {WASM_ROOM}: the wasm host has one room"),
        })
        .collect()
}

/// The size figures of a line: a number (`62`, `6.6`) starting a word, an optional space,
/// then `KB`, `KiB` or `kB` ending one (`62 KB`, `6.6KB`; not `62 KBps`, not `v62KB`).
pub(super) fn kb_figures_of(line: &str) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    let word = |c: &char| c.is_alphanumeric() || *c == '_';
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || i.checked_sub(1).is_some_and(|p| word(&chars[p])) {
            i += 1;
            continue;
        }
        let start = i;
        let digits = |mut at: usize| {
            while chars.get(at).is_some_and(char::is_ascii_digit) {
                at += 1;
            }
            at
        };
        let mut end = digits(i);
        if chars.get(end) == Some(&'.') && chars.get(end + 1).is_some_and(char::is_ascii_digit) {
            end = digits(end + 1);
        }
        let mut unit = end;
        if chars.get(unit).is_some_and(|c| c.is_whitespace()) {
            unit += 1;
        }
        let rest: String = chars[unit..].iter().take(3).collect();
        let len = ["KiB", "KB", "kB"].iter().find(|u| rest.starts_with(**u)).map(|u| u.len());
        match len {
            Some(len) if !chars.get(unit + len).is_some_and(word) => {
                found.push(chars[start..unit + len].iter().collect());
                i = unit + len;
            }
            _ => i = end,
        }
    }
    found
}

/// Every kilobyte figure of a product file: those belong in ARCHITECTURE.md only.
pub(super) fn kb_figures(path: &str, text: &str) -> Vec<Violation> {
    text.lines()
        .enumerate()
        .flat_map(|(n, l)| kb_figures_of(l).into_iter().map(move |f| (n, f)))
        .map(|(n, figure)| Violation {
            path: path.to_owned(),
            line: n + 1,
            message: format!("size figure `{figure}`: kilobyte figures live in ARCHITECTURE.md only"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_module_needs_a_doc_line_first() {
        assert!(doc_line("a.rs", "\n//! What it is.\nfn f() {}\n").is_none());
        let missing = doc_line("a.rs", "\n// A comment.\n//! Too late.\n").expect("reported");
        assert_eq!((missing.path.as_str(), missing.line), ("a.rs", 2));
        assert!(doc_line("empty.rs", "").is_some(), "an empty file says nothing");
    }

    #[test]
    fn over_400_lines_is_reported_unless_allowed() {
        let long = "x\n".repeat(MAX_LINES + 1);
        assert!(length("a.rs", &"x\n".repeat(MAX_LINES), LONG_FILES).is_none());
        assert_eq!(length("a.rs", &long, LONG_FILES).map(|v| v.line), Some(MAX_LINES + 1));
        assert!(length("crates/helpdesk-widget/src/i18n.rs", &long, LONG_FILES).is_none());
    }

    #[test]
    fn the_core_names_wasm32_only_in_its_host_room() {
        let text = "fn a() {}\n#[cfg(target_arch = \"wasm32\")]\nmod js;\n#[cfg(not(target_arch=\"wasm32\"))]\n";
        let lines: Vec<usize> = wasm_room("crates/helpdesk-core/src/unicode.rs", text).iter().map(|v| v.line).collect();
        assert_eq!(lines, [2, 4]);
        assert!(wasm_room("crates/helpdesk-core/src/host/mod.rs", text).is_empty());
        assert!(wasm_room("crates/helpdesk-widget/src/main.rs", text).is_empty());
    }

    #[test]
    fn kilobyte_figures_are_found_in_any_spelling() {
        assert_eq!(
            kb_figures_of("saves 62 KB gzipped (6.6KB, 0.8 kB; 150 KiB)"),
            ["62 KB", "6.6KB", "0.8 kB", "150 KiB"]
        );
        assert!(kb_figures_of("62 KBps, v62KB, 1024 bytes, 5 * 1024, KB alone, 4 K").is_empty());
        assert_eq!(kb_figures("web/a.js", "ok\n// about 4 KB less\n").iter().map(|v| v.line).collect::<Vec<_>>(), [2]);
    }
}
