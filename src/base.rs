//! The rule base: fact schema, rules and questionnaires, loaded either from
//! the files embedded in the binary or from directories given on the command
//! line, with the rule-set version and digest that reports stamp.

pub mod analyse;

use crate::condition::ContexteValidation;
use crate::condition::{self, Notion};
use crate::diag::{Code, Diagnostic, Position};
use crate::faits::Schema;
use crate::questionnaire::{self, Questionnaire};
use crate::regles::{self, Regle};
use minijinja::value::Value;
use minijinja::{Environment, UndefinedBehavior};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

mod embarques {
    include!(concat!(env!("OUT_DIR"), "/embarques.rs"));
}

/// Fuel given to each evaluation when rules come from outside the binary.
const CARBURANT_EXTERNE: u64 = 50_000;

/// Where to load rules and questionnaires from (`None` = embedded).
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// `--regles DIR`.
    pub regles: Option<PathBuf>,
    /// `--questionnaires DIR`.
    pub questionnaires: Option<PathBuf>,
}

/// Everything the engine and the front ends need.
pub struct Base {
    schema: Schema,
    regles: Vec<Regle>,
    questionnaires: Vec<Questionnaire>,
    notions: Vec<Notion>,
    codage: condition::evaluation::Codage,
    env: Environment<'static>,
    version: String,
    empreinte: String,
}

/// An embedded file by path (`templates/rapport.txt.j2`).
pub fn fichier_embarque(chemin: &str) -> Option<&'static str> {
    embarques::FICHIERS
        .iter()
        .find(|(p, _)| *p == chemin)
        .map(|(_, c)| *c)
}

/// The embedded report templates, as (name without `templates/`, source).
pub fn gabarits_embarques() -> impl Iterator<Item = (&'static str, &'static str)> {
    embarques::FICHIERS
        .iter()
        .filter_map(|(p, c)| p.strip_prefix("templates/").map(|n| (n, *c)))
}

fn embarques_sous(dossier: &str) -> Vec<(String, String)> {
    embarques::FICHIERS
        .iter()
        .filter(|(p, _)| p.strip_prefix(dossier).is_some_and(|r| r.starts_with('/')))
        .map(|(p, c)| (p.to_string(), c.to_string()))
        .collect()
}

fn lire_dossier(dossier: &Path, diags: &mut Vec<Diagnostic>) -> Vec<(String, String)> {
    let entrees = match std::fs::read_dir(dossier) {
        Ok(e) => e,
        Err(e) => {
            diags.push(
                Diagnostic::erreur(
                    Code::Lecture,
                    Position::new(&dossier.display().to_string(), 0, 0),
                    format!("dossier illisible : {}", crate::diag::erreur_io(&e)),
                )
                .aide("vérifiez le chemin donné à --regles ou --questionnaires"),
            );
            return Vec::new();
        }
    };
    let mut chemins: Vec<PathBuf> = entrees
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    chemins.sort();
    let mut out = Vec::new();
    for p in chemins {
        let nom = p.display().to_string();
        match crate::limites::lire_fichier(&p) {
            Ok(t) => out.push((nom, t)),
            Err(e) => diags.push(
                Diagnostic::erreur(
                    Code::Lecture,
                    Position::new(&nom, 0, 0),
                    format!("fichier illisible : {}", crate::diag::erreur_io(&e)),
                )
                .aide("vérifiez les droits et l'encodage (UTF-8)"),
            ),
        }
    }
    out
}

fn est_yaml(nom: &str) -> bool {
    nom.ends_with(".yaml") || nom.ends_with(".yml")
}

fn nom_court(chemin: &str) -> &str {
    chemin.rsplit(['/', '\\']).next().unwrap_or(chemin)
}

impl Base {
    /// Loads and validates the base. Always returns what could be loaded,
    /// with every problem found; callers refuse to evaluate when a problem is
    /// an error.
    pub fn charger(sources: &Sources) -> (Base, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let fichiers_regles = match &sources.regles {
            None => embarques_sous("rules"),
            Some(d) => lire_dossier(d, &mut diags),
        };
        let fichiers_q = match &sources.questionnaires {
            None => embarques_sous("questionnaires"),
            Some(d) => lire_dossier(d, &mut diags),
        };
        let externe = sources.regles.is_some() || sources.questionnaires.is_some();
        let (base, autres) = Base::depuis_fichiers(fichiers_regles, fichiers_q, externe);
        diags.extend(autres);
        // Fail closed: a pack without a single rule would call every use compliant.
        if base.regles.is_empty() && !crate::diag::contient_erreur(&diags) {
            let ou = sources
                .regles
                .as_ref()
                .map(|d| d.display().to_string())
                .unwrap_or_else(|| "embarqué:rules".to_string());
            diags.push(
                Diagnostic::erreur(Code::Lecture, Position::new(&ou, 0, 0), "aucune règle chargée : le dossier ne contient aucun fichier de règles `*.yaml` non vide")
                    .aide("donnez à --regles le dossier qui contient les fichiers de règles (une liste de règles par fichier .yaml)"),
            );
        }
        (base, diags)
    }

    /// Builds the base from files given as `(name, contents)`: rule files
    /// (`*.yaml` and `VERSION`) and questionnaire files (`faits*.yaml` are the
    /// fact schema). `externe` sets a fuel limit on every evaluation.
    pub fn depuis_fichiers(
        fichiers_regles: Vec<(String, String)>,
        fichiers_q: Vec<(String, String)>,
        externe: bool,
    ) -> (Base, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let (notions_q, fichiers_q): (Vec<_>, Vec<_>) = fichiers_q
            .into_iter()
            .filter(|(n, _)| est_yaml(n))
            .partition(|(n, _)| condition::notions::est_fichier_de_notions(n));
        let (faits, fichiers_questionnaires): (Vec<_>, Vec<_>) = fichiers_q
            .into_iter()
            .partition(|(n, _)| nom_court(n).starts_with("faits"));
        let version = fichiers_regles
            .iter()
            .find(|(n, _)| nom_court(n) == "VERSION")
            .map(|(_, t)| t.trim().to_string())
            .unwrap_or_else(|| "locale".to_string());
        let (notions_r, regles_yaml): (Vec<_>, Vec<_>) = fichiers_regles
            .into_iter()
            .filter(|(n, _)| est_yaml(n))
            .partition(|(n, _)| condition::notions::est_fichier_de_notions(n));
        // Notions beside the fact schema (shared vocabulary, used by the
        // questionnaires), then those of the rule pack.
        let notions_yaml: Vec<_> = notions_q.into_iter().chain(notions_r).collect();

        let mut hash = Sha256::new();
        for (n, t) in notions_yaml
            .iter()
            .chain(&regles_yaml)
            .chain(&faits)
            .chain(&fichiers_questionnaires)
        {
            hash.update(nom_court(n).as_bytes());
            hash.update([0]);
            hash.update(t.as_bytes());
            hash.update([0]);
        }
        let empreinte = format!("sha256:{:x}", hash.finalize());

        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.remove_global("debug");
        outils_raisonnement(&mut env);
        if externe {
            env.set_fuel(Some(CARBURANT_EXTERNE));
        }
        let schema = Schema::charger(&faits, &mut diags);
        let notions = condition::notions::charger(&notions_yaml, &schema, &mut diags);
        let ctx = ContexteValidation {
            schema: &schema,
            questionnaires: questionnaire::ids(&fichiers_questionnaires),
            notions: &notions,
        };
        let (regles, mut utilisees) =
            regles::charger_regles(&regles_yaml, &ctx, &mut env, &mut diags);
        let (questionnaires, par_questions) =
            questionnaire::charger(&fichiers_questionnaires, &ctx, &mut diags);
        utilisees.extend(par_questions);
        analyse::verifier_couverture_questionnaires(&regles, &questionnaires, &schema, &mut diags);
        crate::base::analyse::verifier(
            &schema,
            &notions,
            &utilisees,
            &regles,
            &questionnaires,
            &mut diags,
        );
        // Each diagnostic shows its source line.
        for (nom, texte) in notions_yaml
            .iter()
            .chain(&regles_yaml)
            .chain(&faits)
            .chain(&fichiers_questionnaires)
        {
            crate::diag::joindre_source(&mut diags, nom, texte);
        }
        let codage = condition::evaluation::Codage::new(&schema);
        (
            Base {
                schema,
                codage,
                regles,
                questionnaires,
                notions,
                env,
                version,
                empreinte,
            },
            diags,
        )
    }

    /// The fact schema.
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// The rules, in file order.
    pub fn regles(&self) -> &[Regle] {
        &self.regles
    }

    /// A rule by id.
    pub fn regle(&self, id: &str) -> Option<&Regle> {
        self.regles.iter().find(|r| r.id == id)
    }

    /// The questionnaires.
    pub fn questionnaires(&self) -> &[Questionnaire] {
        &self.questionnaires
    }

    /// How answers are coded into states for evaluating conditions (derived
    /// once from the schema).
    pub fn codage(&self) -> &condition::evaluation::Codage {
        &self.codage
    }

    /// The notions (named sub-conditions), in definition order.
    pub fn notions(&self) -> &[Notion] {
        &self.notions
    }

    /// A questionnaire by id.
    pub fn questionnaire(&self, id: &str) -> Option<&Questionnaire> {
        self.questionnaires.iter().find(|q| q.id == id)
    }

    /// The minijinja environment holding conditions' settings and reasoning templates.
    pub fn env(&self) -> &Environment<'static> {
        &self.env
    }

    /// Rule-set version (`rules/VERSION`).
    pub fn version(&self) -> &str {
        &self.version
    }

    /// `sha256:` digest of the rule, fact and questionnaire files.
    pub fn empreinte(&self) -> &str {
        &self.empreinte
    }

    /// The wording of the question that sets `fait`: from `questionnaire` if
    /// given and it asks it, else from any questionnaire, else the fact label.
    pub fn question(&self, fait: &str, questionnaire: Option<&str>) -> String {
        let depuis = |q: &Questionnaire| q.question_pour(fait).map(|q| q.texte.clone());
        questionnaire
            .and_then(|id| self.questionnaire(id))
            .and_then(depuis)
            .or_else(|| self.questionnaires.iter().find_map(depuis))
            .or_else(|| self.schema.fait(fait).map(|d| d.libelle.clone()))
            .unwrap_or_else(|| fait.to_string())
    }
}

/// Ce que les gabarits de raisonnement ont pour parler juste d'une réponse
/// manquante : le test `connu` (`{% if accessible is connu %}`) et la
/// fonction `repondu("fait")`, qui rend « vous avez répondu « … » » quand la
/// réponse est connue et « la réponse manque » sinon. Un fait inconnu peut
/// n'avoir jamais été demandé : aucun texte ne doit alors citer une réponse.
/// `cite("fait")` rend la réponse entre guillemets, ou « réponse manquante »
/// sans guillemets.
fn outils_raisonnement(env: &mut Environment<'static>) {
    env.add_function(
        "cite",
        |state: &minijinja::State, fait: &str| -> Result<String, minijinja::Error> {
            Ok(match reponse_connue(state, fait) {
                Some(t) => format!("« {t} »"),
                None => "réponse manquante".to_string(),
            })
        },
    );
    env.add_test("connu", |v: Value| !v.is_none() && !v.is_undefined());
    env.add_function(
        "repondu",
        |state: &minijinja::State, fait: &str| -> Result<String, minijinja::Error> {
            Ok(match reponse_connue(state, fait) {
                Some(t) => format!("vous avez répondu « {t} »"),
                None => "la réponse manque".to_string(),
            })
        },
    );
}

/// Le libellé français de la réponse au fait `fait`, s'il est connu.
fn reponse_connue(state: &minijinja::State, fait: &str) -> Option<String> {
    let valeur = state.lookup(fait)?;
    if valeur.is_none() || valeur.is_undefined() {
        return None;
    }
    state
        .lookup("reponse")
        .and_then(|r| r.get_attr(fait).ok())
        .map(|v| v.to_string())
}
