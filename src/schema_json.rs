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
