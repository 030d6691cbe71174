//! Embeds the default rules, questionnaires, report templates and criteria
//! catalogue in the binary:
//! every file under `rules/`, `questionnaires/`, `templates/` and `catalogue/` is listed in a
//! generated table, so adding a rule is a YAML-only change.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "un script de construction échoue en paniquant : c'est ainsi que cargo arrête la construction"
)]

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let mut out = String::from("/// Files embedded at build time: (relative path, contents).\n");
    out.push_str("pub static FICHIERS: &[(&str, &str)] = &[\n");
    for dir in ["rules", "questionnaires", "templates", "catalogue"] {
        let path = Path::new(&root).join(dir);
        println!("cargo:rerun-if-changed={}", path.display());
        let mut names: Vec<String> = match std::fs::read_dir(&path) {
            Ok(entries) => entries
                .filter_map(|e| e.ok())
                .filter(|e| e.path().is_file())
                .filter_map(|e| e.file_name().into_string().ok())
                .collect(),
            Err(_) => Vec::new(),
        };
        names.sort();
        for name in names {
            let full = path.join(&name);
            println!("cargo:rerun-if-changed={}", full.display());
            writeln!(
                out,
                "    ({:?}, include_str!({:?})),",
                format!("{dir}/{name}"),
                full.display().to_string()
            )
            .expect("writing to a String cannot fail");
        }
    }
    out.push_str("];\n");
    let dest =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embarques.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}
