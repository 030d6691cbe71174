//! The report of one assessment: a serialisable model (the JSON contract of
//! DESIGN §4) and its renderings through minijinja templates.

mod html;
pub mod inventaire;
mod odt;
mod presentation;
mod rendu;
pub mod sarif;

pub use inventaire::cellule;
pub use odt::{MIME_ODT, odt};
pub use presentation::{Action, EnBref, Presentation, VueCas};
pub use rendu::{Couleur, Format, rendre};

use crate::contenu::Contenu;
use crate::derogations::BilanDerogation;
use crate::evaluation::Evaluation;
use crate::faits::Valeur;
use crate::moteur::{Certitude, ErreurEvaluation, Moteur, Verdict};
use crate::regles::{Gravite, Reference};
use crate::reponses::Reponses;
use serde::Serialize;

/// Version of the JSON report format.
pub const VERSION_SCHEMA: u32 = 1;

/// An answer shown in a « parce que » chain or in the answers list.
#[derive(Debug, Clone, Serialize)]
pub struct LigneReponse {
    /// Fact id.
    pub fait: String,
    /// The question that sets it.
    pub question: String,
    /// The answer in words.
    pub reponse: String,
}

/// An answer that is missing and who can give it.
#[derive(Debug, Clone, Serialize)]
pub struct Manquant {
    /// Fact id.
    pub fait: String,
    /// The question that sets it.
    pub question: String,
    /// Who can answer, in words.
    pub qui: Vec<String>,
    /// Rules that depend on it.
    pub regles: Vec<String>,
    /// La gravité la plus haute d'un constat que la réponse peut changer.
    pub gravite: Option<Gravite>,
}

/// A reference with the source's name, for people.
#[derive(Debug, Clone, Serialize)]
pub struct ReferenceRapport {
    /// Source id (`rgpd`).
    pub source: String,
    /// Article, section or page.
    #[serde(rename = "ref")]
    pub reference: String,
    /// Link, where known.
    pub url: Option<String>,
    /// Source name in French.
    pub source_libelle: String,
}

impl ReferenceRapport {
    /// La référence `r` d'une règle, avec le nom de sa source et, quand la
    /// règle ne donne pas de lien sûr, le lien officiel de la source.
    pub fn de(r: &Reference, contenu: &Contenu) -> Self {
        let source = contenu.source(&r.source);
        ReferenceRapport {
            source: r.source.clone(),
            reference: r.reference.clone(),
            url: r
                .url
                .clone()
                .filter(|u| crate::contenu::lien_sur(u))
                .or_else(|| source.and_then(|s| s.lien.clone())),
            source_libelle: contenu.nom_source(&r.source).to_string(),
        }
    }
}

/// A waiver applied to a finding.
#[derive(Debug, Clone, Serialize)]
pub struct DerogationAppliquee {
    /// Why it was granted.
    pub justification: String,
    /// Who approved it.
    pub approuve_par: String,
    /// Expiry date.
    pub expire_le: String,
}

/// One finding in a report.
#[derive(Debug, Clone, Serialize)]
pub struct ConstatRapport {
    /// Rule id.
    pub regle: String,
    /// Rule title.
    pub titre: String,
    /// Gravity.
    pub gravite: Gravite,
    /// Gravity in words.
    pub gravite_libelle: String,
    /// Certain or possible.
    pub certitude: Certitude,
    /// Unknown facts a possible finding depends on.
    pub inconnus: Vec<String>,
    /// Facts read, with their values (`"inconnu"` when unknown).
    pub faits: serde_json::Map<String, serde_json::Value>,
    /// The « parce que » chain: question and answer for each fact read.
    pub parce_que: Vec<LigneReponse>,
    /// Who can answer the unknown facts.
    pub a_demander: Vec<Manquant>,
    /// Reasoning, with the person's answers.
    pub raisonnement: String,
    /// What to do.
    pub remediation: String,
    /// Sources.
    pub references: Vec<ReferenceRapport>,
    /// Kind of norm.
    pub nature: String,
    /// Confidence label.
    pub fiabilite: String,
    /// Confidence label in words.
    pub fiabilite_libelle: String,
    /// Reading chosen where the framework is ambiguous.
    pub interpretation: Option<String>,
    /// Theme.
    pub theme: String,
    /// Waiver applied, if any.
    pub derogation: Option<DerogationAppliquee>,
}

/// A rule named briefly.
#[derive(Debug, Clone, Serialize)]
pub struct RegleBreve {
    /// Id.
    pub id: String,
    /// Title.
    pub titre: String,
}

/// Une règle qui rend le verdict certain pour une partie des réponses possibles.
#[derive(Debug, Clone, Serialize)]
pub struct CouvertureRapport {
    /// Id de la règle.
    pub regle: String,
    /// Son titre.
    pub titre: String,
    /// Les cas de réponses qu'elle couvre, en français (« anonymisation :
    /// Aucune ou Pseudonymisation »), vide quand elle couvre tout le reste.
    pub si: Vec<String>,
}

/// Rule-set stamp.
#[derive(Debug, Clone, Serialize)]
pub struct Tampon {
    /// Rule-set version.
    pub version: String,
    /// Digest of the rule, fact and questionnaire files.
    pub empreinte: String,
}

/// The report of one assessment (DESIGN §4 JSON contract, plus fields).
#[derive(Debug, Clone, Serialize)]
pub struct Rapport {
    /// Format version.
    pub schema: u32,
    /// Tool.
    pub outil: String,
    /// Who declared the tool (inventories), when given.
    pub declare_par: Option<String>,
    /// Verdict.
    pub verdict: Verdict,
    /// Verdict in words.
    pub verdict_libelle: String,
    /// Le verdict le plus favorable que les réponses manquantes permettent.
    pub meilleur_cas: Verdict,
    /// Le verdict le moins favorable que les réponses manquantes permettent.
    pub pire_cas: Verdict,
    /// Le meilleur cas, en mots.
    pub meilleur_cas_libelle: String,
    /// Le pire cas, en mots.
    pub pire_cas_libelle: String,
    /// Faux quand la recherche du meilleur cas a été interrompue : il peut
    /// être plus sévère que ce qui est écrit.
    pub cas_exacts: bool,
    /// Quand le verdict est certain sans qu'une règle seule le soit : quelle
    /// règle s'applique selon les réponses manquantes.
    pub couverture: Vec<CouvertureRapport>,
    /// Findings, worst first.
    pub constats: Vec<ConstatRapport>,
    /// Number of rules checked.
    pub regles_verifiees: usize,
    /// Rules checked that did not fire.
    pub non_declenchees: Vec<RegleBreve>,
    /// Answers missing to conclude, and whom to ask.
    pub reponses_manquantes: Vec<Manquant>,
    /// Every answer given.
    pub reponses: Vec<LigneReponse>,
    /// Rule-set stamp.
    pub regles: Tampon,
    /// Tool version.
    pub cadria: String,
    /// Assessment date.
    pub date: String,
    /// Questionnaire used, if known.
    pub questionnaire: Option<String>,
    /// Every waiver of the answers, with what became of it.
    pub derogations: Vec<BilanDerogation>,
    /// Establishment, when given (answers file or `--etablissement`).
    pub etablissement: Option<String>,
    /// Who asks for the assessment, when given.
    pub demandeur: Option<String>,
    /// The requester's role, when given.
    pub fonction_demandeur: Option<String>,
}

/// Ce qui peut empêcher d'écrire un rapport : un raisonnement qui ne se
/// produit pas, ou un gabarit qui échoue.
#[derive(Debug)]
pub enum ErreurRapport {
    /// Le raisonnement d'une règle n'a pas pu être produit.
    Evaluation(ErreurEvaluation),
    /// La mise en forme a échoué.
    MiseEnForme(minijinja::Error),
}

impl std::fmt::Display for ErreurRapport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ErreurRapport::Evaluation(e) => write!(f, "{e}"),
            ErreurRapport::MiseEnForme(e) => {
                write!(f, "mise en forme du rapport impossible : {e}")
            }
        }
    }
}

impl std::error::Error for ErreurRapport {}

/// Écrit le rapport de `evaluation` (l'évaluation de `reponses`) en `format` :
/// le contrat JSON tel quel, tout autre format par l'unique [`Presentation`]
/// (la synthèse seule quand `resume`).
pub fn rendre_rapport(
    moteur: &Moteur<'_>,
    reponses: &Reponses,
    evaluation: &Evaluation,
    format: Format,
    couleur: Couleur,
    resume: bool,
) -> Result<String, ErreurRapport> {
    let rapport =
        Rapport::construire(moteur, reponses, evaluation).map_err(ErreurRapport::Evaluation)?;
    if format == Format::Json {
        return rendre(&rapport, "rapport", format, couleur).map_err(ErreurRapport::MiseEnForme);
    }
    let p = Presentation::construire(&rapport, moteur.base(), reponses, resume);
    rendre(&p, "rapport", format, couleur).map_err(ErreurRapport::MiseEnForme)
}

/// Le rapport de `evaluation` en document ODT (la synthèse seule quand `resume`).
pub fn rendre_odt(
    moteur: &Moteur<'_>,
    reponses: &Reponses,
    evaluation: &Evaluation,
    resume: bool,
) -> Result<Vec<u8>, ErreurRapport> {
    let rapport =
        Rapport::construire(moteur, reponses, evaluation).map_err(ErreurRapport::Evaluation)?;
    odt(&Presentation::construire(
        &rapport,
        moteur.base(),
        reponses,
        resume,
    ))
    .map_err(ErreurRapport::MiseEnForme)
}

fn valeur_json(v: Option<&Valeur>) -> serde_json::Value {
    match v {
        None => serde_json::Value::from("inconnu"),
        Some(Valeur::Booleen(b)) => serde_json::Value::from(*b),
        Some(Valeur::Texte(s)) => serde_json::Value::from(s.as_str()),
        Some(Valeur::Liste(l)) => serde_json::Value::from(l.clone()),
    }
}

impl Rapport {
    /// Builds the report of `eval`, the evaluation of `reponses` at `date`.
    pub fn construire(
        moteur: &Moteur<'_>,
        reponses: &Reponses,
        evaluation: &Evaluation,
    ) -> Result<Rapport, ErreurEvaluation> {
        let eval = &evaluation.resultat;
        let base = moteur.base();
        let schema = base.schema();
        let q = reponses.questionnaire.as_deref();
        let ligne = |i: usize| -> LigneReponse {
            let id = schema.def(i).map(|d| d.id.clone()).unwrap_or_default();
            LigneReponse {
                question: base.question(&id, q),
                reponse: schema.reponse_texte(i, reponses.faits.get(i)),
                fait: id,
            }
        };
        let manquant = |i: usize, regles: Vec<String>| -> Manquant {
            let def = schema.def(i);
            Manquant {
                fait: def.map(|d| d.id.clone()).unwrap_or_default(),
                question: base.question(def.map(|d| d.id.as_str()).unwrap_or_default(), q),
                qui: def
                    .map(|d| {
                        d.qui_peut_repondre
                            .iter()
                            .map(|s| base.contenu().libelle_repondant(s).to_string())
                            .collect()
                    })
                    .unwrap_or_default(),
                regles,
                gravite: None,
            }
        };
        let waivers = &evaluation.derogations;
        let mut constats = Vec::new();
        let contexte = moteur.contexte_raisonnement(&reponses.faits, &reponses.outil);
        for (k, c) in eval.constats.iter().enumerate() {
            let r = &base.regles()[c.regle];
            let derogation = waivers.du_constat(k).map(|b| DerogationAppliquee {
                justification: b.justification.clone(),
                approuve_par: b.approuve_par.clone(),
                expire_le: b.expire_le.to_string(),
            });
            let faits = c
                .trace
                .iter()
                .filter_map(|i| {
                    schema
                        .def(*i)
                        .map(|d| (d.id.clone(), valeur_json(reponses.faits.get(*i))))
                })
                .collect();
            constats.push(ConstatRapport {
                regle: r.id.clone(),
                titre: r.titre.clone(),
                gravite: r.gravite,
                gravite_libelle: r.gravite.libelle().to_string(),
                certitude: c.certitude,
                inconnus: c
                    .inconnus
                    .iter()
                    .filter_map(|i| schema.def(*i).map(|d| d.id.clone()))
                    .collect(),
                faits,
                parce_que: c.trace.iter().map(|i| ligne(*i)).collect(),
                a_demander: c
                    .inconnus
                    .iter()
                    .map(|i| manquant(*i, vec![r.id.clone()]))
                    .collect(),
                raisonnement: moteur.raisonnement(c.regle, &contexte)?,
                remediation: r.remediation.clone(),
                references: r
                    .references
                    .iter()
                    .map(|x| ReferenceRapport::de(x, base.contenu()))
                    .collect(),
                nature: r.nature.id().to_string(),
                fiabilite: r.fiabilite.id().to_string(),
                fiabilite_libelle: r.fiabilite.libelle().to_string(),
                interpretation: r.interpretation.clone(),
                theme: r.theme.clone(),
                derogation,
            });
        }
        // Worst first, certain before possible, then rule order.
        constats.sort_by_key(|c| {
            (
                std::cmp::Reverse(c.gravite),
                c.certitude == Certitude::Possible,
            )
        });
        let conjoint = &evaluation.conjoint;
        let couverture = conjoint
            .couverture
            .iter()
            .filter_map(|c| {
                let r = base.regles().get(c.regle)?;
                let si = c
                    .cas
                    .iter()
                    .map(|cas| {
                        cas.conditions
                            .iter()
                            .map(|(f, valeurs)| {
                                let id = schema.def(*f).map(|d| d.id.as_str()).unwrap_or_default();
                                let libelle =
                                    schema.fait(id).map(|d| d.libelle.as_str()).unwrap_or(id);
                                format!("« {libelle} » : {}", valeurs.join(" ou "))
                            })
                            .collect::<Vec<_>>()
                            .join(" et ")
                    })
                    .collect();
                Some(CouvertureRapport {
                    regle: r.id.clone(),
                    titre: r.titre.clone(),
                    si,
                })
            })
            .collect();
        let reponses_lignes = (0..schema.faits().len())
            .filter(|i| reponses.faits.get(*i).is_some())
            .map(ligne)
            .collect();
        Ok(Rapport {
            schema: VERSION_SCHEMA,
            outil: reponses.outil.clone(),
            declare_par: reponses.declare_par.clone(),
            verdict: conjoint.verdict,
            verdict_libelle: String::new(),
            meilleur_cas: conjoint.meilleur_cas,
            pire_cas: conjoint.pire_cas,
            meilleur_cas_libelle: conjoint.meilleur_cas.court().to_string(),
            pire_cas_libelle: conjoint.pire_cas.court().to_string(),
            cas_exacts: conjoint.exact,
            couverture,
            constats,
            regles_verifiees: base.regles().len(),
            non_declenchees: eval
                .non_declenchees
                .iter()
                .map(|k| &base.regles()[*k])
                .map(|r| RegleBreve {
                    id: r.id.clone(),
                    titre: r.titre.clone(),
                })
                .collect(),
            reponses_manquantes: evaluation
                .a_confirmer
                .iter()
                .map(|a| Manquant {
                    gravite: Some(a.gravite),
                    ..manquant(
                        a.fait,
                        a.regles
                            .iter()
                            .filter_map(|k| base.regles().get(*k).map(|r| r.id.clone()))
                            .collect(),
                    )
                })
                .collect(),
            reponses: reponses_lignes,
            regles: Tampon {
                version: base.version().to_string(),
                empreinte: base.empreinte().to_string(),
            },
            cadria: env!("CARGO_PKG_VERSION").to_string(),
            date: evaluation.date.to_string(),
            questionnaire: reponses.questionnaire.clone(),
            derogations: waivers.bilans.clone(),
            etablissement: reponses.etablissement.clone(),
            demandeur: reponses.demandeur.clone(),
            fonction_demandeur: reponses.fonction.clone(),
        }
        .avec_libelle())
    }

    fn avec_libelle(mut self) -> Self {
        self.verdict_libelle = self.verdict.libelle().to_string();
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_avec_son_lien_propre_ou_celui_du_texte_officiel() {
        let contenu = crate::contenu::tests::contenu();
        let r = |source: &str, url: Option<&str>| {
            ReferenceRapport::de(
                &Reference {
                    source: source.into(),
                    reference: "art. 1".into(),
                    url: url.map(str::to_string),
                },
                &contenu,
            )
        };
        let propre = "https://www.cnil.fr/fr/deux-faq-utilisation-des-systemes-dia-scolaire";
        assert_eq!(r("cnil", Some(propre)).url.as_deref(), Some(propre));
        assert_eq!(
            r("rgpd", None).url.as_deref(),
            Some("https://eur-lex.europa.eu/eli/reg/2016/679/oj")
        );
        assert_eq!(
            r("rgpd", None).source_libelle,
            "RGPD (règlement UE 2016/679)"
        );
        assert_eq!(r("cpi", None).url, None);
        // Un lien dangereux cède la place au texte officiel, quand il y en a un.
        assert_eq!(
            r("ai_act", Some("javascript:x")).url.as_deref(),
            Some("https://eur-lex.europa.eu/eli/reg/2024/1689/oj")
        );
        assert_eq!(r("cpi", Some("javascript:x")).url, None);
    }
}
