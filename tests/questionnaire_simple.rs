//! The plain line mode, driven as a script would drive it: answers piped on
//! stdin (not a terminal, so the plain mode is chosen by itself), the
//! transcript and the draft checked, and the draft given to `cadria evaluer`.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/questionnaire")
}

fn cadria(dossier: &Path) -> Command {
    let mut c = Command::cargo_bin("cadria").unwrap();
    c.current_dir(dossier)
        .arg("--regles")
        .arg(fixtures().join("regles"))
        .arg("--questionnaires")
        .arg(fixtures().join("questionnaires"));
    c
}

#[test]
fn script_complet_avec_aide_retour_et_erreur_de_saisie() {
    let d = tempfile::tempdir().unwrap();
    // tool, help, levels (5e), back, levels again, pupils: typo then 2,
    // consumer service (1), no checking (2).
    let entree = "ChatGPT\n?\n1\n<\n1\n9\n2\n1\n2\n";
    let sortie = cadria(d.path())
        .args(["questionnaire", "--profil", "essai", "--date", "2026-11-28"])
        .write_stdin(entree)
        .assert()
        .success()
        .get_output()
        .clone();
    let texte = String::from_utf8(sortie.stdout).unwrap();
    let sha = texte
        .split_whitespace()
        .find(|m| m.starts_with("sha256:"))
        .unwrap_or_default()
        .trim_end_matches(',')
        .to_string();
    insta::assert_snapshot!("transcription", texte.replace(&sha, "[EMPREINTE]"));
    let erreurs = String::from_utf8(sortie.stderr).unwrap();
    assert!(
        erreurs.contains("Brouillon : cadria-brouillon-essai.yaml"),
        "{erreurs}"
    );
    assert!(
        erreurs.contains("--reprendre cadria-brouillon-essai.yaml"),
        "{erreurs}"
    );
    // The saved draft yields the verdict the questionnaire showed.
    let evaluer = cadria(d.path())
        .args([
            "evaluer",
            "cadria-brouillon-essai.yaml",
            "--date",
            "2026-11-28",
        ])
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert!(
        String::from_utf8(evaluer.stdout)
            .unwrap()
            .contains("EN BREF\u{a0}: INTERDIT")
    );
}

#[test]
fn fin_de_saisie_enregistre_puis_reprise() {
    let d = tempfile::tempdir().unwrap();
    cadria(d.path())
        .args(["questionnaire", "--profil", "essai"])
        .write_stdin("ChatGPT\n-\n")
        .assert()
        .success();
    let brouillon = std::fs::read_to_string(d.path().join("cadria-brouillon-essai.yaml")).unwrap();
    assert!(brouillon.contains("niveaux: []"), "{brouillon}");
    // Resume: the next question is the origin of the tool (pupil question hidden).
    let sortie = cadria(d.path())
        .args([
            "questionnaire",
            "--reprendre",
            "cadria-brouillon-essai.yaml",
        ])
        .write_stdin("0\n1\n")
        .assert()
        .success()
        .get_output()
        .clone();
    let texte = String::from_utf8(sortie.stdout).unwrap();
    assert!(
        texte.contains("Question 3 sur 4\nD'où vient l'outil ?"),
        "{texte}"
    );
    assert!(texte.contains("EN BREF\u{a0}: À VÉRIFIER"), "{texte}");
}

#[test]
fn choix_du_questionnaire_par_numero() {
    let d = tempfile::tempdir().unwrap();
    let sortie = cadria(d.path())
        .arg("questionnaire")
        .write_stdin("2\n")
        .assert()
        .success()
        .get_output()
        .clone();
    let texte = String::from_utf8(sortie.stdout).unwrap();
    assert!(
        texte.contains("Quel questionnaire voulez-vous remplir ?"),
        "{texte}"
    );
    assert!(
        texte.contains("Quel outil d'IA souhaitez-vous utiliser ?"),
        "{texte}"
    );
}

#[test]
fn brouillon_d_un_autre_questionnaire_refuse() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(
        d.path().join("b.yaml"),
        "questionnaire: autre\nreponses: {}\n",
    )
    .unwrap();
    let sortie = cadria(d.path())
        .args([
            "questionnaire",
            "--profil",
            "essai",
            "--reprendre",
            "b.yaml",
        ])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(
        String::from_utf8(sortie.stderr)
            .unwrap()
            .contains("ce brouillon est celui du questionnaire `autre`")
    );
}

#[test]
fn questionnaire_enseignant_chatgpt_en_cinquieme_est_interdit() {
    // The embedded rules and teacher questionnaire: the key answers are
    // given, every other question is answered « je ne sais pas ».
    let d = tempfile::tempdir().unwrap();
    std::fs::write(
        d.path().join("chatgpt.yaml"),
        "outil: ChatGPT\nquestionnaire: enseignant\nreponses:\n  role: enseignant\n  type_ia: generative\n  niveaux: [5e]\n  usage_eleves: encadre\n  compte_eleve: personnel\n  categorie_outil: grand_public\n",
    )
    .unwrap();
    let sortie = Command::cargo_bin("cadria")
        .unwrap()
        .current_dir(d.path())
        .args(["check", "--simple", "--reprendre", "chatgpt.yaml"])
        .write_stdin("0\n".repeat(80))
        .assert()
        .success()
        .get_output()
        .clone();
    let texte = String::from_utf8(sortie.stdout).unwrap();
    assert!(texte.contains("EN BREF\u{a0}: INTERDIT"), "{texte}");
    assert!(texte.contains("Parce que vous avez répondu"), "{texte}");
}
