//! The rule model: what a rule says, its gravity and sources, and the
//! loading of rule files in two phases (raw serde structs, then a validation
//! pass that reports every problem at once).

mod brut;
pub(crate) mod contexte;
mod validation;

pub use validation::charger_regles;

use crate::faits::{Faits, Schema};
use crate::vocabulaire::vocabulaire;
use minijinja::Value;
use serde::Serialize;

vocabulaire! {
    /// La gravité d'un constat, de la plus légère à la plus lourde.
    #[derive(PartialOrd, Ord)]
    pub enum Gravite : TOUTES = [Interdit, NonConforme, Vigilance, Conseil] {
        /// Bonne pratique : ne change jamais le verdict.
        Conseil => "conseil", "Conseil",
        /// Recommandation non suivie ou risque réel.
        Vigilance => "vigilance", "Vigilance",
        /// Manquement à une règle du cadre ou à une obligation légale.
        NonConforme => "non_conforme", "Non conforme",
        /// Illicite ou expressément interdit.
        Interdit => "interdit", "Interdit",
    }
}

vocabulaire! {
    /// La sorte de norme qu'une règle traduit.
    pub enum Nature : TOUTES = [ObligationLegale, Interdiction, RegleDuCadre, Recommandation] {
        /// Loi applicable (RGPD, règlement sur l'IA…).
        ObligationLegale => "obligation_legale", "obligation légale",
        /// Interdiction explicite.
        Interdiction => "interdiction", "interdiction",
        /// Règle du cadre d'usage du ministère.
        RegleDuCadre => "regle_du_cadre", "règle du cadre d'usage",
        /// Recommandation.
        Recommandation => "recommandation", "recommandation",
    }
}

vocabulaire! {
    /// Le degré de confiance de la recherche dans une règle.
    pub enum Fiabilite : TOUTES = [Confirme, SourceUnique, Deduit, Loi] {
        /// `[C]` : au moins deux sources indépendantes.
        Confirme => "confirme", "confirmé par plusieurs sources",
        /// `[S]` : une seule source.
        SourceUnique => "source_unique", "source unique, à confirmer",
        /// `[I]` : déduit du cadre et de la loi.
        Deduit => "deduit", "déduit du cadre et de la loi",
        /// `[L]` : texte de loi ou de règlement.
        Loi => "loi", "texte de loi",
    }
}

/// A source a rule rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reference {
    /// Une des sources de `rules/sources.yaml` ([`crate::contenu`]).
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

/// The context of reasoning templates for one tool ([`contexte`]).
pub(crate) fn contexte_gabarit(
    schema: &std::sync::Arc<Schema>,
    faits: &Faits,
    outil: &str,
) -> Value {
    contexte::contexte_suivi(schema, faits, Some(outil)).0
}

/// What a reasoning template's error says, in French: minijinja's messages
/// are English (« unexpected end of input, expected end of variable block »).
pub(crate) fn detail_gabarit(e: &minijinja::Error) -> String {
    const TRADUCTIONS: &[(&str, &str)] = &[
        (
            "unexpected end of input",
            "le texte s'arrête avant la fin de l'expression",
        ),
        ("expected end of variable block", "« }} » attendu"),
        ("expected end of block", "« %} » attendu"),
        ("unknown filter", "filtre inconnu"),
        ("unknown test", "test inconnu"),
        ("unknown function", "fonction inconnue"),
        (
            "undefined value",
            "valeur inconnue (fait ou variable non déclaré)",
        ),
        ("unknown method", "méthode inconnue"),
        ("engine ran out of fuel", "calcul trop long (boucle ?)"),
        ("(in ", "(gabarit "),
        ("unexpected", "inattendu :"),
        ("expected", "attendu :"),
    ];
    let mut texte = e.detail().map_or_else(|| e.to_string(), str::to_string);
    for (en, fr) in TRADUCTIONS {
        texte = texte.replace(en, fr);
    }
    texte
}
