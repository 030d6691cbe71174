//! `cadria inventaire`: batch audit of an inventory (issue 5).

use assert_cmd::Command;
use serde_json::Value;

const DATE: &str = "2026-11-28";

fn cadria() -> Command {
    let mut c = Command::cargo_bin("cadria").expect("binary built");
    c.env("NO_COLOR", "1");
    c
}

fn json(args: &[&str]) -> (Value, i32) {
    let mut c = cadria();
    c.args(["inventaire", "-f", "json"]).args(args);
    if !args.contains(&"--date") {
        c.args(["--date", DATE]);
    }
    let out = c.output().expect("runs");
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "JSON invalide ({e}) : {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (v, out.status.code().unwrap_or(-1))
}

fn evaluation<'a>(v: &'a Value, outil: &str) -> &'a Value {
    v["evaluations"]
        .as_array()
        .and_then(|a| a.iter().find(|e| e["outil"] == outil))
        .unwrap_or_else(|| panic!("pas d'évaluation pour {outil}"))
}

#[test]
fn exemple_texte_lisible_par_un_dpo() {
    let out = cadria()
        .args(["inventaire", "exemples/inventaire.yaml", "--date", DATE])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(1),
        "un outil interdit fait échouer au seuil par défaut"
    );
    let texte = String::from_utf8_lossy(&out.stdout);
    let texte = texte
        .lines()
        .map(|l| {
            if l.starts_with("Règles       ") {
                "Règles        : [empreinte]"
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!("exemple_texte", texte);
}

#[test]
fn exemple_markdown() {
    let out = cadria()
        .args([
            "inventaire",
            "exemples/inventaire.yaml",
            "--date",
            DATE,
            "-f",
            "markdown",
        ])
        .output()
        .expect("runs");
    let texte = String::from_utf8_lossy(&out.stdout);
    let texte = texte
        .lines()
        .map(|l| {
            if l.starts_with("| Règles |") {
                "| Règles | [empreinte] |"
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!("exemple_markdown", texte);
}

#[test]
fn exemple_json_respecte_le_contrat() {
    let (v, code) = json(&["exemples/inventaire.yaml"]);
    assert_eq!(code, 1);
    assert_eq!(v["schema"], 1);
    assert!(
        v["etablissement"]
            .as_str()
            .is_some_and(|s| s.contains("Jean Moulin"))
    );
    let evals = v["evaluations"].as_array().expect("evaluations");
    assert_eq!(evals.len(), 6);
    for e in evals {
        for champ in [
            "schema",
            "outil",
            "verdict",
            "constats",
            "regles_verifiees",
            "regles",
            "cadria",
            "derogations",
        ] {
            assert!(e.get(champ).is_some(), "champ {champ} absent");
        }
        for c in e["constats"].as_array().expect("constats") {
            for champ in [
                "regle",
                "titre",
                "gravite",
                "certitude",
                "inconnus",
                "faits",
                "raisonnement",
                "remediation",
                "references",
                "derogation",
            ] {
                assert!(c.get(champ).is_some(), "champ de constat {champ} absent");
            }
        }
    }
    let s = &v["synthese"];
    assert_eq!(s["outils"], 6);
    assert_eq!(s["verdicts"]["interdit"], 2);
    let somme: u64 = [
        "interdit",
        "non_conforme",
        "a_verifier",
        "conforme_sous_reserve",
        "conforme",
    ]
    .iter()
    .map(|k| s["verdicts"][k].as_u64().unwrap_or(0))
    .sum();
    assert_eq!(somme, 6);
    let donnees03 = s["regles"]
        .as_array()
        .and_then(|r| r.iter().find(|x| x["regle"] == "DONNEES-03"))
        .expect("DONNEES-03 dans la synthèse");
    assert_eq!(
        donnees03["outils"],
        serde_json::json!(["ChatGPT (version gratuite)"])
    );
    assert_eq!(s["derogations"]["total"], 4);
    assert_eq!(s["derogations"]["expirent_bientot"], 1);
    assert_eq!(v["erreurs"], serde_json::json!([]));
}

#[test]
fn coller_un_fichier_de_reponses_donne_le_meme_rapport() {
    let reponses = std::fs::read_to_string("exemples/chatgpt-5e.yaml").expect("exemple");
    let indente: String = reponses
        .lines()
        .enumerate()
        .map(|(k, l)| {
            if k == 0 {
                format!("  - {l}\n")
            } else {
                format!("    {l}\n")
            }
        })
        .collect();
    let dir = std::env::temp_dir().join(format!("cadria-inv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let inv = dir.join("inv.yaml");
    std::fs::write(&inv, format!("etablissement: test\noutils:\n{indente}")).expect("écrit");
    let (v, _) = json(&[inv.to_str().expect("utf8")]);
    let seul = cadria()
        .args([
            "evaluer",
            "exemples/chatgpt-5e.yaml",
            "-f",
            "json",
            "--date",
            DATE,
        ])
        .output()
        .expect("runs");
    let attendu: Value = serde_json::from_slice(&seul.stdout).expect("json");
    assert_eq!(v["evaluations"][0], attendu);
}

#[test]
fn entree_abimee_signalee_avec_sa_position_et_les_autres_evaluees() {
    let (v, code) = json(&["tests/inventaire/abime.yaml"]);
    let outils: Vec<&str> = v["evaluations"]
        .as_array()
        .expect("liste")
        .iter()
        .filter_map(|e| e["outil"].as_str())
        .collect();
    assert_eq!(outils, ["Outil correct", "Dernier outil"]);
    let erreurs = v["erreurs"].as_array().expect("erreurs");
    let resume: Vec<(u64, u64, Vec<String>)> = erreurs
        .iter()
        .map(|e| {
            (
                e["entree"].as_u64().unwrap_or(0),
                e["position"]["ligne"].as_u64().unwrap_or(0),
                e["diagnostics"]
                    .as_array()
                    .map(|d| {
                        d.iter()
                            .map(|x| {
                                format!(
                                    "{}@{}:{}",
                                    x["code"].as_str().unwrap_or(""),
                                    x["position"]["ligne"],
                                    x["position"]["colonne"]
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            )
        })
        .collect();
    let attendu: Vec<(u64, u64, Vec<String>)> = vec![
        (2, 10, vec!["CAD004@13:7".into(), "CAD005@14:24".into()]),
        (3, 15, vec!["CAD002@16:44".into()]),
        (4, 17, vec!["CAD002@18:5".into()]),
    ];
    assert_eq!(resume, attendu);
    assert_eq!(v["synthese"]["entrees_en_erreur"], 3);
    assert_eq!(
        code, 2,
        "des entrées illisibles : code 2 (DESIGN §5), même si les autres sont évaluées"
    );
    let texte = cadria()
        .args(["inventaire", "tests/inventaire/abime.yaml", "--date", DATE])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&texte.stderr);
    assert!(
        stderr.contains(
            "tests/inventaire/abime.yaml:13:7: erreur[CAD004]: fait `couleur_preferee` inconnu"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("2 outils évalués, 3 entrées illisibles"),
        "{stderr}"
    );
}

#[test]
fn rien_de_lisible_sort_en_2() {
    let dir = std::env::temp_dir().join(format!("cadria-inv2-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let f = dir.join("faux.yaml");
    std::fs::write(
        &f,
        "outils:\n  - outil: A\n    reponses: { foo: 1 }\n  - outil: B\n    reponse: {}\n",
    )
    .expect("écrit");
    let out = cadria()
        .args(["inventaire", f.to_str().expect("utf8")])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let out = cadria()
        .args(["inventaire", "tests/inventaire/inexistant.yaml"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    std::fs::write(&f, "outil: A\nreponses: { role: enseignant }\n").expect("écrit");
    let out = cadria()
        .args(["inventaire", f.to_str().expect("utf8")])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("cadria evaluer"),
        "un fichier de réponses seul est reconnu"
    );
}

#[test]
fn derogations_appliquee_expiree_refusee_inutilisee() {
    let (v, _) = json(&["tests/inventaire/derogations.yaml"]);
    let appliquee = evaluation(&v, "Dérogation appliquée");
    let ens05 = appliquee["constats"]
        .as_array()
        .and_then(|c| c.iter().find(|x| x["regle"] == "GEN-06"))
        .expect("GEN-06");
    assert_eq!(ens05["derogation"]["approuve_par"], "chef d'établissement");
    assert_ne!(
        appliquee["verdict"], "non_conforme",
        "les constats non conformes dérogés ne comptent plus"
    );
    let expiree = evaluation(&v, "Dérogation expirée");
    assert_eq!(expiree["verdict"], "non_conforme");
    assert_eq!(expiree["derogations"][0]["etat"], "expiree");
    let interdit = evaluation(&v, "Interdit non dérogeable");
    assert_eq!(interdit["verdict"], "interdit");
    assert_eq!(interdit["derogations"][0]["etat"], "refusee");
    assert_eq!(interdit["derogations"][1]["etat"], "inutilisee");
    let niv02 = interdit["constats"]
        .as_array()
        .and_then(|c| c.iter().find(|x| x["regle"] == "ELEVE-NIV-02"))
        .expect("ELEVE-NIV-02");
    assert_eq!(niv02["derogation"], Value::Null);
    let d = &v["synthese"]["derogations"];
    assert_eq!(
        (
            d["appliquees"].as_u64(),
            d["expirees"].as_u64(),
            d["refusees"].as_u64(),
            d["inutilisees"].as_u64()
        ),
        (Some(1), Some(1), Some(1), Some(1))
    );
    assert_eq!(d["expirent_bientot"], 1);
}

#[test]
fn evaluer_applique_aussi_les_derogations() {
    let dir = std::env::temp_dir().join(format!("cadria-inv3-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let f = dir.join("r.yaml");
    let inv = std::fs::read_to_string("tests/inventaire/derogations.yaml").expect("lu");
    let premier: String = inv
        .split("\n- outil: Dérogation expirée")
        .next()
        .unwrap_or_default()
        .lines()
        .map(|l| {
            l.strip_prefix("- ")
                .or_else(|| l.strip_prefix("  "))
                .unwrap_or(l)
                .to_string()
                + "\n"
        })
        .collect();
    std::fs::write(&f, premier).expect("écrit");
    let out = cadria()
        .args([
            "evaluer",
            f.to_str().expect("utf8"),
            "-f",
            "json",
            "--date",
            DATE,
        ])
        .output()
        .expect("runs");
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(v["derogations"][0]["etat"], "appliquee");
    assert!(
        v["constats"]
            .as_array()
            .expect("constats")
            .iter()
            .any(|c| c["regle"] == "GEN-06" && c["derogation"]["expire_le"] == "2026-12-20")
    );
    let plus_tard = cadria()
        .args([
            "evaluer",
            f.to_str().expect("utf8"),
            "-f",
            "json",
            "--date",
            "2027-01-15",
        ])
        .output()
        .expect("runs");
    let v: Value = serde_json::from_slice(&plus_tard.stdout).expect("json");
    assert_eq!(v["derogations"][0]["etat"], "expiree");
    assert_eq!(v["verdict"], "non_conforme");
    std::fs::write(&f, "outil: X\nreponses: { role: enseignant }\nderogations:\n  - regle: ENS-05\n    justification: j\n").expect("écrit");
    let incomplet = cadria()
        .args(["evaluer", f.to_str().expect("utf8")])
        .output()
        .expect("runs");
    assert_eq!(incomplet.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&incomplet.stderr);
    assert!(
        stderr.contains("CAD017")
            && stderr.contains("approuve_par")
            && stderr.contains("expire_le"),
        "{stderr}"
    );
}

#[test]
fn csv_echappe_et_neutralise_les_formules() {
    let out = cadria()
        .args([
            "inventaire",
            "tests/inventaire/formules.yaml",
            "-f",
            "csv",
            "--date",
            DATE,
        ])
        .output()
        .expect("runs");
    let texte = String::from_utf8_lossy(&out.stdout);
    let mut lignes = texte.split("\r\n");
    assert_eq!(
        lignes.next(),
        Some(
            "outil,declare_par,verdict,regle,titre,gravite,certitude,inconnus,derogation,derogation_expire_le,remediation,sources,erreur"
        )
    );
    let premiere = lignes.next().expect("une ligne");
    assert!(premiere.starts_with("\"'=HYPERLINK(\"\"http://exemple.invalid\"\",\"\"clic\"\")\",\"'+33 1 23, \"\"direction\"\"\","), "{premiere}");
}

#[test]
fn alias_en_bombe_et_imbrication_absurde_refuses() {
    let (v, _) = json(&["tests/inventaire/bombe.yaml"]);
    let outils: Vec<&str> = v["evaluations"]
        .as_array()
        .expect("liste")
        .iter()
        .filter_map(|e| e["outil"].as_str())
        .collect();
    assert_eq!(outils, ["Sain"]);
    let erreurs: Vec<u64> = v["erreurs"]
        .as_array()
        .expect("erreurs")
        .iter()
        .filter_map(|e| e["entree"].as_u64())
        .collect();
    assert_eq!(erreurs, [2, 3]);
}

#[test]
fn seuil_d_echec_configurable() {
    let code = |seuil: &str, f: &str| {
        cadria()
            .args([
                "inventaire",
                f,
                "--date",
                DATE,
                "-q",
                "-f",
                "csv",
                "--echec-a",
                seuil,
            ])
            .output()
            .expect("runs")
            .status
            .code()
    };
    assert_eq!(code("interdit", "exemples/inventaire.yaml"), Some(1));
    assert_eq!(code("interdit", "tests/inventaire/formules.yaml"), Some(0));
    assert_eq!(code("vigilance", "tests/inventaire/formules.yaml"), Some(1));
}

#[test]
fn depuis_un_audit_precedent() {
    let dir = std::env::temp_dir().join(format!("cadria-inv4-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let ancien = dir.join("ancien.json");
    cadria()
        .args([
            "inventaire",
            "exemples/inventaire.yaml",
            "-f",
            "json",
            "--date",
            DATE,
            "-o",
            ancien.to_str().expect("utf8"),
        ])
        .output()
        .expect("runs");
    let (v, _) = json(&[
        "tests/inventaire/derogations.yaml",
        "--depuis",
        ancien.to_str().expect("utf8"),
    ]);
    let e = &v["evolution"];
    assert_eq!(e["nouveaux_outils"].as_array().map(Vec::len), Some(3));
    assert_eq!(e["outils_retires"].as_array().map(Vec::len), Some(6));
    assert_eq!(
        e["derogations_a_renouveler"].as_array().map(Vec::len),
        Some(1)
    );
    let (v, _) = json(&[
        "exemples/inventaire.yaml",
        "--date",
        "2026-12-28",
        "--depuis",
        ancien.to_str().expect("utf8"),
    ]);
    let e = &v["evolution"];
    assert_eq!(e["date_precedente"], DATE);
    assert_eq!(
        e["nouveaux_constats"],
        serde_json::json!([{ "outil": "Assistant IA de l'ENT régional", "regle": "FORM-01", "gravite": "vigilance" }])
    );
    assert_eq!(e["constats_resolus"], serde_json::json!([]));
}

#[test]
fn schemas_json_suivent_les_faits() {
    for cible in ["reponses", "inventaire"] {
        let out = cadria().args(["schema", cible]).output().expect("runs");
        assert_eq!(out.status.code(), Some(0));
        let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let faits = &v["definitions"]["reponses"]["properties"];
        assert_eq!(
            faits["categorie_outil"]["enum"],
            serde_json::json!(["grand_public", "institutionnel", "sous_contrat", "inconnu"])
        );
        assert!(
            faits["niveaux"]["anyOf"][0]["items"]["enum"]
                .as_array()
                .is_some_and(|a| a.iter().any(|x| x == "5e"))
        );
        assert_eq!(
            v["definitions"]["derogation"]["required"],
            serde_json::json!(["regle", "justification", "approuve_par", "expire_le"])
        );
    }
}

#[test]
fn schemas_des_regles_et_questionnaires_acceptent_les_fichiers_integres() {
    let schema = |cible: &str| -> Value {
        let out = cadria().args(["schema", cible]).output().expect("runs");
        assert_eq!(out.status.code(), Some(0));
        serde_json::from_slice(&out.stdout).expect("JSON")
    };
    let regles = schema("regles");
    let proprietes = &regles["items"]["properties"];
    assert_eq!(
        proprietes["gravite"]["enum"],
        serde_json::json!(["interdit", "non_conforme", "vigilance", "conseil"])
    );
    // Every key of every embedded rule is described, every required key present.
    let requis: Vec<&str> = regles["items"]["required"]
        .as_array()
        .expect("required")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for entree in std::fs::read_dir("rules").expect("rules/") {
        let chemin = entree.expect("entrée").path();
        // `sources.yaml` n'est pas un fichier de règles (cadria::contenu).
        if chemin.extension().is_none_or(|e| e != "yaml")
            || chemin.file_name().is_some_and(|n| n == "sources.yaml")
        {
            continue;
        }
        let liste: Value =
            serde_saphyr::from_str(&std::fs::read_to_string(&chemin).expect("lu")).expect("YAML");
        for r in liste.as_array().expect("liste") {
            let r = r.as_object().expect("objet");
            for cle in r.keys() {
                assert!(
                    proprietes.get(cle).is_some(),
                    "{}: clé {cle} absente du schéma",
                    chemin.display()
                );
            }
            for cle in &requis {
                assert!(r.contains_key(*cle), "{}: {cle} manquant", chemin.display());
            }
            let g = r["gravite"].as_str().expect("gravite");
            assert!(
                proprietes["gravite"]["enum"]
                    .as_array()
                    .expect("enum")
                    .iter()
                    .any(|x| x == g)
            );
        }
    }
    let q = schema("questionnaire");
    let faits = q["properties"]["sections"]["items"]["properties"]["questions"]["items"]["properties"]["fait"]["enum"].as_array().expect("faits").clone();
    assert!(faits.iter().any(|f| f == "categorie_outil"));
    for nom in ["enseignant", "dpo", "administratif"] {
        let doc: Value = serde_saphyr::from_str(
            &std::fs::read_to_string(format!("questionnaires/{nom}.yaml")).expect("lu"),
        )
        .expect("YAML");
        for s in doc["sections"].as_array().expect("sections") {
            for question in s["questions"].as_array().expect("questions") {
                assert!(
                    faits.contains(&question["fait"]),
                    "{nom}: fait {} absent du schéma",
                    question["fait"]
                );
            }
        }
    }
}
