//! The live verdict: every rule re-evaluated after each answer, and which
//! findings appeared, disappeared or changed certainty since the previous
//! answer (« et si j'utilisais la version de l'ENT ? »).

use crate::date::Date;
use crate::evaluation::Evaluation;
use crate::faits::Faits;
use crate::moteur::{Certitude, ErreurEvaluation, Moteur, Verdict};
use crate::regles::Gravite;

/// A finding, briefly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConstatBref {
    /// Rule id.
    pub regle: String,
    /// Rule title.
    pub titre: String,
    /// Gravity.
    pub gravite: Gravite,
    /// Certain or possible.
    pub certitude: Certitude,
}

/// How a finding changed between two evaluations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changement {
    /// Rule id.
    pub regle: String,
    /// Before (`None`: absent).
    pub avant: Option<Certitude>,
    /// After (`None`: gone).
    pub apres: Option<Certitude>,
}

impl Changement {
    /// The change in words (« apparu », « disparu », « désormais certain »…).
    pub fn libelle(&self) -> &'static str {
        match (self.avant, self.apres) {
            (None, Some(Certitude::Certain)) => "apparu",
            (None, Some(Certitude::Possible)) => "apparu (possible)",
            (Some(_), None) => "disparu",
            (Some(_), Some(Certitude::Certain)) => "désormais certain",
            (Some(_), Some(Certitude::Possible)) => "désormais possible",
            (None, None) => "",
        }
    }
}

/// The verdict with the current answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Apercu {
    /// Verdict.
    pub verdict: Verdict,
    /// Findings, worst first, certain before possible.
    pub constats: Vec<ConstatBref>,
    /// What changed since the previous evaluation.
    pub changements: Vec<Changement>,
}

impl Apercu {
    /// Evaluates every rule for `faits`; `precedent` is the previous preview
    /// (none at the start: nothing is reported as changed).
    pub fn calculer(
        moteur: &Moteur<'_>,
        faits: &Faits,
        date: Date,
        precedent: Option<&Apercu>,
    ) -> Result<Apercu, ErreurEvaluation> {
        let base = moteur.base();
        let eval = Evaluation::calculer(moteur, faits, &[], date)?;
        let v = eval.verdict();
        let mut constats: Vec<ConstatBref> = eval
            .constats()
            .iter()
            .filter_map(|c| {
                base.regles().get(c.regle).map(|r| ConstatBref {
                    regle: r.id.clone(),
                    titre: r.titre.clone(),
                    gravite: r.gravite,
                    certitude: c.certitude,
                })
            })
            .collect();
        constats.sort_by_key(|c| {
            (
                std::cmp::Reverse(c.gravite),
                c.certitude == Certitude::Possible,
            )
        });
        let mut changements = Vec::new();
        if let Some(p) = precedent {
            for c in &constats {
                let avant = p
                    .constats
                    .iter()
                    .find(|a| a.regle == c.regle)
                    .map(|a| a.certitude);
                if avant != Some(c.certitude) {
                    changements.push(Changement {
                        regle: c.regle.clone(),
                        avant,
                        apres: Some(c.certitude),
                    });
                }
            }
            for a in &p.constats {
                if !constats.iter().any(|c| c.regle == a.regle) {
                    changements.push(Changement {
                        regle: a.regle.clone(),
                        avant: Some(a.certitude),
                        apres: None,
                    });
                }
            }
        }
        // Changes that involve a certain finding first.
        changements.sort_by_key(|c| {
            c.avant != Some(Certitude::Certain) && c.apres != Some(Certitude::Certain)
        });
        Ok(Apercu {
            verdict: v,
            constats,
            changements,
        })
    }
}
