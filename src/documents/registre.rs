//! Lignes du registre des traitements pour tout un inventaire
//! (`cadria inventaire FICHIER --registre`) : une ligne CSV par outil, les
//! rubriques de l'article 30 du RGPD remplies d'après les réponses, blancs
//! « [à compléter : …] » compris.

use super::gabarits::blanc;
use super::{Decision, Dossier, TypeDocument};
use crate::rapport::cellule;

/// Les colonnes, dans l'ordre.
pub const COLONNES: [&str; 16] = [
    "outil",
    "declare_par",
    "verdict",
    "a_inscrire",
    "responsable",
    "finalites",
    "base_legale",
    "personnes_concernees",
    "categories_donnees",
    "destinataires",
    "transferts_hors_ue",
    "duree_conservation",
    "mesures_securite",
    "aipd",
    "pre_analyse_aipd",
    "inscrit_au_registre",
];

/// La ligne d'en-tête.
pub fn entete() -> String {
    COLONNES.join(",") + "\n"
}

fn oui_non(v: Option<bool>, quoi: &str) -> String {
    match v {
        Some(true) => "oui".to_string(),
        Some(false) => "non".to_string(),
        None => blanc(quoi),
    }
}

/// La ligne d'un outil ; `decisions` dit si la fiche du registre s'applique.
pub fn ligne(d: &Dossier, declare_par: Option<&str>, decisions: &[Decision]) -> String {
    let refus = |t: TypeDocument| {
        decisions
            .iter()
            .find(|x| x.document == t)
            .and_then(|x| x.refus.as_deref())
    };
    let a_inscrire = match refus(TypeDocument::FicheRegistre) {
        None => "oui".to_string(),
        Some(raison) => format!("non : {raison}"),
    };
    let ou = |v: &Option<String>, quoi: &str| v.clone().unwrap_or_else(|| blanc(quoi));
    let cellules = [
        d.outil.clone(),
        declare_par.map(super::une_ligne).unwrap_or_default(),
        d.verdict.clone(),
        a_inscrire,
        d.responsable
            .map_or_else(|| blanc("responsable du traitement"), str::to_string),
        ou(&d.finalites, "finalités"),
        ou(&d.base_legale, "base légale"),
        ou(&d.personnes, "personnes concernées"),
        ou(&d.donnees, "catégories de données"),
        ou(&d.sous_traitant, "destinataires et sous-traitant"),
        ou(&d.transferts, "transferts hors UE"),
        blanc("durée de conservation"),
        blanc("mesures de sécurité"),
        oui_non(d.aipd_faite, "AIPD réalisée"),
        match refus(TypeDocument::Aipd) {
            None => d.conclusion_aipd.clone(),
            Some(raison) => format!("sans objet : {raison}"),
        },
        oui_non(d.registre_fait, "inscrit au registre"),
    ];
    cellules.map(|c| cellule(&c)).join(",") + "\n"
}
