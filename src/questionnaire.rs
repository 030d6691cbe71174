//! Questionnaires: sections of questions, each bound to one fact, with a
//! display condition. Loading and validation live here; the UI-free flow
//! that the front ends drive lives in submodules.

pub mod apercu;
pub mod brouillon;
pub mod catalogue;
pub mod dossier;
pub mod flux;
pub mod pertinence;
pub mod session;

use crate::condition::ContexteValidation;
use crate::condition::{self, Condition, Emplacement};
use crate::diag::{Code, Diagnostic, Position};
use crate::yaml;
use serde::Deserialize;
use serde_saphyr::Spanned;

/// One question.
#[derive(Debug, Clone)]
pub struct Question {
    /// The fact it sets.
    pub fait: String,
    /// The wording.
    pub texte: String,
    /// Help text (defaults to the fact's).
    pub aide: String,
    /// Display condition, typed, if any.
    pub quand: Option<Condition>,
    /// Allowed choices (subset of the fact's domain); empty = the whole domain.
    pub choix: Vec<String>,
    /// Whether « je ne sais pas » is offered.
    pub je_ne_sais_pas: bool,
}

/// A group of questions.
#[derive(Debug, Clone)]
pub struct Section {
    /// Stable id.
    pub id: String,
    /// Title.
    pub titre: String,
    /// Questions in order.
    pub questions: Vec<Question>,
}

/// A whole questionnaire.
#[derive(Debug, Clone)]
pub struct Questionnaire {
    /// Stable id (`enseignant`, `dpo`, `administratif`).
    pub id: String,
    /// Title.
    pub titre: String,
    /// Short description shown on the welcome screen.
    pub description: String,
    /// Sections in order.
    pub sections: Vec<Section>,
    /// Where it is declared.
    pub origine: Position,
}

impl Questionnaire {
    /// Every question, in order.
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.sections.iter().flat_map(|s| s.questions.iter())
    }

    /// The first question that sets `fait`.
    pub fn question_pour(&self, fait: &str) -> Option<&Question> {
        self.questions().find(|q| q.fait == fait)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionnaireBrut {
    id: Spanned<String>,
    #[serde(default)]
    titre: Option<String>,
    #[serde(default)]
    description: String,
    sections: Vec<SectionBrute>,
    #[serde(default, rename = "en")]
    _en: Option<serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionBrute {
    id: Spanned<String>,
    #[serde(default)]
    titre: Option<String>,
    questions: Vec<Spanned<QuestionBrute>>,
    #[serde(default, rename = "en")]
    _en: Option<serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionBrute {
    #[serde(default)]
    fait: Option<Spanned<String>>,
    #[serde(default)]
    texte: Option<Spanned<String>>,
    #[serde(default)]
    aide: Option<String>,
    #[serde(default)]
    quand: Option<Spanned<String>>,
    #[serde(default)]
    choix: Vec<Spanned<String>>,
    #[serde(default)]
    je_ne_sais_pas: Option<bool>,
    #[serde(default, rename = "en")]
    _en: Option<serde::de::IgnoredAny>,
}

/// Reads the questionnaire files without validating their content, to learn
/// their ids (rules name them in `publics`).
pub fn ids(fichiers: &[(String, String)]) -> Vec<String> {
    #[derive(Deserialize)]
    struct Id {
        id: String,
    }
    fichiers
        .iter()
        .filter_map(|(nom, texte)| yaml::lire::<Id>(texte, nom).ok().map(|i| i.id))
        .collect()
}

/// Loads and validates questionnaire files, reporting every problem. Also
/// returns the notions the display conditions use (indices in `ctx.notions`).
pub fn charger(
    fichiers: &[(String, String)],
    ctx: &ContexteValidation<'_>,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Questionnaire>, Vec<usize>) {
    let mut out: Vec<Questionnaire> = Vec::new();
    let mut notions = Vec::new();
    for (nom, texte) in fichiers {
        let brut: QuestionnaireBrut = match yaml::lire(texte, nom) {
            Ok(b) => b,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let origine = yaml::position(nom, &brut.id);
        if out.iter().any(|q| q.id == brut.id.value) {
            diags.push(
                Diagnostic::erreur(
                    Code::IdentifiantDuplique,
                    origine.clone(),
                    format!("le questionnaire `{}` est défini deux fois", brut.id.value),
                )
                .aide("donnez un identifiant unique à chaque questionnaire"),
            );
            continue;
        }
        let mut sections = Vec::new();
        let mut faits_vus: Vec<String> = Vec::new();
        for s in brut.sections {
            let mut questions = Vec::new();
            for q in s.questions {
                let pos_question = yaml::position(nom, &q);
                let q = q.value;
                let Some(fait) = q.fait.clone() else {
                    diags.push(
                        Diagnostic::erreur(
                            Code::ChampManquant,
                            pos_question,
                            "une question n'a pas de champ `fait`",
                        )
                        .aide("ajoutez `fait:` avec le fait que la question renseigne"),
                    );
                    continue;
                };
                let source = (nom.as_str(), texte.as_str());
                if let Some((question, n)) =
                    valider_question(q, &fait, source, ctx, &mut faits_vus, diags)
                {
                    notions.extend(n);
                    questions.push(question);
                }
            }
            if questions.is_empty() {
                diags.push(
                    Diagnostic::erreur(
                        Code::SectionVide,
                        yaml::position(nom, &s.id),
                        format!(
                            "la section `{}` ne contient aucune question valide",
                            s.id.value
                        ),
                    )
                    .aide("ajoutez des questions ou retirez la section"),
                );
            }
            let titre = titre_requis(s.titre, "la section", &s.id, nom, diags);
            sections.push(Section {
                id: s.id.value,
                titre,
                questions,
            });
        }
        let titre = titre_requis(brut.titre, "le questionnaire", &brut.id, nom, diags);
        out.push(Questionnaire {
            id: brut.id.value,
            titre,
            description: brut.description,
            sections,
            origine,
        });
    }
    (out, notions)
}

/// The `titre` of a questionnaire or section; a missing one is reported
/// (CAD031) beside every other problem of the file.
fn titre_requis(
    titre: Option<String>,
    quoi: &str,
    id: &Spanned<String>,
    nom: &str,
    diags: &mut Vec<Diagnostic>,
) -> String {
    titre.unwrap_or_else(|| {
        diags.push(
            Diagnostic::erreur(
                Code::ChampManquant,
                yaml::lieu(nom, id),
                format!("{quoi} `{}` n'a pas de champ `titre`", id.value),
            )
            .aide("ajoutez `titre:` avec un titre court en français"),
        );
        String::new()
    })
}

fn valider_question(
    q: QuestionBrute,
    fait: &Spanned<String>,
    (nom, texte): (&str, &str),
    ctx: &ContexteValidation<'_>,
    faits_vus: &mut Vec<String>,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Question, Vec<usize>)> {
    let schema = ctx.schema;
    let pos = yaml::position(nom, fait);
    let Some(def) = schema.fait(&fait.value) else {
        diags.push(
            Diagnostic::erreur(
                Code::FaitInconnu,
                yaml::lieu(nom, fait),
                format!(
                    "la question porte sur `{}`, qui n'est pas un fait déclaré",
                    fait.value
                ),
            )
            .aide("corrigez le nom ou déclarez le fait dans questionnaires/faits*.yaml"),
        );
        return None;
    };
    if faits_vus.contains(&def.id) {
        diags.push(
            Diagnostic::erreur(
                Code::IdentifiantDuplique,
                pos.clone(),
                format!(
                    "le fait `{}` est déjà demandé plus haut dans ce questionnaire",
                    def.id
                ),
            )
            .aide("une seule question par fait ; utilisez `quand` pour adapter la question"),
        );
    }
    faits_vus.push(def.id.clone());
    match &q.texte {
        None => diags.push(
            Diagnostic::erreur(
                Code::ChampManquant,
                pos.clone(),
                format!("la question sur `{}` n'a pas de champ `texte`", def.id),
            )
            .aide("ajoutez `texte:` avec la question en français, en vous adressant à la personne (« vous »)"),
        ),
        Some(t) if t.value.trim().is_empty() => diags.push(
            Diagnostic::erreur(
                Code::TexteManquant,
                yaml::lieu(nom, t),
                format!("la question sur `{}` n'a pas de texte", def.id),
            )
            .aide("écrivez la question en français, en vous adressant à la personne (« vous »)"),
        ),
        Some(_) => {}
    }
    for c in &q.choix {
        if !def.accepte(&c.value) {
            diags.push(
                Diagnostic::erreur(
                    Code::ValeurHorsDomaine,
                    yaml::lieu(nom, c),
                    format!("choix `{}` impossible pour le fait `{}`", c.value, def.id),
                )
                .aide(format!("valeurs possibles : {}", def.domaine())),
            );
        }
    }
    let mut condition = None;
    let mut notions = Vec::new();
    if let Some(quand) = &q.quand {
        let ou = Emplacement {
            debut: yaml::position(nom, quand),
            source: texte,
        };
        match condition::compiler(
            &format!("la question sur `{}`", def.id),
            &quand.value,
            &ou,
            schema,
            ctx.notions,
            diags,
        ) {
            Some((c, n)) => {
                condition = Some(c);
                notions = n;
            }
            None => return None,
        }
    }
    Some((
        Question {
            fait: def.id.clone(),
            texte: q
                .texte
                .map(|t| t.value.trim().to_string())
                .unwrap_or_default(),
            aide: q
                .aide
                .map(|s| s.trim().to_string())
                .unwrap_or_else(|| def.aide.trim().to_string()),
            quand: condition,
            choix: q.choix.into_iter().map(|s| s.value).collect(),
            je_ne_sais_pas: q.je_ne_sais_pas.unwrap_or(true),
        },
        notions,
    ))
}
