//! Une fixture par code de diagnostic (`tests/fixtures/diagnostics/CADnnn-*.yaml`) :
//! chacune écrit quelques fichiers dans un dossier temporaire, lance `cadria` et
//! vérifie que la sortie contient son code, avec un instantané de ce que voit la
//! personne. Un méta-test vérifie que chaque code a sa fixture et sa description.
//!
//! Forme d'une fixture :
//!
//! ```yaml
//! code: CAD005
//! copier: mini            # facultatif : copie tests/fixtures/mini/{regles,questionnaires}
//! fichiers:               # écrits dans le dossier temporaire
//!   r.yaml: |
//!     outil: X
//! commande: [evaluer, r.yaml, --regles, regles, --questionnaires, questionnaires]
//! ```

use cadria::diag::Code;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fixture {
    code: String,
    #[serde(default)]
    copier: Option<String>,
    #[serde(default)]
    fichiers: BTreeMap<String, String>,
    commande: Vec<String>,
    /// Code de sortie attendu (2 par défaut).
    #[serde(default = "deux")]
    sortie: i32,
}

fn deux() -> i32 {
    2
}

/// Les codes qu'aucune entrée ne peut produire, et pourquoi.
const SANS_FIXTURE: &[(Code, &str)] = &[
    (
        Code::Interne,
        "une erreur interne (mise en forme d'un rapport valide) ne dépend d'aucun fichier lu",
    ),
    (
        Code::CritereSansStatut,
        "le catalogue des critères est intégré au binaire : tests/couverture.rs le vérifie",
    ),
];

fn copier_dossier(de: &Path, vers: &Path) {
    std::fs::create_dir_all(vers).unwrap();
    for e in std::fs::read_dir(de).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), vers.join(e.file_name())).unwrap();
    }
}

/// Lance la fixture ; rend le code de la fixture et ce que `cadria` a écrit.
fn lancer(chemin: &Path) -> (Fixture, String) {
    let texte = std::fs::read_to_string(chemin).unwrap();
    let f: Fixture = serde_saphyr::from_str(&texte).unwrap();
    let dossier = tempfile::tempdir().unwrap();
    if let Some(source) = &f.copier {
        assert_eq!(source, "mini", "seule la base `mini` se copie");
        for sous in ["regles", "questionnaires"] {
            copier_dossier(
                &Path::new("tests/fixtures/mini").join(sous),
                &dossier.path().join(sous),
            );
        }
    }
    for (nom, contenu) in &f.fichiers {
        let cible = dossier.path().join(nom);
        std::fs::create_dir_all(cible.parent().unwrap()).unwrap();
        std::fs::write(cible, contenu).unwrap();
    }
    let sortie = crate::support::cadria()
        .current_dir(dossier.path())
        .args(&f.commande)
        .output()
        .unwrap();
    assert_eq!(
        sortie.status.code(),
        Some(f.sortie),
        "{}: code de sortie\n{}",
        chemin.display(),
        String::from_utf8_lossy(&sortie.stderr)
    );
    let vu = format!(
        "$ cadria {}\n--- sortie standard ---\n{}--- sortie d'erreur ---\n{}",
        f.commande.join(" "),
        String::from_utf8_lossy(&sortie.stdout),
        String::from_utf8_lossy(&sortie.stderr)
    );
    (f, vu)
}

#[test]
fn chaque_fixture_produit_son_code() {
    insta::glob!("fixtures/diagnostics/*.yaml", |chemin| {
        let (f, vu) = lancer(chemin);
        let nom = chemin.file_name().unwrap().to_string_lossy().to_string();
        assert!(
            nom.starts_with(&format!("{}-", f.code)),
            "{nom} : le nom commence par le code"
        );
        assert!(
            Code::depuis(&f.code).is_some(),
            "{nom} : code {} inconnu",
            f.code
        );
        assert!(
            vu.contains(&format!("[{}]", f.code)),
            "{nom} ne produit pas {} :\n{vu}",
            f.code
        );
        insta::assert_snapshot!(vu);
    });
}

#[test]
fn chaque_code_a_une_fixture_et_une_description() {
    let noms: Vec<String> = std::fs::read_dir("tests/fixtures/diagnostics")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    for c in Code::TOUS {
        assert!(
            c.description().len() > 40 && !c.exemple().is_empty() && !c.titre().is_empty(),
            "{c:?} sans description ou exemple"
        );
        let a_fixture = noms
            .iter()
            .any(|n| n.starts_with(&format!("{}-", c.as_str())));
        let exempte = SANS_FIXTURE.iter().any(|(e, _)| e == c);
        assert!(
            a_fixture != exempte,
            "{} : {}",
            c.as_str(),
            if exempte {
                "exempté mais a une fixture : retirez-le de SANS_FIXTURE"
            } else {
                "pas de fixture dans tests/fixtures/diagnostics/"
            }
        );
    }
}

#[test]
fn expliquer_un_code() {
    let sortie = crate::support::cadria()
        .args(["valider", "--expliquer", "CAD005"])
        .output()
        .unwrap();
    assert_eq!(sortie.status.code(), Some(0));
    insta::assert_snapshot!(String::from_utf8_lossy(&sortie.stdout));
    let retire = crate::support::cadria()
        .args(["valider", "--expliquer", "cad14"])
        .output()
        .unwrap();
    assert_eq!(retire.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&retire.stdout).contains("CAD018"));
    let inconnu = crate::support::cadria()
        .args(["valider", "--expliquer", "CAD099"])
        .output()
        .unwrap();
    assert_eq!(inconnu.status.code(), Some(2));
    let err = String::from_utf8_lossy(&inconnu.stderr);
    assert!(
        err.starts_with("erreur[CAD023]: code de diagnostic `CAD099` inconnu"),
        "{err}"
    );
}

#[test]
fn le_readme_liste_chaque_code() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    for c in Code::TOUS {
        assert!(
            readme.contains(&format!("| {} | {} |", c.as_str(), c.titre())),
            "README : ligne du tableau des codes manquante pour {} ({})",
            c.as_str(),
            c.titre()
        );
    }
}
