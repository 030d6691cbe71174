//! `cadria schema reponses|inventaire|regles|questionnaire|rapport|audit`:
//! print the JSON Schema of a file type or of a JSON output.

use super::{CodeSortie, base_valide, ecrire};
use crate::cli::{ArgsSchema, CibleSchema, Communes};
use crate::schema_json;

/// Without a target: the targets, each with what it describes (exit 2:
/// nothing was written).
fn lister_cibles() -> CodeSortie {
    use clap::ValueEnum;
    let mut m =
        String::from("erreur : indiquez le type de fichier à décrire\n  = cibles possibles :\n");
    for v in CibleSchema::value_variants() {
        if let Some(p) = v.to_possible_value() {
            m.push_str(&format!(
                "      {:<15}{}\n",
                p.get_name(),
                p.get_help().map(|h| h.to_string()).unwrap_or_default()
            ));
        }
    }
    m.push_str("  = aide : par exemple `cadria schema reponses -o reponses.schema.json`\n");
    eprint!("{}", crate::typographie::francaiser(&m));
    CodeSortie::Erreur
}

pub(super) fn executer(c: &Communes, a: &ArgsSchema) -> CodeSortie {
    let Some(cible) = a.cible else {
        return lister_cibles();
    };
    let Some(base) = base_valide(c) else {
        return CodeSortie::Erreur;
    };
    let schema = match cible {
        CibleSchema::Reponses => schema_json::reponses(&base),
        CibleSchema::Inventaire => schema_json::inventaire(&base),
        CibleSchema::Regles => schema_json::regles(&base),
        CibleSchema::Questionnaire => schema_json::questionnaire(&base),
        CibleSchema::Rapport => schema_json::rapport(&base),
        CibleSchema::Audit => schema_json::audit(&base),
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
