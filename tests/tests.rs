//! Tests d'intégration de cadria, en un seul binaire : chaque module couvre une commande ou un
//! thème ; `support` réunit ce qu'ils partagent.

// Les tests s'arrêtent au premier imprévu : unwrap et expect y sont la règle.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod catalogue_diagnostics;
mod cli;
mod couches;
mod couverture;
mod diagnostics;
mod documents;
mod fiabilite;
mod html;
mod html_navigateur;
mod inventaire;
mod messages_francais;
mod neutralisation;
mod odt_libreoffice;
mod pack_academie;
mod questionnaire_simple;
mod questionnaire_tui;
mod questions_relecture;
mod raisonnements;
mod robustesse;
mod scanner_cli;
mod scanner_qualite;
mod scenarios;
