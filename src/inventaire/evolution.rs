//! Changes since a previous audit (`--depuis ANCIEN.json`, the JSON output of
//! an earlier `cadria inventaire`): new and removed tools, changed verdicts,
//! new and resolved findings, and waivers that expire within 30 days.
//! Tools are matched by name (the n-th tool of a name with the n-th).

use crate::rapport::Rapport;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Debug, Deserialize)]
struct AncienInventaire {
    #[serde(default)]
    date: Option<String>,
    evaluations: Vec<AncienRapport>,
}

#[derive(Debug, Deserialize)]
struct AncienRapport {
    outil: String,
    verdict: String,
    #[serde(default)]
    constats: Vec<AncienConstat>,
}

#[derive(Debug, Clone, Deserialize)]
struct AncienConstat {
    regle: String,
    gravite: String,
    #[serde(default)]
    derogation: Option<serde::de::IgnoredAny>,
}

/// A finding that appeared or disappeared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConstatChange {
    /// Tool.
    pub outil: String,
    /// Rule id.
    pub regle: String,
    /// Gravity (`interdit`...).
    pub gravite: String,
}

/// A tool whose verdict changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerdictChange {
    /// Tool.
    pub outil: String,
    /// Previous verdict.
    pub avant: String,
    /// Current verdict.
    pub apres: String,
}

/// A waiver that must be renewed or lifted soon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DerogationARenouveler {
    /// Tool.
    pub outil: String,
    /// Rule id.
    pub regle: String,
    /// Expiry date.
    pub expire_le: String,
    /// Days left.
    pub jours_restants: i64,
}

/// Changes since the previous audit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Evolution {
    /// The previous audit's file.
    pub depuis: String,
    /// Its date, when it says.
    pub date_precedente: Option<String>,
    /// Tools absent from the previous audit.
    pub nouveaux_outils: Vec<String>,
    /// Tools of the previous audit absent now.
    pub outils_retires: Vec<String>,
    /// Tools whose verdict changed.
    pub verdicts_changes: Vec<VerdictChange>,
    /// Findings that were not there before (waived findings excluded).
    pub nouveaux_constats: Vec<ConstatChange>,
    /// Findings that are gone (or are now waived).
    pub constats_resolus: Vec<ConstatChange>,
    /// Applied waivers expiring within 30 days.
    pub derogations_a_renouveler: Vec<DerogationARenouveler>,
}

/// The previous audit, indexed by tool, consumed as tools are compared.
#[derive(Debug, Default)]
pub struct Comparaison {
    evolution: Evolution,
    anciens: HashMap<(String, usize), AncienRapport>,
    ordre: Vec<(String, usize)>,
    vus: HashMap<String, usize>,
}

/// Reads a previous JSON audit. The error is a French message.
pub fn lire_precedent(lecteur: impl std::io::Read, fichier: &str) -> Result<Comparaison, String> {
    let ancien: AncienInventaire = serde_json::from_reader(std::io::BufReader::new(lecteur)).map_err(|e| format!("{fichier} : audit précédent illisible ({e}) ; donnez la sortie `-f json` d'un `cadria inventaire` précédent"))?;
    let mut c = Comparaison {
        evolution: Evolution {
            depuis: fichier.to_string(),
            date_precedente: ancien.date,
            ..Evolution::default()
        },
        ..Comparaison::default()
    };
    let mut compte: HashMap<String, usize> = HashMap::new();
    for r in ancien.evaluations {
        let n = compte.entry(r.outil.clone()).or_insert(0);
        *n += 1;
        let cle = (r.outil.clone(), *n);
        c.ordre.push(cle.clone());
        c.anciens.insert(cle, r);
    }
    Ok(c)
}

impl Comparaison {
    /// Compares one current report with its previous version.
    pub fn comparer(&mut self, r: &Rapport) {
        let n = self.vus.entry(r.outil.clone()).or_insert(0);
        *n += 1;
        let e = &mut self.evolution;
        for b in r.derogations.iter().filter(|b| b.expire_bientot()) {
            e.derogations_a_renouveler.push(DerogationARenouveler {
                outil: r.outil.clone(),
                regle: b.regle.clone(),
                expire_le: b.expire_le.to_string(),
                jours_restants: b.jours_restants,
            });
        }
        let actuels: Vec<ConstatChange> = r
            .constats
            .iter()
            .filter(|c| c.derogation.is_none())
            .map(|c| ConstatChange {
                outil: r.outil.clone(),
                regle: c.regle.clone(),
                gravite: c.gravite.id().to_string(),
            })
            .collect();
        let Some(ancien) = self.anciens.remove(&(r.outil.clone(), *n)) else {
            e.nouveaux_outils.push(r.outil.clone());
            return;
        };
        if ancien.verdict != r.verdict.id() {
            e.verdicts_changes.push(VerdictChange {
                outil: r.outil.clone(),
                avant: ancien.verdict.clone(),
                apres: r.verdict.id().to_string(),
            });
        }
        let avant: Vec<&AncienConstat> = ancien
            .constats
            .iter()
            .filter(|c| c.derogation.is_none())
            .collect();
        for c in &actuels {
            if !avant.iter().any(|a| a.regle == c.regle) {
                e.nouveaux_constats.push(c.clone());
            }
        }
        for a in avant {
            if !actuels.iter().any(|c| c.regle == a.regle) {
                e.constats_resolus.push(ConstatChange {
                    outil: r.outil.clone(),
                    regle: a.regle.clone(),
                    gravite: a.gravite.clone(),
                });
            }
        }
    }

    /// The changes so far; once every current tool was compared, the tools
    /// of the previous audit not seen again are the removed ones.
    pub fn clone_evolution(&self) -> Evolution {
        let mut e = self.evolution.clone();
        e.outils_retires = self
            .ordre
            .iter()
            .filter(|cle| self.anciens.contains_key(*cle))
            .map(|cle| cle.0.clone())
            .collect();
        e
    }
}
