//! The plain line mode, driven as a script would drive it: answers piped on
//! stdin (not a terminal, so the plain mode is chosen by itself), the
//! transcript and the draft checked, and the draft given to `cadria evaluer`.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn evaluations(dossier: &Path) -> PathBuf {
    dossier.join("donnees/cadria/evaluations")
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/questionnaire")
}

/// The binary run in `dossier`, its user data folder (`XDG_DATA_HOME`, and
/// `HOME` in case) inside it: assessments go to `dossier/donnees/cadria/evaluations`.
fn cadria(dossier: &Path) -> Command {
    let mut c = Command::cargo_bin("cadria").unwrap();
    c.current_dir(dossier)
        .env("HOME", dossier)
        .env("XDG_DATA_HOME", dossier.join("donnees"))
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
    // the verdict read aloud (?v), consumer service (1). The use is then
    // forbidden for certain: the vigilance question on checking outputs is
    // no longer asked.
    let entree = "ChatGPT\n?\n1\n<\n1\n9\n2\n?v\n1\n";
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
    let brouillon = evaluations(d.path()).join("chatgpt-2026-11-28.yaml");
    assert!(
        erreurs.contains(&format!(
            "Évaluations : {}",
            evaluations(d.path()).display()
        )),
        "{erreurs}"
    );
    assert!(
        erreurs.contains(&format!("--reprendre {}", brouillon.display())),
        "{erreurs}"
    );
    // Between questions: no rule id, only a change of verdict in one sentence.
    let questions = texte.split("Voici le rapport").next().unwrap_or_default();
    assert!(!questions.contains("ESSAI-0"), "{questions}");
    assert!(
        questions.contains("Le verdict provisoire devient : interdit."),
        "{questions}"
    );
    // The saved draft yields the verdict the questionnaire showed.
    let evaluer = cadria(d.path())
        .arg("evaluer")
        .arg(&brouillon)
        .args(["--date", "2026-11-28"])
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
        .args(["questionnaire", "--profil", "essai", "--date", "2026-11-28"])
        .write_stdin("ChatGPT\n-\n")
        .assert()
        .success();
    let chemin = evaluations(d.path()).join("chatgpt-2026-11-28.yaml");
    let brouillon = std::fs::read_to_string(&chemin).unwrap();
    assert!(brouillon.contains("niveaux: []"), "{brouillon}");
    // Resume: the next question is the origin of the tool (pupil question hidden).
    let sortie = cadria(d.path())
        .args(["questionnaire", "--date", "2026-11-28", "--reprendre"])
        .arg(&chemin)
        .write_stdin("0\n1\n")
        .assert()
        .success()
        .get_output()
        .clone();
    let texte = String::from_utf8(sortie.stdout).unwrap();
    assert!(
        texte.contains("Question 3 · encore au plus 2 questions\nD'où vient l'outil ?"),
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
        .env("HOME", d.path())
        .env("XDG_DATA_HOME", d.path().join("donnees"))
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

#[test]
fn catalogue_preremplit_la_fiche_de_l_outil_et_refuse_un_fait_sans_source() {
    let d = tempfile::tempdir().unwrap();
    let catalogue = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("exemples/catalogue.yaml");
    let sortie = Command::cargo_bin("cadria")
        .unwrap()
        .current_dir(d.path())
        .env("HOME", d.path())
        .env("XDG_DATA_HOME", d.path().join("donnees"))
        .args([
            "questionnaire",
            "--profil",
            "enseignant",
            "--simple",
            "--date",
            "2026-12-01",
        ])
        .arg("--catalogue")
        .arg(&catalogue)
        .write_stdin("MIA Seconde\n")
        .assert()
        .success()
        .get_output()
        .clone();
    let texte = String::from_utf8(sortie.stdout).unwrap();
    assert!(
        texte.contains(
            "Réponses préremplies d'après la fiche « MIA Seconde » vérifiée le 1er décembre 2026"
        ),
        "{texte}"
    );
    assert!(
        !texte.contains("Quel genre d'IA"),
        "pre-filled, not asked: {texte}"
    );
    let brouillon =
        std::fs::read_to_string(evaluations(d.path()).join("mia-seconde-2026-12-01.yaml")).unwrap();
    assert!(brouillon.contains("type_ia: predictive"), "{brouillon}");
    // A fact without a source is refused, with its place in the file.
    std::fs::write(
        d.path().join("c.yaml"),
        "fiches:\n  - outil: X\n    verifiee_le: 2026-01-01\n    faits:\n      verification_sorties: { valeur: oui, source: '' }\n",
    )
    .unwrap();
    let sortie = cadria(d.path())
        .args([
            "questionnaire",
            "--profil",
            "essai",
            "--simple",
            "--catalogue",
            "c.yaml",
        ])
        .write_stdin("")
        .assert()
        .code(2)
        .get_output()
        .clone();
    let err = String::from_utf8(sortie.stderr).unwrap();
    assert!(
        err.contains("c.yaml:5:7") && err.contains("n'a pas de source"),
        "{err}"
    );
}
