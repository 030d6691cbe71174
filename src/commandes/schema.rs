//! `cadria schema reponses|inventaire|regles|questionnaire`: print the JSON
//! Schema of a file type.

use super::{CodeSortie, base_valide, ecrire};
use crate::cli::{ArgsSchema, CibleSchema, Communes};
use crate::schema_json;

pub(super) fn executer(c: &Communes, a: &ArgsSchema) -> CodeSortie {
    let Some(base) = base_valide(c) else {
        return CodeSortie::Erreur;
    };
    let schema = match a.cible {
        CibleSchema::Reponses => schema_json::reponses(&base),
        CibleSchema::Inventaire => schema_json::inventaire(&base),
        CibleSchema::Regles => schema_json::regles(&base),
        CibleSchema::Questionnaire => schema_json::questionnaire(&base),
    };
    let mut texte = match serde_json::to_string_pretty(&schema) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("erreur interne : schéma impossible à écrire : {e}");
            return CodeSortie::Erreur;
        }
    };
    texte.push('\n');
    match ecrire(&texte, a.sortie.as_deref()) {
        Ok(()) => CodeSortie::Succes,
        Err(code) => code,
    }
}
