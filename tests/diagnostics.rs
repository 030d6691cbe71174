//! Invalid rule, fact and answers fixtures: every problem is reported at once,
//! with a stable code and file:line:col (insta snapshots).

use cadria::base::{Base, Sources};
use cadria::diag::{self, Code};
use cadria::reponses::Reponses;
use std::path::PathBuf;

fn mini() -> Base {
    let (base, diags) = Base::charger(&Sources {
        regles: Some(PathBuf::from("tests/fixtures/mini/regles")),
        questionnaires: Some(PathBuf::from("tests/fixtures/mini/questionnaires")),
    });
    assert!(diags.is_empty(), "{}", diag::rendre_texte(&diags));
    base
}

#[test]
fn regles_erronees_toutes_signalees() {
    let (_, diags) = Base::charger(&Sources {
        regles: Some(PathBuf::from("tests/fixtures/regles-erronees")),
        questionnaires: Some(PathBuf::from("tests/fixtures/mini/questionnaires")),
    });
    let codes: Vec<Code> = diags.iter().map(|d| d.code).collect();
    for attendu in [
        Code::ValeurHorsDomaine,
        Code::FaitInconnu,
        Code::HorsEchelle,
        Code::IdentifiantDuplique,
        Code::Syntaxe,
        Code::TexteManquant,
        Code::Reference,
        Code::Yaml,
    ] {
        assert!(
            codes.contains(&attendu),
            "{attendu:?} manquant dans {codes:?}"
        );
    }
    assert!(
        diags.iter().all(|d| d.position.ligne > 0),
        "toute erreur a une position"
    );
    insta::assert_snapshot!(diag::rendre_texte(&diags));
}

#[test]
fn conditions_hors_langage_mal_typees_mortes_toutes_signalees() {
    let (_, diags) = Base::charger(&Sources {
        regles: Some(PathBuf::from("tests/fixtures/conditions-erronees")),
        questionnaires: Some(PathBuf::from("tests/fixtures/mini/questionnaires")),
    });
    let codes: Vec<Code> = diags.iter().map(|d| d.code).collect();
    for attendu in [
        Code::HorsLangage,
        Code::TypeCondition,
        Code::FaitInconnu,
        Code::ValeurHorsDomaine,
        Code::FaitTexteDansCondition,
        Code::ConditionConstante,
        Code::NotionInutilisee,
        Code::IdentifiantMalForme,
        Code::TexteManquant,
    ] {
        assert!(
            codes.contains(&attendu),
            "{attendu:?} manquant dans {codes:?}"
        );
    }
    assert!(
        diags.iter().all(|d| d.position.ligne > 0),
        "toute erreur a une position"
    );
    // Aucun message anglais de minijinja ne passe.
    let texte = diag::rendre_texte(&diags);
    for anglais in ["unexpected", "expected", "unknown filter", "end of input"] {
        assert!(!texte.contains(anglais), "{anglais} dans {texte}");
    }
    insta::assert_snapshot!(texte);
}

#[test]
fn schema_de_faits_errone() {
    let faits = "- id: a\n  type: booleen\n  libelle: A\n- id: a\n  type: booleen\n  libelle: A bis\n- id: b\n  type: choix\n  libelle: ''\n- id: c\n  type: nombre\n  libelle: C\n- id: d\n  type: liste\n  libelle: D\n  qui_peut_repondre: [voisin]\n  valeurs: [{ id: x, libelle: X }, { id: x, libelle: X2 }, { id: inconnu, libelle: I }]\n";
    let (_, diags) =
        Base::depuis_fichiers(vec![], vec![("faits.yaml".into(), faits.into())], false);
    insta::assert_snapshot!(diag::rendre_texte(&diags));
}

#[test]
fn questionnaire_errone() {
    // The section has no `titre` (CAD031): reported beside the other problems.
    let base_faits =
        std::fs::read_to_string("tests/fixtures/mini/questionnaires/faits.yaml").unwrap();
    let q = "id: q\ntitre: Q\nsections:\n  - id: s\n    questions:\n      - fait: categorie\n        texte: X ?\n      - fait: categorie_outil\n        texte: ''\n        choix: [grand_public, privé]\n      - fait: niveaux\n        texte: Niveaux ?\n        quand: 'categorie_outil == \"perso\"'\n      - fait: niveaux\n        texte: Encore ?\n";
    let (_, diags) = Base::depuis_fichiers(
        vec![],
        vec![
            ("faits.yaml".into(), base_faits),
            ("q.yaml".into(), q.into()),
        ],
        false,
    );
    insta::assert_snapshot!(diag::rendre_texte(&diags));
}

#[test]
fn reponses_invalides() {
    let base = mini();
    insta::glob!("fixtures/reponses-invalides/*.yaml", |chemin| {
        let texte = std::fs::read_to_string(chemin).unwrap();
        let nom = format!(
            "reponses-invalides/{}",
            chemin.file_name().unwrap().to_string_lossy()
        );
        let diags = Reponses::lire(&texte, &nom, &base).expect_err("ce fichier est invalide");
        insta::assert_snapshot!(diag::rendre_texte(&diags));
    });
}

#[test]
fn condition_demesuree_refusee_sans_debordement_de_pile() {
    // 30 000 chained terms used to overflow the stack while compiling.
    let condition = vec!["not contrat_dpa"; 30_000].join(" and ");
    let regle = std::fs::read_to_string("tests/fixtures/mini/regles/essai.yaml")
        .unwrap()
        .replace(
            r#"quand: 'categorie_outil == "grand_public" and not contrat_dpa'"#,
            &format!("quand: '{condition}'"),
        );
    let faits = std::fs::read_to_string("tests/fixtures/mini/questionnaires/faits.yaml").unwrap();
    let (_, diags) = Base::depuis_fichiers(
        vec![("r.yaml".into(), regle)],
        vec![("faits.yaml".into(), faits)],
        true,
    );
    assert_eq!(diags.len(), 1, "{}", diag::rendre_texte(&diags));
    assert_eq!(diags[0].code, Code::Syntaxe);
    assert!(diags[0].message.contains("trop longue"));
}

#[test]
fn grand_entier_repris_tel_qu_ecrit() {
    // Issue 11, item 21: serde-saphyr hands a 39-digit integer as a decimal;
    // the message quoted it rounded (`1.2345678901234568e38`).
    let texte =
        std::fs::read_to_string("tests/fixtures/reponses-invalides/grand-entier.yaml").unwrap();
    let diags = Reponses::lire(&texte, "r.yaml", &mini()).expect_err("valeurs impossibles");
    let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("`123456789012345678901234567890123456789`")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("`0.10`")),
        "{messages:?}"
    );
    assert!(
        !messages.iter().any(|m| m.contains("0000000")),
        "{messages:?}"
    );
}

#[test]
fn valider_signale_les_cinq_problemes_d_un_coup() {
    // Issue 10, « done when »: a missing field, an unknown gravity, a bad
    // domain value, a duplicate id and a syntax error, all five reported,
    // each with file:line:col and its source line underlined.
    let sortie = crate::support::cadria()
        .args([
            "valider",
            "--regles",
            "tests/fixtures/regles-cinq-problemes",
            "--questionnaires",
            "tests/fixtures/mini/questionnaires",
        ])
        .output()
        .unwrap();
    assert_eq!(sortie.status.code(), Some(2));
    let texte = String::from_utf8_lossy(&sortie.stdout).to_string();
    for (code, quoi) in [
        ("CAD031", "`fiabilite`"),
        ("CAD008", "`tres_grave`"),
        ("CAD005", "\"grand_publique\""),
        ("CAD003", "CINQ-02"),
        ("CAD002", "YAML invalide"),
    ] {
        let bloc = texte
            .split("\n\n")
            .find(|b| b.contains(&format!("[{code}]")))
            .unwrap_or_else(|| panic!("{code} absent :\n{texte}"));
        assert!(bloc.contains(quoi), "{bloc}");
        let entete = bloc.lines().next().unwrap_or_default();
        let ou = entete.split(": ").next().unwrap_or_default();
        assert_eq!(ou.split(':').count(), 3, "fichier:ligne:colonne : {entete}");
        assert!(
            bloc.lines()
                .any(|l| l.trim_start().starts_with('|') && l.contains('^')),
            "ligne source soulignée : {bloc}"
        );
    }
    insta::assert_snapshot!(texte);
}

#[test]
fn un_seul_chemin_d_erreur() {
    // Issue 10, « done when »: errors are printed in one place (main), not
    // where they happen; the TUI may restore the terminal itself.
    fn parcourir(dossier: &std::path::Path, trouves: &mut Vec<String>) {
        for e in std::fs::read_dir(dossier).unwrap() {
            let chemin = e.unwrap().path();
            if chemin.is_dir() {
                parcourir(&chemin, trouves);
                continue;
            }
            let nom = chemin.display().to_string();
            if nom == "src/main.rs" || nom.starts_with("src/tui") || !nom.ends_with(".rs") {
                continue;
            }
            let texte = std::fs::read_to_string(&chemin).unwrap();
            for (n, l) in texte.lines().enumerate() {
                if l.contains("eprint") {
                    trouves.push(format!("{nom}:{}: {l}", n + 1));
                }
            }
        }
    }
    let mut trouves = Vec::new();
    parcourir(std::path::Path::new("src"), &mut trouves);
    assert!(trouves.is_empty(), "{}", trouves.join("\n"));
}
