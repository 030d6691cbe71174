//! Raw rule structs that mirror the YAML files exactly.

use serde::Deserialize;
use serde_saphyr::Spanned;

/// One rule as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RegleBrute {
    pub id: Spanned<String>,
    pub titre: Spanned<String>,
    pub theme: Spanned<String>,
    pub gravite: Spanned<String>,
    pub nature: Spanned<String>,
    pub fiabilite: Spanned<String>,
    #[serde(default)]
    pub publics: Option<Vec<Spanned<String>>>,
    pub quand: Spanned<String>,
    pub raisonnement: Spanned<String>,
    #[serde(default)]
    pub pourquoi: Option<Spanned<String>>,
    pub remediation: Spanned<String>,
    #[serde(default)]
    pub interpretation: Option<String>,
    #[serde(default)]
    pub exemple_conforme: Option<Spanned<String>>,
    #[serde(default)]
    pub exemple_non_conforme: Option<Spanned<String>>,
    #[serde(default)]
    pub references: Vec<ReferenceBrute>,
    /// English texts may sit beside the French ones; French is what is shown.
    #[serde(default, rename = "en")]
    pub _en: Option<serde::de::IgnoredAny>,
}

/// One reference as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ReferenceBrute {
    pub source: Spanned<String>,
    #[serde(rename = "ref")]
    pub reference: String,
    #[serde(default)]
    pub url: Option<String>,
}
