//! The rule model: what a rule says, its gravity and sources, and the
//! loading of rule files in two phases (raw serde structs, then a validation
//! pass that reports every problem at once).

mod brut;
mod validation;

pub use validation::charger_regles;

use crate::faits::{Faits, Schema, Valeur};
use minijinja::Value;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// How serious a finding is, from least to most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Gravite {
    /// Good practice; never changes the verdict.
    Conseil,
    /// A recommendation not followed or a real risk.
    Vigilance,
    /// Breaches a framework rule or a legal obligation.
    NonConforme,
    /// Unlawful or explicitly forbidden.
    Interdit,
}

impl Gravite {
    /// All gravities, worst first.
    pub const TOUTES: [Gravite; 4] = [
        Gravite::Interdit,
        Gravite::NonConforme,
        Gravite::Vigilance,
        Gravite::Conseil,
    ];

    /// Parses the file form (`non_conforme`).
    pub fn depuis(s: &str) -> Option<Gravite> {
        Gravite::TOUTES.into_iter().find(|g| g.id() == s)
    }

    /// File form.
    pub fn id(self) -> &'static str {
        match self {
            Gravite::Conseil => "conseil",
            Gravite::Vigilance => "vigilance",
            Gravite::NonConforme => "non_conforme",
            Gravite::Interdit => "interdit",
        }
    }

    /// French label.
    pub fn libelle(self) -> &'static str {
        match self {
            Gravite::Conseil => "Conseil",
            Gravite::Vigilance => "Vigilance",
            Gravite::NonConforme => "Non conforme",
            Gravite::Interdit => "Interdit",
        }
    }
}

impl fmt::Display for Gravite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// What kind of norm a rule encodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Nature {
    /// Binding law (RGPD, AI Act...).
    ObligationLegale,
    /// An explicit prohibition.
    Interdiction,
    /// A rule of the ministry framework.
    RegleDuCadre,
    /// A recommendation.
    Recommandation,
}

impl Nature {
    /// All natures.
    pub const TOUTES: [Nature; 4] = [
        Nature::ObligationLegale,
        Nature::Interdiction,
        Nature::RegleDuCadre,
        Nature::Recommandation,
    ];

    /// Parses the file form.
    pub fn depuis(s: &str) -> Option<Nature> {
        Nature::TOUTES.into_iter().find(|n| n.id() == s)
    }

    /// File form.
    pub fn id(self) -> &'static str {
        match self {
            Nature::ObligationLegale => "obligation_legale",
            Nature::Interdiction => "interdiction",
            Nature::RegleDuCadre => "regle_du_cadre",
            Nature::Recommandation => "recommandation",
        }
    }

    /// French label.
    pub fn libelle(self) -> &'static str {
        match self {
            Nature::ObligationLegale => "obligation légale",
            Nature::Interdiction => "interdiction",
            Nature::RegleDuCadre => "règle du cadre d'usage",
            Nature::Recommandation => "recommandation",
        }
    }
}

/// The research confidence label of a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Fiabilite {
    /// `[C]`: at least two independent sources.
    Confirme,
    /// `[S]`: a single source.
    SourceUnique,
    /// `[I]`: inferred from the framework and the law.
    Deduit,
    /// `[L]`: text of a statute or regulation.
    Loi,
}

impl Fiabilite {
    /// All reliability labels.
    pub const TOUTES: [Fiabilite; 4] = [
        Fiabilite::Confirme,
        Fiabilite::SourceUnique,
        Fiabilite::Deduit,
        Fiabilite::Loi,
    ];

    /// Parses the file form.
    pub fn depuis(s: &str) -> Option<Fiabilite> {
        Fiabilite::TOUTES.into_iter().find(|n| n.id() == s)
    }

    /// File form.
    pub fn id(self) -> &'static str {
        match self {
            Fiabilite::Confirme => "confirme",
            Fiabilite::SourceUnique => "source_unique",
            Fiabilite::Deduit => "deduit",
            Fiabilite::Loi => "loi",
        }
    }

    /// French label.
    pub fn libelle(self) -> &'static str {
        match self {
            Fiabilite::Confirme => "confirmé par plusieurs sources",
            Fiabilite::SourceUnique => "source unique, à confirmer",
            Fiabilite::Deduit => "déduit du cadre et de la loi",
            Fiabilite::Loi => "texte de loi",
        }
    }
}

/// The sources a reference may cite.
pub const SOURCES: [(&str, &str); 10] = [
    (
        "cadre",
        "Cadre d'usage de l'IA en éducation (MENESR, juin 2025)",
    ),
    ("rgpd", "RGPD (règlement UE 2016/679)"),
    ("loi_il", "Loi Informatique et Libertés"),
    ("ai_act", "Règlement européen sur l'IA (UE 2024/1689)"),
    ("code_education", "Code de l'éducation"),
    ("cpi", "Code de la propriété intellectuelle"),
    ("cnil", "CNIL"),
    (
        "crpa",
        "Code des relations entre le public et l'administration",
    ),
    ("note_service", "Note de service"),
    ("autre", "Autre source"),
];

/// French name of a reference source.
pub fn libelle_source(id: &str) -> &str {
    SOURCES
        .iter()
        .find(|(s, _)| *s == id)
        .map(|(_, l)| *l)
        .unwrap_or(id)
}

/// A source a rule rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reference {
    /// One of [`SOURCES`].
    pub source: String,
    /// Article, section or page.
    #[serde(rename = "ref")]
    pub reference: String,
    /// Link to the official text, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A validated rule.
#[derive(Debug, Clone)]
pub struct Regle {
    /// Stable id from the research catalogue.
    pub id: String,
    /// French title.
    pub titre: String,
    /// Theme (file stem).
    pub theme: String,
    /// Gravity.
    pub gravite: Gravite,
    /// Kind of norm.
    pub nature: Nature,
    /// Confidence label.
    pub fiabilite: Fiabilite,
    /// Questionnaires that can reach this rule.
    pub publics: Vec<String>,
    /// Condition, as written.
    pub quand: String,
    /// Condition, typed and compiled.
    pub condition: crate::condition::Condition,
    /// Notions the condition names (indices in the base's notions).
    pub notions: Vec<usize>,
    /// Reasoning message (minijinja template).
    pub raisonnement: String,
    /// Why it matters.
    pub pourquoi: String,
    /// What to do instead.
    pub remediation: String,
    /// Reading chosen where the framework is ambiguous.
    pub interpretation: Option<String>,
    /// A compliant situation.
    pub exemple_conforme: String,
    /// A non-compliant situation.
    pub exemple_non_conforme: String,
    /// Sources.
    pub references: Vec<Reference>,
    /// Facts the condition reads (schema indices, schema order).
    pub faits_lus: Vec<usize>,
    /// Whether the condition reads `date_evaluation`.
    pub lit_date: bool,
    /// File and line where the rule is declared.
    pub origine: crate::diag::Position,
}

/// Name under which a rule's reasoning template is registered.
pub fn nom_gabarit_raisonnement(id: &str) -> String {
    format!("raisonnement/{id}")
}

/// The context of reasoning templates: `outil`, every fact's raw value (none
/// when unknown), and `reponse.FAIT`, the French wording of each answer.
pub(crate) fn contexte_gabarit(schema: &Schema, faits: &Faits, outil: &str) -> Value {
    let mut ctx: BTreeMap<String, Value> = BTreeMap::new();
    let mut reponses: BTreeMap<String, Value> = BTreeMap::new();
    for (i, def) in schema.faits().iter().enumerate() {
        let v = faits.get(i);
        ctx.insert(
            def.id.clone(),
            v.map(Valeur::vers_jinja).unwrap_or(Value::from(())),
        );
        reponses.insert(def.id.clone(), Value::from(schema.reponse_texte(i, v)));
    }
    ctx.insert("reponse".to_string(), Value::from(reponses));
    ctx.insert("outil".to_string(), Value::from(outil));
    Value::from(ctx)
}
