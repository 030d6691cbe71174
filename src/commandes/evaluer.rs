//! `cadria evaluer FICHIER`: one answers file → a reasoned report.

use super::{CodeSortie, Echec, Messages, Resultat, couleur, ecrire_octets, lire_entree};
use crate::cli::{ArgsEvaluer, Communes, FormatEvaluation, Seuil};
use crate::evaluation::Evaluation;
use crate::moteur::Verdict;
use crate::rapport::{ErreurRapport, rendre_odt, rendre_rapport};
use crate::reponses::Reponses;
use std::io::IsTerminal;

/// The lowest verdict that fails with threshold `seuil`.
pub(crate) fn verdict_minimal(seuil: Seuil) -> Verdict {
    match seuil {
        Seuil::Interdit => Verdict::Interdit,
        Seuil::NonConforme => Verdict::NonConforme,
        Seuil::AVerifier => Verdict::AVerifier,
        Seuil::Vigilance => Verdict::ConformeSousReserve,
    }
}

pub(super) fn executer(c: &Communes, a: &ArgsEvaluer, m: &mut Messages<'_>) -> Resultat {
    if a.format == FormatEvaluation::Odt && a.sortie.is_none() && std::io::stdout().is_terminal() {
        return Err(super::usage(
            "un document ODT ne s'affiche pas dans un terminal",
            "ajoutez `-o rapport.odt` pour l'écrire dans un fichier",
        ));
    }
    let date = super::date(a.date);
    super::sortie_hors_entrees(a.sortie.as_deref(), &[&a.fichier])?;
    let base = super::base(c)?;
    let (nom, texte) = lire_entree(&a.fichier)?;
    let mut reponses = Reponses::lire(&texte, &nom, &base).map_err(|diags| {
        Echec::diagnostics(diags).conclure(
            "Le fichier de réponses contient des erreurs : rien n'a été évalué. Corrigez-les puis relancez.",
        )
    })?;
    // The filing block's options win over the answers file.
    for (option, champ) in [
        (&a.etablissement, &mut reponses.etablissement),
        (&a.demandeur, &mut reponses.demandeur),
        (&a.fonction, &mut reponses.fonction),
    ] {
        if option.is_some() {
            champ.clone_from(option);
        }
    }
    let moteur = super::moteur_de(&base)?;
    let evaluation = Evaluation::des_reponses(&moteur, &reponses, date)
        .map_err(|e| super::evaluation_impossible(&e))?;
    let octets = match a.format.texte() {
        None if a.format == FormatEvaluation::Sarif => {
            crate::rapport::sarif::rendre_sarif(&moteur, &reponses, &evaluation, &nom)
                .map_err(crate::rapport::ErreurRapport::Evaluation)
        }
        Some(format) => rendre_rapport(
            &moteur,
            &reponses,
            &evaluation,
            format,
            couleur(c, a.sortie.is_some()),
            a.resume,
        )
        .map(String::into_bytes),
        None => rendre_odt(&moteur, &reponses, &evaluation, a.resume),
    }
    .map_err(|e| echec_rapport(&e))?;
    ecrire_octets(&octets, a.sortie.as_deref())?;
    if let (Some(chemin), false) = (&a.sortie, c.quiet) {
        m.ligne(&format!(
            "Rapport écrit dans {} (verdict : {}).",
            chemin.display(),
            evaluation.verdict().libelle()
        ));
    }
    if evaluation.verdict() >= verdict_minimal(a.echec_a) {
        Ok(CodeSortie::Echec)
    } else {
        Ok(CodeSortie::Succes)
    }
}

/// A report that could not be produced: a reasoning text that failed on
/// these answers (CAD009), or its formatting (CAD029).
fn echec_rapport(e: &ErreurRapport) -> Echec {
    match e {
        ErreurRapport::Evaluation(e) => super::evaluation_impossible(e),
        autre => super::interne(format!("mise en forme du rapport impossible : {autre}")),
    }
}
