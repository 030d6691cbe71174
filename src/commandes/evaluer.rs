//! `cadria evaluer FICHIER`: one answers file → a reasoned report.

use super::{CodeSortie, afficher_diagnostics, base_valide, couleur, ecrire_octets, lire_entree};
use crate::cli::{ArgsEvaluer, Communes, FormatEvaluation, Seuil};
use crate::evaluation::Evaluation;
use crate::moteur::Verdict;
use crate::rapport::{rendre_odt, rendre_rapport};
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

pub(super) fn executer(c: &Communes, a: &ArgsEvaluer) -> CodeSortie {
    if a.format == FormatEvaluation::Odt && a.sortie.is_none() && std::io::stdout().is_terminal() {
        eprintln!(
            "erreur : un document ODT ne s'affiche pas dans un terminal\n  = aide : ajoutez `-o rapport.odt` pour l'écrire dans un fichier"
        );
        return CodeSortie::Erreur;
    }
    let date = match super::date_evaluation(a.date.as_deref()) {
        Ok(d) => d,
        Err(code) => return code,
    };
    if let Err(code) = super::sortie_distincte(a.sortie.as_deref(), &[&a.fichier]) {
        return code;
    }
    let Some(base) = base_valide(c) else {
        return CodeSortie::Erreur;
    };
    let (nom, texte) = match lire_entree(&a.fichier) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let mut reponses = match Reponses::lire(&texte, &nom, &base) {
        Ok(r) => r,
        Err(diags) => {
            afficher_diagnostics(&diags);
            eprintln!(
                "Le fichier de réponses contient des erreurs : rien n'a été évalué. Corrigez-les puis relancez."
            );
            return CodeSortie::Erreur;
        }
    };
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
    let m = match super::moteur(&base) {
        Ok(m) => m,
        Err(code) => return code,
    };
    let evaluation = match Evaluation::des_reponses(&m, &reponses, date) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("erreur : {e}\n  = aide : lancez `cadria valider` sur ces règles");
            return CodeSortie::Erreur;
        }
    };
    let octets = match a.format.texte() {
        None if a.format == FormatEvaluation::Sarif => {
            crate::rapport::sarif::rendre_sarif(&m, &reponses, &evaluation, &nom)
                .map_err(crate::rapport::ErreurRapport::Evaluation)
        }
        Some(format) => rendre_rapport(
            &m,
            &reponses,
            &evaluation,
            format,
            couleur(c, a.sortie.is_some()),
            a.resume,
        )
        .map(String::into_bytes),
        None => rendre_odt(&m, &reponses, &evaluation, a.resume),
    };
    let octets = match octets {
        Ok(t) => t,
        Err(e) => {
            eprintln!("erreur : {e}");
            return CodeSortie::Erreur;
        }
    };
    if let Err(code) = ecrire_octets(&octets, a.sortie.as_deref()) {
        return code;
    }
    if let (Some(chemin), false) = (&a.sortie, c.quiet) {
        eprintln!(
            "Rapport écrit dans {} (verdict : {}).",
            chemin.display(),
            evaluation.verdict().libelle()
        );
    }
    if evaluation.verdict() >= verdict_minimal(a.echec_a) {
        CodeSortie::Echec
    } else {
        CodeSortie::Succes
    }
}
