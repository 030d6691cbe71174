//! Evaluation of the rules against the facts of one assessment, with unknown
//! facts: a rule whose condition reads unknown facts is evaluated for every
//! value they could take (certain / possible / silent), and the verdict
//! follows DESIGN §4.

use crate::base::Base;
use crate::facts::{Faits, Schema, TypeFait, Valeur};
use crate::rules::{nom_gabarit_raisonnement, Gravite, Regle};
use minijinja::value::{Object, Value};
use minijinja::Expression;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

/// Beyond this number of combinations of unknown values, list facts are
/// enumerated through representative subsets only.
const COMBINAISONS_EXACTES: usize = 4096;
/// Beyond this number even with representatives, the finding is `possible`.
const COMBINAISONS_MAX: usize = 50_000;
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
    pub const TOUS: [Verdict; 5] = [Verdict::Interdit, Verdict::NonConforme, Verdict::AVerifier, Verdict::ConformeSousReserve, Verdict::Conforme];

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
        write!(f, "la condition de la règle {} n'a pas pu être évaluée : {}", self.regle, self.message)
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
        self.valeurs.get(i).cloned().flatten()
    }
}

/// Prepared facts of one assessment, shared by all rule evaluations.
pub(crate) struct FaitsPrepares {
    noms: Arc<HashMap<String, usize>>,
    valeurs: Arc<Vec<Option<Value>>>,
    date: Value,
}

/// Fact id → schema index, as conditions look facts up.
fn index_noms(schema: &Schema) -> Arc<HashMap<String, usize>> {
    Arc::new(schema.faits().iter().enumerate().map(|(i, d)| (d.id.clone(), i)).collect())
}

impl FaitsPrepares {
    pub(crate) fn new(schema: &Schema, faits: &Faits, date: &str) -> Self {
        FaitsPrepares::avec_noms(index_noms(schema), schema, faits, date)
    }

    fn avec_noms(noms: Arc<HashMap<String, usize>>, schema: &Schema, faits: &Faits, date: &str) -> Self {
        let valeurs = (0..schema.faits().len()).map(|i| faits.get(i).map(Valeur::vers_jinja)).collect();
        FaitsPrepares { noms, valeurs: Arc::new(valeurs), date: Value::from(date) }
    }

    pub(crate) fn contexte(&self, surcharges: Vec<(usize, Value)>) -> Value {
        Value::from_object(ContexteFaits {
            noms: Arc::clone(&self.noms),
            valeurs: Arc::clone(&self.valeurs),
            surcharges,
            date: self.date.clone(),
        })
    }
}

/// The values an unknown fact may take, for enumeration.
pub(crate) fn domaine_enumere(schema: &Schema, i: usize, representatif: bool) -> Vec<Value> {
    let Some(def) = schema.def(i) else { return Vec::new() };
    let ids: Vec<&str> = def.valeurs.iter().map(|p| p.id.as_str()).collect();
    let liste = |v: Vec<&str>| Value::from(v.into_iter().map(Value::from).collect::<Vec<_>>());
    match def.type_fait {
        TypeFait::Booleen => vec![Value::from(false), Value::from(true)],
        TypeFait::Choix => ids.iter().map(|s| Value::from(*s)).collect(),
        TypeFait::Texte => vec![Value::from("")],
        TypeFait::Liste if !representatif && ids.len() <= 6 => (0u32..(1 << ids.len()))
            .map(|masque| liste(ids.iter().enumerate().filter(|(k, _)| masque & (1 << k) != 0).map(|(_, s)| *s).collect()))
            .collect(),
        TypeFait::Liste => {
            let mut v = vec![liste(Vec::new())];
            for k in 0..ids.len() {
                v.push(liste(vec![ids[k]]));
                v.push(liste(ids.iter().enumerate().filter(|(m, _)| *m != k).map(|(_, s)| *s).collect()));
            }
            v.push(liste(ids.clone()));
            v
        }
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
    noms: Arc<HashMap<String, usize>>,
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
    Declenche { certitude: Certitude, inconnus: Vec<usize> },
}

impl<'b> Moteur<'b> {
    /// Compiles every rule condition of `base`. The base was validated, so a
    /// condition that does not compile is reported as an error.
    pub fn new(base: &'b Base) -> Result<Self, ErreurEvaluation> {
        let mut conditions = Vec::with_capacity(base.regles().len());
        for r in base.regles() {
            let e = base.env().compile_expression(&r.quand).map_err(|e| ErreurEvaluation { regle: r.id.clone(), message: e.to_string() })?;
            conditions.push(e);
        }
        let memo = Memo { date: String::new(), par_regle: vec![HashMap::new(); conditions.len()] };
        Ok(Moteur { base, conditions, noms: index_noms(base.schema()), memo: Mutex::new(memo) })
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
        let mut eval = Evaluation { constats: Vec::new(), non_declenchees: Vec::new() };
        for (k, (regle, expr)) in self.base.regles().iter().zip(&self.conditions).enumerate() {
            let memorisable = cle_memo(schema, regle, faits, &mut cle);
            let connue = if memorisable { memo.par_regle.get(k).and_then(|m| m.get(cle.as_slice())).cloned() } else { None };
            let issue = match connue {
                Some(issue) => issue,
                None => {
                    let (p, sans_surcharge) = prepares.get_or_insert_with(|| {
                        let p = FaitsPrepares::avec_noms(Arc::clone(&self.noms), schema, faits, date);
                        let v = p.contexte(Vec::new());
                        (p, v)
                    });
                    let issue = self.issue(regle, expr, faits, p, sans_surcharge)?;
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
                Issue::Declenche { certitude, inconnus } => {
                    let trace = regle.faits_lus.iter().copied().filter(|i| faits.get(*i).is_some() || inconnus.contains(i)).collect();
                    eval.constats.push(Constat { regle: k, certitude, inconnus, trace });
                }
            }
        }
        Ok(eval)
    }

    fn issue(&self, regle: &Regle, expr: &Expression<'b, 'b>, faits: &Faits, prepares: &FaitsPrepares, sans_surcharge: &Value) -> Result<Issue, ErreurEvaluation> {
        let schema = self.base.schema();
        let evaluer = |ctx: Value| -> Result<bool, ErreurEvaluation> {
            let v = expr.eval(ctx).map_err(|e| ErreurEvaluation { regle: regle.id.clone(), message: e.to_string() })?;
            if v.is_undefined() {
                return Err(ErreurEvaluation { regle: regle.id.clone(), message: "la condition ne produit aucune valeur".to_string() });
            }
            Ok(v.is_true())
        };
        let inconnus: Vec<usize> = regle.faits_lus.iter().copied().filter(|i| faits.get(*i).is_none()).collect();
        if inconnus.is_empty() {
            let vrai = evaluer(sans_surcharge.clone())?;
            return Ok(if vrai { Issue::Declenche { certitude: Certitude::Certain, inconnus: Vec::new() } } else { Issue::Silence });
        }
        let mut domaines: Vec<Vec<Value>> = inconnus.iter().map(|i| domaine_enumere(schema, *i, false)).collect();
        if produit(&domaines) > COMBINAISONS_EXACTES {
            domaines = inconnus.iter().map(|i| domaine_enumere(schema, *i, true)).collect();
        }
        if produit(&domaines) > COMBINAISONS_MAX {
            return Ok(Issue::Declenche { certitude: Certitude::Possible, inconnus });
        }
        // Odometer over every combination; results stored in mixed radix order.
        let total = produit(&domaines);
        let mut resultats = Vec::with_capacity(total);
        let mut chiffres = vec![0usize; domaines.len()];
        for _ in 0..total {
            let surcharges = inconnus.iter().zip(&chiffres).zip(&domaines).map(|((i, c), d)| (*i, d[*c].clone())).collect();
            resultats.push(evaluer(prepares.contexte(surcharges))?);
            for (c, d) in chiffres.iter_mut().zip(&domaines) {
                *c += 1;
                if *c < d.len() {
                    break;
                }
                *c = 0;
            }
        }
        if resultats.iter().all(|r| !r) {
            return Ok(Issue::Silence);
        }
        let certitude = if resultats.iter().all(|r| *r) { Certitude::Certain } else { Certitude::Possible };
        let pertinents = if certitude == Certitude::Certain { Vec::new() } else { faits_pertinents(&inconnus, &domaines, &resultats) };
        Ok(Issue::Declenche { certitude, inconnus: pertinents })
    }

    /// Renders the reasoning message of rule `k` for these facts.
    pub fn raisonnement(&self, k: usize, faits: &Faits, outil: &str) -> Result<String, ErreurEvaluation> {
        let regle = &self.base.regles()[k];
        let gabarit = self.base.env().get_template(&nom_gabarit_raisonnement(&regle.id)).map_err(|e| ErreurEvaluation { regle: regle.id.clone(), message: e.to_string() })?;
        gabarit
            .render(contexte_gabarit(self.base.schema(), faits, outil))
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
            .map_err(|e| ErreurEvaluation { regle: regle.id.clone(), message: e.to_string() })
    }
}

/// Writes into `cle` a code of the values of the facts `regle` reads (one
/// injective code per fact type, list order kept). Returns false when a value
/// cannot be coded (free text, or a value outside its domain): the rule is
/// then evaluated without the memo.
fn cle_memo(schema: &Schema, regle: &Regle, faits: &Faits, cle: &mut Vec<u32>) -> bool {
    const LISTE: u32 = u32::MAX;
    cle.clear();
    for &i in &regle.faits_lus {
        let Some(def) = schema.def(i) else { return false };
        let rang = |v: &str| def.valeurs.iter().position(|p| p.id == v).and_then(|r| u32::try_from(r).ok());
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

fn produit(domaines: &[Vec<Value>]) -> usize {
    domaines.iter().fold(1usize, |acc, d| acc.saturating_mul(d.len().max(1)))
}

/// The unknown facts whose value changes the result, the others held fixed.
fn faits_pertinents(inconnus: &[usize], domaines: &[Vec<Value>], resultats: &[bool]) -> Vec<usize> {
    let mut pas = Vec::with_capacity(domaines.len());
    let mut p = 1;
    for d in domaines {
        pas.push(p);
        p *= d.len();
    }
    inconnus
        .iter()
        .enumerate()
        .filter(|(k, _)| {
            let (taille, pas_k) = (domaines[*k].len(), pas[*k]);
            (0..resultats.len()).filter(|r| (r / pas_k) % taille == 0).any(|r| (1..taille).any(|c| resultats.get(r + c * pas_k) != resultats.get(r)))
        })
        .map(|(_, i)| *i)
        .collect()
}

/// The context of reasoning templates: `outil`, every fact's raw value (none
/// when unknown), and `reponse.FAIT`, the French wording of each answer.
pub(crate) fn contexte_gabarit(schema: &Schema, faits: &Faits, outil: &str) -> Value {
    let mut ctx: BTreeMap<String, Value> = BTreeMap::new();
    let mut reponses: BTreeMap<String, Value> = BTreeMap::new();
    for (i, def) in schema.faits().iter().enumerate() {
        let v = faits.get(i);
        ctx.insert(def.id.clone(), v.map(Valeur::vers_jinja).unwrap_or(Value::from(())));
        reponses.insert(def.id.clone(), Value::from(schema.reponse_texte(i, v)));
    }
    ctx.insert("reponse".to_string(), Value::from(reponses));
    ctx.insert("outil".to_string(), Value::from(outil));
    Value::from(ctx)
}

/// The verdict for these findings, ignoring those whose gravity was lowered
/// or cancelled by a waiver (`gravite_effective` returns `None` for them).
pub fn verdict(constats: &[Constat], gravite_effective: impl Fn(&Constat) -> Option<Gravite>) -> Verdict {
    let mut v = Verdict::Conforme;
    for c in constats {
        let Some(g) = gravite_effective(c) else { continue };
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
