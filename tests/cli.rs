//! The command line: exit codes (0 / 1 / 2), streams, formats, help, broken pipe.

use crate::support::cadria;
use std::io::Read;
use std::process::Stdio;

const MINI: [&str; 4] = [
    "--regles",
    "tests/fixtures/mini/regles",
    "--questionnaires",
    "tests/fixtures/mini/questionnaires",
];

fn evaluer(fichier: &str, extra: &[&str]) -> assert_cmd::assert::Assert {
    cadria()
        .args(MINI)
        .args(["evaluer", fichier, "--date", "2026-11-28"])
        .args(extra)
        .assert()
}

fn sortie(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stdout.clone()).unwrap()
}

#[test]
fn aide_en_francais() {
    let a = cadria().arg("--help").assert().success();
    insta::assert_snapshot!(sortie(&a));
    let a = cadria().args(["evaluer", "--help"]).assert().success();
    insta::assert_snapshot!("aide_evaluer", sortie(&a));
}

#[test]
fn codes_de_sortie_selon_le_verdict() {
    evaluer("tests/fixtures/reponses/interdit.yaml", &[]).code(1);
    evaluer("tests/fixtures/reponses/conforme.yaml", &[]).code(0);
    // A possible finding is « à vérifier »: below the default threshold...
    evaluer("tests/fixtures/reponses/inconnu.yaml", &[]).code(0);
    // ...but above `--echec-a a-verifier`.
    evaluer(
        "tests/fixtures/reponses/inconnu.yaml",
        &["--echec-a", "a-verifier"],
    )
    .code(1);
}

#[test]
fn rapport_texte_lisible() {
    let a = evaluer("tests/fixtures/reponses/interdit.yaml", &[]).code(1);
    insta::assert_snapshot!(sortie(&a).replace(env!("CARGO_PKG_VERSION"), "X.Y.Z"));
}

#[test]
fn rapport_json_du_contrat() {
    let a = evaluer("tests/fixtures/reponses/inconnu.yaml", &["-f", "json"]).code(0);
    let v: serde_json::Value = serde_json::from_str(&sortie(&a)).unwrap();
    assert_eq!(v["schema"], 1);
    assert_eq!(v["verdict"], "a_verifier");
    assert_eq!(v["outil"], "Chatbot gratuit");
    let c = &v["constats"][0];
    assert_eq!(c["regle"], "ESSAI-01");
    assert_eq!(c["certitude"], "possible");
    assert_eq!(c["inconnus"], serde_json::json!(["contrat_dpa"]));
    assert_eq!(
        c["faits"],
        serde_json::json!({"categorie_outil": "grand_public", "contrat_dpa": "inconnu"})
    );
    assert_eq!(c["references"][0]["source"], "cadre");
    assert!(c["derogation"].is_null());
    assert_eq!(v["regles_verifiees"], 1);
    assert!(
        v["regles"]["empreinte"]
            .as_str()
            .unwrap()
            .starts_with("sha256:")
    );
    assert_eq!(v["cadria"], env!("CARGO_PKG_VERSION"));
}

#[test]
fn markdown_echappe_les_valeurs() {
    let a = evaluer("tests/fixtures/reponses/conforme.yaml", &["-f", "markdown"]).code(0);
    let md = sortie(&a);
    assert!(
        md.contains(r"Assistant de l'ENT \<b\>\*officiel\*\</b\>"),
        "{md}"
    );
}

#[test]
fn ecriture_dans_un_fichier() {
    let dir = std::env::temp_dir().join(format!("cadria-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let chemin = dir.join("rapport.md");
    let a = evaluer(
        "tests/fixtures/reponses/interdit.yaml",
        &["-f", "markdown", "-o", chemin.to_str().unwrap()],
    )
    .code(1);
    assert!(sortie(&a).is_empty());
    assert!(String::from_utf8_lossy(&a.get_output().stderr).contains("Rapport écrit dans"));
    assert!(
        std::fs::read_to_string(&chemin)
            .unwrap()
            .contains("ESSAI-01")
    );
}

#[test]
fn erreurs_d_entree_code_2_sur_stderr() {
    let a = evaluer(
        "tests/fixtures/reponses-invalides/valeur-hors-domaine.yaml",
        &[],
    )
    .code(2);
    assert!(sortie(&a).is_empty());
    let err = String::from_utf8_lossy(&a.get_output().stderr).to_string();
    assert!(
        err.contains("valeur-hors-domaine.yaml:3:20: erreur[CAD005]"),
        "{err}"
    );
    evaluer("tests/fixtures/reponses/absent.yaml", &[]).code(2);
    evaluer(
        "tests/fixtures/reponses/interdit.yaml",
        &["--date", "2026-02-30"],
    )
    .code(2);
    cadria().args(["evaluer"]).assert().code(2);
}

#[test]
fn valider_signale_tout_et_sort_en_2() {
    let a = cadria()
        .args([
            "--regles",
            "tests/fixtures/regles-erronees",
            "--questionnaires",
            "tests/fixtures/mini/questionnaires",
            "valider",
        ])
        .assert()
        .code(2);
    let out = sortie(&a);
    assert!(out.contains("12 erreurs"), "{out}");
    cadria().args(MINI).arg("valider").assert().code(0);
    cadria().arg("valider").assert().code(0);
}

#[test]
fn regles_lister_et_expliquer() {
    let a = cadria()
        .args(MINI)
        .args(["regles", "expliquer", "essai-01"])
        .assert()
        .success();
    insta::assert_snapshot!(sortie(&a));
    cadria()
        .args(MINI)
        .args(["rules", "explain", "NOPE-01"])
        .assert()
        .code(2);
    let a = cadria()
        .args(["regles", "lister", "-f", "json"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_str(&sortie(&a)).unwrap();
    assert!(v["regles"].as_array().unwrap().len() >= 15);
}

#[test]
fn un_tube_ferme_sort_en_0() {
    let bin = assert_cmd::cargo::cargo_bin("cadria");
    let mut enfant = std::process::Command::new(bin)
        .args(["regles", "lister"])
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one byte then close the pipe, like `cadria regles lister | head -c1`.
    let mut sortie = enfant.stdout.take().unwrap();
    let mut un = [0u8; 1];
    sortie.read_exact(&mut un).unwrap();
    drop(sortie);
    let statut = enfant.wait().unwrap();
    let mut err = String::new();
    enfant
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(statut.success(), "code {:?}, stderr : {err}", statut.code());
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn cadria_seul_accepte_les_options_du_questionnaire() {
    let dir = std::env::temp_dir().join(format!("cadria-cli-q-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let brouillon = dir.join("b.yaml");
    cadria()
        .args([
            "--profil",
            "enseignant",
            "--simple",
            "--brouillon",
            brouillon.to_str().unwrap(),
        ])
        .write_stdin("ChatGPT\n")
        .assert()
        .success();
    let texte = std::fs::read_to_string(&brouillon).unwrap();
    assert!(texte.contains("questionnaire: enseignant"), "{texte}");
    assert!(texte.contains("ChatGPT"), "{texte}");
    // Before another subcommand they would be ignored: refused instead.
    let a = cadria()
        .args(["--profil", "dpo", "valider"])
        .assert()
        .code(2);
    assert!(String::from_utf8_lossy(&a.get_output().stderr).contains("options du questionnaire"));
}

#[test]
fn chaque_format_propose_a_son_gabarit() {
    for format in ["texte", "markdown", "html", "json"] {
        for args in [
            vec!["regles", "lister"],
            vec!["regles", "expliquer", "DONNEES-01"],
            vec!["regles", "couverture"],
            vec![
                "evaluer",
                "exemples/chatgpt-5e.yaml",
                "--echec-a",
                "interdit",
                "--date",
                "2026-11-28",
            ],
        ] {
            let a = cadria().args(&args).args(["-f", format]).assert();
            let code = a.get_output().status.code();
            let err = String::from_utf8_lossy(&a.get_output().stderr).to_string();
            assert!(
                code == Some(0) || (args[0] == "evaluer" && code == Some(1)),
                "{args:?} -f {format} : {code:?} {err}"
            );
            assert!(
                !sortie(&a).trim().is_empty(),
                "{args:?} -f {format} : sortie vide"
            );
        }
    }
    // `evaluer` also offers the editable document (a zip archive).
    let a = cadria()
        .args([
            "evaluer",
            "exemples/chatgpt-5e.yaml",
            "--date",
            "2026-11-28",
            "-f",
            "odt",
        ])
        .assert()
        .code(1);
    assert!(a.get_output().stdout.starts_with(b"PK\x03\x04"));
}
