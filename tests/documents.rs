//! `cadria documents` : documents écrits selon les constats, blancs visibles,
//! aucun fait affirmé sans réponse, export PIA relu, gabarits d'académie.

use crate::support::cadria;
use cadria::documents::pia::{ExportPia, QUESTIONS};

fn sortie(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stdout.clone()).unwrap()
}

fn erreur(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stderr.clone()).unwrap()
}

const DATE: [&str; 2] = ["--date", "2026-12-01"];

#[test]
fn documents_des_exemples() {
    insta::glob!("../exemples", "*-*.yaml", |chemin| {
        let a = cadria()
            .arg("documents")
            .arg(chemin)
            .args(DATE)
            .assert()
            .success();
        insta::assert_snapshot!(format!(
            "{}\n=== sortie d'erreur ===\n{}",
            sortie(&a),
            erreur(&a)
        ));
    });
}

fn ecrits(fichier: &str) -> Vec<String> {
    let dossier = tempfile::tempdir().unwrap();
    cadria()
        .args(["documents", fichier, "-o"])
        .arg(dossier.path())
        .args(DATE)
        .assert()
        .success();
    let mut v: Vec<String> = std::fs::read_dir(dossier.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    v.sort();
    v
}

#[test]
fn chatgpt_5e_consigne_seule() {
    assert_eq!(ecrits("exemples/chatgpt-5e.yaml"), ["consigne.md"]);
}

#[test]
fn ent_les_cinq_documents() {
    assert_eq!(
        ecrits("exemples/ent-assistant-lycee.yaml"),
        [
            "aipd.md",
            "aipd.pia.json",
            "consigne.md",
            "fiche-registre.md",
            "mention.md",
            "note-familles.md"
        ]
    );
}

#[test]
fn usage_interdit_ni_note_ni_registre() {
    let a = cadria()
        .args(["documents", "exemples/transcription-conseil.yaml"])
        .args(DATE)
        .assert()
        .success();
    let e = erreur(&a);
    assert!(
        e.contains("non rédigé : Note d'information aux familles (l'usage est interdit"),
        "{e}"
    );
    assert!(sortie(&a).contains("# Pré-analyse d'impact"));
}

/// Les libellés de toutes les valeurs de tous les faits (sauf ceux trop
/// courts pour être reconnus sans ambiguïté).
fn libelles_des_valeurs() -> Vec<String> {
    let (base, _) = cadria::base::Base::charger(&cadria::base::Sources::default());
    base.schema()
        .faits()
        .iter()
        .flat_map(|f| f.valeurs.iter().map(|v| v.libelle.clone()))
        .filter(|l| l.chars().count() > 6)
        .collect()
}

#[test]
fn sans_reponse_rien_n_est_affirme_et_tout_blanc_est_marque() {
    let dossier = tempfile::tempdir().unwrap();
    let fichier = dossier.path().join("vide.yaml");
    std::fs::write(&fichier, "outil: Outil X\nreponses: {}\n").unwrap();
    let mut commande = cadria();
    commande.arg("documents").arg(&fichier).args(DATE);
    for t in [
        "consigne",
        "note-familles",
        "fiche-registre",
        "aipd",
        "mention",
    ] {
        commande.args(["--type", t]);
    }
    let a = commande.assert().success();
    let texte = sortie(&a);
    for l in libelles_des_valeurs() {
        assert!(!texte.contains(&l), "« {l} » est affirmé sans réponse");
    }
    for interdit in ["none", "None", "undefined", "inconnu\n", "sais pas\n"] {
        assert!(!texte.contains(interdit), "« {interdit} » dans un document");
    }
    // Chaque blanc est ouvert et fermé, jamais vide.
    let blancs = texte.matches("[à compléter : ").count();
    assert!(blancs > 40, "{blancs} blancs seulement");
    for morceau in texte.split("[à compléter : ").skip(1) {
        let fin = morceau.find(']').expect("blanc non fermé");
        assert!(!morceau[..fin].trim().is_empty(), "blanc vide");
    }
    // Aucune rubrique laissée sans valeur ni blanc.
    for ligne in texte.lines() {
        let l = ligne.trim_end();
        assert!(
            !(l.ends_with(":**") || l.ends_with(" :")),
            "rubrique sans valeur : {l}"
        );
    }
    // Pré-analyse : chaque critère est inconnu, aucun n'est compté rempli.
    assert!(!texte.contains("**rempli**"));
    assert!(!texte.contains("**non rempli**"));
}

#[test]
fn les_reponses_donnees_apparaissent() {
    let a = cadria()
        .args([
            "documents",
            "exemples/ent-assistant-lycee.yaml",
            "--type",
            "note-familles",
        ])
        .args(DATE)
        .assert()
        .success();
    let t = sortie(&a);
    assert!(
        t.contains("**Finalités :** Activité d'apprentissage des élèves"),
        "{t}"
    );
    assert!(t.contains("le chef d'établissement"));
}

#[test]
fn export_pia_relu() {
    let a = cadria()
        .args([
            "documents",
            "exemples/ent-assistant-lycee.yaml",
            "--type",
            "aipd",
            "-f",
            "pia",
        ])
        .args(DATE)
        .assert()
        .success();
    let json = sortie(&a);
    let export: ExportPia = serde_json::from_str(&json).unwrap();
    assert_eq!(serde_json::to_string_pretty(&export).unwrap() + "\n", json);
    assert_eq!(export.pia.status, 0);
    assert!(export.pia.name.contains("Assistant IA de l'ENT régional"));
    let refs: Vec<u32> = export.answers.iter().map(|r| r.reference_to).collect();
    assert_eq!(refs, QUESTIONS);
    // Ce que le logiciel PIA lit à l'import (PiaService.importData, version 4.1.0).
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    for champ in ["pia", "answers", "measures", "evaluations", "comments"] {
        assert!(v.get(champ).is_some(), "{champ} manque");
    }
    for r in v["answers"].as_array().unwrap() {
        assert!(r["data"]["text"].is_string() && r["data"]["list"].is_array());
        assert!(r["created_at"].as_str().unwrap().ends_with('Z'));
    }
    let texte_111 = &export.answers[0].data.text;
    assert!(texte_111.contains("très probablement requise"));
}

#[test]
fn export_pia_echappe_le_html() {
    let dossier = tempfile::tempdir().unwrap();
    let fichier = dossier.path().join("r.yaml");
    std::fs::write(
        &fichier,
        "outil: \"<script>alert(1)</script>\"\nreponses: { niveaux: [lycee], donnees_personnelles: [identite] }\n",
    )
    .unwrap();
    let a = cadria()
        .arg("documents")
        .arg(&fichier)
        .args(["--type", "aipd", "-f", "pia"])
        .args(DATE)
        .assert()
        .success();
    let export: ExportPia = serde_json::from_str(&sortie(&a)).unwrap();
    // Le nom est du texte (affiché échappé par le logiciel) ; les réponses sont du HTML.
    assert_eq!(
        export.pia.name,
        "<script>alert(1)</script> (pré-analyse cadria)"
    );
    for r in &export.answers {
        assert!(!r.data.text.contains("<script>"), "{}", r.data.text);
    }
    let a = cadria()
        .arg("documents")
        .arg(&fichier)
        .args(["--type", "aipd", "-f", "html"])
        .args(DATE)
        .assert()
        .success();
    assert!(!sortie(&a).contains("<script>"));
    assert!(sortie(&a).contains("&lt;script&gt;"));
}

#[test]
fn pia_seulement_pour_l_aipd() {
    cadria()
        .args([
            "documents",
            "exemples/ent-assistant-lycee.yaml",
            "--type",
            "consigne",
            "-f",
            "pia",
        ])
        .assert()
        .code(2);
}

#[test]
fn gabarits_d_academie() {
    let dossier = tempfile::tempdir().unwrap();
    std::fs::write(
        dossier.path().join("consigne.md.j2"),
        "# Consigne de l'académie pour {{ outil }}\n{{ niveaux | ou_blanc(\"classe\") }}\n",
    )
    .unwrap();
    let a = cadria()
        .args(["documents", "exemples/chatgpt-5e.yaml", "--gabarits"])
        .arg(dossier.path())
        .args(DATE)
        .assert()
        .success();
    assert_eq!(
        sortie(&a),
        "# Consigne de l'académie pour ChatGPT (version gratuite)\nCinquième\n"
    );
    cadria()
        .arg("valider")
        .arg("--gabarits")
        .arg(dossier.path())
        .assert()
        .success();
    std::fs::write(dossier.path().join("mention.md.j2"), "{{ champ_absent }}\n").unwrap();
    let a = cadria()
        .arg("valider")
        .arg("--gabarits")
        .arg(dossier.path())
        .assert()
        .code(2);
    assert!(erreur(&a).contains("mention.md.j2:1"), "{}", erreur(&a));
    let a = cadria()
        .args([
            "documents",
            "exemples/chatgpt-5e.yaml",
            "--type",
            "mention",
            "--gabarits",
        ])
        .arg(dossier.path())
        .assert()
        .code(2);
    assert!(sortie(&a).is_empty());
}

/// Découpe une ligne CSV (RFC 4180, sans saut de ligne dans les champs).
fn champs_csv(ligne: &str) -> Vec<String> {
    let mut v = Vec::new();
    let mut cur = String::new();
    let mut guillemets = false;
    let mut it = ligne.chars().peekable();
    while let Some(c) = it.next() {
        match (c, guillemets) {
            ('"', true) if it.peek() == Some(&'"') => {
                it.next();
                cur.push('"');
            }
            ('"', _) => guillemets = !guillemets,
            (',', false) => v.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    v.push(cur);
    v
}

#[test]
fn registre_de_l_inventaire() {
    let a = cadria()
        .args(["inventaire", "exemples/inventaire.yaml", "--registre"])
        .args(DATE)
        .assert()
        .success();
    let csv = sortie(&a);
    insta::assert_snapshot!(csv);
    let lignes: Vec<Vec<String>> = csv.lines().map(champs_csv).collect();
    assert_eq!(lignes.len(), 7);
    for l in &lignes {
        assert_eq!(
            l.len(),
            cadria::documents::registre::COLONNES.len(),
            "{l:?}"
        );
    }
    let mathadapt = lignes
        .iter()
        .find(|l| l[0].starts_with("MathAdapt"))
        .unwrap();
    assert_eq!(mathadapt[3], "oui");
    assert_eq!(mathadapt[15], "oui");
    assert_eq!(mathadapt[11], "[à compléter : durée de conservation]");
    let proctor = lignes
        .iter()
        .find(|l| l[0].starts_with("ProctorEye"))
        .unwrap();
    assert!(proctor[3].starts_with("non : l'usage est interdit"));
}

#[test]
fn registre_entree_illisible_code_2() {
    let dossier = tempfile::tempdir().unwrap();
    let f = dossier.path().join("inv.yaml");
    std::fs::write(
        &f,
        "outils:\n  - outil: A\n    reponses: { niveaux: [lycee] }\n  - outil: B\n    reponses: { niveaux: [troisieme] }\n",
    )
    .unwrap();
    let a = cadria()
        .arg("inventaire")
        .arg(&f)
        .arg("--registre")
        .args(DATE)
        .assert()
        .code(2);
    assert_eq!(sortie(&a).lines().count(), 2, "en-tête et la ligne lisible");
}

#[test]
fn documents_d_une_entree_d_inventaire() {
    let a = cadria()
        .args([
            "documents",
            "exemples/inventaire.yaml",
            "--outil",
            "MathAdapt (exerciseur adaptatif)",
            "--type",
            "fiche-registre",
        ])
        .args(DATE)
        .assert()
        .success();
    assert!(sortie(&a).contains("| Base légale | Mission d'intérêt public"));
    cadria()
        .args([
            "documents",
            "exemples/inventaire.yaml",
            "--outil",
            "Inconnu",
        ])
        .assert()
        .code(2);
}

#[test]
fn aide_des_commandes() {
    let a = cadria().args(["documents", "--help"]).assert().success();
    insta::assert_snapshot!("aide_documents", sortie(&a));
    let a = cadria().args(["scanner", "--help"]).assert().success();
    insta::assert_snapshot!("aide_scanner", sortie(&a));
}

#[test]
fn note_aux_familles_en_html() {
    let a = cadria()
        .args([
            "documents",
            "exemples/ent-assistant-lycee.yaml",
            "--type",
            "note-familles",
            "-f",
            "html",
        ])
        .args(DATE)
        .assert()
        .success();
    insta::assert_snapshot!(sortie(&a));
}

#[test]
fn consigne_vouvoie_au_lycee_tutoie_au_college() {
    let consigne = |f: &str| {
        let a = cadria()
            .args(["documents", f, "--type", "consigne"])
            .args(DATE)
            .assert()
            .success();
        format!(" {} ", sortie(&a).replace(['\n', '*', '(', ')', ','], " "))
    };
    let lycee = consigne("exemples/ent-assistant-lycee.yaml");
    for tu in [
        " tu ",
        " ton ",
        " tes ",
        " ta ",
        " toi ",
        "N'écris ",
        " crée ",
        "Connecte-toi",
    ] {
        assert!(!lycee.contains(tu), "« {tu} » dans la consigne du lycée");
    }
    let college = consigne("exemples/chatgpt-5e.yaml");
    for vous in [" vous ", " votre ", " vos ", "Vous ", "Connectez-vous"] {
        assert!(
            !college.contains(vous),
            "« {vous} » dans la consigne du collège"
        );
    }
}
