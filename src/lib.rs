//! cadria dit si un usage d'outil d'IA proposé dans une école, un collège ou
//! un lycée respecte le cadre d'usage du ministère (« L'IA en éducation –
//! Cadre d'usage », juin 2025) et le droit sur lequel il repose (RGPD, loi
//! Informatique et Libertés, règlement européen sur l'IA), règle par règle,
//! avec ses sources. Les couches et le chemin d'une évaluation sont décrits
//! dans `ARCHITECTURE.md`.

#[cfg(test)]
mod alea;
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
