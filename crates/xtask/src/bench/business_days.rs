//! Business days against what a user would otherwise pick: the same 20,000 cases through
//! helpdesk-core natively (its `versus` bench), through python-holidays and numpy (PyPI, in a
//! virtual environment under `target/`, `bench/business_days.py`) and through the wasm
//! package under Node (`bench/business_days.mjs`). Every answer must agree with every other
//! one, or the bench fails; the times are figures.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::Row;
use crate::tools::{ensure_all, ensure_debian, run_ok};
use crate::{Result, root, wasm_pkg};

/// The Python packages, pinned: the figures compare with these versions.
const PYTHON_PACKAGES: [&str; 2] = ["holidays==0.109", "numpy==2.4.6"];

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn number(json: &serde_json::Value, key: &str) -> Result<f64> {
    json[key].as_f64().ok_or_else(|| format!("the bench wrote no {key}: {json}"))
}

fn text<'a>(json: &'a serde_json::Value, key: &str) -> &'a str {
    json[key].as_str().unwrap_or("?")
}

/// The virtual environment's Python, made (and the packages installed) when missing.
fn python() -> Result<PathBuf> {
    let venv = root().join("target").join("bench-python");
    let python = venv.join("bin").join("python");
    let marker = venv.join("installed.txt");
    if read(&marker).ok().as_deref() == Some(&PYTHON_PACKAGES.join(" ")) {
        return Ok(python);
    }
    ensure_debian("python3")?;
    println!("xtask bench: a Python virtual environment with {} in {}", PYTHON_PACKAGES.join(", "), venv.display());
    if run_ok(Command::new("python3").args(["-m", "venv"]).arg(&venv)).is_err() {
        run_ok(Command::new("apt-get").args(["install", "-y", "-qq", "python3-venv"]))?;
        run_ok(Command::new("python3").args(["-m", "venv", "--clear"]).arg(&venv))?;
    }
    run_ok(Command::new(&python).args(["-m", "pip", "install", "-q"]).args(PYTHON_PACKAGES))?;
    std::fs::write(&marker, PYTHON_PACKAGES.join(" ")).map_err(|e| e.to_string())?;
    Ok(python)
}

/// The cases on which `answers` differs from the core's, at most five, as text.
fn disagreements(cases: &[&str], native: &[&str], answers: &[&str], who: &str) -> Vec<String> {
    let mut found: Vec<String> = cases
        .iter()
        .zip(native.iter().zip(answers))
        .filter(|(_, (a, b))| a != b)
        .map(|(case, (a, b))| format!("{who}: {case} -> {b}, helpdesk-core {a}"))
        .collect();
    if answers.len() != native.len() {
        found.push(format!("{who}: {} answers for {} cases", answers.len(), native.len()));
    }
    found.truncate(5);
    found
}

pub(crate) fn run() -> Result<Vec<Row>> {
    let dir = root().join("target").join("bench").join("business-days");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    println!("xtask bench: business days, helpdesk-core natively");
    run_ok(Command::new("cargo").current_dir(root()).env("HELPDESK_BENCH_DIR", &dir).args([
        "bench",
        "-q",
        "-p",
        "helpdesk-core",
        "--bench",
        "versus",
    ]))?;
    println!("xtask bench: business days, python-holidays and numpy");
    let scripts = root().join("crates").join("xtask").join("bench");
    run_ok(Command::new(python()?).arg(scripts.join("business_days.py")).arg(&dir))?;
    println!("xtask bench: business days, the wasm package under Node");
    let pkg = wasm_pkg::build(&ensure_all()?)?;
    run_ok(Command::new("node").arg(scripts.join("business_days.mjs")).arg(&dir).arg(&pkg))?;

    let cases = read(&dir.join("cases.csv"))?;
    let cases: Vec<&str> = cases.lines().collect();
    let native = read(&dir.join("native.txt"))?;
    let native: Vec<&str> = native.lines().collect();
    let mut wrong = Vec::new();
    for (file, who) in [("python-holidays.txt", "python-holidays"), ("numpy.txt", "numpy"), ("wasm.txt", "wasm")] {
        let answers = read(&dir.join(file))?;
        wrong.extend(disagreements(&cases, &native, &answers.lines().collect::<Vec<_>>(), who));
    }
    if !wrong.is_empty() {
        return Err(format!("business days: the answers differ:\n  {}", wrong.join("\n  ")));
    }
    println!("xtask bench: all {} cases answered alike by the four", cases.len());

    let parse = |name: &str| -> Result<serde_json::Value> {
        serde_json::from_str(&read(&dir.join(name))?).map_err(|e| format!("{name}: {e}"))
    };
    let (rust, py, wasm) = (parse("native.json")?, parse("python.json")?, parse("wasm.json")?);
    let (compiled, walking) = (number(&rust, "compiled_ns")?, number(&rust, "walking_ns")?);
    let (holidays, numpy, node) = (number(&py, "holidays_ns")?, number(&py, "numpy_ns")?, number(&wasm, "wasm_ns")?);
    let holidays_name =
        format!("python-holidays {} ({}) per call", text(&py, "holidays_version"), text(&py, "python_version"));
    let numpy_name = format!("numpy {} busday_offset, per case of one batch", text(&py, "numpy_version"));
    let ns = |v: f64| if v < 100.0 { format!("{v:.1} ns") } else { format!("{v:.0} ns") };
    Ok(vec![
        Row::faster(
            "business days, native, per call",
            ns(compiled),
            &holidays_name,
            ns(holidays),
            holidays / compiled,
            100.0,
        ),
        Row::faster("business days, native, per call", ns(compiled), &numpy_name, ns(numpy), numpy / compiled, 1.0),
        Row::faster(
            &format!("business days, wasm under Node {}, per call", text(&wasm, "node_version")),
            ns(node),
            &holidays_name,
            ns(holidays),
            holidays / node,
            20.0,
        ),
        Row::faster(
            "business days, compiled vs walking each day",
            ns(compiled),
            "helpdesk-core Calendar::add_business_days",
            ns(walking),
            walking / compiled,
            f64::NAN,
        ),
    ])
}
