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
    /// Rule title (what people read).
    pub titre: String,
    /// Gravity of the rule.
    pub gravite: Gravite,
    /// Before (`None`: absent).
    pub avant: Option<Certitude>,
    /// After (`None`: gone).
    pub apres: Option<Certitude>,
}

impl Changement {
    /// The change in words, to put before the rule's title (« Nouveau »,
    /// « Levé », « Confirmé »…).
    pub fn libelle(&self) -> &'static str {
        match (self.avant, self.apres) {
            (None, Some(Certitude::Certain)) => "Nouveau",
            (None, Some(Certitude::Possible)) => "Nouveau, à confirmer",
            (Some(_), None) => "Levé",
            (Some(_), Some(Certitude::Certain)) => "Confirmé",
            (Some(_), Some(Certitude::Possible)) => "Désormais à confirmer",
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

/// Findings counted by gravity: certain ones per gravity, and those to confirm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Comptes {
    /// Certain `interdit` findings.
    pub interdit: usize,
    /// Certain `non_conforme` findings.
    pub non_conforme: usize,
    /// Certain `vigilance` findings.
    pub vigilance: usize,
    /// Certain `conseil` findings.
    pub conseil: usize,
    /// Findings that depend on missing answers (« à confirmer »).
    pub a_confirmer: usize,
}

impl Comptes {
    /// The counts in words, gravest first, zeros left out
    /// (« 1 interdit · 2 non conformes · 3 à confirmer »).
    pub fn phrase(&self) -> String {
        use crate::typographie::accorder;
        let mut parts = Vec::new();
        let n = |x: usize| x as i64;
        if self.interdit > 0 {
            parts.push(accorder(n(self.interdit), "interdit", None));
        }
        if self.non_conforme > 0 {
            parts.push(accorder(
                n(self.non_conforme),
                "non conforme",
                Some("non conformes"),
            ));
        }
        if self.vigilance > 0 {
            parts.push(accorder(n(self.vigilance), "vigilance", None));
        }
        if self.conseil > 0 {
            parts.push(accorder(n(self.conseil), "conseil", None));
        }
        if self.a_confirmer > 0 {
            parts.push(format!("{} à confirmer", self.a_confirmer));
        }
        if parts.is_empty() {
            "aucun constat".to_string()
        } else {
            parts.join(" · ")
        }
    }
}

impl Apercu {
    /// Counts by gravity.
    pub fn comptes(&self) -> Comptes {
        let mut c = Comptes::default();
        for k in &self.constats {
            match (k.certitude, k.gravite) {
                (Certitude::Possible, _) => c.a_confirmer += 1,
                (_, Gravite::Interdit) => c.interdit += 1,
                (_, Gravite::NonConforme) => c.non_conforme += 1,
                (_, Gravite::Vigilance) => c.vigilance += 1,
                (_, Gravite::Conseil) => c.conseil += 1,
            }
        }
        c
    }

    /// The certain findings that block the use (`interdit`, then
    /// `non_conforme`), worst first.
    pub fn bloquants(&self) -> impl Iterator<Item = &ConstatBref> {
        self.constats
            .iter()
            .filter(|c| c.certitude == Certitude::Certain && c.gravite >= Gravite::NonConforme)
    }

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
                        titre: c.titre.clone(),
                        gravite: c.gravite,
                        avant,
                        apres: Some(c.certitude),
                    });
                }
            }
            for a in &p.constats {
                if !constats.iter().any(|c| c.regle == a.regle) {
                    changements.push(Changement {
                        regle: a.regle.clone(),
                        titre: a.titre.clone(),
                        gravite: a.gravite,
                        avant: Some(a.certitude),
                        apres: None,
                    });
                }
            }
        }
        // Changes that involve a certain finding first, then the gravest.
        changements.sort_by_key(|c| {
            (
                c.avant != Some(Certitude::Certain) && c.apres != Some(Certitude::Certain),
                std::cmp::Reverse(c.gravite),
            )
        });
        Ok(Apercu {
            verdict: v,
            constats,
            changements,
        })
    }
}
