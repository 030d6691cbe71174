//! Les sorties pour programmes (issue 16) : l'audit JSON au schéma 2 et le
//! rapport au schéma 1 validés par leurs JSON Schemas (`cadria schema
//! audit|rapport`), le SARIF 2.1.0 validé par le schéma officiel d'OASIS
//! (`tests/sarif/`) et situé à l'entrée de chaque outil, `--depuis` d'un audit
//! au schéma 1 ou 2, et les rapports à lire d'un grand inventaire (listes de
//! la synthèse bornées, tableau et fiches complets).

use crate::support::cadria;
use serde_json::Value;

const DATE: &str = "2026-11-28";

fn sortie_json(args: &[&str]) -> (Value, Option<i32>) {
    let out = cadria().args(args).output().expect("lancé");
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "JSON invalide ({e}) : {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (v, out.status.code())
}

fn valideur(schema: &Value) -> jsonschema::Validator {
    jsonschema::validator_for(schema).unwrap_or_else(|e| panic!("schéma invalide : {e}"))
}

fn schema(cible: &str) -> jsonschema::Validator {
    let (v, code) = sortie_json(&["schema", cible]);
    assert_eq!(code, Some(0));
    valideur(&v)
}

fn verifier(v: &jsonschema::Validator, instance: &Value, quoi: &str) {
    let erreurs: Vec<String> = v
        .iter_errors(instance)
        .map(|e| format!("{} : {e}", e.instance_path()))
        .take(10)
        .collect();
    assert!(erreurs.is_empty(), "{quoi} :\n{}", erreurs.join("\n"));
}

fn dossier(nom: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("cadria-{nom}-{}", std::process::id()));
    std::fs::create_dir_all(&d).expect("dossier temporaire");
    d
}

#[test]
fn rapport_schema_1_valide_par_son_schema() {
    let v = schema("rapport");
    for f in [
        "exemples/chatgpt-5e.yaml",
        "exemples/ent-assistant-lycee.yaml",
        "exemples/transcription-conseil.yaml",
    ] {
        let (r, _) = sortie_json(&["evaluer", f, "-f", "json", "--date", DATE]);
        assert_eq!(r["schema"], 1);
        verifier(&v, &r, f);
        // Le schéma n'accepte pas n'importe quoi.
        let mut faux = r.clone();
        faux["verdict"] = Value::from("presque");
        assert!(!v.is_valid(&faux), "{f} : verdict inconnu accepté");
        let mut faux = r.clone();
        faux["constats"][0]["regle"] = Value::from("PAS-UNE-REGLE");
        assert!(!v.is_valid(&faux), "{f} : règle inconnue acceptée");
    }
}

#[test]
fn audit_schema_2_valide_par_son_schema() {
    let v = schema("audit");
    let d = dossier("audit-schema");
    let ancien = d.join("ancien.json");
    let (a, _) = sortie_json(&[
        "inventaire",
        "exemples/inventaire.yaml",
        "-f",
        "json",
        "--date",
        DATE,
    ]);
    std::fs::write(&ancien, a.to_string()).expect("écrit");
    for args in [
        vec!["tests/inventaire/derogations.yaml"],
        vec!["tests/inventaire/abime.yaml"],
        vec!["tests/inventaire/formules.yaml"],
        vec![
            "exemples/inventaire.yaml",
            "--depuis",
            ancien.to_str().expect("utf8"),
        ],
    ] {
        let mut tout = vec!["inventaire", "-f", "json", "--date", DATE];
        tout.extend(&args);
        let (j, _) = sortie_json(&tout);
        assert_eq!(j["schema"], 2);
        verifier(&v, &j, args[0]);
    }
    verifier(&v, &a, "exemples/inventaire.yaml");
    assert!(a["evolution"].is_null());
    let mut faux = a.clone();
    faux["evaluations"][0]["constats"][0]["certitude"] = Value::from("peut-être");
    assert!(!v.is_valid(&faux), "certitude inconnue acceptée");
    let mut faux = a.clone();
    faux["regles"]["INVENTEE-01"] = a["regles"]["DONNEES-03"].clone();
    assert!(!v.is_valid(&faux), "règle inconnue acceptée");
    let mut faux = a;
    faux["synthese"]
        .as_object_mut()
        .expect("synthese")
        .remove("verdicts");
    assert!(!v.is_valid(&faux), "synthèse incomplète acceptée");
}

/// Le schéma SARIF 2.1.0 d'OASIS, livré dans `tests/sarif/`.
fn schema_sarif() -> jsonschema::Validator {
    let texte =
        std::fs::read_to_string("tests/sarif/sarif-schema-2.1.0.json").expect("schéma SARIF");
    valideur(&serde_json::from_str(&texte).expect("JSON"))
}

#[test]
fn sarif_de_l_inventaire_valide_et_situe_a_chaque_entree() {
    let sarif = schema_sarif();
    let (s, code) = sortie_json(&[
        "inventaire",
        "exemples/inventaire.yaml",
        "-f",
        "sarif",
        "--date",
        DATE,
    ]);
    assert_eq!(code, Some(1), "un outil interdit : code 1 comme en texte");
    verifier(&sarif, &s, "SARIF de l'inventaire");
    let (audit, _) = sortie_json(&[
        "inventaire",
        "exemples/inventaire.yaml",
        "-f",
        "json",
        "--date",
        DATE,
    ]);
    let run = &s["runs"][0];
    let regles = run["tool"]["driver"]["rules"].as_array().expect("règles");
    assert_eq!(
        regles.len(),
        audit["regles_verifiees"].as_u64().unwrap() as usize
    );
    let resultats = run["results"].as_array().expect("résultats");
    let constats: usize = audit["evaluations"]
        .as_array()
        .expect("évaluations")
        .iter()
        .map(|e| e["constats"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(resultats.len(), constats, "un résultat par constat");
    let lignes: Vec<String> = std::fs::read_to_string("exemples/inventaire.yaml")
        .expect("lu")
        .lines()
        .map(str::to_string)
        .collect();
    for r in resultats {
        let id = r["ruleId"].as_str().expect("ruleId");
        let k = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(regles[k]["id"], id);
        let attendu = match audit["regles"][id]["gravite"].as_str().expect("gravité") {
            "interdit" | "non_conforme" => "error",
            "vigilance" => "warning",
            _ => "note",
        };
        assert_eq!(r["level"], attendu, "{id}");
        let lieu = &r["locations"][0]["physicalLocation"];
        assert_eq!(lieu["artifactLocation"]["uri"], "exemples/inventaire.yaml");
        let ligne = lieu["region"]["startLine"].as_u64().expect("ligne") as usize;
        let colonne = lieu["region"]["startColumn"].as_u64().expect("colonne") as usize;
        // La ligne désignée est la première clé de l'entrée de cet outil.
        let outil = r["properties"]["outil"].as_str().expect("outil");
        let texte = &lignes[ligne - 1];
        let cle: String = texte.chars().skip(colonne - 1).collect();
        assert!(
            cle.starts_with("outil:") && texte.contains(outil.split(' ').next().unwrap()),
            "{id} de {outil} situé à la ligne {ligne} : {texte}"
        );
        assert!(
            r["message"]["text"]
                .as_str()
                .is_some_and(|m| m.contains(outil))
        );
    }
    // Un constat sous dérogation est écrit, avec sa suppression.
    let (d, _) = sortie_json(&[
        "inventaire",
        "tests/inventaire/derogations.yaml",
        "-f",
        "sarif",
        "--date",
        DATE,
    ]);
    verifier(&sarif, &d, "SARIF des dérogations");
    assert!(
        d["runs"][0]["results"]
            .as_array()
            .expect("résultats")
            .iter()
            .any(|r| { r["ruleId"] == "GEN-06" && r["suppressions"][0]["status"] == "accepted" })
    );
}

#[test]
fn sarif_entree_illisible_en_notification() {
    let sarif = schema_sarif();
    let (s, code) = sortie_json(&[
        "inventaire",
        "tests/inventaire/abime.yaml",
        "-f",
        "sarif",
        "--date",
        DATE,
    ]);
    assert_eq!(code, Some(2));
    verifier(&sarif, &s, "SARIF d'un inventaire abîmé");
    let inv = &s["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    let notes = inv["toolExecutionNotifications"]
        .as_array()
        .expect("notifications");
    assert!(!notes.is_empty());
    for n in notes {
        assert_eq!(n["level"], "error");
        assert!(n["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64() > Some(0));
    }
}

#[test]
fn sarif_d_un_fichier_de_reponses() {
    let sarif = schema_sarif();
    let (s, code) = sortie_json(&[
        "evaluer",
        "exemples/chatgpt-5e.yaml",
        "-f",
        "sarif",
        "--date",
        DATE,
    ]);
    assert_eq!(code, Some(1));
    verifier(&sarif, &s, "SARIF de evaluer");
    let (r, _) = sortie_json(&[
        "evaluer",
        "exemples/chatgpt-5e.yaml",
        "-f",
        "json",
        "--date",
        DATE,
    ]);
    let ids: Vec<&Value> = s["runs"][0]["results"]
        .as_array()
        .expect("résultats")
        .iter()
        .map(|x| &x["ruleId"])
        .collect();
    let attendus: Vec<&Value> = r["constats"]
        .as_array()
        .expect("constats")
        .iter()
        .map(|c| &c["regle"])
        .collect();
    assert_eq!(ids, attendus);
    assert_eq!(s["runs"][0]["results"][0]["level"], "error");
}

#[test]
fn depuis_lit_les_schemas_1_et_2() {
    let d = dossier("depuis-schemas");
    // L'inventaire d'aujourd'hui : le fichier de réponses d'exemple, collé.
    let reponses = std::fs::read_to_string("exemples/chatgpt-5e.yaml").expect("exemple");
    let mut t = String::from("outils:\n");
    for (k, l) in reponses.lines().enumerate() {
        t.push_str(if k == 0 { "  - " } else { "    " });
        t.push_str(l);
        t.push('\n');
    }
    let inventaire = d.join("inventaire.yaml");
    std::fs::write(&inventaire, t).expect("écrit");
    let inventaire = inventaire.to_str().expect("utf8");
    // Un audit au schéma 1 : chaque évaluation est l'objet complet de
    // `cadria evaluer -f json` (ce qu'écrivaient les versions précédentes).
    let (r, _) = sortie_json(&[
        "evaluer",
        "exemples/chatgpt-5e.yaml",
        "-f",
        "json",
        "--date",
        DATE,
    ]);
    let mut ancien_rapport = r.clone();
    ancien_rapport["constats"]
        .as_array_mut()
        .expect("constats")
        .retain(|c| c["regle"] != "FORM-01");
    let schema1 = serde_json::json!({
        "schema": 1,
        "fichier": "ancien.yaml",
        "date": "2026-06-01",
        "regles": r["regles"],
        "evaluations": [ancien_rapport, { "schema": 1, "outil": "Retiré", "verdict": "conforme", "constats": [] }],
    });
    let (s2, _) = sortie_json(&["inventaire", inventaire, "-f", "json", "--date", DATE]);
    let mut schema2 = s2.clone();
    schema2["date"] = Value::from("2026-06-01");
    if let Some(c) = schema2["evaluations"][0]["constats"].as_array_mut() {
        c.retain(|c| c["regle"] != "FORM-01");
    }
    for (nom, ancien) in [("schema1.json", &schema1), ("schema2.json", &schema2)] {
        let f = d.join(nom);
        std::fs::write(&f, ancien.to_string()).expect("écrit");
        let (v, code) = sortie_json(&[
            "inventaire",
            inventaire,
            "-f",
            "json",
            "--date",
            DATE,
            "--depuis",
            f.to_str().expect("utf8"),
        ]);
        assert_eq!(code, Some(1), "{nom}");
        let e = &v["evolution"];
        assert_eq!(e["date_precedente"], "2026-06-01", "{nom}");
        // FORM-01, retiré de l'ancien audit, revient : un nouveau constat,
        // avec sa gravité (donnée par le constat au schéma 1, par la table
        // des règles au schéma 2).
        assert_eq!(
            e["nouveaux_constats"],
            serde_json::json!([{ "outil": "ChatGPT (version gratuite)", "regle": "FORM-01", "gravite": "vigilance" }]),
            "{nom}"
        );
        assert_eq!(e["constats_resolus"], serde_json::json!([]), "{nom}");
    }
    let (v, _) = sortie_json(&[
        "inventaire",
        inventaire,
        "-f",
        "json",
        "--date",
        DATE,
        "--depuis",
        d.join("schema1.json").to_str().expect("utf8"),
    ]);
    assert_eq!(
        v["evolution"]["outils_retires"],
        serde_json::json!(["Retiré"])
    );
    assert_eq!(v["evolution"]["nouveaux_outils"], serde_json::json!([]));
    // Un schéma inconnu est refusé, clairement.
    let f = d.join("schema9.json");
    std::fs::write(&f, r#"{"schema": 9, "evaluations": []}"#).expect("écrit");
    let out = cadria()
        .args(["inventaire", inventaire, "--depuis"])
        .arg(&f)
        .output()
        .expect("lancé");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("schéma 9"));
}

/// Un inventaire de `n` outils interdits (ChatGPT en 5e), nommés Outil 1…n.
fn grand_inventaire(n: usize) -> std::path::PathBuf {
    let mut t = String::from("outils:\n");
    for k in 1..=n {
        t.push_str(&format!(
            "  - outil: Outil {k}\n    reponses: {{ role: enseignant, niveaux: [5e], usage_eleves: encadre, type_ia: generative, categorie_outil: grand_public, compte_eleve: personnel }}\n"
        ));
    }
    let f = dossier("grand").join(format!("inventaire-{n}.yaml"));
    std::fs::write(&f, t).expect("écrit");
    f
}

#[test]
fn rapports_lisibles_d_un_grand_inventaire_bornes_mais_complets() {
    let n = 120;
    let f = grand_inventaire(n);
    for (format, fiche) in [
        ("texte", "== Outil "),
        ("markdown", "### Outil "),
        ("html", "<section class=\"fiche\""),
    ] {
        let out = cadria()
            .args(["inventaire", "-f", format, "--date", DATE])
            .arg(&f)
            .output()
            .expect("lancé");
        assert_eq!(out.status.code(), Some(1), "{format}");
        let t = String::from_utf8(out.stdout).expect("UTF-8");
        // La synthèse nomme 50 outils puis compte les autres…
        assert!(t.contains("Outil 50"), "{format}");
        assert!(
            t.contains("et 70\u{a0}autres") || t.contains("et 70 autres"),
            "{format} : pas de « et 70 autres »"
        );
        // … le tableau et les fiches, eux, sont complets, dans l'ordre.
        assert_eq!(t.matches(fiche).count(), n, "{format} : fiches");
        // Le 120e outil : sa ligne du tableau et sa fiche.
        assert!(
            t.matches(&format!("Outil {n}")).count() >= 2,
            "{format} : tableau"
        );
        let derniere = t.rfind(&format!("Outil {n}")).expect("dernier outil");
        let premiere_fiche = t.find(fiche).expect("fiche");
        assert!(
            derniere > premiere_fiche,
            "{format} : la dernière fiche vient après la première"
        );
        assert!(
            !t.contains('\u{1}'),
            "{format} : une place réservée est restée"
        );
    }
}
