//! Evaluation of the rules against the facts of one assessment, with unknown
//! facts: a rule whose condition reads unknown facts is evaluated for every
//! value they could take (certain / possible / silent), and the verdict
//! follows DESIGN §4.

use crate::base::Base;
use crate::facts::{Faits, Schema, TypeFait, Valeur};
use crate::rules::{Gravite, Regle, nom_gabarit_raisonnement};
use minijinja::Expression;
use minijinja::value::{Object, Value};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Most evaluations spent on one condition with unknown facts; beyond, the
/// finding is `possible` (never silently passed). List facts with more than
/// six values are enumerated through representative subsets (none, each
/// value alone, all but one, all).
const EVALUATIONS_MAX: usize = 50_000;
/// Outcomes remembered per rule; past this the memo stops growing.
const MEMO_MAX_PAR_REGLE: usize = 1 << 16;

/// Whether a finding holds whatever the unknown answers are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Certitude {
    /// True for every possible value of the unknown facts.
    Certain,
    /// True for some values only: the answers are needed.
    Possible,
}

/// The verdict of an assessment, from best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// No finding above `conseil`.
    Conforme,
    /// Only `vigilance` findings.
    ConformeSousReserve,
    /// A possible `interdit` or `non_conforme` finding: answers needed.
    AVerifier,
    /// A certain `non_conforme` finding.
    NonConforme,
    /// A certain `interdit` finding.
    Interdit,
}

impl Verdict {
    /// All verdicts, worst first.
    pub const TOUS: [Verdict; 5] = [
        Verdict::Interdit,
        Verdict::NonConforme,
        Verdict::AVerifier,
        Verdict::ConformeSousReserve,
        Verdict::Conforme,
    ];

    /// File form (`a_verifier`).
    pub fn id(self) -> &'static str {
        match self {
            Verdict::Conforme => "conforme",
            Verdict::ConformeSousReserve => "conforme_sous_reserve",
            Verdict::AVerifier => "a_verifier",
            Verdict::NonConforme => "non_conforme",
            Verdict::Interdit => "interdit",
        }
    }

    /// Parses the file form.
    pub fn depuis(s: &str) -> Option<Verdict> {
        Verdict::TOUS.into_iter().find(|v| v.id() == s)
    }

    /// French wording for people.
    pub fn libelle(self) -> &'static str {
        match self {
            Verdict::Conforme => "Conforme",
            Verdict::ConformeSousReserve => "Conforme sous réserve (points de vigilance)",
            Verdict::AVerifier => "À vérifier (des réponses manquent pour conclure)",
            Verdict::NonConforme => "Non conforme",
            Verdict::Interdit => "Interdit",
        }
    }
}

/// One rule that fired (certainly or possibly).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Constat {
    /// Index of the rule in the base.
    pub regle: usize,
    /// Certain or possible.
    pub certitude: Certitude,
    /// Unknown facts the result depends on (schema indices).
    pub inconnus: Vec<usize>,
    /// Facts the condition read that matter: known ones and the unknowns above.
    pub trace: Vec<usize>,
}

/// The outcome of evaluating every rule for one set of facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    /// Rules that fired, in rule order.
    pub constats: Vec<Constat>,
    /// Rules checked that did not fire.
    pub non_declenchees: Vec<usize>,
}

/// A condition that could not be evaluated (only possible with rule packs
/// that were not validated, or that run out of fuel).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErreurEvaluation {
    /// Rule id.
    pub regle: String,
    /// What minijinja said.
    pub message: String,
}

impl std::fmt::Display for ErreurEvaluation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "la condition de la règle {} n'a pas pu être évaluée : {}",
            self.regle, self.message
        )
    }
}

/// The facts as minijinja sees them: known values, overrides for the unknown
/// ones being enumerated, and `date_evaluation`.
#[derive(Debug)]
pub(crate) struct ContexteFaits {
    noms: Arc<HashMap<String, usize>>,
    valeurs: Arc<Vec<Option<Value>>>,
    surcharges: Vec<(usize, Value)>,
    date: Value,
    /// The unknown fact the evaluation asked for and did not get (usize::MAX: none).
    demande: Arc<AtomicUsize>,
}

impl Object for ContexteFaits {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let nom = key.as_str()?;
        if nom == "date_evaluation" {
            return Some(self.date.clone());
        }
        let i = *self.noms.get(nom)?;
        if let Some((_, v)) = self.surcharges.iter().find(|(k, _)| *k == i) {
            return Some(v.clone());
        }
        let v = self.valeurs.get(i).cloned().flatten();
        if v.is_none() {
            self.demande.store(i, Ordering::Relaxed);
        }
        v
    }
}

/// Prepared facts of one assessment, shared by all rule evaluations.
pub(crate) struct FaitsPrepares {
    noms: Arc<HashMap<String, usize>>,
    valeurs: Arc<Vec<Option<Value>>>,
    date: Value,
}

impl FaitsPrepares {
    pub(crate) fn new(schema: &Schema, faits: &Faits, date: &str) -> Self {
        let valeurs = (0..schema.faits().len())
            .map(|i| faits.get(i).map(Valeur::vers_jinja))
            .collect();
        FaitsPrepares {
            noms: schema.index_partage(),
            valeurs: Arc::new(valeurs),
            date: Value::from(date),
        }
    }

    pub(crate) fn contexte(&self, surcharges: Vec<(usize, Value)>) -> Value {
        self.contexte_suivi(surcharges, Arc::new(AtomicUsize::new(usize::MAX)))
    }

    /// Like [`FaitsPrepares::contexte`]; `demande` receives the index of an
    /// unknown fact that the evaluation read.
    fn contexte_suivi(&self, surcharges: Vec<(usize, Value)>, demande: Arc<AtomicUsize>) -> Value {
        Value::from_object(ContexteFaits {
            noms: Arc::clone(&self.noms),
            valeurs: Arc::clone(&self.valeurs),
            surcharges,
            date: self.date.clone(),
            demande,
        })
    }
}

/// The values an unknown fact may take, for enumeration.
pub(crate) fn domaine_enumere(schema: &Schema, i: usize, representatif: bool) -> Vec<Value> {
    let Some(def) = schema.def(i) else {
        return Vec::new();
    };
    let ids: Vec<&str> = def.valeurs.iter().map(|p| p.id.as_str()).collect();
    let liste = |v: Vec<&str>| Value::from(v.into_iter().map(Value::from).collect::<Vec<_>>());
    match def.type_fait {
        TypeFait::Booleen => vec![Value::from(false), Value::from(true)],
        TypeFait::Choix => ids.iter().map(|s| Value::from(*s)).collect(),
        TypeFait::Texte => vec![Value::from("")],
        TypeFait::Liste if !representatif && ids.len() <= 6 => (0u32..(1 << ids.len()))
            .map(|masque| {
                liste(
                    ids.iter()
                        .enumerate()
                        .filter(|(k, _)| masque & (1 << k) != 0)
                        .map(|(_, s)| *s)
                        .collect(),
                )
            })
            .collect(),
        TypeFait::Liste => {
            let mut v = vec![liste(Vec::new())];
            for k in 0..ids.len() {
                v.push(liste(vec![ids[k]]));
                v.push(liste(
                    ids.iter()
                        .enumerate()
                        .filter(|(m, _)| *m != k)
                        .map(|(_, s)| *s)
                        .collect(),
                ));
            }
            v.push(liste(ids.clone()));
            v
        }
    }
}

/// The values an unknown fact may take when a condition reads it, reduced to
/// what the condition can tell apart: values it never names literally are
/// interchangeable, so one of them stands for all. Exact for conditions that
/// compare facts with literals (`==`, `in`) and test lists for emptiness;
/// list lengths other than « empty / not empty » are covered by the
/// « all values » case only.
fn domaine_reduit(schema: &Schema, i: usize, mentionnes: &[&str]) -> Vec<Value> {
    let Some(def) = schema.def(i) else {
        return Vec::new();
    };
    let (nommes, autres): (Vec<&str>, Vec<&str>) = def
        .valeurs
        .iter()
        .map(|p| p.id.as_str())
        .partition(|v| mentionnes.contains(v));
    let liste = |v: Vec<&str>| Value::from(v.into_iter().map(Value::from).collect::<Vec<_>>());
    match def.type_fait {
        TypeFait::Choix => nommes
            .iter()
            .chain(autres.first())
            .map(|v| Value::from(*v))
            .collect(),
        TypeFait::Liste if nommes.len() <= 4 => {
            let mut v = Vec::new();
            for masque in 0u32..(1 << nommes.len()) {
                let base: Vec<&str> = nommes
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| masque & (1 << k) != 0)
                    .map(|(_, s)| *s)
                    .collect();
                v.push(liste(base.clone()));
                if let Some(premier) = autres.first() {
                    v.push(liste(base.iter().copied().chain([*premier]).collect()));
                }
                if autres.len() > 1 {
                    v.push(liste(
                        base.iter().copied().chain(autres.iter().copied()).collect(),
                    ));
                }
            }
            v
        }
        TypeFait::Liste => domaine_enumere(schema, i, def.valeurs.len() > 6),
        TypeFait::Booleen | TypeFait::Texte => domaine_enumere(schema, i, false),
    }
}

/// Rules compiled for evaluation, with a memo of their outcomes.
///
/// A condition's outcome (silent, certain, possible with its unknowns)
/// depends only on the values of the facts it reads and on the date, so it is
/// remembered per rule under those values: an inventory of many similar tools
/// evaluates each distinct combination once.
pub struct Moteur<'b> {
    base: &'b Base,
    conditions: Vec<Expression<'b, 'b>>,
    /// Per rule, the reduced domain of each fact it reads.
    domaines: Vec<Vec<(usize, Vec<Value>)>>,
    memo: Mutex<Memo>,
}

/// Outcomes already computed, for one assessment date.
#[derive(Default)]
struct Memo {
    date: String,
    par_regle: Vec<HashMap<Box<[u32]>, Issue>>,
}

/// The outcome of one condition for one set of facts.
#[derive(Clone)]
enum Issue {
    Silence,
    Declenche {
        certitude: Certitude,
        inconnus: Vec<usize>,
    },
}

impl<'b> Moteur<'b> {
    /// Compiles every rule condition of `base`. The base was validated, so a
    /// condition that does not compile is reported as an error.
    pub fn new(base: &'b Base) -> Result<Self, ErreurEvaluation> {
        let mut conditions = Vec::with_capacity(base.regles().len());
        for r in base.regles() {
            let e = base
                .env()
                .compile_expression(&r.quand)
                .map_err(|e| ErreurEvaluation {
                    regle: r.id.clone(),
                    message: e.to_string(),
                })?;
            conditions.push(e);
        }
        let schema = base.schema();
        let domaines = base
            .regles()
            .iter()
            .map(|r| {
                let paires = crate::rules::litteraux::comparaisons(&r.quand, schema);
                r.faits_lus
                    .iter()
                    .map(|i| {
                        let id = schema.def(*i).map(|d| d.id.as_str()).unwrap_or_default();
                        let mentionnes: Vec<&str> = paires
                            .iter()
                            .filter(|p| p.fait == id)
                            .map(|p| p.valeur.as_str())
                            .collect();
                        (*i, domaine_reduit(schema, *i, &mentionnes))
                    })
                    .collect()
            })
            .collect();
        let memo = Memo {
            date: String::new(),
            par_regle: vec![HashMap::new(); conditions.len()],
        };
        Ok(Moteur {
            base,
            conditions,
            domaines,
            memo: Mutex::new(memo),
        })
    }

    /// The base the engine evaluates.
    pub fn base(&self) -> &'b Base {
        self.base
    }

    /// Evaluates every rule for `faits` at date `date` (`YYYY-MM-DD`).
    pub fn evaluer(&self, faits: &Faits, date: &str) -> Result<Evaluation, ErreurEvaluation> {
        let schema = self.base.schema();
        // A poisoned memo only means another thread panicked mid-insert: its content is still valid.
        let mut memo = self.memo.lock().unwrap_or_else(|e| e.into_inner());
        if memo.date != date {
            memo.date = date.to_string();
            memo.par_regle.iter_mut().for_each(HashMap::clear);
        }
        let mut prepares: Option<(FaitsPrepares, Value)> = None;
        let mut cle: Vec<u32> = Vec::new();
        let mut eval = Evaluation {
            constats: Vec::new(),
            non_declenchees: Vec::new(),
        };
        for (k, (regle, expr)) in self.base.regles().iter().zip(&self.conditions).enumerate() {
            let memorisable = cle_memo(schema, regle, faits, &mut cle);
            let connue = if memorisable {
                memo.par_regle
                    .get(k)
                    .and_then(|m| m.get(cle.as_slice()))
                    .cloned()
            } else {
                None
            };
            let issue = match connue {
                Some(issue) => issue,
                None => {
                    let (p, sans_surcharge) = prepares.get_or_insert_with(|| {
                        let p = FaitsPrepares::new(schema, faits, date);
                        let v = p.contexte(Vec::new());
                        (p, v)
                    });
                    let issue =
                        self.issue(regle, expr, &self.domaines[k], faits, p, sans_surcharge)?;
                    if let (true, Some(m)) = (memorisable, memo.par_regle.get_mut(k))
                        && m.len() < MEMO_MAX_PAR_REGLE
                    {
                        m.insert(cle.as_slice().into(), issue.clone());
                    }
                    issue
                }
            };
            match issue {
                Issue::Silence => eval.non_declenchees.push(k),
                Issue::Declenche {
                    certitude,
                    inconnus,
                } => {
                    let trace = regle
                        .faits_lus
                        .iter()
                        .copied()
                        .filter(|i| faits.get(*i).is_some() || inconnus.contains(i))
                        .collect();
                    eval.constats.push(Constat {
                        regle: k,
                        certitude,
                        inconnus,
                        trace,
                    });
                }
            }
        }
        Ok(eval)
    }

    fn issue(
        &self,
        regle: &Regle,
        expr: &Expression<'b, 'b>,
        domaines: &[(usize, Vec<Value>)],
        faits: &Faits,
        prepares: &FaitsPrepares,
        sans_surcharge: &Value,
    ) -> Result<Issue, ErreurEvaluation> {
        let evaluer = |ctx: Value| -> Result<bool, ErreurEvaluation> {
            let v = expr.eval(ctx).map_err(|e| ErreurEvaluation {
                regle: regle.id.clone(),
                message: e.to_string(),
            })?;
            if v.is_undefined() {
                return Err(ErreurEvaluation {
                    regle: regle.id.clone(),
                    message: "la condition ne produit aucune valeur".to_string(),
                });
            }
            Ok(v.is_true())
        };
        let inconnus: Vec<usize> = regle
            .faits_lus
            .iter()
            .copied()
            .filter(|i| faits.get(*i).is_none())
            .collect();
        if inconnus.is_empty() {
            let vrai = evaluer(sans_surcharge.clone())?;
            return Ok(if vrai {
                Issue::Declenche {
                    certitude: Certitude::Certain,
                    inconnus: Vec::new(),
                }
            } else {
                Issue::Silence
            });
        }
        // Explore a decision tree: evaluate, and when the evaluation reads an
        // unknown fact, branch on every value it may take. Short-circuits
        // prune the tree; the leaves cover every combination of the unknown
        // facts, so the result equals a full enumeration.
        let mut exploration = Exploration {
            prepares,
            expr,
            domaines,
            regle,
            budget: EVALUATIONS_MAX,
            pertinents: Vec::new(),
        };
        let resume = exploration.explorer(&mut Vec::new())?;
        Ok(match resume {
            Resume { vrai: false, .. } => Issue::Silence,
            Resume { faux: false, .. } => Issue::Declenche {
                certitude: Certitude::Certain,
                inconnus: Vec::new(),
            },
            _ => {
                let mut inconnus: Vec<usize> = exploration.pertinents;
                if inconnus.is_empty() {
                    inconnus = regle
                        .faits_lus
                        .iter()
                        .copied()
                        .filter(|i| faits.get(*i).is_none())
                        .collect();
                }
                inconnus.sort_unstable();
                Issue::Declenche {
                    certitude: Certitude::Possible,
                    inconnus,
                }
            }
        })
    }

    /// The context of reasoning templates for one assessment; build it once
    /// and pass it to [`Moteur::raisonnement`] for each finding.
    pub fn contexte_raisonnement(&self, faits: &Faits, outil: &str) -> Value {
        contexte_gabarit(self.base.schema(), faits, outil)
    }

    /// Renders the reasoning message of rule `k` in `contexte` (from
    /// [`Moteur::contexte_raisonnement`]).
    pub fn raisonnement(&self, k: usize, contexte: &Value) -> Result<String, ErreurEvaluation> {
        let regle = &self.base.regles()[k];
        let gabarit = self
            .base
            .env()
            .get_template(&nom_gabarit_raisonnement(&regle.id))
            .map_err(|e| ErreurEvaluation {
                regle: regle.id.clone(),
                message: e.to_string(),
            })?;
        gabarit
            .render(contexte)
            .map(|s| replier_espaces(&s))
            .map_err(|e| ErreurEvaluation {
                regle: regle.id.clone(),
                message: e.to_string(),
            })
    }
}

/// Collapses runs of white space (left by template tags and folded YAML) to
/// one space, trimmed, in one pass.
fn replier_espaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for mot in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(mot);
    }
    out
}

/// Which outcomes the leaves of a subtree reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Resume {
    vrai: bool,
    faux: bool,
}

/// The decision-tree exploration of one condition.
struct Exploration<'a, 'b> {
    prepares: &'a FaitsPrepares,
    expr: &'a Expression<'b, 'b>,
    domaines: &'a [(usize, Vec<Value>)],
    regle: &'a Regle,
    budget: usize,
    pertinents: Vec<usize>,
}

impl Exploration<'_, '_> {
    fn erreur(&self, message: String) -> ErreurEvaluation {
        ErreurEvaluation {
            regle: self.regle.id.clone(),
            message,
        }
    }

    fn explorer(
        &mut self,
        surcharges: &mut Vec<(usize, Value)>,
    ) -> Result<Resume, ErreurEvaluation> {
        if self.budget == 0 {
            // Too many combinations: never pass silently, call it possible.
            return Ok(Resume {
                vrai: true,
                faux: true,
            });
        }
        self.budget -= 1;
        let demande = Arc::new(AtomicUsize::new(usize::MAX));
        let resultat = self.expr.eval(
            self.prepares
                .contexte_suivi(surcharges.clone(), Arc::clone(&demande)),
        );
        let fait = demande.load(Ordering::Relaxed);
        match resultat {
            Ok(v) if !v.is_undefined() => Ok(Resume {
                vrai: v.is_true(),
                faux: !v.is_true(),
            }),
            Ok(_) | Err(_) if fait != usize::MAX && !surcharges.iter().any(|(k, _)| *k == fait) => {
                let mut resumes = Vec::new();
                let Some((_, domaine)) = self.domaines.iter().find(|(i, _)| *i == fait) else {
                    return Err(self.erreur(format!(
                        "la condition lit un fait (n° {fait}) qu'elle ne nomme pas"
                    )));
                };
                for valeur in domaine.clone() {
                    surcharges.push((fait, valeur));
                    let r = self.explorer(surcharges);
                    surcharges.pop();
                    resumes.push(r?);
                }
                if resumes.windows(2).any(|w| w[0] != w[1]) && !self.pertinents.contains(&fait) {
                    self.pertinents.push(fait);
                }
                Ok(Resume {
                    vrai: resumes.iter().any(|r| r.vrai),
                    faux: resumes.iter().any(|r| r.faux),
                })
            }
            Ok(_) => Err(self.erreur("la condition ne produit aucune valeur".to_string())),
            Err(e) => Err(self.erreur(e.to_string())),
        }
    }
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

/// Writes into `cle` a code of the values of the facts `regle` reads (one
/// injective code per fact type, list order kept). Returns false when a value
/// cannot be coded (free text, or a value outside its domain): the rule is
/// then evaluated without the memo.
fn cle_memo(schema: &Schema, regle: &Regle, faits: &Faits, cle: &mut Vec<u32>) -> bool {
    const LISTE: u32 = u32::MAX;
    cle.clear();
    for &i in &regle.faits_lus {
        let Some(def) = schema.def(i) else {
            return false;
        };
        let rang = |v: &str| {
            def.valeurs
                .iter()
                .position(|p| p.id == v)
                .and_then(|r| u32::try_from(r).ok())
        };
        match (def.type_fait, faits.get(i)) {
            (_, None) => cle.push(0),
            (TypeFait::Booleen, Some(Valeur::Booleen(b))) => cle.push(1 + u32::from(*b)),
            (TypeFait::Choix, Some(Valeur::Texte(t))) => match rang(t) {
                Some(r) => cle.push(3 + r),
                None => return false,
            },
            (TypeFait::Liste, Some(Valeur::Liste(l))) => {
                cle.push(LISTE);
                cle.push(u32::try_from(l.len()).unwrap_or(u32::MAX));
                for v in l {
                    match rang(v) {
                        Some(r) => cle.push(r),
                        None => return false,
                    }
                }
            }
            _ => return false,
        }
    }
    true
}

/// The verdict for these findings, ignoring those whose gravity was lowered
/// or cancelled by a waiver (`gravite_effective` returns `None` for them).
pub fn verdict(
    constats: &[Constat],
    gravite_effective: impl Fn(&Constat) -> Option<Gravite>,
) -> Verdict {
    let mut v = Verdict::Conforme;
    for c in constats {
        let Some(g) = gravite_effective(c) else {
            continue;
        };
        let ce = match (g, c.certitude) {
            (Gravite::Interdit, Certitude::Certain) => Verdict::Interdit,
            (Gravite::NonConforme, Certitude::Certain) => Verdict::NonConforme,
            (Gravite::Interdit | Gravite::NonConforme, Certitude::Possible) => Verdict::AVerifier,
            (Gravite::Vigilance, _) => Verdict::ConformeSousReserve,
            (Gravite::Conseil, _) => Verdict::Conforme,
        };
        v = v.max(ce);
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::tests::SCHEMA_TEST;

    fn regle(id: &str, gravite: &str, quand: &str) -> String {
        format!(
            "- id: {id}\n  titre: t\n  theme: test\n  gravite: {gravite}\n  nature: regle_du_cadre\n  fiabilite: confirme\n  quand: '{quand}'\n  raisonnement: 'Outil {{{{ outil }}}} : {{{{ reponse.categorie_outil }}}}'\n  pourquoi: p\n  remediation: r\n  exemple_conforme: c\n  exemple_non_conforme: n\n  references: [{{ source: cadre, ref: p. 8 }}]\n"
        )
    }

    fn base(regles: &[(&str, &str, &str)]) -> Base {
        let texte: String = regles.iter().map(|(i, g, q)| regle(i, g, q)).collect();
        let (b, d) = Base::depuis_fichiers(
            vec![("r.yaml".into(), texte)],
            vec![("faits.yaml".into(), SCHEMA_TEST.into())],
            false,
        );
        assert!(d.is_empty(), "{d:?}");
        b
    }

    fn faits(b: &Base, doc: &str) -> Faits {
        let p: crate::yaml::Paires<serde_saphyr::Spanned<crate::yaml::Brut>> =
            crate::yaml::lire(doc, "f.yaml").unwrap();
        let mut d = Vec::new();
        let f = b.schema().typer_reponses("f.yaml", &p, &mut d);
        assert!(d.is_empty(), "{d:?}");
        f
    }

    fn issue(b: &Base, doc: &str) -> (Vec<(String, Certitude, Vec<String>)>, Verdict) {
        let m = Moteur::new(b).unwrap();
        let e = m.evaluer(&faits(b, doc), "2026-11-28").unwrap();
        let noms = |v: &[usize]| {
            v.iter()
                .map(|i| b.schema().def(*i).unwrap().id.clone())
                .collect()
        };
        let v = verdict(&e.constats, |c| Some(b.regles()[c.regle].gravite));
        (
            e.constats
                .iter()
                .map(|c| {
                    (
                        b.regles()[c.regle].id.clone(),
                        c.certitude,
                        noms(&c.inconnus),
                    )
                })
                .collect(),
            v,
        )
    }

    const GP_SANS_CONTRAT: &str = r#"categorie_outil == "grand_public" and not contrat_dpa"#;

    #[test]
    fn faits_connus_certain_ou_silence() {
        let b = base(&[("T-01", "interdit", GP_SANS_CONTRAT)]);
        let (c, v) = issue(&b, "categorie_outil: grand_public\ncontrat_dpa: non\n");
        assert_eq!(c, vec![("T-01".into(), Certitude::Certain, vec![])]);
        assert_eq!(v, Verdict::Interdit);
        let (c, v) = issue(&b, "categorie_outil: institutionnel\ncontrat_dpa: non\n");
        assert!(c.is_empty());
        assert_eq!(v, Verdict::Conforme);
    }

    #[test]
    fn fait_inconnu_donne_un_constat_possible_et_a_verifier() {
        let b = base(&[("T-01", "interdit", GP_SANS_CONTRAT)]);
        let (c, v) = issue(&b, "categorie_outil: grand_public\ncontrat_dpa: inconnu\n");
        assert_eq!(
            c,
            vec![(
                "T-01".into(),
                Certitude::Possible,
                vec!["contrat_dpa".into()]
            )]
        );
        assert_eq!(v, Verdict::AVerifier);
        // A fact never asked is unknown too.
        let (c, _) = issue(&b, "categorie_outil: grand_public\n");
        assert_eq!(c[0].1, Certitude::Possible);
    }

    #[test]
    fn court_circuit_inconnu_sans_effet() {
        let b = base(&[
            ("T-01", "interdit", GP_SANS_CONTRAT),
            (
                "T-02",
                "vigilance",
                r#"categorie_outil == "grand_public" or contrat_dpa"#,
            ),
        ]);
        // `and` decided by the known fact: the unknown one does not matter.
        let (c, v) = issue(&b, "categorie_outil: institutionnel\n");
        assert_eq!(
            c,
            vec![(
                "T-02".into(),
                Certitude::Possible,
                vec!["contrat_dpa".into()]
            )]
        );
        assert_eq!(v, Verdict::ConformeSousReserve);
        // `or` decided by the known fact: certain whatever contrat_dpa is.
        let (c, _) = issue(&b, "categorie_outil: grand_public\ncontrat_dpa: oui\n");
        assert_eq!(c, vec![("T-02".into(), Certitude::Certain, vec![])]);
    }

    #[test]
    fn tout_inconnu_jamais_conforme() {
        let b = base(&[(
            "T-01",
            "non_conforme",
            r#""5e" in niveaux and categorie_outil != "institutionnel""#,
        )]);
        let (c, v) = issue(&b, "outil: x\n");
        assert_eq!(c[0].1, Certitude::Possible);
        assert_eq!(
            c[0].2,
            vec!["categorie_outil".to_string(), "niveaux".to_string()]
        );
        assert_eq!(v, Verdict::AVerifier);
    }

    #[test]
    fn liste_inconnue_enumeree() {
        let b = base(&[("T-01", "vigilance", r#"niveaux | length == 2"#)]);
        let (c, _) = issue(&b, "niveaux: inconnu\n");
        assert_eq!(c[0].1, Certitude::Possible);
        let (c, _) = issue(&b, "niveaux: [4e, 5e]\n");
        assert_eq!(c[0].1, Certitude::Certain);
    }

    #[test]
    fn conseil_ne_change_pas_le_verdict_et_date_comparee() {
        let b = base(&[
            ("T-01", "conseil", "true"),
            ("T-02", "non_conforme", r#"date_evaluation >= "2026-08-02""#),
        ]);
        let m = Moteur::new(&b).unwrap();
        let f = faits(&b, "outil: x\n");
        let avant = m.evaluer(&f, "2026-08-01").unwrap();
        assert_eq!(
            verdict(&avant.constats, |c| Some(b.regles()[c.regle].gravite)),
            Verdict::Conforme
        );
        assert_eq!(avant.non_declenchees, vec![1]);
        let apres = m.evaluer(&f, "2026-08-02").unwrap();
        assert_eq!(
            verdict(&apres.constats, |c| Some(b.regles()[c.regle].gravite)),
            Verdict::NonConforme
        );
    }

    #[test]
    fn trace_et_raisonnement() {
        let b = base(&[("T-01", "interdit", GP_SANS_CONTRAT)]);
        let m = Moteur::new(&b).unwrap();
        let f = faits(
            &b,
            "categorie_outil: grand_public\ncontrat_dpa: non\nniveaux: [5e]\n",
        );
        let e = m.evaluer(&f, "2026-11-28").unwrap();
        let trace: Vec<&str> = e.constats[0]
            .trace
            .iter()
            .map(|i| b.schema().def(*i).unwrap().id.as_str())
            .collect();
        assert_eq!(trace, vec!["categorie_outil", "contrat_dpa"]);
        assert_eq!(
            m.raisonnement(0, &m.contexte_raisonnement(&f, "ChatGPT"))
                .unwrap(),
            "Outil ChatGPT : grand public"
        );
    }

    #[test]
    fn verdict_ordre() {
        assert!(Verdict::Interdit > Verdict::NonConforme);
        assert!(Verdict::NonConforme > Verdict::AVerifier);
        assert!(Verdict::AVerifier > Verdict::ConformeSousReserve);
        assert!(Verdict::ConformeSousReserve > Verdict::Conforme);
    }
}
