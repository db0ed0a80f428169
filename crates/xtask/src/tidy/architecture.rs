//! ARCHITECTURE.md stays true: the paths it names exist, and every crate of `crates/` has a
//! section with at least one "Architecture invariant:" line.

use super::Violation;

const DOC: &str = "ARCHITECTURE.md";
const INVARIANT: &str = "Architecture invariant:";
/// What a backticked file name ends with to be taken for a path.
const EXTENSIONS: [&str; 8] = [".rs", ".md", ".toml", ".json", ".js", ".css", ".html", ".sql"];
/// MIME types look like paths; they are not.
const MIME: [&str; 6] = ["application/", "text/", "image/", "font/", "multipart/", "audio/"];

/// Whether a backticked span names a file or folder of the repository: it has a `/` or a
/// source file's extension, no spaces, globs or placeholders, and is neither absolute (a URL
/// path such as `/api/`), a URL, a MIME type nor a build output under `target/`.
fn is_repo_path(span: &str) -> bool {
    let looks = span.contains('/') || EXTENSIONS.iter().any(|e| span.ends_with(e));
    looks
        && !span.contains(|c: char| c.is_whitespace() || matches!(c, '*' | '{' | '<' | '}' | '>'))
        && !span.starts_with('/')
        && !span.contains("://")
        && !span.starts_with("target/")
        && !MIME.iter().any(|m| span.starts_with(m))
}

/// The backticked spans of a Markdown line.
fn code_spans(line: &str) -> impl Iterator<Item = &str> {
    line.split('`').skip(1).step_by(2)
}

/// `(line, level, text)` of every heading, outside fenced code.
fn headings(text: &str) -> Vec<(usize, usize, &str)> {
    let mut fenced = false;
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        } else if !fenced && line.starts_with('#') {
            let level = line.chars().take_while(|&c| c == '#').count();
            found.push((n + 1, level, line[level..].trim()));
        }
    }
    found
}

/// Whether `name` is a whole word of `text` (`helpdesk-core` is in `crates/helpdesk-core`,
/// not in `helpdesk-core-fuzz`).
fn names(text: &str, name: &str) -> bool {
    let part = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    text.match_indices(name).any(|(at, _)| {
        !text[..at].chars().next_back().is_some_and(part) && !text[at + name.len()..].chars().next().is_some_and(part)
    })
}

/// The violations of ARCHITECTURE.md's `text`: backticked paths that exist neither at the
/// root, nor under any of `bases` (each ending in `/`), nor under a folder named before them
/// in the same paragraph or table row (`store/` … `mod.rs`); and crates of `crates` without a
/// section or without an invariant in it.
pub(super) fn check(text: &str, crates: &[String], bases: &[String], exists: &dyn Fn(&str) -> bool) -> Vec<Violation> {
    let mut out = Vec::new();
    let mut fenced = false;
    // The folders named so far in this paragraph or table row.
    let mut near: Vec<String> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if line.trim().is_empty() || line.starts_with('|') {
            near.clear();
        }
        if fenced {
            continue;
        }
        for span in code_spans(line).filter(|s| is_repo_path(s)) {
            let mut tried =
                std::iter::once(String::new()).chain(near.iter().rev().cloned()).chain(bases.iter().cloned());
            match tried.find(|b| exists(&format!("{b}{span}"))) {
                Some(base) => {
                    let found = format!("{base}{span}");
                    let folder = if found.ends_with('/') {
                        Some(found.as_str())
                    } else {
                        found.rsplit_once('/').map(|(d, _)| d)
                    };
                    if let Some(folder) = folder {
                        near.push(format!("{}/", folder.trim_end_matches('/')));
                    }
                }
                None => out.push(Violation {
                    path: DOC.to_owned(),
                    line: n + 1,
                    message: format!("`{span}` does not exist in the repository"),
                }),
            }
        }
    }
    let heads = headings(text);
    let lines: Vec<&str> = text.lines().collect();
    for krate in crates {
        let sections: Vec<(usize, usize)> = heads
            .iter()
            .enumerate()
            .filter(|(_, (_, _, title))| names(title, krate))
            .map(|(i, &(line, level, _))| {
                let end = heads[i + 1..].iter().find(|(_, l, _)| *l <= level).map_or(lines.len() + 1, |h| h.0);
                (line, end)
            })
            .collect();
        let Some(&(first, _)) = sections.first() else {
            out.push(Violation {
                path: DOC.to_owned(),
                line: 1,
                message: format!("no section for crates/{krate}: a heading naming it"),
            });
            continue;
        };
        let invariants =
            sections.iter().flat_map(|&(start, end)| &lines[start..end - 1]).filter(|l| l.contains(INVARIANT)).count();
        if invariants == 0 {
            out.push(Violation {
                path: DOC.to_owned(),
                line: first,
                message: format!("the section of {krate} states no \"{INVARIANT}\" line"),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<String> {
        let files = [
            "crates/core/src/lib.rs",
            "crates/core/src/ticket.rs",
            "crates/core/src/store/sqlite/rows.rs",
            "web/app.js",
            "Cargo.toml",
        ];
        let exists = |p: &str| files.iter().any(|f| *f == p || f.starts_with(&format!("{}/", p.trim_end_matches('/'))));
        let crates = ["core".to_owned(), "server".to_owned()];
        let bases = ["crates/core/".to_owned(), "crates/core/src/".to_owned()];
        check(text, &crates, &bases, &exists).into_iter().map(|v| format!("{}: {}", v.line, v.message)).collect()
    }

    #[test]
    fn backticked_paths_must_exist() {
        let text = "# Architecture\n`web/app.js`, `ticket.rs` (in src), `crates/core/`, `Cargo.toml`.\n\
                    `web/gone.js` and `missing.rs`; not paths: `/api/`, `a b/c`, `src/*.rs`, `text/html`, \
                    `Option<a/b>`, `dialect::whmcs`, `https://x.org/a`.\n```\nweb/fenced.js `web/fenced.js`\n```\n";
        let found = run(text);
        let paths: Vec<&String> = found.iter().filter(|m| m.contains("does not exist")).collect();
        assert_eq!(
            paths,
            ["3: `web/gone.js` does not exist in the repository", "3: `missing.rs` does not exist in the repository"]
        );
    }

    #[test]
    fn a_file_name_may_be_relative_to_a_folder_named_before_it_nearby() {
        let text = "| `store/` | the trait; `sqlite/`: its rows (`rows.rs`) |\n| `lib.rs` | not `rows.rs` |\n\n\
                    `web/app.js`, then\n`gone.js` and `app.js`\n\nbut not `app.js` here\n";
        let found: Vec<String> = run(text).into_iter().filter(|m| m.contains("does not exist")).collect();
        assert_eq!(
            found,
            [
                "2: `rows.rs` does not exist in the repository",
                "5: `gone.js` does not exist in the repository",
                "7: `app.js` does not exist in the repository"
            ]
        );
    }

    #[test]
    fn every_crate_has_a_section_with_an_invariant() {
        let text = "# Architecture\n## crates/core\nArchitecture invariant: no I/O.\n### ticket\n\
                    ## helpdesk-server-extra\nArchitecture invariant: not the server's.\n";
        assert_eq!(run(text), ["1: no section for crates/server: a heading naming it"]);
        let text = "## core\nSee below.\n## server\nArchitecture invariant: never leptos.\n## Invariants\n\
                    Architecture invariant: a lone one.\n";
        assert_eq!(run(text), ["1: the section of core states no \"Architecture invariant:\" line"]);
    }
}
