//! `cadria scanner` : codes de sortie, formats, copie pseudonymisée, entrées difficiles.

use crate::support::cadria;

fn sortie(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stdout.clone()).unwrap()
}

fn erreur(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stderr.clone()).unwrap()
}

/// Le texte d'un fichier du corpus, balises retirées.
fn sans_balises(fichier: &str) -> String {
    let brut = std::fs::read_to_string(format!("tests/scanner/{fichier}")).unwrap();
    let mut out = String::new();
    let mut reste = brut.as_str();
    while let Some(i) = reste.find("[[") {
        out.push_str(&reste[..i]);
        let apres = &reste[i + 2..];
        let fin = apres.find("]]").unwrap();
        out.push_str(apres[..fin].split_once('|').unwrap().1);
        reste = &apres[fin + 2..];
    }
    out.push_str(reste);
    out
}

const MAIL: &str =
    "Bonjour Mme Durand,\nVotre fille Léa (3e B) a un PAP ; appelez le 06 12 34 56 78.\n";

#[test]
fn rapport_texte_et_code_1() {
    let a = cadria()
        .args(["scanner", "-"])
        .write_stdin(MAIL)
        .assert()
        .code(1);
    insta::assert_snapshot!(sortie(&a));
}

#[test]
fn texte_propre_code_0() {
    let a = cadria()
        .args(["scan"])
        .write_stdin("La photosynthèse produit de l'oxygène.\n")
        .assert()
        .code(0);
    assert!(sortie(&a).contains("Aucune donnée personnelle repérée"));
}

#[test]
fn json_pour_les_scripts() {
    let a = cadria()
        .args(["scanner", "-", "-f", "json"])
        .write_stdin(MAIL)
        .assert()
        .code(1);
    let v: serde_json::Value = serde_json::from_str(&sortie(&a)).unwrap();
    assert_eq!(v["schema"], 1);
    let t = v["trouvailles"].as_array().unwrap();
    assert_eq!(t[0]["categorie"], "personne");
    assert_eq!(
        (t[0]["ligne"].as_u64(), t[0]["colonne"].as_u64()),
        (Some(1), Some(13))
    );
    assert_eq!(
        v["synthese"]["donnees_personnelles"],
        serde_json::json!(["identite", "sante_handicap"])
    );
    assert!(
        v["synthese"]["regles"]
            .as_array()
            .unwrap()
            .contains(&"DONNEES-10".into())
    );
}

#[test]
fn fin_de_ligne_windows_et_colonnes() {
    let a = cadria()
        .args(["scanner", "-", "-f", "json"])
        .write_stdin("ligne un\r\n  écrire à a.b@c.fr\r\n")
        .assert()
        .code(1);
    let v: serde_json::Value = serde_json::from_str(&sortie(&a)).unwrap();
    let t = &v["trouvailles"][0];
    assert_eq!(
        (t["ligne"].as_u64(), t["colonne"].as_u64()),
        (Some(2), Some(12))
    );
    assert_eq!(t["texte"], "a.b@c.fr");
}

#[test]
fn entree_binaire_code_2_sans_panique() {
    let a = cadria()
        .args(["scanner", "-"])
        .write_stdin(&b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe"[..])
        .assert()
        .code(2);
    assert!(erreur(&a).contains("octet nul"), "{}", erreur(&a));
}

#[test]
fn fichier_absent_code_2() {
    let a = cadria().args(["scanner", "absent.txt"]).assert().code(2);
    assert!(erreur(&a).contains("fichier illisible"));
}

#[test]
fn controles_du_texte_neutralises() {
    let a = cadria()
        .args(["scanner", "-"])
        .write_stdin("M. Du\u{1b}[31mpont\n")
        .assert();
    assert!(!sortie(&a).contains('\u{1b}'));
}

#[test]
fn table_seulement_avec_pseudonymiser() {
    cadria()
        .args(["scanner", "-", "--table", "t.csv"])
        .write_stdin(MAIL)
        .assert()
        .code(2);
}

#[test]
fn pseudonymiser_ne_laisse_aucune_donnee_reperee() {
    let dossier = tempfile::tempdir().unwrap();
    for f in std::fs::read_dir("tests/scanner").unwrap() {
        let nom = f.unwrap().file_name().into_string().unwrap();
        if !nom.ends_with(".txt") {
            continue;
        }
        let source = dossier.path().join(&nom);
        std::fs::write(&source, sans_balises(&nom).replace('\n', "\r\n")).unwrap();
        let copie = dossier.path().join(format!("pseudo-{nom}"));
        let table = dossier.path().join(format!("table-{nom}.csv"));
        let a = cadria()
            .arg("scanner")
            .arg(&source)
            .arg("--pseudonymiser")
            .arg(&copie)
            .arg("--table")
            .arg(&table)
            .assert();
        // Même le fichier « sans données » contient des faux positifs connus (voir le README).
        assert_eq!(a.get_output().status.code(), Some(1), "{nom}");
        // Aucune trouvaille ne reste, et la table n'apparaît jamais sur la sortie.
        let rescan = cadria().arg("scanner").arg(&copie).assert().code(0);
        assert!(
            sortie(&rescan).contains("Aucune donnée"),
            "{nom} : {}",
            sortie(&rescan)
        );
        let texte = std::fs::read_to_string(&copie).unwrap();
        assert_eq!(
            texte.matches("\r\n").count(),
            sans_balises(&nom).matches('\n').count()
        );
        let table = std::fs::read_to_string(&table).unwrap();
        for ligne in table.lines().skip(1) {
            let (_, original) = ligne.split_once(';').unwrap();
            let original = original.trim_matches('"');
            assert!(
                !texte.contains(original),
                "{nom} : « {original} » reste dans la copie"
            );
            assert!(!sortie(&a).contains(&format!(";{original}")));
        }
    }
}

#[test]
fn meme_personne_meme_remplacement() {
    let dossier = tempfile::tempdir().unwrap();
    let copie = dossier.path().join("copie.txt");
    cadria()
        .args(["scanner", "-", "--pseudonymiser"])
        .arg(&copie)
        .write_stdin("Léa Martin a un PAP.\nLéa progresse. Écrire à l@x.fr ou l@x.fr\n")
        .assert()
        .code(1);
    assert_eq!(
        std::fs::read_to_string(&copie).unwrap(),
        "[ÉLÈVE 1] a un [SANTÉ].\n[ÉLÈVE 1] progresse. Écrire à [COURRIEL 1] ou [COURRIEL 1]\n"
    );
}

#[test]
fn ne_pas_ecraser_le_texte_analyse() {
    let dossier = tempfile::tempdir().unwrap();
    let source = dossier.path().join("t.txt");
    std::fs::write(&source, MAIL).unwrap();
    cadria()
        .arg("scanner")
        .arg(&source)
        .arg("--pseudonymiser")
        .arg(&source)
        .assert()
        .code(2);
    assert_eq!(std::fs::read_to_string(&source).unwrap(), MAIL);
}

#[test]
fn rapport_dans_un_fichier() {
    let dossier = tempfile::tempdir().unwrap();
    let rapport = dossier.path().join("rapport.json");
    let a = cadria()
        .args(["scanner", "-", "-f", "json", "-o"])
        .arg(&rapport)
        .write_stdin(MAIL)
        .assert()
        .code(1);
    assert!(sortie(&a).is_empty());
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&rapport).unwrap()).unwrap();
    assert_eq!(v["synthese"]["total"], 5);
}
