//! La matrice de couverture : chaque critère du catalogue de recherche
//! (`catalogue/criteres.yaml`) avec les règles qui le traduisent, les
//! scénarios qui les vérifient et son statut.

use crate::base::{Base, fichier_embarque};
use crate::diag::{Code, Diagnostic, Position};
use crate::yaml;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;
use std::path::Path;

/// Path of the embedded catalogue.
pub const CATALOGUE: &str = "catalogue/criteres.yaml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CritereBrut {
    id: Spanned<String>,
    section: String,
    #[serde(default)]
    statut: Option<Spanned<String>>,
    #[serde(default)]
    raison: Option<String>,
    #[serde(default)]
    remplacee_par: Vec<String>,
    /// Rules that encode the criterion under other ids (a criterion of the
    /// second read folded into an existing rule).
    #[serde(default)]
    encode_par: Vec<String>,
}

/// Status of a criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Statut {
    /// A rule decides it from the facts.
    Encode,
    /// It needs a person's judgement; a reminder rule may exist.
    JugementHumain,
    /// No rule, for the reason given.
    NonEncode,
    /// A rule id retired from the base (never reused), with its replacement.
    Retiree,
}

/// A retired rule id, as `cadria regles expliquer` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct RegleRetiree {
    /// The retired id.
    pub id: String,
    /// Why it was retired.
    pub raison: String,
    /// The rules that replace it.
    pub remplacee_par: Vec<String>,
}

/// The retired rule `id` of the embedded catalogue, if it is one.
pub fn retiree(id: &str) -> Option<RegleRetiree> {
    let texte = fichier_embarque(CATALOGUE)?;
    let brut: Vec<CritereBrut> = yaml::lire(texte, CATALOGUE).ok()?;
    brut.into_iter()
        .find(|c| c.id.value == id && c.statut.as_ref().is_some_and(|s| s.value == "retiree"))
        .map(|c| RegleRetiree {
            id: c.id.value,
            raison: c.raison.unwrap_or_default().trim().to_string(),
            remplacee_par: c.remplacee_par,
        })
}

/// One row of the matrix.
#[derive(Debug, Clone, Serialize)]
pub struct Ligne {
    /// Criterion id from the research.
    pub critere: String,
    /// Section of the research catalogue.
    pub section: String,
    /// Rules that encode it.
    pub regles: Vec<String>,
    /// Their gravities.
    pub gravites: Vec<String>,
    /// Scenario files where one of them must fire.
    pub scenarios_declenche: Vec<String>,
    /// Scenario files where they must stay silent.
    pub scenarios_silence: Vec<String>,
    /// Status.
    pub statut: Statut,
    /// Why, for a status other than `encode`.
    pub raison: Option<String>,
    /// For a retired rule id, the rules that replace it.
    pub remplacee_par: Vec<String>,
}

/// The whole matrix.
#[derive(Debug, Clone, Serialize)]
pub struct Couverture {
    /// Rows in catalogue order.
    pub lignes: Vec<Ligne>,
    /// Number of criteria.
    pub total: usize,
    /// Criteria encoded by a rule.
    pub encodes: usize,
    /// Criteria left to human judgement.
    pub jugement_humain: usize,
    /// Criteria not encoded.
    pub non_encodes: usize,
    /// Retired rule ids.
    pub retirees: usize,
    /// Rules that match no criterion (an académie's own rules, say).
    pub regles_hors_catalogue: Vec<String>,
    /// Where scenarios were read from, if anywhere.
    pub scenarios: Option<String>,
    /// Rule-set version.
    pub version: String,
}

#[derive(Deserialize)]
struct AttenduScenario {
    #[serde(default)]
    declenchees: Vec<String>,
    #[serde(default)]
    possibles: Vec<String>,
    #[serde(default)]
    absentes: Vec<String>,
}

#[derive(Deserialize)]
struct ScenarioAttendu {
    attendu: AttenduScenario,
}

fn couvre(critere: &str, regle: &str) -> bool {
    regle == critere
        || regle
            .strip_prefix(critere)
            .is_some_and(|r| r.starts_with('-'))
}

/// Builds the matrix for `base`, reading scenarios under `scenarios` if given.
pub fn construire(base: &Base, scenarios: Option<&Path>) -> Result<Couverture, Vec<Diagnostic>> {
    let texte = fichier_embarque(CATALOGUE).unwrap_or_default();
    let brut: Vec<CritereBrut> = yaml::lire(texte, CATALOGUE).map_err(|d| vec![d])?;
    let mut diags = Vec::new();
    let mut lus: Vec<(String, AttenduScenario)> = Vec::new();
    if let Some(dossier) = scenarios {
        let fichiers = crate::scenario::fichiers(dossier).map_err(|e| {
            vec![
                Diagnostic::erreur(
                    Code::Lecture,
                    Position::new(&dossier.display().to_string(), 0, 0),
                    format!(
                        "dossier de scénarios illisible : {}",
                        crate::diag::erreur_io(&e)
                    ),
                )
                .aide("vérifiez le chemin donné à --scenarios"),
            ]
        })?;
        for f in fichiers {
            let nom = f.display().to_string();
            match crate::limites::lire_fichier(&f)
                .map_err(|e| crate::diag::erreur_io(&e))
                .and_then(|t| {
                    serde_saphyr::from_str::<ScenarioAttendu>(&t)
                        .map_err(|e| crate::yaml::erreur_yaml(&e, &nom).message)
                }) {
                Ok(s) => lus.push((
                    f.file_stem()
                        .map(|s| s.to_string_lossy().to_string())
                        .unwrap_or(nom),
                    s.attendu,
                )),
                Err(e) => diags.push(
                    Diagnostic::erreur(
                        Code::Yaml,
                        Position::new(&nom, 0, 0),
                        format!("scénario illisible : {e}"),
                    )
                    .aide("lancez `cadria scenarios` sur ce fichier pour le détail"),
                ),
            }
        }
    }
    let mut lignes = Vec::new();
    for c in brut {
        let retiree = c.statut.as_ref().is_some_and(|s| s.value == "retiree");
        let regles: Vec<_> = base
            .regles()
            .iter()
            .filter(|r| {
                if retiree {
                    r.id == c.id.value
                } else {
                    couvre(&c.id.value, &r.id) || c.encode_par.contains(&r.id)
                }
            })
            .collect();
        for id in &c.encode_par {
            if base.regle(id).is_none() {
                diags.push(
                    Diagnostic::erreur(
                        Code::Scenario,
                        yaml::position(CATALOGUE, &c.id),
                        format!("le critère {} renvoie à {id}, qui n'existe pas", c.id.value),
                    )
                    .aide("nommez dans `encode_par` une règle de la base"),
                );
            }
        }
        let ids: Vec<String> = regles.iter().map(|r| r.id.clone()).collect();
        let cherche = |choisir: &dyn Fn(&AttenduScenario) -> Vec<&String>| -> Vec<String> {
            lus.iter()
                .filter(|(_, a)| choisir(a).iter().any(|i| ids.contains(i)))
                .map(|(n, _)| n.clone())
                .collect()
        };
        let statut = match c.statut.as_ref().map(|s| s.value.as_str()) {
            None if !regles.is_empty() => Statut::Encode,
            None => {
                diags.push(
                    Diagnostic::erreur(
                        Code::CritereSansStatut,
                        yaml::position(CATALOGUE, &c.id),
                        format!("le critère {} n'a ni règle ni statut", c.id.value),
                    )
                    .aide("écrivez la règle, ou déclarez `statut: non_encode` avec sa `raison`"),
                );
                Statut::NonEncode
            }
            Some("jugement_humain") => Statut::JugementHumain,
            Some("non_encode") => Statut::NonEncode,
            Some("retiree") => {
                if let Some(r) = regles.first() {
                    diags.push(
                        Diagnostic::erreur(
                            Code::IdentifiantDuplique,
                            r.origine.clone(),
                            format!(
                                "l'identifiant {} est retiré : il ne peut pas être réutilisé",
                                c.id.value
                            ),
                        )
                        .aide("donnez à la règle un identifiant nouveau"),
                    );
                }
                if c.remplacee_par.is_empty() {
                    diags.push(
                        Diagnostic::erreur(
                            Code::TexteManquant,
                            yaml::position(CATALOGUE, &c.id),
                            format!(
                                "la règle retirée {} ne dit pas ce qui la remplace",
                                c.id.value
                            ),
                        )
                        .aide("ajoutez `remplacee_par: [ID]`"),
                    );
                }
                for id in &c.remplacee_par {
                    if base.regle(id).is_none() {
                        diags.push(
                            Diagnostic::erreur(
                                Code::Scenario,
                                yaml::position(CATALOGUE, &c.id),
                                format!(
                                    "la règle retirée {} renvoie à {id}, qui n'existe pas",
                                    c.id.value
                                ),
                            )
                            .aide("nommez une règle de la base"),
                        );
                    }
                }
                Statut::Retiree
            }
            Some(autre) => {
                diags.push(
                    Diagnostic::erreur(
                        Code::HorsEchelle,
                        yaml::position(CATALOGUE, &c.id),
                        format!("statut `{autre}` inconnu pour {}", c.id.value),
                    )
                    .aide("statuts possibles : jugement_humain, non_encode, retiree"),
                );
                Statut::NonEncode
            }
        };
        if statut != Statut::Encode && c.raison.as_deref().is_none_or(|r| r.trim().is_empty()) {
            diags.push(
                Diagnostic::erreur(
                    Code::TexteManquant,
                    yaml::position(CATALOGUE, &c.id),
                    format!("le critère {} n'explique pas son statut", c.id.value),
                )
                .aide("ajoutez `raison:` en français"),
            );
        }
        lignes.push(Ligne {
            critere: c.id.value.clone(),
            section: c.section,
            gravites: regles
                .iter()
                .map(|r| r.gravite.libelle().to_string())
                .collect(),
            scenarios_declenche: cherche(&|a| a.declenchees.iter().chain(&a.possibles).collect()),
            scenarios_silence: cherche(&|a| a.absentes.iter().collect()),
            regles: if statut == Statut::Retiree {
                Vec::new()
            } else {
                ids
            },
            statut,
            raison: c.raison.map(|r| r.trim().to_string()),
            remplacee_par: c.remplacee_par,
        });
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let regles_hors_catalogue = base
        .regles()
        .iter()
        .filter(|r| !lignes.iter().any(|l| couvre(&l.critere, &r.id)))
        .map(|r| r.id.clone())
        .collect();
    let compte = |s: Statut| lignes.iter().filter(|l| l.statut == s).count();
    Ok(Couverture {
        total: lignes.len(),
        encodes: compte(Statut::Encode),
        jugement_humain: compte(Statut::JugementHumain),
        non_encodes: compte(Statut::NonEncode),
        retirees: compte(Statut::Retiree),
        lignes,
        regles_hors_catalogue,
        scenarios: scenarios.map(|p| p.display().to_string()),
        version: base.version().to_string(),
    })
}
