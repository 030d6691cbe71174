//! Changes since a previous audit (`--depuis ANCIEN.json`, the JSON output of
//! an earlier `cadria inventaire`): new and removed tools, changed verdicts,
//! new and resolved findings, and waivers that expire within 30 days.
//! Tools are matched by name (the n-th tool of a name with the n-th).
//! Both inventory JSON schemas are read: schema 1 gives each finding's
//! gravity, schema 2 gives it once in its `regles` table.

use crate::base::Base;
use crate::evaluation::Evaluation;
use crate::reponses::Reponses;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Debug, Deserialize)]
struct AncienInventaire {
    #[serde(default)]
    schema: Option<u64>,
    #[serde(default)]
    date: Option<String>,
    /// Schema 1: the rule-set stamp; schema 2: the rules by id.
    #[serde(default)]
    regles: HashMap<String, serde_json::Value>,
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
    #[serde(default)]
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
    let mut ancien: AncienInventaire = serde_json::from_reader(std::io::BufReader::new(lecteur)).map_err(|e| format!("{fichier} : audit précédent illisible ({e}) ; donnez la sortie `-f json` d'un `cadria inventaire` précédent"))?;
    match ancien.schema {
        Some(1 | 2) | None => {}
        Some(n) => {
            return Err(format!(
                "{fichier} : audit précédent au schéma {n}, que cette version ne lit pas (schémas 1 et 2) ; refaites l'audit précédent avec cette version"
            ));
        }
    }
    for r in &mut ancien.evaluations {
        for c in &mut r.constats {
            if c.gravite.is_empty() {
                c.gravite = ancien
                    .regles
                    .get(&c.regle)
                    .and_then(|x| x.get("gravite"))
                    .and_then(serde_json::Value::as_str)
                    .unwrap_or_default()
                    .to_string();
            }
        }
    }
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
    /// Compares one tool's current evaluation with its previous version.
    pub fn comparer(&mut self, base: &Base, reponses: &Reponses, evaluation: &Evaluation) {
        let outil = &reponses.outil;
        let n = self.vus.entry(outil.clone()).or_insert(0);
        *n += 1;
        let e = &mut self.evolution;
        for b in evaluation
            .derogations
            .bilans
            .iter()
            .filter(|b| b.expire_bientot())
        {
            e.derogations_a_renouveler.push(DerogationARenouveler {
                outil: outil.clone(),
                regle: b.regle.clone(),
                expire_le: b.expire_le.to_string(),
                jours_restants: b.jours_restants,
            });
        }
        let actuels: Vec<ConstatChange> = super::ordre_constats(base, evaluation)
            .into_iter()
            .filter(|k| !evaluation.est_deroge(*k))
            .filter_map(|k| base.regles().get(evaluation.constats()[k].regle))
            .map(|r| ConstatChange {
                outil: outil.clone(),
                regle: r.id.clone(),
                gravite: r.gravite.id().to_string(),
            })
            .collect();
        let Some(ancien) = self.anciens.remove(&(outil.clone(), *n)) else {
            e.nouveaux_outils.push(outil.clone());
            return;
        };
        let verdict = evaluation.verdict();
        if ancien.verdict != verdict.id() {
            e.verdicts_changes.push(VerdictChange {
                outil: outil.clone(),
                avant: ancien.verdict.clone(),
                apres: verdict.id().to_string(),
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
                    outil: outil.clone(),
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
