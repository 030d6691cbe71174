//! Le moteur : les règles évaluées sur les faits d'une évaluation, réponses
//! manquantes comprises. Chaque condition typée est évaluée exactement sur
//! toutes les valeurs que les réponses manquantes pourraient prendre (certaine,
//! à confirmer ou muette, avec exactement les faits inconnus qui peuvent
//! changer le résultat) ; le verdict suit DESIGN §4, verdict conjoint compris.

mod conjoint;

pub use conjoint::{AConfirmer, Cas, Couverture, VerdictConjoint};

use crate::base::Base;
use crate::condition::Issue;
use crate::condition::evaluation::{Codage, kleene};
use crate::date::Date;
use crate::faits::Faits;
use crate::regles::contexte_gabarit;
use crate::regles::nom_gabarit_raisonnement;
use crate::vocabulaire::vocabulaire;
use minijinja::value::Value;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Mutex;

/// Outcomes remembered per rule; past this the memo stops growing.
const MEMO_MAX_PAR_REGLE: usize = 1 << 12;

/// Whether a finding holds whatever the unknown answers are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Certitude {
    /// True for every possible value of the unknown facts.
    Certain,
    /// True for some values only: the answers are needed.
    Possible,
}

vocabulaire! {
    /// Le verdict d'une évaluation, du meilleur au pire.
    #[derive(PartialOrd, Ord)]
    pub enum Verdict : TOUS = [Interdit, NonConforme, AVerifier, ConformeSousReserve, Conforme] {
        /// Aucun constat au-dessus du conseil.
        Conforme => "conforme", "Conforme",
        /// Seulement des points de vigilance.
        ConformeSousReserve => "conforme_sous_reserve", "Conforme sous réserve (points de vigilance)",
        /// Un constat interdit ou non conforme possible : des réponses manquent.
        AVerifier => "a_verifier", "À vérifier (des réponses manquent pour conclure)",
        /// Un constat non conforme certain.
        NonConforme => "non_conforme", "Non conforme",
        /// Un constat interdit certain.
        Interdit => "interdit", "Interdit",
    }
}

impl Verdict {
    /// Forme courte, dans une phrase (« au pire interdit »).
    pub fn court(self) -> &'static str {
        match self {
            Verdict::Conforme => "conforme",
            Verdict::ConformeSousReserve => "conforme sous réserve",
            Verdict::AVerifier => "à vérifier",
            Verdict::NonConforme => "non conforme",
            Verdict::Interdit => "interdit",
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
pub struct Resultat {
    /// Rules that fired, in rule order.
    pub constats: Vec<Constat>,
    /// Rules checked that did not fire.
    pub non_declenchees: Vec<usize>,
}

/// A condition that could not be evaluated. Conditions are typed when the
/// base is loaded, so this only reports a reasoning template that failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErreurEvaluation {
    /// Rule id.
    pub regle: String,
    /// What went wrong.
    pub message: String,
}

impl std::fmt::Display for ErreurEvaluation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "le raisonnement de la règle {} n'a pas pu être produit : {}",
            self.regle, self.message
        )
    }
}

/// Rules ready for evaluation, with a memo of the outcomes that needed a
/// search (answers missing).
///
/// A condition's outcome depends only on what is known of the facts it reads
/// and on the date, so the outcome of a search is remembered per rule under
/// those states: an inventory of many similar tools, or a questionnaire
/// re-evaluated after each answer, searches each distinct case once.
pub struct Moteur<'b> {
    base: &'b Base,
    memo: Mutex<Memo>,
    /// The schema, shared with the reasoning contexts.
    schema: std::sync::Arc<crate::faits::Schema>,
}

/// Outcomes already searched, for one assessment date.
#[derive(Default)]
struct Memo {
    date: u32,
    par_regle: Vec<HashMap<Box<[u64]>, Issue>>,
}

impl<'b> Moteur<'b> {
    /// An engine over `base` (whose conditions were typed when it was loaded).
    pub fn new(base: &'b Base) -> Result<Self, ErreurEvaluation> {
        Ok(Moteur {
            base,
            memo: Mutex::new(Memo {
                date: 0,
                par_regle: vec![HashMap::new(); base.regles().len()],
            }),
            schema: std::sync::Arc::clone(base.schema_partage()),
        })
    }

    /// The base the engine evaluates.
    pub fn base(&self) -> &'b Base {
        self.base
    }

    /// The coding of facts into states.
    pub(crate) fn codage(&self) -> &'b Codage {
        self.base.codage()
    }

    /// Evaluates every rule for `faits` at date `date` (`YYYY-MM-DD`).
    pub fn evaluer(&self, faits: &Faits, date: Date) -> Result<Resultat, ErreurEvaluation> {
        let schema = self.base.schema();
        let jour = date.aaaammjj();
        let mut etats = self.codage().etats(schema, faits);
        let mut eval = Resultat {
            constats: Vec::new(),
            non_declenchees: Vec::new(),
        };
        let mut memo: Option<std::sync::MutexGuard<'_, Memo>> = None;
        let mut cle: Vec<u64> = Vec::new();
        for (k, regle) in self.base.regles().iter().enumerate() {
            let issue = match kleene(&regle.condition.noeud, &etats, self.codage(), jour) {
                Some(true) => Issue::Vraie,
                Some(false) => Issue::Fausse,
                None => {
                    // A poisoned memo only means another thread panicked mid-insert: its content is still valid.
                    let m = memo.get_or_insert_with(|| {
                        let mut m = self.memo.lock().unwrap_or_else(|e| e.into_inner());
                        if m.date != jour {
                            m.date = jour;
                            m.par_regle.iter_mut().for_each(HashMap::clear);
                        }
                        m
                    });
                    cle.clear();
                    for f in &regle.faits_lus {
                        let e = etats.get(*f).copied().unwrap_or_default();
                        cle.push(e.a);
                        cle.push(e.b);
                    }
                    match m.par_regle.get(k).and_then(|t| t.get(cle.as_slice())) {
                        Some(i) => i.clone(),
                        None => {
                            let i = regle.condition.evaluer(&mut etats, self.codage(), jour);
                            if let Some(t) = m.par_regle.get_mut(k)
                                && t.len() < MEMO_MAX_PAR_REGLE
                            {
                                t.insert(cle.as_slice().into(), i.clone());
                            }
                            i
                        }
                    }
                }
            };
            let (certitude, inconnus) = match issue {
                Issue::Fausse => {
                    eval.non_declenchees.push(k);
                    continue;
                }
                Issue::Vraie => (Certitude::Certain, Vec::new()),
                Issue::Possible { inconnus, .. } => (Certitude::Possible, inconnus),
            };
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
        Ok(eval)
    }

    /// The context of reasoning templates for one assessment; build it once
    /// and pass it to [`Moteur::raisonnement`] for each finding.
    pub fn contexte_raisonnement(&self, faits: &Faits, outil: &str) -> Value {
        contexte_gabarit(&self.schema, faits, outil)
    }

    /// Renders the reasoning message of rule `k` in `contexte` (from
    /// [`Moteur::contexte_raisonnement`]).
    pub fn raisonnement(&self, k: usize, contexte: &Value) -> Result<String, ErreurEvaluation> {
        let Some(regle) = self.base.regles().get(k) else {
            return Err(ErreurEvaluation {
                regle: format!("n° {k}"),
                message: "règle inconnue".to_string(),
            });
        };
        let gabarit = self
            .base
            .env()
            .get_template(&nom_gabarit_raisonnement(&regle.id))
            .map_err(|e| ErreurEvaluation {
                regle: regle.id.clone(),
                message: crate::regles::detail_gabarit(&e),
            })?;
        gabarit
            .render(contexte)
            .map(replier_espaces)
            .map_err(|e| ErreurEvaluation {
                regle: regle.id.clone(),
                message: crate::regles::detail_gabarit(&e),
            })
    }

    /// A reasoning context for `faits` and the tool named `outil` (`None`:
    /// a sentinel in its place, see `regles::contexte`) that records what
    /// each template reads; one per tool serves all its findings.
    pub fn contexte_suivi(
        &self,
        faits: &Faits,
        outil: Option<&str>,
    ) -> crate::regles::contexte::Suivi {
        crate::regles::contexte::contexte_suivi(&self.schema, faits, outil)
    }

    /// Renders the reasoning of rule `k` in `suivi` (from
    /// [`Moteur::contexte_suivi`]) and says what the template read: the same
    /// text holds for any tool with the same answers to those facts.
    pub fn raisonnement_lu(
        &self,
        k: usize,
        suivi: &crate::regles::contexte::Suivi,
    ) -> Result<(String, crate::regles::contexte::Lectures), ErreurEvaluation> {
        suivi.1.effacer();
        let texte = self.raisonnement(k, &suivi.0)?;
        Ok((texte, suivi.1.lectures()))
    }
}

/// Collapses runs of white space (left by template tags and folded YAML) to
/// one space, trimmed, in one pass; a text already folded is kept as is.
fn replier_espaces(s: String) -> String {
    let deja = !s.starts_with(' ')
        && !s.ends_with(' ')
        && !s.contains("  ")
        && !s.contains(|c: char| c.is_whitespace() && c != ' ');
    if deja {
        return s;
    }
    let mut out = String::with_capacity(s.len());
    for mot in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(mot);
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::faits::tests::SCHEMA_TEST;

    fn regle(id: &str, gravite: &str, quand: &str) -> String {
        format!(
            "- id: {id}\n  titre: t\n  theme: test\n  gravite: {gravite}\n  nature: regle_du_cadre\n  fiabilite: confirme\n  quand: '{quand}'\n  raisonnement: 'Outil {{{{ outil }}}} : {{{{ reponse.categorie_outil }}}}'\n  pourquoi: p\n  remediation: r\n  exemple_conforme: c\n  exemple_non_conforme: n\n  references: [{{ source: cadre, ref: p. 8 }}]\n"
        )
    }

    #[test]
    fn un_raisonnement_a_court_de_carburant_est_dit_en_francais() {
        // Le gabarit ne boucle que pour un enseignant : la validation (faits
        // inconnus) le laisse passer, l'évaluation d'un jeu externe l'arrête.
        let regle = "- id: T-01\n  titre: t\n  theme: test\n  gravite: vigilance\n  nature: regle_du_cadre\n  fiabilite: confirme\n  quand: 'categorie_outil == \"grand_public\"'\n  raisonnement: '{% if categorie_outil == \"grand_public\" %}{% for i in range(1000) %}{% for j in range(1000) %}x{% endfor %}{% endfor %}{% endif %}'\n  pourquoi: p\n  remediation: r\n  exemple_conforme: c\n  exemple_non_conforme: n\n  references: [{ source: cadre, ref: p. 8 }]\n";
        let (b, d) = Base::depuis_fichiers(
            vec![("r.yaml".into(), regle.into())],
            vec![("faits.yaml".into(), SCHEMA_TEST.into())],
            true,
        );
        assert!(!crate::diag::contient_erreur(&d), "{d:?}");
        let m = Moteur::new(&b).unwrap();
        let mut faits = Faits::inconnus(b.schema());
        let i = b.schema().indice("categorie_outil").unwrap();
        faits.set(i, Some(crate::faits::Valeur::Texte("grand_public".into())));
        let e = m
            .evaluer(&faits, crate::date::Date::depuis("2026-12-01").unwrap())
            .unwrap();
        let ctx = m.contexte_raisonnement(&faits, "X");
        let err = m.raisonnement(e.constats[0].regle, &ctx).unwrap_err();
        assert!(err.message.contains("calcul trop long"), "{err}");
        assert!(!err.to_string().contains("ran out of fuel"), "{err}");
    }

    /// Une base de test : les règles `(id, gravité, condition)` sur le schéma de test.
    pub(crate) fn base(regles: &[(&str, &str, &str)]) -> Base {
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
        let e = m
            .evaluer(
                &faits(b, doc),
                crate::date::Date::depuis("2026-11-28").unwrap(),
            )
            .unwrap();
        let noms = |v: &[usize]| {
            v.iter()
                .map(|i| b.schema().def(*i).unwrap().id.clone())
                .collect()
        };
        let v = m
            .verdict_conjoint(
                &faits(b, doc),
                crate::date::Date::depuis("2026-11-28").unwrap(),
                &e,
                |k| Some(b.regles()[k].gravite),
            )
            .verdict;
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
        let g = |k: usize| Some(b.regles()[k].gravite);
        let avant = m
            .evaluer(&f, crate::date::Date::depuis("2026-08-01").unwrap())
            .unwrap();
        assert_eq!(
            m.verdict_conjoint(
                &f,
                crate::date::Date::depuis("2026-08-01").unwrap(),
                &avant,
                g
            )
            .verdict,
            Verdict::Conforme
        );
        assert_eq!(avant.non_declenchees, vec![1]);
        let apres = m
            .evaluer(&f, crate::date::Date::depuis("2026-08-02").unwrap())
            .unwrap();
        assert_eq!(
            m.verdict_conjoint(
                &f,
                crate::date::Date::depuis("2026-08-02").unwrap(),
                &apres,
                g
            )
            .verdict,
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
        let e = m
            .evaluer(&f, crate::date::Date::depuis("2026-11-28").unwrap())
            .unwrap();
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
