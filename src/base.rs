//! La base : schéma des faits, notions, contenu de référence, règles et
//! questionnaires, chargés depuis les fichiers intégrés au programme ou des
//! dossiers donnés en ligne de commande, avec la version et l'empreinte du jeu
//! de règles que les rapports indiquent.

pub mod analyse;

use crate::condition::ContexteValidation;
use crate::condition::{self, Notion};
use crate::contenu::{Contenu, FICHIER_REPONDANTS, FICHIER_SOURCES};
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
    schema: std::sync::Arc<Schema>,
    regles: Vec<Regle>,
    questionnaires: Vec<Questionnaire>,
    notions: Vec<Notion>,
    contenu: Contenu,
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

/// `fichiers` s'il y en a, sinon le fichier intégré `dossier/nom`.
fn ou_integre(fichiers: Vec<(String, String)>, dossier: &str, nom: &str) -> Vec<(String, String)> {
    if !fichiers.is_empty() {
        return fichiers;
    }
    let chemin = format!("{dossier}/{nom}");
    fichier_embarque(&chemin)
        .map(|t| vec![(chemin.clone(), t.to_string())])
        .unwrap_or_default()
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
        let (repondants_yaml, fichiers_q): (Vec<_>, Vec<_>) = fichiers_q
            .into_iter()
            .filter(|(n, _)| est_yaml(n))
            .partition(|(n, _)| nom_court(n) == FICHIER_REPONDANTS);
        let (notions_q, fichiers_q): (Vec<_>, Vec<_>) = fichiers_q
            .into_iter()
            .partition(|(n, _)| condition::notions::est_fichier_de_notions(n));
        let (faits, fichiers_questionnaires): (Vec<_>, Vec<_>) = fichiers_q
            .into_iter()
            .partition(|(n, _)| nom_court(n).starts_with("faits"));
        let version = fichiers_regles
            .iter()
            .find(|(n, _)| nom_court(n) == "VERSION")
            .map(|(_, t)| t.trim().to_string())
            .unwrap_or_else(|| "locale".to_string());
        let (sources_yaml, fichiers_regles): (Vec<_>, Vec<_>) = fichiers_regles
            .into_iter()
            .filter(|(n, _)| est_yaml(n))
            .partition(|(n, _)| nom_court(n) == FICHIER_SOURCES);
        let (notions_r, regles_yaml): (Vec<_>, Vec<_>) = fichiers_regles
            .into_iter()
            .partition(|(n, _)| condition::notions::est_fichier_de_notions(n));
        // Sans fichier propre, un jeu de règles ou de questionnaires cite les
        // sources et les répondants intégrés.
        let sources_yaml = ou_integre(sources_yaml, "rules", FICHIER_SOURCES);
        let repondants_yaml = ou_integre(repondants_yaml, "questionnaires", FICHIER_REPONDANTS);
        // Notions beside the fact schema (shared vocabulary, used by the
        // questionnaires), then those of the rule pack.
        let notions_yaml: Vec<_> = notions_q.into_iter().chain(notions_r).collect();

        let mut hash = Sha256::new();
        for (n, t) in notions_yaml
            .iter()
            .chain(&sources_yaml)
            .chain(&repondants_yaml)
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
        let contenu = Contenu::charger(&sources_yaml, &repondants_yaml, &mut diags);
        let schema = std::sync::Arc::new(Schema::charger(&faits, &contenu, &mut diags));
        let notions = condition::notions::charger(&notions_yaml, &schema, &mut diags);
        let ctx = ContexteValidation {
            schema: &schema,
            questionnaires: questionnaire::ids(&fichiers_questionnaires),
            notions: &notions,
            contenu: &contenu,
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
            .chain(&sources_yaml)
            .chain(&repondants_yaml)
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
                contenu,
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

    /// The fact schema, shared (reasoning contexts hold it).
    pub fn schema_partage(&self) -> &std::sync::Arc<Schema> {
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

    /// Sources citables et répondants.
    pub fn contenu(&self) -> &Contenu {
        &self.contenu
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag;

    const REGLE: &str = "- id: RECT-01\n  titre: t\n  theme: test\n  gravite: vigilance\n  nature: regle_du_cadre\n  fiabilite: confirme\n  quand: 'role == \"enseignant\"'\n  raisonnement: r\n  pourquoi: p\n  remediation: r\n  exemple_conforme: c\n  exemple_non_conforme: n\n  references: [{ source: SOURCE, ref: p. 1 }]\n";

    fn charger(sources: Option<&str>, source_citee: &str) -> (Base, Vec<Diagnostic>) {
        let mut regles = vec![(
            "pack/r.yaml".to_string(),
            REGLE.replace("SOURCE", source_citee),
        )];
        if let Some(s) = sources {
            regles.push(("pack/sources.yaml".to_string(), s.to_string()));
        }
        Base::depuis_fichiers(regles, embarques_sous("questionnaires"), true)
    }

    #[test]
    fn un_jeu_de_regles_cite_les_sources_integrees_ou_les_siennes() {
        let (base, d) = charger(None, "rgpd");
        assert!(!diag::contient_erreur(&d), "{d:?}");
        assert_eq!(
            base.contenu().nom_source("rgpd"),
            "RGPD (règlement UE 2016/679)"
        );
        // Une source propre au jeu de règles, avec son lien.
        let propres = "- { id: rectorat, nom: Circulaire rectorale, lien: 'https://www.ac-exemple.fr/circulaire' }\n";
        let (base, d) = charger(Some(propres), "rectorat");
        assert!(!diag::contient_erreur(&d), "{d:?}");
        assert_eq!(
            base.contenu()
                .source("rectorat")
                .and_then(|s| s.lien.as_deref()),
            Some("https://www.ac-exemple.fr/circulaire")
        );
        // Le fichier du jeu remplace celui intégré : `rgpd` n'y est plus.
        let (_, d) = charger(Some(propres), "rgpd");
        assert!(
            d.iter()
                .any(|x| x.code == Code::Reference && x.message.contains("rgpd")),
            "{d:?}"
        );
        assert_eq!(
            base.regles().len(),
            1,
            "sources.yaml n'est pas un fichier de règles"
        );
    }

    #[test]
    fn repondants_du_questionnaire_ou_integres() {
        let (base, d) = Base::charger(&Sources::default());
        assert!(!diag::contient_erreur(&d), "{d:?}");
        assert_eq!(
            base.contenu().libelle_repondant("dpo"),
            "le délégué à la protection des données (DPO) académique"
        );
        assert_eq!(base.contenu().repondants().len(), 6);
    }
}
