//! Forbidden dependencies, from `cargo metadata`'s resolved graph (every target and
//! platform): only normal dependencies count, followed transitively.

use std::collections::{BTreeMap, VecDeque};

use serde_json::Value;

/// Each crate and the crates it must never depend on through normal dependencies.
pub(super) const FORBIDDEN: &[(&str, &[&str])] =
    &[("helpdesk-core", &["leptos", "web-sys"]), ("helpdesk-server", &["leptos", "helpdesk-widget"])];

/// A forbidden dependency: the crate, and the chain of package names from it to the
/// forbidden one (both included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Chain {
    pub(super) krate: String,
    pub(super) manifest: String,
    pub(super) chain: Vec<String>,
}

/// Every forbidden dependency of [`FORBIDDEN`] found in `metadata` (the JSON of
/// `cargo metadata --format-version 1`), each by its shortest chain of normal dependencies.
pub(super) fn check(metadata: &Value, forbidden: &[(&str, &[&str])]) -> Result<Vec<Chain>, String> {
    let packages = metadata["packages"].as_array().ok_or("cargo metadata: no packages")?;
    let name_of: BTreeMap<&str, &str> =
        packages.iter().filter_map(|p| Some((p["id"].as_str()?, p["name"].as_str()?))).collect();
    let nodes = metadata["resolve"]["nodes"].as_array().ok_or("cargo metadata: no resolve graph")?;
    let normal: BTreeMap<&str, Vec<&str>> = nodes
        .iter()
        .filter_map(|n| {
            let deps = n["deps"]
                .as_array()?
                .iter()
                .filter(|d| d["dep_kinds"].as_array().is_some_and(|kinds| kinds.iter().any(|k| k["kind"].is_null())));
            Some((n["id"].as_str()?, deps.filter_map(|d| d["pkg"].as_str()).collect()))
        })
        .collect();
    let mut found = Vec::new();
    for (krate, banned) in forbidden {
        let Some(start) = packages.iter().find(|p| p["name"] == *krate && workspace_member(metadata, p)) else {
            return Err(format!("cargo metadata: no workspace package {krate}"));
        };
        let Some(start_id) = start["id"].as_str() else { continue };
        let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
        let mut queue = VecDeque::from([start_id]);
        while let Some(at) = queue.pop_front() {
            for &next in normal.get(at).into_iter().flatten() {
                if next == start_id || came_from.contains_key(next) {
                    continue;
                }
                came_from.insert(next, at);
                queue.push_back(next);
                if banned.contains(&name_of.get(next).copied().unwrap_or_default()) {
                    let mut chain = vec![next];
                    while let Some(&prev) = came_from.get(chain[chain.len() - 1]) {
                        chain.push(prev);
                    }
                    chain.reverse();
                    found.push(Chain {
                        krate: (*krate).to_owned(),
                        manifest: start["manifest_path"].as_str().unwrap_or_default().to_owned(),
                        chain: chain.iter().map(|id| name_of.get(id).copied().unwrap_or(id).to_owned()).collect(),
                    });
                }
            }
        }
    }
    Ok(found)
}

fn workspace_member(metadata: &Value, package: &Value) -> bool {
    metadata["workspace_members"].as_array().is_none_or(|m| m.contains(&package["id"]))
}

/// The 1-based line of `manifest` that declares the dependency `name`, or 1.
pub(super) fn declaring_line(manifest: &str, name: &str) -> usize {
    manifest
        .lines()
        .position(|l| l.strip_prefix(name).is_some_and(|rest| rest.starts_with([' ', '=', '.'])))
        .map_or(1, |n| n + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metadata(edges: &[(&str, &str, Option<&str>)]) -> Value {
        let names = ["core", "server", "util", "leptos", "proptest"];
        let packages: Vec<Value> =
            names.iter().map(|n| serde_json::json!({ "id": format!("{n}-id"), "name": n })).collect();
        let nodes: Vec<Value> = names
            .iter()
            .map(|n| {
                let deps: Vec<Value> = edges
                    .iter()
                    .filter(|(from, _, _)| from == n)
                    .map(|(_, to, kind)| serde_json::json!({ "pkg": format!("{to}-id"), "dep_kinds": [{ "kind": kind }] }))
                    .collect();
                serde_json::json!({ "id": format!("{n}-id"), "deps": deps })
            })
            .collect();
        serde_json::json!({ "packages": packages, "resolve": { "nodes": nodes } })
    }

    #[test]
    fn a_transitive_normal_dependency_is_reported_with_its_chain() {
        let graph = metadata(&[("core", "util", None), ("util", "leptos", None)]);
        let found = check(&graph, &[("core", &["leptos"])]).expect("metadata");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].chain, ["core", "util", "leptos"]);
    }

    #[test]
    fn dev_and_build_dependencies_do_not_count() {
        let graph =
            metadata(&[("core", "leptos", Some("dev")), ("core", "util", Some("build")), ("util", "leptos", None)]);
        assert_eq!(check(&graph, &[("core", &["leptos"])]), Ok(Vec::new()));
        let graph = metadata(&[("server", "core", None), ("core", "proptest", Some("dev"))]);
        assert_eq!(check(&graph, &[("server", &["leptos", "proptest"])]), Ok(Vec::new()));
    }

    #[test]
    fn the_declaring_line_of_a_dependency() {
        let manifest = "[package]\nname = \"x\"\n\n[dependencies]\nleptos-util = \"1\"\nleptos.workspace = true\n";
        assert_eq!(declaring_line(manifest, "leptos"), 6);
        assert_eq!(declaring_line(manifest, "absent"), 1);
    }
}
