//! `cadria schema reponses|inventaire|regles|questionnaire`: print the JSON
//! Schema of a file type.

use super::{CodeSortie, Resultat, ecrire};
use crate::cli::{ArgsSchema, CibleSchema, Communes};
use crate::schema_json;

/// Without a target: the possible targets (exit 2: nothing was written).
fn lister_cibles() -> super::Echec {
    use clap::ValueEnum;
    let cibles: Vec<String> = CibleSchema::value_variants()
        .iter()
        .filter_map(|v| v.to_possible_value())
        .map(|p| p.get_name().to_string())
        .collect();
    super::usage(
        "indiquez le type de fichier à décrire",
        format!(
            "cibles possibles : {} (`cadria schema --help` les décrit) ; par exemple `cadria schema reponses -o reponses.schema.json`",
            cibles.join(", ")
        ),
    )
}

pub(super) fn executer(c: &Communes, a: &ArgsSchema) -> Resultat {
    let Some(cible) = a.cible else {
        return Err(lister_cibles());
    };
    let base = super::base(c)?;
    let schema = match cible {
        CibleSchema::Reponses => schema_json::reponses(&base),
        CibleSchema::Inventaire => schema_json::inventaire(&base),
        CibleSchema::Regles => schema_json::regles(&base),
        CibleSchema::Questionnaire => schema_json::questionnaire(&base),
    };
    let mut texte = serde_json::to_string_pretty(&schema)
        .map_err(|e| super::interne(format!("schéma impossible à écrire : {e}")))?;
    texte.push('\n');
    ecrire(&texte, a.sortie.as_deref())?;
    Ok(CodeSortie::Succes)
}
