//! Les couches du code ne pointent que vers le bas (ARCHITECTURE.md) : chaque
//! module de `src/` n'emploie (`crate::…`) que des modules de sa couche ou des
//! couches inférieures, deux couches ne dépendent jamais l'une de l'autre, et
//! clap, ratatui, crossterm et signal-hook ne servent qu'aux interfaces.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Les couches, de bas en haut. Un module appartient à la couche du plus long
/// préfixe de son chemin qui figure ici.
const COUCHES: &[&[&str]] = &[
    &[
        "alea",
        "diag",
        "neutralisation",
        "limites",
        "ecriture",
        "typographie",
        "vocabulaire",
    ],
    &["yaml"],
    &["date", "contenu"],
    &["faits"],
    &["condition"],
    &["regles", "questionnaire"],
    &["base"],
    &["moteur"],
    &["derogations"],
    &["reponses"],
    &["evaluation"],
    &[
        "scenario",
        "questionnaire::flux",
        "questionnaire::brouillon",
        "questionnaire::apercu",
        "questionnaire::session",
        "questionnaire::pertinence",
        "questionnaire::catalogue",
        "questionnaire::dossier",
        "inventaire",
        "scanner",
        "couverture",
        "schema_json",
    ],
    &["rapport"],
    &["documents"],
    &["cli"],
    &["commandes", "tui"],
    &["main", "lib"],
];

/// Modules qui seuls peuvent employer les bibliothèques d'interface.
const INTERFACES: &[&str] = &["cli", "commandes", "tui", "main"];

/// Écarts à la règle encore tolérés, chacun à corriger (module, module employé).
const ECARTS_TOLERES: &[(&str, &str)] = &[];

fn fichiers(dossier: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dossier).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            fichiers(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// `src/a/b.rs` → `a::b`.
fn module(chemin: &Path) -> String {
    let rel = chemin.strip_prefix("src").unwrap().with_extension("");
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("::")
}

/// La couche (rang, clé) d'un chemin de module.
fn couche(module: &str) -> Option<(usize, &'static str)> {
    let morceaux: Vec<&str> = module.split("::").collect();
    for n in (1..=morceaux.len()).rev() {
        let prefixe = morceaux[..n].join("::");
        for (rang, noms) in COUCHES.iter().enumerate() {
            if let Some(cle) = noms.iter().find(|c| **c == prefixe) {
                return Some((rang, cle));
            }
        }
    }
    None
}

/// Le code hors tests : tout ce qui précède le premier `#[cfg(test)]`, sans
/// les commentaires.
fn code(texte: &str) -> String {
    let avant = texte.split("#[cfg(test)]").next().unwrap_or("");
    avant
        .lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Chaque chemin `crate::a::b` employé, et les `crate::{a::…, b::…}` groupés.
fn employes(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let chemin = regex::Regex::new(r"crate::([a-z_]+)(?:::([a-z_]+))?").unwrap();
    for c in chemin.captures_iter(code) {
        out.insert(c[1].to_string());
        if let Some(m) = c.get(2) {
            out.insert(format!("{}::{}", &c[1], m.as_str()));
        }
    }
    let groupe = regex::Regex::new(r"crate::\{([^;]*)\}").unwrap();
    let tete = regex::Regex::new(r"(?:^|[{,\s])([a-z_]+)(?:::([a-z_]+))?").unwrap();
    for g in groupe.captures_iter(code) {
        for c in tete.captures_iter(&g[1]) {
            out.insert(c[1].to_string());
            if let Some(m) = c.get(2) {
                out.insert(format!("{}::{}", &c[1], m.as_str()));
            }
        }
    }
    out
}

struct Graphe {
    /// (module, clé de sa couche) → clés des couches employées, avec le fichier.
    aretes: BTreeMap<&'static str, BTreeMap<&'static str, String>>,
    fautes: Vec<String>,
}

fn graphe() -> Graphe {
    let mut tous = Vec::new();
    fichiers(Path::new("src"), &mut tous);
    tous.sort();
    let mut g = Graphe {
        aretes: BTreeMap::new(),
        fautes: Vec::new(),
    };
    for f in &tous {
        let m = module(f);
        if m == "condition::exactitude" {
            continue; // module de tests seulement
        }
        let Some((rang, cle)) = couche(&m) else {
            g.fautes.push(format!(
                "{} : module `{m}` absent de la table des couches",
                f.display()
            ));
            continue;
        };
        let texte = std::fs::read_to_string(f).unwrap();
        for u in employes(&code(&texte)) {
            let Some((rang_u, cle_u)) = couche(&u) else {
                continue; // sous-module privé d'un module de même couche
            };
            if cle_u == cle {
                continue;
            }
            g.aretes
                .entry(cle)
                .or_default()
                .entry(cle_u)
                .or_insert_with(|| f.display().to_string());
            if rang_u > rang && !ECARTS_TOLERES.contains(&(cle, cle_u)) {
                g.fautes.push(format!(
                    "{} : `{m}` (couche {rang}) emploie `{u}` (couche {rang_u}), plus haut",
                    f.display()
                ));
            }
        }
    }
    g
}

#[test]
fn les_couches_ne_pointent_que_vers_le_bas() {
    let g = graphe();
    assert!(g.fautes.is_empty(), "\n{}", g.fautes.join("\n"));
}

#[test]
fn aucun_cycle_entre_modules() {
    let g = graphe();
    let mut cycles = Vec::new();
    for (a, vers) in &g.aretes {
        for (b, fichier) in vers {
            if let Some(retour) = g.aretes.get(b).and_then(|v| v.get(a))
                && a < b
            {
                cycles.push(format!("{a} ({fichier}) ⇄ {b} ({retour})"));
            }
        }
    }
    assert!(cycles.is_empty(), "\n{}", cycles.join("\n"));
}

#[test]
fn les_bibliotheques_d_interface_restent_aux_interfaces() {
    let mut tous = Vec::new();
    fichiers(Path::new("src"), &mut tous);
    let mut fautes = Vec::new();
    for f in &tous {
        let m = module(f);
        let tete = m.split("::").next().unwrap_or_default();
        if INTERFACES.contains(&tete) {
            continue;
        }
        let texte = code(&std::fs::read_to_string(f).unwrap());
        for (i, l) in texte.lines().enumerate() {
            let permise = l.contains("cfg_attr(feature = \"interface\"");
            for lib in ["clap::", "ratatui::", "crossterm::", "signal_hook::"] {
                if l.contains(lib) && !permise {
                    fautes.push(format!("{}:{} : {}", f.display(), i + 1, l.trim()));
                }
            }
        }
    }
    assert!(fautes.is_empty(), "\n{}", fautes.join("\n"));
}

/// La table elle-même : une couche qui emploierait une couche plus haute est
/// vue (sinon le test ci-dessus ne pourrait pas échouer).
#[test]
fn le_controle_voit_un_ecart() {
    let m = "diag";
    let u = employes(&code(
        "use crate::rapport::Rapport;\n// crate::moteur en commentaire\n",
    ));
    assert_eq!(
        u.iter().map(String::as_str).collect::<Vec<_>>(),
        ["rapport"]
    );
    let (r, _) = couche(m).unwrap();
    let (ru, _) = couche("rapport").unwrap();
    assert!(ru > r);
    let groupe = employes("use crate::{moteur::Moteur, faits::{Faits, Schema}};");
    assert!(
        groupe.contains("moteur") && groupe.contains("faits"),
        "{groupe:?}"
    );
    assert_eq!(
        couche("questionnaire::flux").unwrap().1,
        "questionnaire::flux"
    );
    assert_eq!(couche("questionnaire").unwrap().1, "questionnaire");
    assert_eq!(couche("rapport::html").unwrap().1, "rapport");
}
