//! Les formats d'un inventaire audité (DESIGN §4) : le JSON au schéma 2
//! (textes des règles et des questions une fois, par outil ce qui lui est
//! propre), le CSV, le SARIF 2.1.0 et les rapports à lire (texte, Markdown,
//! HTML). Tous s'écrivent au fil de l'audit : un outil est évalué, écrit puis
//! oublié ; la synthèse, faite de comptes, vient à la fin (JSON, CSV) ou les
//! parties qui grandissent avec l'inventaire passent par un fichier
//! temporaire (texte, Markdown, HTML), si bien que la mémoire reste la même
//! quelle que soit la taille de l'inventaire.

mod csv;
mod json;
mod lisible;

pub use csv::cellule;
pub use json::{VERSION_SCHEMA_INVENTAIRE, ecrire_json};
pub use lisible::ecrire_lisible;

use crate::inventaire::{ErreurAudit, Inventaire};
use std::io::{BufRead, Write};

/// Pourquoi l'écriture d'un inventaire a échoué.
#[derive(Debug)]
pub enum ErreurSortie {
    /// L'audit s'est arrêté.
    Inventaire(ErreurAudit),
    /// L'écriture a échoué (tube fermé compris : l'appelant décide).
    Ecriture(std::io::Error),
}

impl From<std::io::Error> for ErreurSortie {
    fn from(e: std::io::Error) -> Self {
        ErreurSortie::Ecriture(e)
    }
}

impl From<ErreurAudit> for ErreurSortie {
    fn from(e: ErreurAudit) -> Self {
        ErreurSortie::Inventaire(e)
    }
}

impl From<serde_json::Error> for ErreurSortie {
    fn from(e: serde_json::Error) -> Self {
        if e.is_io() {
            ErreurSortie::Ecriture(std::io::Error::from(e))
        } else {
            ErreurSortie::Inventaire(ErreurAudit::Evaluation(e.to_string()))
        }
    }
}

/// Écrit le tableau CSV dans `w` pendant l'audit, cellules séparées par
/// `sep` (`,` ou `;`, ce dernier après une marque d'ordre UTF-8).
pub fn ecrire_csv<R: BufRead>(
    audit: &mut Inventaire<'_, '_, R>,
    w: &mut impl Write,
    sep: char,
) -> Result<(), ErreurSortie> {
    csv::entete(w, sep)?;
    while let Some(e) = audit.suivant()? {
        csv::outil(w, sep, audit.moteur().base(), &e)?;
    }
    for e in audit.erreurs() {
        csv::erreur(w, sep, e)?;
    }
    Ok(())
}

/// Écrit le SARIF 2.1.0 de l'inventaire dans `w` pendant l'audit : un
/// résultat par constat, situé à l'entrée de l'outil dans l'inventaire.
pub fn ecrire_sarif<R: BufRead>(
    audit: &mut Inventaire<'_, '_, R>,
    w: &mut impl Write,
) -> Result<(), ErreurSortie> {
    let moteur = audit.moteur();
    let mut s = super::sarif::Sarif::ouvrir(w, moteur.base(), audit.fichier())?;
    while let Some(e) = audit.suivant()? {
        s.resultats(moteur, &e.reponses, &e.evaluation, e.ligne, e.colonne)?;
    }
    s.fermer(audit.erreurs())
}
