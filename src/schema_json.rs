//! JSON Schemas (draft-07) of the files people write, generated from the
//! fact schema, the rules and the questionnaires, so they always follow the
//! loaded rule base. Editors using yaml-language-server apply them while the
//! user types (`# yaml-language-server: $schema=...`).

use crate::base::Base;
use crate::faits::{DefFait, TypeFait};
use serde_json::{Map, Value, json};

fn description(def: &DefFait) -> String {
    let mut d = def.libelle.clone();
    if !def.aide.trim().is_empty() {
        d.push_str(" — ");
        d.push_str(
            def.aide
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .as_str(),
        );
    }
    d
}

/// The schema of one fact's answer: its domain, plus `inconnu`.
fn schema_fait(def: &DefFait) -> Value {
    let valeurs: Vec<&str> = def.valeurs.iter().map(|v| v.id.as_str()).collect();
    let libelles: Vec<String> = def
        .valeurs
        .iter()
        .map(|v| format!("{} : {}", v.id, v.libelle))
        .collect();
    let mut s = match def.type_fait {
        TypeFait::Texte => json!({ "type": "string" }),
        TypeFait::Booleen => {
            json!({ "anyOf": [ { "type": "boolean" }, { "enum": ["oui", "non", "inconnu"] } ] })
        }
        TypeFait::Choix => {
            let mut v = valeurs.clone();
            v.push("inconnu");
            json!({ "enum": v })
        }
        TypeFait::Liste => json!({
            "anyOf": [
                { "type": "array", "items": { "enum": valeurs }, "uniqueItems": true },
                { "const": "inconnu" }
            ]
        }),
    };
    if let Some(o) = s.as_object_mut() {
        let mut d = description(def);
        if !libelles.is_empty() {
            d.push_str("\nValeurs : ");
            d.push_str(&libelles.join(" ; "));
        }
        o.insert("description".into(), Value::from(d));
    }
    s
}

fn definitions(base: &Base) -> Value {
    let mut faits = Map::new();
    for def in base.schema().faits() {
        faits.insert(def.id.clone(), schema_fait(def));
    }
    let regles: Vec<&str> = base.regles().iter().map(|r| r.id.as_str()).collect();
    let questionnaires: Vec<&str> = base
        .questionnaires()
        .iter()
        .map(|q| q.id.as_str())
        .collect();
    json!({
        "reponses": {
            "type": "object",
            "description": "Réponses aux questions, fait par fait ; un fait absent est inconnu.",
            "properties": faits,
            "additionalProperties": false
        },
        "derogation": {
            "type": "object",
            "description": "Dérogation à une règle : elle abaisse un constat « vigilance » ou « non conforme » (jamais « interdit ») jusqu'à sa date d'expiration.",
            "properties": {
                "regle": { "enum": regles, "description": "Identifiant de la règle (cadria regles lister)." },
                "justification": { "type": "string", "minLength": 1, "description": "Pourquoi l'exception est acceptée." },
                "approuve_par": { "type": "string", "minLength": 1, "description": "Qui l'a approuvée (chef d'établissement, DPO...)." },
                "expire_le": { "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": "Dernier jour d'application, AAAA-MM-JJ." }
            },
            "required": ["regle", "justification", "approuve_par", "expire_le"],
            "additionalProperties": false
        },
        "document": {
            "type": "object",
            "description": "Les réponses pour un outil.",
            "properties": {
                "outil": { "type": "string", "description": "Nom de l'outil." },
                "questionnaire": { "enum": questionnaires, "description": "Questionnaire utilisé (facultatif)." },
                "declare_par": { "type": "string", "description": "Qui a déclaré l'outil (inventaires)." },
                "etablissement": { "type": "string", "description": "Établissement (bloc de classement des rapports)." },
                "demandeur": {
                    "type": "object",
                    "description": "Qui demande l'évaluation (bloc de classement des rapports).",
                    "properties": {
                        "nom": { "type": "string", "description": "Nom." },
                        "fonction": { "type": "string", "description": "Fonction (professeure de lettres, CPE...)." }
                    },
                    "additionalProperties": false
                },
                "reponses": { "$ref": "#/definitions/reponses" },
                "derogations": { "type": "array", "items": { "$ref": "#/definitions/derogation" } }
            },
            "additionalProperties": false
        }
    })
}

/// The schema of an answers file.
pub fn reponses(base: &Base) -> Value {
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "cadria : fichier de réponses",
        "definitions": definitions(base),
        "$ref": "#/definitions/document"
    })
}

/// The schema of an inventory: a list of answers documents, or a mapping
/// with `etablissement` and `outils`.
pub fn inventaire(base: &Base) -> Value {
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "cadria : inventaire des outils d'IA",
        "definitions": definitions(base),
        "anyOf": [
            { "type": "array", "items": { "$ref": "#/definitions/document" } },
            {
                "type": "object",
                "properties": {
                    "etablissement": { "type": "string", "description": "Établissement ou académie audité." },
                    "outils": { "type": "array", "items": { "$ref": "#/definitions/document" } }
                },
                "required": ["outils"],
                "additionalProperties": false
            }
        ]
    })
}

/// Schema of a rule file (`rules/*.yaml`): a list of rules, with the scales
/// and the sources the validator accepts. Conditions and templates are
/// checked by `cadria valider`, which a JSON Schema cannot do.
pub fn regles(base: &Base) -> Value {
    use crate::regles::{Fiabilite, Gravite, Nature};
    let texte = |d: &str| json!({ "type": "string", "minLength": 1, "description": d });
    let publics: Vec<&str> = base
        .questionnaires()
        .iter()
        .map(|q| q.id.as_str())
        .collect();
    let gravites: Vec<&str> = Gravite::TOUTES.iter().map(|g| g.id()).collect();
    let natures: Vec<&str> = Nature::TOUTES.iter().map(|n| n.id()).collect();
    let fiabilites: Vec<&str> = Fiabilite::TOUTES.iter().map(|f| f.id()).collect();
    let sources: Vec<&str> = base
        .contenu()
        .sources()
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "cadria : fichier de règles",
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": false,
            "required": ["id", "titre", "theme", "gravite", "nature", "fiabilite", "quand", "raisonnement", "pourquoi", "remediation", "exemple_conforme", "exemple_non_conforme", "references"],
            "properties": {
                "id": { "type": "string", "pattern": "^[A-Z]+(-[A-Z]+)*-[0-9]{2}(-[A-Z]+)?$", "description": "Identifiant stable THEME-NN, jamais réutilisé" },
                "titre": texte("Titre court, en français"),
                "theme": texte("Thème (nom du fichier)"),
                "gravite": { "enum": gravites },
                "nature": { "enum": natures },
                "fiabilite": { "enum": fiabilites },
                "publics": { "type": "array", "items": { "enum": publics }, "description": "Questionnaires qui peuvent atteindre la règle (par défaut : tous)" },
                "quand": texte("Condition : expression minijinja sur les faits (par exemple categorie_outil == \"grand_public\")"),
                "raisonnement": texte("Gabarit : {{ outil }}, {{ reponse.FAIT }} (réponse en mots), {{ FAIT }}"),
                "pourquoi": texte("Pourquoi c'est important"),
                "remediation": texte("Que faire à la place"),
                "interpretation": texte("Lecture retenue quand le texte est ambigu"),
                "exemple_conforme": texte("Une situation conforme"),
                "exemple_non_conforme": texte("Une situation non conforme"),
                "references": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "additionalProperties": false,
                        "required": ["source", "ref"],
                        "properties": {
                            "source": { "enum": sources },
                            "ref": texte("Article, section ou page"),
                            "url": { "type": "string", "pattern": "^https?://" }
                        }
                    }
                },
                "en": { "type": "object", "description": "Traductions anglaises (facultatives)" }
            }
        }
    })
}

/// Schema of a questionnaire file (`questionnaires/*.yaml`): sections of
/// questions, each bound to a declared fact.
pub fn questionnaire(base: &Base) -> Value {
    let faits: Vec<&str> = base
        .schema()
        .faits()
        .iter()
        .map(|d| d.id.as_str())
        .collect();
    let mut valeurs: Vec<&str> = base
        .schema()
        .faits()
        .iter()
        .flat_map(|d| d.valeurs.iter().map(|v| v.id.as_str()))
        .collect();
    valeurs.sort_unstable();
    valeurs.dedup();
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "cadria : questionnaire",
        "type": "object",
        "additionalProperties": false,
        "required": ["id", "titre", "sections"],
        "properties": {
            "id": { "type": "string" },
            "titre": { "type": "string" },
            "description": { "type": "string" },
            "en": { "type": "object" },
            "sections": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["id", "titre", "questions"],
                    "properties": {
                        "id": { "type": "string" },
                        "titre": { "type": "string" },
                        "en": { "type": "object" },
                        "questions": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "additionalProperties": false,
                                "required": ["fait", "texte"],
                                "properties": {
                                    "fait": { "enum": faits, "description": "Le fait que la question renseigne" },
                                    "texte": { "type": "string", "minLength": 1 },
                                    "aide": { "type": "string" },
                                    "quand": { "type": "string", "description": "Condition d'affichage (expression minijinja)" },
                                    "choix": { "type": "array", "items": { "enum": valeurs } },
                                    "je_ne_sais_pas": { "type": "boolean" },
                                    "en": { "type": "object" }
                                }
                            }
                        }
                    }
                }
            }
        }
    })
}

/// Les morceaux communs aux schémas des sorties JSON (rapport et audit).
mod sorties {
    use crate::base::Base;
    use crate::moteur::Verdict;
    use crate::regles::{Fiabilite, Gravite, Nature};
    use serde_json::{Value, json};

    pub(super) fn texte() -> Value {
        json!({ "type": "string" })
    }

    pub(super) fn texte_ou_nul() -> Value {
        json!({ "type": ["string", "null"] })
    }

    pub(super) fn entier() -> Value {
        json!({ "type": "integer", "minimum": 0 })
    }

    pub(super) fn liste(items: Value) -> Value {
        json!({ "type": "array", "items": items })
    }

    /// Un objet dont chaque champ nommé est requis (d'autres peuvent s'ajouter).
    pub(super) fn objet(champs: &[(&str, Value)]) -> Value {
        let requis: Vec<&str> = champs.iter().map(|(n, _)| *n).collect();
        let proprietes: serde_json::Map<String, Value> = champs
            .iter()
            .map(|(n, v)| ((*n).to_string(), v.clone()))
            .collect();
        json!({ "type": "object", "required": requis, "properties": proprietes })
    }

    pub(super) fn verdict() -> Value {
        json!({ "enum": Verdict::TOUS.iter().map(|v| v.id()).collect::<Vec<_>>() })
    }

    pub(super) fn gravite() -> Value {
        json!({ "enum": Gravite::TOUTES.iter().map(|g| g.id()).collect::<Vec<_>>() })
    }

    pub(super) fn nature() -> Value {
        json!({ "enum": Nature::TOUTES.iter().map(|n| n.id()).collect::<Vec<_>>() })
    }

    pub(super) fn fiabilite() -> Value {
        json!({ "enum": Fiabilite::TOUTES.iter().map(|f| f.id()).collect::<Vec<_>>() })
    }

    pub(super) fn certitude() -> Value {
        json!({ "enum": ["certain", "possible"] })
    }

    pub(super) fn date() -> Value {
        json!({ "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" })
    }

    pub(super) fn regle(base: &Base) -> Value {
        json!({ "enum": base.regles().iter().map(|r| r.id.as_str()).collect::<Vec<_>>() })
    }

    pub(super) fn fait(base: &Base) -> Value {
        json!({ "enum": base.schema().faits().iter().map(|d| d.id.as_str()).collect::<Vec<_>>() })
    }

    /// Les faits lus par une règle et leurs valeurs (`"inconnu"` quand la
    /// réponse manque).
    pub(super) fn faits_lus(base: &Base) -> Value {
        json!({
            "type": "object",
            "propertyNames": fait(base),
            "additionalProperties": {
                "anyOf": [
                    { "type": "boolean" },
                    { "type": "string" },
                    { "type": "array", "items": { "type": "string" } }
                ]
            }
        })
    }

    pub(super) fn tampon() -> Value {
        objet(&[("version", texte()), ("empreinte", texte())])
    }

    pub(super) fn reference() -> Value {
        objet(&[
            ("source", texte()),
            ("ref", texte()),
            ("url", texte_ou_nul()),
            ("source_libelle", texte()),
        ])
    }

    pub(super) fn derogation_appliquee() -> Value {
        json!({
            "oneOf": [
                { "type": "null" },
                objet(&[("justification", texte()), ("approuve_par", texte()), ("expire_le", date())])
            ]
        })
    }

    pub(super) fn bilan() -> Value {
        objet(&[
            ("regle", texte()),
            (
                "etat",
                json!({ "enum": ["appliquee", "expiree", "inutilisee", "refusee"] }),
            ),
            ("etat_libelle", texte()),
            ("justification", texte()),
            ("approuve_par", texte()),
            ("expire_le", date()),
            ("jours_restants", json!({ "type": "integer" })),
        ])
    }

    pub(super) fn position() -> Value {
        objet(&[
            ("fichier", texte()),
            ("ligne", entier()),
            ("colonne", entier()),
        ])
    }

    pub(super) fn erreur() -> Value {
        objet(&[
            (
                "entree",
                json!({ "type": ["integer", "null"], "minimum": 1 }),
            ),
            ("outil", texte_ou_nul()),
            ("position", position()),
            (
                "diagnostics",
                liste(objet(&[
                    ("code", texte()),
                    ("severite", json!({ "enum": ["erreur", "avertissement"] })),
                    ("message", texte()),
                    ("position", position()),
                    ("aide", texte_ou_nul()),
                ])),
            ),
        ])
    }
}

/// Schéma du rapport JSON d'une évaluation (`cadria evaluer -f json`,
/// schéma 1, DESIGN §4).
pub fn rapport(base: &Base) -> Value {
    use sorties::*;
    let ligne = objet(&[
        ("fait", fait(base)),
        ("question", texte()),
        ("reponse", texte()),
    ]);
    let manquant = objet(&[
        ("fait", fait(base)),
        ("question", texte()),
        ("qui", liste(texte())),
        ("regles", liste(regle(base))),
        (
            "gravite",
            json!({ "oneOf": [ { "type": "null" }, gravite() ] }),
        ),
    ]);
    let constat = objet(&[
        ("regle", regle(base)),
        ("titre", texte()),
        ("gravite", gravite()),
        ("gravite_libelle", texte()),
        ("certitude", certitude()),
        ("inconnus", liste(fait(base))),
        ("faits", faits_lus(base)),
        ("parce_que", liste(ligne.clone())),
        ("a_demander", liste(manquant.clone())),
        ("raisonnement", texte()),
        ("remediation", texte()),
        ("references", liste(reference())),
        ("nature", nature()),
        ("fiabilite", fiabilite()),
        ("fiabilite_libelle", texte()),
        ("interpretation", texte_ou_nul()),
        ("theme", texte()),
        ("derogation", derogation_appliquee()),
    ]);
    let mut s = objet(&[
        ("schema", json!({ "const": 1 })),
        ("outil", texte()),
        ("declare_par", texte_ou_nul()),
        ("verdict", verdict()),
        ("verdict_libelle", texte()),
        ("meilleur_cas", verdict()),
        ("pire_cas", verdict()),
        ("meilleur_cas_libelle", texte()),
        ("pire_cas_libelle", texte()),
        ("cas_exacts", json!({ "type": "boolean" })),
        (
            "couverture",
            liste(objet(&[
                ("regle", regle(base)),
                ("titre", texte()),
                ("si", liste(texte())),
            ])),
        ),
        ("constats", liste(constat)),
        ("regles_verifiees", entier()),
        (
            "non_declenchees",
            liste(objet(&[("id", regle(base)), ("titre", texte())])),
        ),
        ("reponses_manquantes", liste(manquant)),
        ("reponses", liste(ligne)),
        ("regles", tampon()),
        ("cadria", texte()),
        ("date", date()),
        ("questionnaire", texte_ou_nul()),
        ("derogations", liste(bilan())),
        ("etablissement", texte_ou_nul()),
        ("demandeur", texte_ou_nul()),
        ("fonction_demandeur", texte_ou_nul()),
    ]);
    intituler(&mut s, "cadria : rapport d'évaluation (schéma 1)");
    s
}

/// Ajoute à un schéma de sortie la version de JSON Schema et son titre.
fn intituler(s: &mut Value, titre: &str) {
    if let Some(o) = s.as_object_mut() {
        o.insert(
            "$schema".into(),
            json!("http://json-schema.org/draft-07/schema#"),
        );
        o.insert("title".into(), json!(titre));
    }
}

/// Schéma de l'audit JSON d'un inventaire (`cadria inventaire -f json`,
/// schéma 2, DESIGN §4) : textes des règles et des questions une fois, par
/// outil ce qui lui est propre.
pub fn audit(base: &Base) -> Value {
    use sorties::*;
    let regle_texte = objet(&[
        ("titre", texte()),
        ("theme", texte()),
        ("gravite", gravite()),
        ("nature", nature()),
        ("fiabilite", fiabilite()),
        ("remediation", texte()),
        ("interpretation", texte_ou_nul()),
        ("references", liste(reference())),
    ]);
    let question = objet(&[
        ("question", texte()),
        (
            "valeurs",
            json!({ "type": "object", "additionalProperties": { "type": "string" } }),
        ),
    ]);
    let constat = objet(&[
        ("regle", regle(base)),
        ("certitude", certitude()),
        ("inconnus", liste(fait(base))),
        ("faits", faits_lus(base)),
        ("raisonnement", texte()),
        ("derogation", derogation_appliquee()),
    ]);
    let position_entree = json!({ "type": "integer", "minimum": 1 });
    let evaluation = objet(&[
        ("outil", texte()),
        ("declare_par", texte_ou_nul()),
        ("entree", position_entree.clone()),
        ("ligne", position_entree.clone()),
        ("colonne", position_entree),
        ("verdict", verdict()),
        ("meilleur_cas", verdict()),
        ("pire_cas", verdict()),
        ("cas_exacts", json!({ "type": "boolean" })),
        ("constats", liste(constat)),
        ("reponses_manquantes", liste(fait(base))),
        ("derogations", liste(bilan())),
    ]);
    let comptes = objet(
        &crate::moteur::Verdict::TOUS
            .iter()
            .map(|v| (v.id(), entier()))
            .collect::<Vec<_>>(),
    );
    let mut derogation_outil = bilan();
    if let Some(o) = derogation_outil.as_object_mut() {
        if let Some(p) = o.get_mut("properties").and_then(Value::as_object_mut) {
            p.insert("outil".into(), texte());
            p.insert("expire_bientot".into(), json!({ "type": "boolean" }));
        }
        if let Some(r) = o.get_mut("required").and_then(Value::as_array_mut) {
            r.push(json!("outil"));
            r.push(json!("expire_bientot"));
        }
    }
    let synthese = objet(&[
        ("outils", entier()),
        ("entrees_en_erreur", entier()),
        ("verdicts", comptes),
        (
            "regles",
            liste(objet(&[
                ("regle", regle(base)),
                ("titre", texte()),
                ("gravite", gravite()),
                ("gravite_libelle", texte()),
                ("outils", liste(texte())),
                ("possibles", liste(texte())),
                ("derogees", liste(texte())),
            ])),
        ),
        (
            "derogations",
            objet(&[
                ("total", entier()),
                ("appliquees", entier()),
                ("expirees", entier()),
                ("refusees", entier()),
                ("inutilisees", entier()),
                ("expirent_bientot", entier()),
                ("liste", liste(derogation_outil)),
            ]),
        ),
    ]);
    let changement = objet(&[("outil", texte()), ("regle", texte()), ("gravite", texte())]);
    let evolution = objet(&[
        ("depuis", texte()),
        ("date_precedente", texte_ou_nul()),
        ("nouveaux_outils", liste(texte())),
        ("outils_retires", liste(texte())),
        (
            "verdicts_changes",
            liste(objet(&[
                ("outil", texte()),
                ("avant", texte()),
                ("apres", texte()),
            ])),
        ),
        ("nouveaux_constats", liste(changement.clone())),
        ("constats_resolus", liste(changement)),
        (
            "derogations_a_renouveler",
            liste(objet(&[
                ("outil", texte()),
                ("regle", texte()),
                ("expire_le", date()),
                ("jours_restants", json!({ "type": "integer" })),
            ])),
        ),
    ]);
    let mut s = objet(&[
        ("schema", json!({ "const": 2 })),
        ("fichier", texte()),
        ("date", date()),
        ("base", tampon()),
        ("cadria", texte()),
        ("regles_verifiees", entier()),
        (
            "regles",
            json!({ "type": "object", "propertyNames": regle(base), "additionalProperties": regle_texte }),
        ),
        (
            "questions",
            json!({ "type": "object", "propertyNames": fait(base), "additionalProperties": question }),
        ),
        ("evaluations", liste(evaluation)),
        ("etablissement", texte_ou_nul()),
        ("synthese", synthese),
        ("erreurs", liste(erreur())),
    ]);
    intituler(&mut s, "cadria : audit d'inventaire (schéma 2)");
    if let Some(p) = s.get_mut("properties").and_then(Value::as_object_mut) {
        p.insert("evolution".into(), evolution);
    }
    s
}
