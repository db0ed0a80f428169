//! No import cycles between the modules of a crate.
//!
//! Every `.rs` file of a crate's source folder is a module: `lib.rs` and `main.rs` are the
//! crate root, `a.rs` and `a/mod.rs` are `a`, `a/b.rs` is `a::b`, and a `#[path = "…"]` file
//! is the module that declares it. Every `crate::…` path (in a `use` tree or inline in code)
//! and every `super::…` path (resolved from the file's module; inside an inline `mod` block
//! the first `super` stays in the file) is an edge to the longest prefix of the path that is
//! a module. Edges between a module and its own ancestors or descendants are not counted.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::Violation;
use super::lex::{Token, strip, tokens};

/// A module path, `[]` for the crate root.
type Module = Vec<String>;

/// One use of another module: where, and the path as written.
#[derive(Debug, Clone)]
struct Use {
    path: String,
    line: usize,
    written: String,
}

fn display(module: &[String]) -> String {
    if module.is_empty() { "crate".to_owned() } else { module.join("::") }
}

/// The module of a file, from its path inside the source folder (`a/b.rs` is `a::b`).
fn module_of(rel: &str) -> Module {
    let rel = rel.strip_suffix(".rs").unwrap_or(rel);
    let mut parts: Vec<String> = rel.split('/').map(str::to_owned).collect();
    if parts.last().is_some_and(|p| p == "mod") || (parts.len() == 1 && (parts[0] == "lib" || parts[0] == "main")) {
        parts.pop();
    }
    parts
}

/// `dir/path` with `.` and `..` resolved.
fn join(dir: &str, path: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// `(file, module)` for each `#[path = "file"] mod name;` of a file (file relative to the
/// source folder).
fn path_attributes(rel: &str, text: &str) -> Vec<(String, Module)> {
    let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        let Some(attr) = line.split("#[path").nth(1) else { continue };
        let Some(target) = attr.split('"').nth(1) else { continue };
        let name = lines[n..].iter().take(4).find_map(|l| {
            let after = l.split("mod ").nth(1)?;
            let name: String = after.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            (!name.is_empty()).then_some(name)
        });
        if let Some(name) = name {
            let mut module = module_of(rel);
            module.push(name);
            found.push((join(dir, target), module));
        }
    }
    found
}

/// The paths a use tree starting at `toks[at]` names, under `prefix`.
fn use_tree(toks: &[Token], at: usize, prefix: &Module, out: &mut Vec<Module>) {
    match toks.get(at).map(|t| t.text.as_str()) {
        Some("{") => {
            let mut i = at + 1;
            while toks.get(i).is_some_and(|t| t.text != "}") {
                use_tree(toks, i, prefix, out);
                // On to the next item: past this one's tokens, to a `,` or the closing `}`.
                let mut depth = 0;
                while let Some(t) = toks.get(i) {
                    match t.text.as_str() {
                        "{" => depth += 1,
                        "}" | "," if depth == 0 => break,
                        "}" => depth -= 1,
                        _ => {}
                    }
                    i += 1;
                }
                if toks.get(i).is_some_and(|t| t.text == ",") {
                    i += 1;
                } else {
                    break;
                }
            }
        }
        Some("self" | "*") | None => out.push(prefix.clone()),
        Some(word) if word.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_') => {
            let mut path = prefix.clone();
            path.push(word.to_owned());
            if toks.get(at + 1).is_some_and(|t| t.text == "::") {
                use_tree(toks, at + 2, &path, out);
            } else {
                out.push(path);
            }
        }
        Some(_) => out.push(prefix.clone()),
    }
}

/// Every module path a file names with `crate::` or `super::`, with its line, resolved to
/// absolute paths from the file's `module`.
fn paths(module: &[String], code: &str) -> Vec<(Module, usize, String)> {
    let toks = tokens(code);
    let mut found = Vec::new();
    // Whether each open brace opens an inline `mod name { … }`.
    let mut braces: Vec<bool> = Vec::new();
    for (i, tok) in toks.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| toks[p].text.as_str());
        match tok.text.as_str() {
            "{" => braces.push(i >= 2 && toks[i - 2].text == "mod"),
            "}" => {
                braces.pop();
            }
            "crate" if prev != Some("::") && toks.get(i + 1).is_some_and(|t| t.text == "::") => {
                let mut named = Vec::new();
                use_tree(&toks, i + 2, &Vec::new(), &mut named);
                found.extend(named.into_iter().map(|p| (p.clone(), tok.line, format!("crate::{}", p.join("::")))));
            }
            "super" if prev != Some("::") && toks.get(i + 1).is_some_and(|t| t.text == "::") => {
                let mut ups = 1;
                let mut at = i + 2;
                while toks.get(at).is_some_and(|t| t.text == "super")
                    && toks.get(at + 1).is_some_and(|t| t.text == "::")
                {
                    ups += 1;
                    at += 2;
                }
                let supers = "super::".repeat(ups);
                // The first `super`s of an inline `mod` block lead back to the file's module.
                let ups = ups.saturating_sub(braces.iter().filter(|&&m| m).count());
                let Some(keep) = module.len().checked_sub(ups) else { continue };
                let mut named = Vec::new();
                use_tree(&toks, at, &module[..keep].to_vec(), &mut named);
                found.extend(named.into_iter().map(|p| {
                    let written = format!("{supers}{}", p[keep..].join("::"));
                    (p, tok.line, written)
                }));
            }
            _ => {}
        }
    }
    found
}

/// The import cycles of one crate. `files` are `(path, text)` with paths under `src_dir`
/// (which ends in `/`); other files are ignored.
pub(super) fn check(krate: &str, src_dir: &str, files: &[(String, String)]) -> Vec<Violation> {
    let files: Vec<(&str, &str, &str)> = files
        .iter()
        .filter_map(|(p, t)| Some((p.as_str(), p.strip_prefix(src_dir)?, t.as_str())))
        .filter(|(_, rel, _)| rel.ends_with(".rs"))
        .collect();
    let moved: BTreeMap<String, Module> = files.iter().flat_map(|(_, rel, text)| path_attributes(rel, text)).collect();
    let modules: Vec<Module> =
        files.iter().map(|(_, rel, _)| moved.get(*rel).cloned().unwrap_or_else(|| module_of(rel))).collect();
    let known: BTreeSet<&Module> = modules.iter().collect();
    let mut edges: BTreeMap<(Module, Module), Use> = BTreeMap::new();
    for ((path, _, text), module) in files.iter().zip(&modules) {
        for (target, line, written) in paths(module, &strip(text)) {
            let Some(target) = (0..=target.len()).rev().map(|n| target[..n].to_vec()).find(|t| known.contains(t))
            else {
                continue;
            };
            if target.starts_with(module) || module.starts_with(&target) {
                continue;
            }
            edges.entry((module.clone(), target)).or_insert(Use { path: (*path).to_owned(), line, written });
        }
    }
    let mut out = Vec::new();
    for scc in strongly_connected(&edges) {
        let inside = |e: &(Module, Module)| scc.contains(&e.0) && scc.contains(&e.1);
        let mut covered: BTreeSet<(Module, Module)> = BTreeSet::new();
        for edge in edges.keys().filter(|e| inside(e)) {
            if covered.contains(edge) {
                continue;
            }
            let Some(back) = shortest_path(&edges, &scc, &edge.1, &edge.0) else { continue };
            let cycle: Vec<Module> = std::iter::once(edge.0.clone()).chain(back).collect();
            let names: Vec<String> = cycle.iter().map(|m| display(m)).collect();
            let mut message = format!("cycle in {krate}: {}", names.join(" -> "));
            for pair in cycle.windows(2) {
                let key = (pair[0].clone(), pair[1].clone());
                if let Some(u) = edges.get(&key) {
                    message.push_str(&format!(
                        "\n    {}:{}: {} uses {} ({})",
                        u.path,
                        u.line,
                        display(&pair[0]),
                        display(&pair[1]),
                        u.written
                    ));
                }
                covered.insert(key);
            }
            let first = &edges[edge];
            out.push(Violation { path: first.path.clone(), line: first.line, message });
        }
    }
    out
}

/// The path `from … to` (both included) inside `within`, by breadth-first search.
fn shortest_path(
    edges: &BTreeMap<(Module, Module), Use>,
    within: &BTreeSet<Module>,
    from: &Module,
    to: &Module,
) -> Option<Vec<Module>> {
    let mut came_from: BTreeMap<&Module, &Module> = BTreeMap::new();
    let mut queue = VecDeque::from([from]);
    while let Some(at) = queue.pop_front() {
        if at == to {
            let mut path = vec![at.clone()];
            let mut step = at;
            while let Some(&prev) = came_from.get(step) {
                path.push(prev.clone());
                step = prev;
            }
            path.reverse();
            return Some(path);
        }
        for (_, next) in edges.keys().filter(|(a, b)| a == at && within.contains(b)) {
            if next != from && !came_from.contains_key(next) {
                came_from.insert(next, at);
                queue.push_back(next);
            }
        }
    }
    None
}

/// The strongly connected components with more than one module (Tarjan).
fn strongly_connected(edges: &BTreeMap<(Module, Module), Use>) -> Vec<BTreeSet<Module>> {
    struct State<'a> {
        next: BTreeMap<&'a Module, Vec<&'a Module>>,
        index: BTreeMap<&'a Module, usize>,
        low: BTreeMap<&'a Module, usize>,
        stack: Vec<&'a Module>,
        found: Vec<BTreeSet<Module>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a Module) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        for w in s.next.get(v).cloned().unwrap_or_default() {
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.stack.contains(&w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut scc = BTreeSet::new();
            while let Some(w) = s.stack.pop() {
                scc.insert(w.clone());
                if w == v {
                    break;
                }
            }
            if scc.len() > 1 {
                s.found.push(scc);
            }
        }
    }
    let mut state = State {
        next: BTreeMap::new(),
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        found: Vec::new(),
    };
    for (a, b) in edges.keys() {
        state.next.entry(a).or_default().push(b);
    }
    let nodes: Vec<&Module> = state.next.keys().copied().collect();
    for v in nodes {
        if !state.index.contains_key(v) {
            visit(&mut state, v);
        }
    }
    state.found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cycles(files: &[(&str, &str)]) -> Vec<String> {
        let files: Vec<(String, String)> = files.iter().map(|(p, t)| (format!("src/{p}"), (*t).to_owned())).collect();
        check("demo", "src/", &files).into_iter().map(|v| v.to_string()).collect()
    }

    #[test]
    fn two_modules_using_each_other_are_a_cycle() {
        let found = cycles(&[
            ("lib.rs", "//! Root.\nmod a;\nmod b;\n"),
            ("a.rs", "//! A.\nuse crate::b::Thing;\n"),
            ("b.rs", "//! B.\n\nfn f() { crate::a::helper(1) }\n"),
        ]);
        assert_eq!(
            found,
            ["src/a.rs:2: cycle in demo: a -> b -> a\n    src/a.rs:2: a uses b (crate::b::Thing)\n    \
              src/b.rs:3: b uses a (crate::a::helper)"]
        );
    }

    #[test]
    fn a_parent_and_its_children_are_not_a_cycle() {
        let found = cycles(&[
            ("lib.rs", "//! Root.\npub use crate::dialect::crm::parse;\nmod dialect;\n"),
            (
                "dialect/mod.rs",
                "//! Dialects.\npub(crate) mod crm;\nuse crate::dialect::crm::Crm;\npub(crate) fn f() {}\n",
            ),
            ("dialect/crm.rs", "//! CRM.\nuse super::f;\nuse crate::dialect::f as g;\nuse crate::parse;\n"),
        ]);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn grouped_trees_super_paths_and_longer_cycles_are_followed() {
        let found = cycles(&[
            ("lib.rs", "//! Root.\n"),
            ("a/mod.rs", "//! A.\nuse crate::{b::{self, x}, c as see};\n"),
            ("a/inner.rs", "//! Inner.\n"),
            ("b.rs", "//! B.\nuse super::a::inner::Deep;\nuse super::a::Thing;\n"),
            ("c.rs", "//! C.\npub(crate) fn f() -> super::b::T { todo() }\n"),
        ]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("src/a/mod.rs:2: cycle in demo: a -> b -> a\n"), "{found:?}");
        assert!(found[1].starts_with("src/a/mod.rs:2: cycle in demo: a -> c -> b -> a\n"), "{found:?}");
        assert!(found[0].contains("src/b.rs:3: b uses a (super::a::Thing)"), "{found:?}");
        let found =
            cycles(&[("a.rs", "//! A.\nuse crate::b;\n"), ("b.rs", "use crate::c::x;\n"), ("c.rs", "use crate::a;\n")]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("cycle in demo: a -> b -> c -> a"), "{found:?}");
    }

    #[test]
    fn comments_strings_and_a_tests_module_using_its_file_make_no_edge() {
        let a = "//! Uses `crate::b::x` in docs.\n// crate::b\nconst S: &str = \"crate::b::y\";\n\
                 #[cfg(test)]\nmod tests {\n    use super::*;\n}\n";
        assert!(cycles(&[("a.rs", a), ("b.rs", "//! B.\nuse crate::a;\n")]).is_empty());
        // Inside `mod tests` of `a`, `super::super` is the crate root: `b` is another module.
        let a = a.replace("use super::*;", "use super::*;\n    use super::super::b as _b;");
        let found = cycles(&[("a.rs", &a), ("b.rs", "//! B.\nuse crate::a;\n")]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("src/a.rs:7: cycle in demo: a -> b -> a"), "{found:?}");
    }

    #[test]
    fn a_path_attribute_file_is_the_module_that_declares_it() {
        let found = cycles(&[
            ("lib.rs", "//! Root.\nmod host;\nmod unicode;\n"),
            ("host/mod.rs", "//! Host.\n#[cfg(target_arch = \"wasm32\")]\n#[path = \"js.rs\"]\nmod imp;\n"),
            ("host/js.rs", "//! JS.\nuse super::super::unicode::Form;\n"),
            ("unicode.rs", "//! Unicode.\nuse crate::host::imp::normalize;\n"),
        ]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("cycle in demo: host::imp -> unicode -> host::imp"), "{found:?}");
    }
}
