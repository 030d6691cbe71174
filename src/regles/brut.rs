//! Structures brutes des fichiers de règles : elles suivent le YAML champ
//! pour champ (`deny_unknown_fields`), mais acceptent qu'un champ manque,
//! pour que la validation le signale à côté de tous les autres problèmes
//! du jeu de règles au lieu de s'arrêter au premier.

use serde::Deserialize;
use serde_saphyr::Spanned;

/// Une règle telle qu'écrite.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RegleBrute {
    #[serde(default)]
    pub id: Option<Spanned<String>>,
    #[serde(default)]
    pub titre: Option<Spanned<String>>,
    #[serde(default)]
    pub theme: Option<Spanned<String>>,
    #[serde(default)]
    pub gravite: Option<Spanned<String>>,
    #[serde(default)]
    pub nature: Option<Spanned<String>>,
    #[serde(default)]
    pub fiabilite: Option<Spanned<String>>,
    #[serde(default)]
    pub publics: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub quand: Option<Spanned<String>>,
    #[serde(default)]
    pub raisonnement: Option<Spanned<String>>,
    #[serde(default)]
    pub pourquoi: Option<Spanned<String>>,
    #[serde(default)]
    pub remediation: Option<Spanned<String>>,
    #[serde(default)]
    pub interpretation: Option<String>,
    #[serde(default)]
    pub exemple_conforme: Option<Spanned<String>>,
    #[serde(default)]
    pub exemple_non_conforme: Option<Spanned<String>>,
    #[serde(default)]
    pub references: Vec<Spanned<ReferenceBrute>>,
    /// Des textes anglais peuvent figurer à côté des français ; c'est le français qui est montré.
    #[serde(default, rename = "en")]
    pub _en: Option<serde::de::IgnoredAny>,
}

/// Une référence telle qu'écrite.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ReferenceBrute {
    #[serde(default)]
    pub source: Option<Spanned<String>>,
    #[serde(default, rename = "ref")]
    pub reference: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
}
