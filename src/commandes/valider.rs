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
    let gabarits_ok = match &a.gabarits {
        Some(dossier) => verifier_gabarits(&base, dossier),
        None => true,
    };
    if diag::contient_erreur(&diags) || !gabarits_ok {
        CodeSortie::Erreur
    } else {
        CodeSortie::Succes
    }
}

/// Vérifie un dossier de gabarits de documents : chaque gabarit se compile et
/// se rend sur des réponses d'essai (toutes inconnues, toutes connues).
fn verifier_gabarits(base: &Base, dossier: &std::path::Path) -> bool {
    let erreurs = match crate::documents::gabarits::Gabarits::charger(Some(dossier)) {
        Err(e) => e,
        Ok(g) => match crate::documents::dossiers_essai(base, crate::date::Date::aujourdhui()) {
            Ok(essais) => g.verifier(&essais),
            Err(e) => {
                eprintln!("erreur : {e}");
                return false;
            }
        },
    };
    for e in &erreurs {
        eprintln!("{e}");
    }
    if erreurs.is_empty() {
        eprintln!(
            "Gabarits de documents de {} : aucun problème.",
            dossier.display()
        );
    }
    erreurs.is_empty()
}
