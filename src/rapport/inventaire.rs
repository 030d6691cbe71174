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

use crate::evaluation::Evaluation;
use crate::faits::Faits;
use crate::inventaire::{ErreurAudit, Inventaire};
use crate::moteur::{ErreurEvaluation, Moteur};
use crate::reponses::Reponses;
use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::rc::Rc;

/// Les raisonnements d'un outil, par constat (dans l'ordre de
/// `evaluation.constats()`).
pub(crate) type Textes = Rc<[String]>;

/// Les raisonnements déjà rendus, réutilisés quand un outil du même nom
/// revient avec les mêmes réponses (un inventaire d'académie déclare souvent
/// le même service, réglé de la même façon, d'un établissement à l'autre) :
/// un raisonnement ne dépend que des réponses et du nom de l'outil. La
/// réserve est bornée à [`Raisonnements::CAPACITE`] outils, vidée quand elle
/// est pleine : la mémoire ne grandit pas avec l'inventaire.
#[derive(Default)]
pub(crate) struct Raisonnements {
    deja: HashMap<(String, Faits), Textes>,
}

impl Raisonnements {
    /// Nombre d'outils distincts gardés au plus.
    pub(crate) const CAPACITE: usize = 256;

    /// Les raisonnements des constats de `evaluation`, l'évaluation de `reponses`.
    pub(crate) fn de(
        &mut self,
        moteur: &Moteur<'_>,
        reponses: &Reponses,
        evaluation: &Evaluation,
    ) -> Result<Textes, ErreurEvaluation> {
        if evaluation.constats().is_empty() {
            return Ok(Rc::from(Vec::new()));
        }
        let cle = (reponses.outil.clone(), reponses.faits.clone());
        if let Some(t) = self.deja.get(&cle)
            && t.len() == evaluation.constats().len()
        {
            return Ok(Rc::clone(t));
        }
        let contexte = moteur.contexte_raisonnement(&reponses.faits, &reponses.outil);
        let textes: Textes = evaluation
            .constats()
            .iter()
            .map(|c| moteur.raisonnement(c.regle, &contexte))
            .collect::<Result<Vec<_>, _>>()?
            .into();
        if self.deja.len() >= Self::CAPACITE {
            self.deja.clear();
        }
        self.deja.insert(cle, Rc::clone(&textes));
        Ok(textes)
    }
}

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
    let base = audit.moteur().base();
    let regles = csv::CellulesRegles::new(base, sep);
    while let Some(e) = audit.suivant()? {
        regles.outil(w, base, &e)?;
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
    let mut raisonnements = Raisonnements::default();
    while let Some(e) = audit.suivant()? {
        let textes = raisonnements
            .de(moteur, &e.reponses, &e.evaluation)
            .map_err(|x| ErreurAudit::Evaluation(x.to_string()))?;
        s.resultats(
            moteur,
            &e.reponses,
            &e.evaluation,
            &textes,
            e.ligne,
            e.colonne,
        )?;
    }
    s.fermer(audit.erreurs())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::{Base, Sources};

    #[test]
    fn raisonnements_reutilises_pour_le_meme_outil_et_les_memes_reponses() {
        let (base, _) = Base::charger(&Sources::default());
        let m = Moteur::new(&base).unwrap();
        let texte = std::fs::read_to_string("exemples/chatgpt-5e.yaml").unwrap();
        let r = Reponses::lire(&texte, "r.yaml", &base).unwrap();
        let e = Evaluation::des_reponses(&m, &r, crate::date::Date::depuis("2026-12-01").unwrap())
            .unwrap();
        let mut cache = Raisonnements::default();
        let a = cache.de(&m, &r, &e).unwrap();
        let b = cache.de(&m, &r, &e).unwrap();
        assert!(
            Rc::ptr_eq(&a, &b),
            "le même outil, les mêmes réponses : réutilisé"
        );
        let contexte = m.contexte_raisonnement(&r.faits, &r.outil);
        for (k, c) in e.constats().iter().enumerate() {
            assert_eq!(a[k], m.raisonnement(c.regle, &contexte).unwrap());
        }
        // Un autre nom d'outil : d'autres textes (le nom y figure).
        let mut autre = r.clone();
        autre.outil = "Autre outil".to_string();
        let c = cache.de(&m, &autre, &e).unwrap();
        assert!(!Rc::ptr_eq(&a, &c));
        assert!(c.iter().any(|t| t.contains("Autre outil")));
        // D'autres réponses : rendu à nouveau.
        let mut changees = r.clone();
        changees.faits = crate::faits::Faits::inconnus(base.schema());
        let d = cache.de(&m, &changees, &e).unwrap();
        assert!(!Rc::ptr_eq(&a, &d));
    }
}
