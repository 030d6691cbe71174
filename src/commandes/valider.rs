//! `cadria valider`: lint the rule, fact and questionnaire files; with
//! `--expliquer CODE`, explain a diagnostic code.

use super::{CodeSortie, Echec, Messages, Resultat, ecrire, sources};
use crate::base::Base;
use crate::cli::{ArgsValider, Communes, FormatDiagnostics};
use crate::diag::{self, Code};

pub(super) fn executer(c: &Communes, a: &ArgsValider, m: &mut Messages<'_>) -> Resultat {
    if let Some(code) = &a.expliquer {
        return expliquer(code);
    }
    let (base, diags) = Base::charger(&sources(c));
    let texte = if a.format == FormatDiagnostics::Json {
        serde_json::to_string_pretty(&diags)
            .map(|s| s + "\n")
            .map_err(|e| super::interne(format!("diagnostics impossibles à écrire : {e}")))?
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
    ecrire(&texte, None)?;
    if let Some(dossier) = &a.gabarits {
        verifier_gabarits(&base, dossier, m)?;
    }
    if diag::contient_erreur(&diags) {
        Ok(CodeSortie::Erreur)
    } else {
        Ok(CodeSortie::Succes)
    }
}

/// `cadria valider --expliquer CAD005`: the code's description and example,
/// like `rustc --explain`.
fn expliquer(code: &str) -> Resultat {
    if let Some(retire) = diag::catalogue::retire(code) {
        ecrire(&retire, None)?;
        return Ok(CodeSortie::Succes);
    }
    let Some(c) = Code::depuis(code) else {
        let connus: Vec<&str> = Code::TOUS.iter().map(|c| c.as_str()).collect();
        let suggestion =
            diag::vouliez_vous_dire(&code.trim().to_uppercase(), connus.iter().copied());
        return Err(super::usage(
            format!("code de diagnostic `{code}` inconnu"),
            format!("{suggestion}codes possibles : {}", connus.join(", ")),
        ));
    };
    ecrire(&c.explication(), None)?;
    Ok(CodeSortie::Succes)
}

/// Vérifie un dossier de gabarits de documents : chaque gabarit se compile et
/// se rend sur des réponses d'essai (toutes inconnues, toutes connues).
fn verifier_gabarits(
    base: &Base,
    dossier: &std::path::Path,
    m: &mut Messages<'_>,
) -> Result<(), Echec> {
    let erreurs = match crate::documents::gabarits::Gabarits::charger(Some(dossier)) {
        Err(e) => e,
        Ok(g) => {
            let essais = crate::documents::dossiers_essai(base, crate::date::Date::aujourdhui())
                .map_err(|e| super::evaluation_impossible(&e))?;
            g.verifier(&essais)
        }
    };
    if erreurs.is_empty() {
        m.ligne(&format!(
            "Gabarits de documents de {} : aucun problème.",
            dossier.display()
        ));
        return Ok(());
    }
    Err(Echec::diagnostics(
        erreurs
            .iter()
            .map(super::documents::diagnostic_gabarit)
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_inconnu_refuse_avec_suggestion() {
        let Err(Echec::Diagnostics { diagnostics, .. }) = expliquer("CAD05O") else {
            panic!("un code inconnu est refusé");
        };
        let d: &crate::diag::Diagnostic = &diagnostics[0];
        assert_eq!(d.code, Code::LigneDeCommande);
        assert!(d.message.contains("CAD05O"), "{}", d.message);
    }
}
