//! Waivers (dérogations, DESIGN §3): an approved, dated exception to one
//! rule for one tool. A waiver needs a justification, an approver and an
//! expiry date; it lowers a `vigilance` or `non_conforme` finding (the finding
//! stays listed but no longer counts in the verdict), never an `interdit` one;
//! once expired it no longer applies; naming a rule that did not fire, it is
//! unused. Every waiver gets a status so reports can list and count them.

use crate::base::Base;
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
    /// Expiry date `YYYY-MM-DD` (last day it applies).
    pub expire_le: String,
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

/// Days since 1970-01-01 of a valid `YYYY-MM-DD` date.
pub fn jours(date: &str) -> Option<i64> {
    if !crate::date::valide(date) {
        return None;
    }
    let nombre = |r: std::ops::Range<usize>| date.get(r).and_then(|t| t.parse::<i64>().ok());
    let (a, m, j) = (nombre(0..4)?, nombre(5..7)?, nombre(8..10)?);
    // H. Hinnant's days_from_civil.
    let a = if m <= 2 { a - 1 } else { a };
    let ere = a.div_euclid(400);
    let yoe = a - ere * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + j - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(ere * 146_097 + doe - 719_468)
}

/// Checks the waivers as written in `fichier`: rule known, justification,
/// approver and a real expiry date present. Problems go to `diags`.
pub fn verifier(
    derogations: &[DerogationBrute],
    fichier: &str,
    base: &Base,
    diags: &mut Vec<Diagnostic>,
) {
    for d in derogations {
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
        if let Some(e) = &d.expire_le
            && !e.value.trim().is_empty()
            && jours(&e.value).is_none()
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
    }
}

/// Matches the waivers with the findings of `eval` at `date` (`YYYY-MM-DD`).
/// Waivers are assumed checked by [`verifier`]; one that is not (unknown rule,
/// bad date) is treated as unused or expired, never as applied.
pub fn appliquer(
    base: &Base,
    derogations: &[DerogationBrute],
    eval: &Resultat,
    date: &str,
) -> Application {
    let aujourdhui = jours(date).unwrap_or(i64::MAX);
    let mut app = Application {
        par_constat: vec![None; eval.constats.len()],
        bilans: Vec::with_capacity(derogations.len()),
    };
    for d in derogations {
        let texte = |c: &Option<serde_saphyr::Spanned<String>>| {
            c.as_ref()
                .map(|s| s.value.trim().to_string())
                .unwrap_or_default()
        };
        let expire_le = texte(&d.expire_le);
        let jours_restants = jours(&expire_le)
            .map(|j| j.saturating_sub(aujourdhui))
            .unwrap_or(-1);
        let regle = base.regle(&d.regle.value);
        let constat = eval.constats.iter().position(|c| {
            base.regles()
                .get(c.regle)
                .is_some_and(|r| r.id == d.regle.value)
        });
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
            regle: d.regle.value.clone(),
            etat,
            etat_libelle: etat.libelle().to_string(),
            justification: texte(&d.justification),
            approuve_par: texte(&d.approuve_par),
            expire_le,
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
        assert_eq!(jours("1970-01-01"), Some(0));
        assert_eq!(jours("2026-11-28"), Some(20_785));
        assert_eq!(
            jours("2024-03-01")
                .zip(jours("2024-02-28"))
                .map(|(a, b)| a - b),
            Some(2)
        );
        assert_eq!(jours("2026-02-30"), None);
    }

    #[test]
    fn bientot_seulement_si_appliquee() {
        let mut b = BilanDerogation {
            regle: "ENV-01".into(),
            etat: EtatDerogation::Appliquee,
            etat_libelle: String::new(),
            justification: "j".into(),
            approuve_par: "a".into(),
            expire_le: "2026-12-01".into(),
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
