//! Les dérogations (DESIGN §3) : une exception approuvée et datée à une règle
//! pour un outil. Elle demande une justification, une approbation et une date
//! d'expiration ; elle abaisse un constat `vigilance` ou `non_conforme` (le
//! constat reste listé mais ne compte plus dans le verdict), jamais un
//! `interdit` ; expirée, elle ne s'applique plus ; si la règle qu'elle nomme
//! ne s'est pas déclenchée, elle est inutilisée. Chaque dérogation reçoit un
//! état, que les rapports listent et comptent.

use crate::base::Base;
use crate::date::Date;
use crate::diag::{Code, Diagnostic};
use crate::moteur::Resultat;
use crate::regles::Gravite;
use crate::vocabulaire::vocabulaire;
use crate::yaml;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

/// Days before expiry from which a waiver is flagged as expiring soon.
pub const PREAVIS_JOURS: i64 = 30;

vocabulaire! {
    /// Ce que devient une dérogation dans une évaluation.
    #[derive(PartialOrd, Ord)]
    pub enum EtatDerogation : TOUS = [Appliquee, Expiree, Refusee, Inutilisee] {
        /// Elle abaisse un constat.
        Appliquee => "appliquee", "appliquée",
        /// Sa date d'expiration est passée : le constat compte de nouveau.
        Expiree => "expiree", "expirée : ne s'applique plus",
        /// La règle qu'elle nomme ne s'est pas déclenchée.
        Inutilisee => "inutilisee", "inutilisée : la règle ne s'est pas déclenchée",
        /// La règle qu'elle nomme est une interdiction : aucune dérogation possible.
        Refusee => "refusee", "refusée : une interdiction ne souffre aucune dérogation",
    }
}

/// One waiver of an assessment with its status (listed in every report).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BilanDerogation {
    /// Rule id.
    pub regle: String,
    /// Status.
    pub etat: EtatDerogation,
    /// Status in words.
    pub etat_libelle: String,
    /// Why it was granted.
    pub justification: String,
    /// Who approved it.
    pub approuve_par: String,
    /// Dernier jour où elle s'applique.
    pub expire_le: Date,
    /// Days left until expiry, from the assessment date (negative once expired).
    pub jours_restants: i64,
}

impl BilanDerogation {
    /// True when the waiver applies and expires within [`PREAVIS_JOURS`].
    pub fn expire_bientot(&self) -> bool {
        self.etat == EtatDerogation::Appliquee && self.jours_restants <= PREAVIS_JOURS
    }
}

/// The waivers of one assessment, matched with its findings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Application {
    /// For each finding of the evaluation (same order), the waiver that
    /// lowers it, as an index into `bilans`.
    pub par_constat: Vec<Option<usize>>,
    /// Every waiver, in file order, with its status.
    pub bilans: Vec<BilanDerogation>,
}

impl Application {
    /// La dérogation qui lève le `k`-ième constat, s'il y en a une.
    pub fn du_constat(&self, k: usize) -> Option<&BilanDerogation> {
        self.par_constat
            .get(k)
            .copied()
            .flatten()
            .and_then(|b| self.bilans.get(b))
    }
}

/// Une dérogation vérifiée : elle vise une règle qui existe, elle est
/// justifiée, approuvée et limitée par une date réelle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derogation {
    /// Identifiant de la règle visée.
    pub regle: String,
    /// Pourquoi l'exception est acceptée.
    pub justification: String,
    /// Qui l'a approuvée.
    pub approuve_par: String,
    /// Dernier jour où elle s'applique.
    pub expire_le: Date,
}

/// Vérifie les dérogations telles qu'écrites dans `fichier` (règle connue,
/// justification, approbation, date d'expiration réelle) et rend celles qui
/// sont complètes ; chaque problème va dans `diags`.
pub fn verifier(
    derogations: &[DerogationBrute],
    fichier: &str,
    base: &Base,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Derogation> {
    let mut valides = Vec::new();
    for d in derogations {
        let avant = diags.len();
        let pos = yaml::position(fichier, &d.regle);
        if base.regle(&d.regle.value).is_none() {
            diags.push(
                Diagnostic::erreur(
                    Code::Derogation,
                    pos.clone(),
                    format!(
                        "la dérogation vise la règle `{}`, qui n'existe pas",
                        d.regle.value
                    ),
                )
                .aide("vérifiez l'identifiant (`cadria regles lister` les donne tous)"),
            );
        }
        let vide = |c: &Option<serde_saphyr::Spanned<String>>| {
            c.as_ref().is_none_or(|s| s.value.trim().is_empty())
        };
        for (champ, manque, aide) in [
            (
                "justification",
                vide(&d.justification),
                "écrivez pourquoi l'exception est acceptée",
            ),
            (
                "approuve_par",
                vide(&d.approuve_par),
                "indiquez qui l'a approuvée (chef d'établissement, DPO...)",
            ),
            (
                "expire_le",
                vide(&d.expire_le),
                "donnez une date d'expiration AAAA-MM-JJ : une dérogation est toujours limitée dans le temps",
            ),
        ] {
            if manque {
                diags.push(
                    Diagnostic::erreur(
                        Code::Derogation,
                        pos.clone(),
                        format!(
                            "la dérogation pour `{}` n'a pas de `{champ}`",
                            d.regle.value
                        ),
                    )
                    .aide(aide),
                );
            }
        }
        let expire_le = d
            .expire_le
            .as_ref()
            .and_then(|e| Date::depuis(e.value.trim()));
        if let Some(e) = &d.expire_le
            && !e.value.trim().is_empty()
            && expire_le.is_none()
        {
            diags.push(
                Diagnostic::erreur(
                    Code::Derogation,
                    yaml::position(fichier, e),
                    format!("date d'expiration `{}` invalide", e.value),
                )
                .aide("écrivez la date sous la forme AAAA-MM-JJ, par exemple 2027-06-30"),
            );
        }
        let texte = |c: &Option<Spanned<String>>| {
            c.as_ref()
                .map(|s| s.value.trim().to_string())
                .unwrap_or_default()
        };
        if let (Some(expire_le), true) = (expire_le, diags.len() == avant) {
            valides.push(Derogation {
                regle: d.regle.value.clone(),
                justification: texte(&d.justification),
                approuve_par: texte(&d.approuve_par),
                expire_le,
            });
        }
    }
    valides
}

/// Rapproche les dérogations vérifiées des constats de `eval` à `date`.
pub fn appliquer(
    base: &Base,
    derogations: &[Derogation],
    eval: &Resultat,
    date: Date,
) -> Application {
    let mut app = Application {
        par_constat: vec![None; eval.constats.len()],
        bilans: Vec::with_capacity(derogations.len()),
    };
    for d in derogations {
        let jours_restants = date.jusqu_a(d.expire_le);
        let regle = base.regle(&d.regle);
        let constat = eval
            .constats
            .iter()
            .position(|c| base.regles().get(c.regle).is_some_and(|r| r.id == d.regle));
        let etat = match (regle, constat) {
            (Some(r), _) if r.gravite == Gravite::Interdit => EtatDerogation::Refusee,
            _ if jours_restants < 0 => EtatDerogation::Expiree,
            (Some(_), Some(k)) if app.par_constat.get(k).is_some_and(Option::is_none) => {
                if let Some(slot) = app.par_constat.get_mut(k) {
                    *slot = Some(app.bilans.len());
                }
                EtatDerogation::Appliquee
            }
            _ => EtatDerogation::Inutilisee,
        };
        app.bilans.push(BilanDerogation {
            regle: d.regle.clone(),
            etat,
            etat_libelle: etat.libelle().to_string(),
            justification: d.justification.clone(),
            approuve_par: d.approuve_par.clone(),
            expire_le: d.expire_le,
            jours_restants,
        });
    }
    app
}

/// A waiver as written; checked by the waiver logic.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DerogationBrute {
    /// Rule id.
    pub regle: Spanned<String>,
    /// Why.
    #[serde(default)]
    pub justification: Option<Spanned<String>>,
    /// Who approved it.
    #[serde(default)]
    pub approuve_par: Option<Spanned<String>>,
    /// Expiry date `YYYY-MM-DD`.
    #[serde(default)]
    pub expire_le: Option<Spanned<String>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jours_depuis_1970() {
        assert_eq!(
            crate::date::Date::depuis("1970-01-01").map(crate::date::Date::jours),
            Some(0)
        );
        assert_eq!(
            crate::date::Date::depuis("2026-11-28").map(crate::date::Date::jours),
            Some(20_785)
        );
        assert_eq!(
            crate::date::Date::depuis("2024-03-01")
                .map(crate::date::Date::jours)
                .zip(crate::date::Date::depuis("2024-02-28").map(crate::date::Date::jours))
                .map(|(a, b)| a - b),
            Some(2)
        );
        assert_eq!(
            crate::date::Date::depuis("2026-02-30").map(crate::date::Date::jours),
            None
        );
    }

    #[test]
    fn bientot_seulement_si_appliquee() {
        let mut b = BilanDerogation {
            regle: "ENV-01".into(),
            etat: EtatDerogation::Appliquee,
            etat_libelle: String::new(),
            justification: "j".into(),
            approuve_par: "a".into(),
            expire_le: crate::date::Date::depuis("2026-12-01").unwrap(),
            jours_restants: 3,
        };
        assert!(b.expire_bientot());
        b.jours_restants = 31;
        assert!(!b.expire_bientot());
        b.etat = EtatDerogation::Expiree;
        b.jours_restants = -2;
        assert!(!b.expire_bientot());
    }
}
