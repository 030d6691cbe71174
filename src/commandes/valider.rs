//! `cadria valider`: lint the rule, fact and questionnaire files.

use super::{CodeSortie, ecrire, sources};
use crate::base::Base;
use crate::cli::{ArgsValider, Communes, FormatDiagnostics};
use crate::diag;

pub(super) fn executer(c: &Communes, a: &ArgsValider) -> CodeSortie {
    let (base, diags) = Base::charger(&sources(c));
    let texte = if a.format == FormatDiagnostics::Json {
        match serde_json::to_string_pretty(&diags) {
            Ok(s) => s + "\n",
            Err(e) => {
                eprintln!("erreur interne : {e}");
                return CodeSortie::Erreur;
            }
        }
    } else if diags.is_empty() {
        format!(
            "Aucun problème : {} règles, {} faits, {} questionnaires (règles version {}, {}).\n",
            base.regles().len(),
            base.schema().faits().len(),
            base.questionnaires().len(),
            base.version(),
            base.empreinte()
        )
    } else {
        diag::rendre_texte(&diags)
    };
    if let Err(code) = ecrire(&texte, None) {
        return code;
    }
    if diag::contient_erreur(&diags) {
        CodeSortie::Erreur
    } else {
        CodeSortie::Succes
    }
}
