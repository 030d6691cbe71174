//! cadria checks a proposed use of an AI tool in a French school against the
//! ministry's « L'IA en éducation – Cadre d'usage » (June 2025) and the law it
//! rests on (RGPD, loi Informatique et Libertés, EU AI Act), rule by rule,
//! with sources.

pub mod base;
#[cfg(feature = "interface")]
pub mod cli;
#[cfg(feature = "interface")]
pub mod commandes;
pub mod condition;
pub mod contenu;
pub mod couverture;
pub mod date;
pub mod derogations;
pub mod diag;
pub mod documents;
pub mod ecriture;
pub mod evaluation;
pub mod faits;
pub mod inventaire;
pub mod limites;
pub mod moteur;
pub mod neutralisation;
pub mod questionnaire;
pub mod rapport;
pub mod regles;
pub mod reponses;
pub mod scanner;
pub mod scenario;
pub mod schema_json;
#[cfg(feature = "interface")]
pub mod tui;
pub mod typographie;
mod vocabulaire;
pub mod yaml;
