//! The fact schema (the vocabulary that answers, inventories and rule
//! conditions share), typed fact values, and the typing of raw answers.

use crate::diag::{Code, Diagnostic, Position};
use crate::yaml::{self, Brut, Paires};
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;
use std::collections::HashMap;
use std::sync::Arc;

/// The type of a fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeFait {
    /// Free text (the tool's name).
    Texte,
    /// Yes / no.
    Booleen,
    /// One value of a closed domain.
    Choix,
    /// Any subset of a closed domain.
    Liste,
}

/// One allowed value of a `choix` or `liste` fact.
#[derive(Debug, Clone, Serialize)]
pub struct ValeurPossible {
    /// Stable identifier (`grand_public`).
    pub id: String,
    /// French label.
    pub libelle: String,
}

/// The declaration of one fact.
#[derive(Debug, Clone, Serialize)]
pub struct DefFait {
    /// Stable identifier.
    pub id: String,
    /// Type.
    #[serde(rename = "type")]
    pub type_fait: TypeFait,
    /// Short French label.
    pub libelle: String,
    /// French help, in plain words.
    pub aide: String,
    /// Who can answer when the person does not know (`editeur`, `dpo`...).
    pub qui_peut_repondre: Vec<String>,
    /// Domain, for `choix` and `liste`.
    pub valeurs: Vec<ValeurPossible>,
}

impl DefFait {
    /// True when `v` is in the fact's domain.
    pub fn accepte(&self, v: &str) -> bool {
        self.valeurs.iter().any(|p| p.id == v)
    }

    /// The domain as a comma-separated list, for messages.
    pub fn domaine(&self) -> String {
        match self.type_fait {
            TypeFait::Booleen => "oui, non, inconnu".to_string(),
            TypeFait::Texte => "un texte, ou inconnu".to_string(),
            TypeFait::Choix | TypeFait::Liste => {
                let mut v: Vec<&str> = self.valeurs.iter().map(|p| p.id.as_str()).collect();
                v.push("inconnu");
                v.join(", ")
            }
        }
    }

    /// French label of one value of the domain (the id itself if unknown).
    pub fn libelle_valeur<'a>(&'a self, v: &'a str) -> &'a str {
        self.valeurs
            .iter()
            .find(|p| p.id == v)
            .map(|p| p.libelle.as_str())
            .unwrap_or(v)
    }
}

/// The whole fact vocabulary.
#[derive(Debug, Clone, Default)]
pub struct Schema {
    faits: Vec<DefFait>,
    index: Arc<HashMap<String, usize>>,
}

/// A typed value of a known fact.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum Valeur {
    /// Yes / no.
    Booleen(bool),
    /// A domain value or a text.
    Texte(String),
    /// A subset of the domain, in the order given.
    Liste(Vec<String>),
}

impl Valeur {
    /// The value as minijinja sees it in conditions.
    pub fn vers_jinja(&self) -> minijinja::Value {
        match self {
            Valeur::Booleen(b) => minijinja::Value::from(*b),
            Valeur::Texte(s) => minijinja::Value::from(s.as_str()),
            Valeur::Liste(l) => minijinja::Value::from(
                l.iter()
                    .map(|s| minijinja::Value::from(s.as_str()))
                    .collect::<Vec<_>>(),
            ),
        }
    }
}

/// The facts of one assessment: one slot per schema fact, `None` = unknown.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Faits {
    valeurs: Vec<Option<Valeur>>,
}

impl Faits {
    /// All facts unknown.
    pub fn inconnus(schema: &Schema) -> Self {
        Faits {
            valeurs: vec![None; schema.faits.len()],
        }
    }

    /// The value of fact number `i` (`None` if unknown).
    pub fn get(&self, i: usize) -> Option<&Valeur> {
        self.valeurs.get(i).and_then(|v| v.as_ref())
    }

    /// Sets (or, with `None`, forgets) fact number `i`.
    pub fn set(&mut self, i: usize, v: Option<Valeur>) {
        if let Some(slot) = self.valeurs.get_mut(i) {
            *slot = v;
        }
    }

    /// Number of slots.
    pub fn len(&self) -> usize {
        self.valeurs.len()
    }

    /// True when the schema is empty.
    pub fn is_empty(&self) -> bool {
        self.valeurs.is_empty()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FaitBrut {
    #[serde(default)]
    id: Option<Spanned<String>>,
    #[serde(default, rename = "type")]
    type_fait: Option<Spanned<String>>,
    #[serde(default)]
    libelle: Option<Spanned<String>>,
    #[serde(default)]
    aide: String,
    #[serde(default)]
    qui_peut_repondre: Vec<Spanned<String>>,
    #[serde(default)]
    valeurs: Vec<ValeurBrute>,
    #[serde(default, rename = "en")]
    _en: Option<serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ValeurBrute {
    id: Spanned<String>,
    libelle: String,
    #[serde(default, rename = "en")]
    _en: Option<serde::de::IgnoredAny>,
}

impl Schema {
    /// Builds the schema from fact files `(name, contents)`, collecting every
    /// problem.
    pub fn charger(
        fichiers: &[(String, String)],
        contenu: &crate::contenu::Contenu,
        diags: &mut Vec<Diagnostic>,
    ) -> Schema {
        let mut schema = Schema::default();
        for (nom, texte) in fichiers {
            let brut: Vec<Spanned<FaitBrut>> = match yaml::lire(texte, nom) {
                Ok(b) => b,
                Err(d) => {
                    diags.push(d);
                    continue;
                }
            };
            for f in brut {
                let pos_fait = yaml::position(nom, &f);
                let f = f.value;
                let manquant = |champ: &str, qui: &str, aide: &str| {
                    Diagnostic::erreur(
                        Code::ChampManquant,
                        pos_fait.clone(),
                        format!("{qui} n'a pas de champ `{champ}`"),
                    )
                    .aide(aide.to_string())
                };
                let Some(id) = f.id else {
                    diags.push(manquant(
                        "id",
                        "un fait",
                        "ajoutez `id:` avec un identifiant en minuscules (categorie_outil) ; un fait ne se renomme jamais",
                    ));
                    continue;
                };
                let qui = format!("le fait `{}`", id.value);
                let Some(type_brut) = f.type_fait else {
                    diags.push(manquant(
                        "type",
                        &qui,
                        "ajoutez `type:` avec texte, booleen, choix ou liste",
                    ));
                    continue;
                };
                if f.libelle.is_none() {
                    diags.push(manquant(
                        "libelle",
                        &qui,
                        "ajoutez `libelle:` avec un libellé court en français",
                    ));
                }
                let pos = yaml::position(nom, &id);
                let type_fait = match type_brut.value.as_str() {
                    "texte" => TypeFait::Texte,
                    "booleen" => TypeFait::Booleen,
                    "choix" => TypeFait::Choix,
                    "liste" => TypeFait::Liste,
                    autre => {
                        diags.push(
                            Diagnostic::erreur(
                                Code::HorsEchelle,
                                yaml::lieu(nom, &type_brut),
                                format!("type de fait `{autre}` inconnu"),
                            )
                            .aide("utilisez texte, booleen, choix ou liste"),
                        );
                        continue;
                    }
                };
                if schema.index.contains_key(&id.value) {
                    diags.push(
                        Diagnostic::erreur(
                            Code::IdentifiantDuplique,
                            yaml::lieu(nom, &id),
                            format!("le fait `{}` est déclaré deux fois", id.value),
                        )
                        .aide("gardez une seule déclaration ; un fait ne se renomme jamais"),
                    );
                    continue;
                }
                if let Some(libelle) = f.libelle.as_ref().filter(|l| l.value.trim().is_empty()) {
                    diags.push(
                        Diagnostic::erreur(
                            Code::TexteManquant,
                            yaml::lieu(nom, libelle),
                            format!("le fait `{}` n'a pas de libellé", id.value),
                        )
                        .aide("écrivez un libellé court en français"),
                    );
                }
                let avec_domaine = matches!(type_fait, TypeFait::Choix | TypeFait::Liste);
                if avec_domaine && f.valeurs.is_empty() {
                    diags.push(
                        Diagnostic::erreur(
                            Code::DomaineManquant,
                            pos.clone(),
                            format!(
                                "le fait `{}` de type choix ou liste n'a pas de `valeurs`",
                                id.value
                            ),
                        )
                        .aide("listez les valeurs possibles avec leur libellé"),
                    );
                }
                if !avec_domaine && !f.valeurs.is_empty() {
                    diags.push(Diagnostic::erreur(Code::DomaineSuperflu, pos.clone(), format!("le fait `{}` n'est ni un choix ni une liste mais déclare des `valeurs`", id.value)).aide("retirez `valeurs` ou changez le type"));
                }
                for q in &f.qui_peut_repondre {
                    if !contenu.repondants().iter().any(|r| r.id == q.value) {
                        diags.push(
                            Diagnostic::erreur(
                                Code::HorsEchelle,
                                yaml::lieu(nom, q),
                                format!("`{}` n'est pas un répondant connu", q.value),
                            )
                            .aide(format!(
                                "utilisez : {} (questionnaires/repondants.yaml)",
                                contenu
                                    .repondants()
                                    .iter()
                                    .map(|r| r.id.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )),
                        );
                    }
                }
                let mut valeurs: Vec<ValeurPossible> = Vec::new();
                for v in f.valeurs {
                    if v.id.value == "inconnu" || valeurs.iter().any(|p| p.id == v.id.value) {
                        diags.push(Diagnostic::erreur(Code::IdentifiantDuplique, yaml::lieu(nom, &v.id), format!("valeur `{}` en double ou réservée dans le fait `{}`", v.id.value, id.value)).aide("chaque valeur est unique ; `inconnu` est réservé à « je ne sais pas »"));
                        continue;
                    }
                    valeurs.push(ValeurPossible {
                        id: v.id.value,
                        libelle: v.libelle,
                    });
                }
                Arc::make_mut(&mut schema.index).insert(id.value.clone(), schema.faits.len());
                schema.faits.push(DefFait {
                    id: id.value,
                    type_fait,
                    libelle: f.libelle.map(|l| l.value).unwrap_or_default(),
                    aide: f.aide,
                    qui_peut_repondre: f.qui_peut_repondre.into_iter().map(|s| s.value).collect(),
                    valeurs,
                });
            }
        }
        schema
    }

    /// Index of a fact by id.
    pub fn indice(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// Declaration of a fact by id.
    pub fn fait(&self, id: &str) -> Option<&DefFait> {
        self.indice(id).and_then(|i| self.faits.get(i))
    }

    /// Declaration of fact number `i`.
    pub fn def(&self, i: usize) -> Option<&DefFait> {
        self.faits.get(i)
    }

    /// All facts in declaration order.
    pub fn faits(&self) -> &[DefFait] {
        &self.faits
    }

    /// French wording of the answer to fact `i`: labels, lists joined with
    /// ", ", « je ne sais pas » when unknown, « aucun(e) » for an empty list.
    pub fn reponse_texte(&self, i: usize, v: Option<&Valeur>) -> String {
        let Some(def) = self.def(i) else {
            return String::new();
        };
        match v {
            None => "je ne sais pas".to_string(),
            Some(Valeur::Booleen(true)) => "oui".to_string(),
            Some(Valeur::Booleen(false)) => "non".to_string(),
            Some(Valeur::Texte(s)) => def.libelle_valeur(s).to_string(),
            Some(Valeur::Liste(l)) if l.is_empty() => "aucun".to_string(),
            Some(Valeur::Liste(l)) => l
                .iter()
                .map(|s| def.libelle_valeur(s))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }

    /// Types one raw answer for fact `id`; `Ok(None)` means « je ne sais pas ».
    pub fn typer(&self, id: &str, brut: &Brut) -> Result<Option<Valeur>, (Code, String, String)> {
        let Some(def) = self.fait(id) else {
            return Err((
                Code::FaitInconnu,
                format!("fait `{id}` inconnu"),
                format!(
                    "{}vérifiez l'orthographe ; `cadria schema reponses` ou le README listent les faits possibles",
                    crate::diag::vouliez_vous_dire(id, self.faits.iter().map(|f| f.id.as_str()))
                ),
            ));
        };
        if matches!(brut, Brut::Texte(s) if s == "inconnu") {
            return Ok(None);
        }
        let hors = |valeur: String| {
            (
                Code::ValeurHorsDomaine,
                format!("valeur `{valeur}` impossible pour le fait `{id}`"),
                format!(
                    "{}valeurs possibles : {}",
                    crate::diag::vouliez_vous_dire(
                        &valeur,
                        def.valeurs.iter().map(|p| p.id.as_str())
                    ),
                    def.domaine()
                ),
            )
        };
        match (def.type_fait, brut) {
            (TypeFait::Booleen, Brut::Booleen(b)) => Ok(Some(Valeur::Booleen(*b))),
            (TypeFait::Booleen, Brut::Texte(s)) => match s.as_str() {
                "oui" | "true" => Ok(Some(Valeur::Booleen(true))),
                "non" | "false" => Ok(Some(Valeur::Booleen(false))),
                _ => Err(hors(s.clone())),
            },
            (TypeFait::Texte, Brut::Liste(_)) => Err((
                Code::TypeIncorrect,
                format!("le fait `{id}` attend un texte, pas une liste"),
                "écrivez une seule valeur".to_string(),
            )),
            (TypeFait::Texte, autre) => Ok(Some(Valeur::Texte(autre.to_string()))),
            (TypeFait::Choix, Brut::Texte(s)) if def.accepte(s) => {
                Ok(Some(Valeur::Texte(s.clone())))
            }
            (TypeFait::Choix, Brut::Liste(_)) => Err((
                Code::TypeIncorrect,
                format!("le fait `{id}` attend une seule valeur, pas une liste"),
                format!("choisissez une valeur parmi : {}", def.domaine()),
            )),
            (TypeFait::Liste, Brut::Liste(items)) => {
                let mut v = Vec::new();
                for it in items {
                    if !def.accepte(&it.value) {
                        return Err(hors(it.value.clone()));
                    }
                    if !v.contains(&it.value) {
                        v.push(it.value.clone());
                    }
                }
                Ok(Some(Valeur::Liste(v)))
            }
            (TypeFait::Liste, autre) => Err((
                Code::TypeIncorrect,
                format!("le fait `{id}` attend une liste, reçu `{autre}`"),
                format!(
                    "écrivez une liste entre crochets, par exemple [{}], ou [] pour aucun",
                    def.valeurs.first().map(|p| p.id.as_str()).unwrap_or("")
                ),
            )),
            (_, autre) => Err(hors(autre.to_string())),
        }
    }

    /// Types a whole `reponses` mapping. Every problem is reported; facts with
    /// a problem stay unknown.
    pub fn typer_reponses(
        &self,
        fichier: &str,
        reponses: &Paires<Spanned<Brut>>,
        diags: &mut Vec<Diagnostic>,
    ) -> Faits {
        let mut faits = Faits::inconnus(self);
        for (cle, val) in &reponses.0 {
            match self.typer(&cle.value, &val.value) {
                Ok(v) => {
                    if let Some(i) = self.indice(&cle.value) {
                        faits.set(i, v);
                    }
                }
                Err((code, message, aide)) => {
                    let pos = if code == Code::FaitInconnu {
                        yaml::position(fichier, cle)
                    } else {
                        yaml::position(fichier, val)
                    };
                    diags.push(Diagnostic::erreur(code, pos, message).aide(aide));
                }
            }
        }
        faits
    }

    /// Position-less helper for diagnostics that point at a whole file.
    pub fn position_fichier(fichier: &str) -> Position {
        Position::new(fichier, 0, 0)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) const SCHEMA_TEST: &str = r#"
- id: outil
  type: texte
  libelle: Outil
- id: categorie_outil
  type: choix
  libelle: Catégorie
  qui_peut_repondre: [editeur]
  valeurs:
    - { id: grand_public, libelle: grand public }
    - { id: institutionnel, libelle: institutionnel }
- id: niveaux
  type: liste
  libelle: Niveaux
  valeurs:
    - { id: 5e, libelle: cinquième }
    - { id: 4e, libelle: quatrième }
- id: contrat_dpa
  type: booleen
  libelle: Contrat
  qui_peut_repondre: [dpo, chef_etablissement]
"#;

    pub(crate) fn schema() -> Schema {
        let mut d = Vec::new();
        let s = Schema::charger(
            &[("faits.yaml".into(), SCHEMA_TEST.into())],
            &crate::contenu::tests::contenu(),
            &mut d,
        );
        assert!(d.is_empty(), "{d:?}");
        s
    }

    fn typer_doc(doc: &str) -> (Faits, Vec<Diagnostic>) {
        let p: Paires<Spanned<Brut>> = yaml::lire(doc, "r.yaml").unwrap();
        let mut d = Vec::new();
        let f = schema().typer_reponses("r.yaml", &p, &mut d);
        (f, d)
    }

    #[test]
    fn oui_non_true_false_inconnu() {
        let s = schema();
        assert_eq!(
            s.typer("contrat_dpa", &Brut::Texte("oui".into())),
            Ok(Some(Valeur::Booleen(true)))
        );
        assert_eq!(
            s.typer("contrat_dpa", &Brut::Booleen(false)),
            Ok(Some(Valeur::Booleen(false)))
        );
        assert_eq!(
            s.typer("contrat_dpa", &Brut::Texte("inconnu".into())),
            Ok(None)
        );
        assert_eq!(s.typer("niveaux", &Brut::Texte("inconnu".into())), Ok(None));
    }

    #[test]
    fn valeur_hors_domaine_avec_position_et_valeurs_permises() {
        let (_, d) = typer_doc("categorie_outil: grand_publique\nniveaux: [5e, 9e]\n");
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].position, Position::new("r.yaml", 1, 18));
        assert!(d[0].message.contains("grand_publique"));
        assert!(
            d[0].aide
                .as_deref()
                .unwrap_or("")
                .contains("grand_public, institutionnel, inconnu")
        );
        assert!(d[1].message.contains("9e"));
    }

    #[test]
    fn fait_inconnu_pointe_la_cle() {
        let (f, d) = typer_doc("contrat_dpa: oui\nfoo: 1\n");
        assert_eq!(d[0].code, Code::FaitInconnu);
        assert_eq!(d[0].position, Position::new("r.yaml", 2, 1));
        assert_eq!(f.get(3), Some(&Valeur::Booleen(true)));
    }

    #[test]
    fn liste_attendue() {
        let (_, d) = typer_doc("niveaux: 5e\n");
        assert_eq!(d[0].code, Code::TypeIncorrect);
    }

    #[test]
    fn reponse_en_mots() {
        let s = schema();
        assert_eq!(
            s.reponse_texte(2, Some(&Valeur::Liste(vec!["5e".into(), "4e".into()]))),
            "cinquième, quatrième"
        );
        assert_eq!(s.reponse_texte(1, None), "je ne sais pas");
    }
}
