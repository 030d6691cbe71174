//! The flow of a questionnaire, without any user interface: which question
//! is asked, which are hidden (by their wording condition `quand`, or because
//! their answer can no longer change anything: see [`super::pertinence`]),
//! going back, changing an earlier answer, « je ne sais pas », and the facts
//! that result. The session, the TUI, the plain line mode and the tests all
//! drive this one state machine.

use super::{Question, Questionnaire, Section};
use crate::base::Base;
use crate::date::Date;
use crate::faits::{Faits, TypeFait, Valeur};
use crate::moteur::Moteur;
use crate::reponses::{OUTIL_NON_NOMME, Reponses};

/// An answer to one question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reponse {
    /// « Je ne sais pas »: the fact stays unknown.
    Inconnu,
    /// A value of the fact.
    Valeur(Valeur),
}

/// Where the flow stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Etape {
    /// Question number `k` (index over all questions, in order) is asked.
    Question(usize),
    /// No question is pending: the answers are reviewed.
    Revue,
}

/// How a question is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saisie {
    /// Free text.
    Texte,
    /// One choice (a choice fact, or oui/non).
    Unique,
    /// Several choices, possibly none (a list fact).
    Multiple,
}

/// One offered choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choix {
    /// Value id (`grand_public`, `oui`).
    pub id: String,
    /// French label.
    pub libelle: String,
}

/// Where the person is in the questionnaire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progression {
    /// Rank of the current question among the visible ones (1-based; 0 at review).
    pub rang: usize,
    /// Number of visible questions.
    pub total: usize,
    /// Visible questions answered.
    pub repondues: usize,
    /// Sections whose visible questions are all answered.
    pub sections_finies: usize,
    /// Sections with at least one visible question.
    pub sections: usize,
    /// Rank of the current question's section among those sections (1-based; 0 at review).
    pub rang_section: usize,
    /// Visible questions still without an answer: « encore au plus N
    /// questions » (relevance only removes questions as answers come).
    pub restantes: usize,
}

/// A refused answer, with the reason in French.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refus(pub String);

impl std::fmt::Display for Refus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The questionnaires in the order offered to people: teacher first, then
/// DPO, then staff, then any other (an académie's own).
pub fn profils(base: &Base) -> Vec<&Questionnaire> {
    let rang = |id: &str| {
        ["enseignant", "dpo", "administratif"]
            .iter()
            .position(|p| *p == id)
            .unwrap_or(3)
    };
    let mut qs: Vec<&Questionnaire> = base.questionnaires().iter().collect();
    qs.sort_by_key(|q| rang(&q.id));
    qs
}

struct QuestionPlacee<'b> {
    section: usize,
    question: &'b Question,
    fait: usize,
}

/// The state of one questionnaire being answered.
pub struct Flux<'b> {
    base: &'b Base,
    moteur: Moteur<'b>,
    lus_par_les_regles: Vec<bool>,
    questionnaire: &'b Questionnaire,
    entrees: Vec<QuestionPlacee<'b>>,
    reponses: Vec<Option<Reponse>>,
    visibles: Vec<bool>,
    supplementaires: Vec<(usize, Option<Valeur>)>,
    faits: Faits,
    etape: Etape,
    date: Date,
}

impl<'b> Flux<'b> {
    /// Starts questionnaire `id` of `base`; `date` (`YYYY-MM-DD`) is the
    /// assessment date that conditions may read.
    pub fn new(base: &'b Base, id: &str, date: Date) -> Result<Flux<'b>, Refus> {
        let Some(questionnaire) = base.questionnaire(id) else {
            let ids: Vec<&str> = base
                .questionnaires()
                .iter()
                .map(|q| q.id.as_str())
                .collect();
            return Err(Refus(format!(
                "questionnaire `{id}` inconnu ; {}questionnaires possibles : {}",
                crate::diag::vouliez_vous_dire(id, ids.iter().copied()),
                ids.join(", ")
            )));
        };
        let schema = base.schema();
        let mut entrees = Vec::new();
        for (s, section) in questionnaire.sections.iter().enumerate() {
            for question in &section.questions {
                let Some(fait) = schema.indice(&question.fait) else {
                    continue;
                };
                entrees.push(QuestionPlacee {
                    section: s,
                    question,
                    fait,
                });
            }
        }
        let n = entrees.len();
        let moteur = Moteur::new(base).map_err(|e| Refus(e.to_string()))?;
        let lus_par_les_regles = super::pertinence::faits_lus_par_les_regles(&moteur);
        let mut flux = Flux {
            base,
            moteur,
            lus_par_les_regles,
            questionnaire,
            entrees,
            reponses: vec![None; n],
            visibles: vec![true; n],
            supplementaires: Vec::new(),
            faits: Faits::inconnus(schema),
            etape: Etape::Revue,
            date,
        };
        flux.recalculer();
        flux.etape = flux
            .premiere_sans_reponse()
            .map(Etape::Question)
            .unwrap_or(Etape::Revue);
        Ok(flux)
    }

    /// Resumes with earlier answers: `(fact index, answer)` pairs. Answers to
    /// facts this questionnaire does not ask are kept as they are. The flow
    /// goes to the first visible question without an answer, or to review.
    pub fn reprendre(&mut self, reponses: Vec<(usize, Reponse)>) {
        for (fait, r) in reponses {
            match self.entrees.iter().position(|e| e.fait == fait) {
                Some(k) => {
                    if let Some(slot) = self.reponses.get_mut(k) {
                        *slot = Some(r);
                    }
                }
                None => {
                    let v = match r {
                        Reponse::Inconnu => None,
                        Reponse::Valeur(v) => Some(v),
                    };
                    self.supplementaires.retain(|(i, _)| *i != fait);
                    self.supplementaires.push((fait, v));
                }
            }
        }
        self.recalculer();
        self.etape = self
            .premiere_sans_reponse()
            .map(Etape::Question)
            .unwrap_or(Etape::Revue);
    }

    /// Pre-fills answers (a tool's fiche): each `(fact index, answer)` is
    /// recorded only where the question has no answer yet (a fact this
    /// questionnaire does not ask is kept as a resumed one is). Returns the
    /// facts actually filled. The flow then goes to the first visible
    /// question without an answer.
    pub fn preremplir(&mut self, reponses: Vec<(usize, Reponse)>) -> Vec<usize> {
        let mut faits = Vec::new();
        let mut a_reprendre = Vec::new();
        for (fait, r) in reponses {
            let libre = match self.entrees.iter().position(|e| e.fait == fait) {
                Some(k) => self.reponse(k).is_none(),
                None => !self.supplementaires.iter().any(|(i, _)| *i == fait),
            };
            if libre {
                faits.push(fait);
                a_reprendre.push((fait, r));
            }
        }
        if !a_reprendre.is_empty() {
            self.reprendre(a_reprendre);
        }
        faits
    }

    /// Recomputes which questions are shown and the resulting facts, in
    /// question order: question `k` is shown when its wording condition can
    /// be true and its answer can still change a finding
    /// ([`super::pertinence`]), both judged with the answers to the shown
    /// questions before it (later ones count as unknown). Facts are
    /// re-evaluated only where an earlier answer added something known.
    fn recalculer(&mut self) {
        let schema = self.base.schema();
        let mut faits = Faits::inconnus(schema);
        for (i, v) in &self.supplementaires {
            faits.set(*i, v.clone());
        }
        let mut determinants: Option<Vec<bool>> = None;
        for (k, e) in self.entrees.iter().enumerate() {
            let formulable = match &e.question.quand {
                None => true,
                Some(c) => {
                    c.peut_etre_vraie(schema, self.base.codage(), &faits, self.date.aaaammjj())
                }
            };
            let pertinente = formulable
                && (!self
                    .lus_par_les_regles
                    .get(e.fait)
                    .copied()
                    .unwrap_or(false)
                    || {
                        let d = determinants.get_or_insert_with(|| {
                            super::pertinence::faits_determinants(&self.moteur, &faits, self.date)
                                // A failed evaluation hides nothing.
                                .unwrap_or_else(|_| vec![true; faits.len()])
                        });
                        d.get(e.fait).copied().unwrap_or(true)
                    });
            if let Some(slot) = self.visibles.get_mut(k) {
                *slot = pertinente;
            }
            if pertinente && let Some(Some(Reponse::Valeur(v))) = self.reponses.get(k) {
                faits.set(e.fait, Some(v.clone()));
                determinants = None;
            }
        }
        self.faits = faits;
    }

    fn premiere_sans_reponse(&self) -> Option<usize> {
        (0..self.entrees.len()).find(|k| self.visible(*k) && self.reponse(*k).is_none())
    }

    /// The base the questionnaire comes from.
    pub fn base(&self) -> &'b Base {
        self.base
    }

    /// The questionnaire.
    pub fn questionnaire(&self) -> &'b Questionnaire {
        self.questionnaire
    }

    /// The assessment date.
    pub fn date(&self) -> Date {
        self.date
    }

    /// Where the flow stands.
    pub fn etape(&self) -> Etape {
        self.etape
    }

    /// Number of questions (visible or not).
    pub fn nombre(&self) -> usize {
        self.entrees.len()
    }

    /// Question number `k`.
    pub fn question(&self, k: usize) -> Option<&'b Question> {
        self.entrees.get(k).map(|e| e.question)
    }

    /// The section of question number `k`.
    pub fn section(&self, k: usize) -> Option<&'b Section> {
        self.entrees
            .get(k)
            .and_then(|e| self.questionnaire.sections.get(e.section))
    }

    /// The rank of the section of question `k` (0-based) among all sections.
    pub fn rang_section(&self, k: usize) -> Option<usize> {
        self.entrees.get(k).map(|e| e.section)
    }

    /// Whether question `k` is shown with the current answers.
    pub fn visible(&self, k: usize) -> bool {
        self.visibles.get(k).copied().unwrap_or(false)
    }

    /// The recorded answer to question `k` (kept even while it is hidden;
    /// hidden answers count nowhere).
    pub fn reponse(&self, k: usize) -> Option<&Reponse> {
        self.reponses.get(k).and_then(|r| r.as_ref())
    }

    /// How question `k` is answered.
    pub fn saisie(&self, k: usize) -> Saisie {
        let type_fait = self
            .entrees
            .get(k)
            .and_then(|e| self.base.schema().def(e.fait))
            .map(|d| d.type_fait);
        match type_fait {
            Some(TypeFait::Liste) => Saisie::Multiple,
            Some(TypeFait::Texte) | None => Saisie::Texte,
            Some(TypeFait::Booleen | TypeFait::Choix) => Saisie::Unique,
        }
    }

    /// The choices offered by question `k` (empty for a text question).
    pub fn choix(&self, k: usize) -> Vec<Choix> {
        let Some(e) = self.entrees.get(k) else {
            return Vec::new();
        };
        let Some(def) = self.base.schema().def(e.fait) else {
            return Vec::new();
        };
        match def.type_fait {
            TypeFait::Texte => Vec::new(),
            TypeFait::Booleen => vec![
                Choix {
                    id: "oui".into(),
                    libelle: "Oui".into(),
                },
                Choix {
                    id: "non".into(),
                    libelle: "Non".into(),
                },
            ],
            TypeFait::Choix | TypeFait::Liste => def
                .valeurs
                .iter()
                .filter(|v| e.question.choix.is_empty() || e.question.choix.contains(&v.id))
                .map(|v| Choix {
                    id: v.id.clone(),
                    libelle: v.libelle.clone(),
                })
                .collect(),
        }
    }

    /// The value that choosing `id` gives for question `k` (`oui` is `true`
    /// for a yes/no fact).
    pub fn valeur_choisie(&self, k: usize, id: &str) -> Option<Valeur> {
        let def = self
            .entrees
            .get(k)
            .and_then(|e| self.base.schema().def(e.fait))?;
        match def.type_fait {
            TypeFait::Booleen => Some(Valeur::Booleen(id == "oui")),
            TypeFait::Choix => Some(Valeur::Texte(id.to_string())),
            TypeFait::Liste | TypeFait::Texte => None,
        }
    }

    /// The answer to question `k` in words (« je ne sais pas », labels).
    pub fn reponse_texte(&self, k: usize) -> Option<String> {
        let e = self.entrees.get(k)?;
        let r = self.reponse(k)?;
        let v = match r {
            Reponse::Inconnu => None,
            Reponse::Valeur(v) => Some(v),
        };
        Some(self.base.schema().reponse_texte(e.fait, v))
    }

    /// Position and counts for a progress line.
    pub fn progression(&self) -> Progression {
        let visibles: Vec<usize> = (0..self.entrees.len())
            .filter(|k| self.visible(*k))
            .collect();
        let rang = match self.etape {
            Etape::Question(k) => visibles.iter().filter(|j| **j <= k).count(),
            Etape::Revue => 0,
        };
        let mut sections = 0;
        let mut sections_finies = 0;
        let mut rang_section = 0;
        let courante = match self.etape {
            Etape::Question(k) => self.entrees.get(k).map(|e| e.section),
            Etape::Revue => None,
        };
        for s in 0..self.questionnaire.sections.len() {
            let dans: Vec<&usize> = visibles
                .iter()
                .filter(|k| self.entrees.get(**k).is_some_and(|e| e.section == s))
                .collect();
            if !dans.is_empty() {
                sections += 1;
                if courante == Some(s) {
                    rang_section = sections;
                }
                if dans.iter().all(|k| self.reponse(**k).is_some()) {
                    sections_finies += 1;
                }
            }
        }
        Progression {
            rang,
            total: visibles.len(),
            repondues: visibles
                .iter()
                .filter(|k| self.reponse(**k).is_some())
                .count(),
            sections_finies,
            sections,
            rang_section,
            restantes: visibles
                .iter()
                .filter(|k| self.reponse(**k).is_none())
                .count(),
        }
    }

    /// The visible questions, in order.
    pub fn visibles(&self) -> Vec<usize> {
        (0..self.entrees.len())
            .filter(|k| self.visible(*k))
            .collect()
    }

    /// True when every visible question has an answer.
    pub fn terminee(&self) -> bool {
        self.premiere_sans_reponse().is_none()
    }

    /// Checks an answer against question `k`.
    fn verifier(&self, k: usize, r: &Reponse) -> Result<(), Refus> {
        let q = self
            .question(k)
            .ok_or_else(|| Refus("aucune question en cours".into()))?;
        let choix = self.choix(k);
        let permis = |id: &str| choix.iter().any(|c| c.id == id);
        match (r, self.saisie(k)) {
            (Reponse::Inconnu, _) if q.je_ne_sais_pas => Ok(()),
            (Reponse::Inconnu, _) => Err(Refus(
                "cette question attend une réponse : « je ne sais pas » n'est pas proposé".into(),
            )),
            (Reponse::Valeur(Valeur::Texte(t)), Saisie::Texte) if t.trim().is_empty() => {
                Err(Refus("écrivez une réponse (le champ est vide)".into()))
            }
            (Reponse::Valeur(Valeur::Texte(t)), Saisie::Texte)
                if t.chars().count() > crate::reponses::LONGUEUR_TEXTE_MAX =>
            {
                Err(Refus(format!(
                    "réponse trop longue ({} caractères) : {} au plus",
                    t.chars().count(),
                    crate::reponses::LONGUEUR_TEXTE_MAX
                )))
            }
            (Reponse::Valeur(Valeur::Texte(_)), Saisie::Texte) => Ok(()),
            (Reponse::Valeur(Valeur::Booleen(_)), Saisie::Unique)
                if choix.iter().any(|c| c.id == "oui") =>
            {
                Ok(())
            }
            (Reponse::Valeur(Valeur::Texte(t)), Saisie::Unique) if permis(t) => Ok(()),
            (Reponse::Valeur(Valeur::Liste(l)), Saisie::Multiple)
                if l.iter().all(|v| permis(v)) =>
            {
                Ok(())
            }
            _ => Err(Refus(
                "cette réponse ne fait pas partie des choix proposés".into(),
            )),
        }
    }

    /// Records the answer to the current question and moves on to where the
    /// person stopped: the next visible question without an answer, else the
    /// first one anywhere, else the review. Going back to change an answer
    /// thus returns to the first question not yet answered.
    pub fn repondre(&mut self, r: Reponse) -> Result<(), Refus> {
        let Etape::Question(k) = self.etape else {
            return Err(Refus("aucune question en cours".into()));
        };
        self.verifier(k, &r)?;
        let r = match r {
            Reponse::Valeur(Valeur::Texte(t)) if self.saisie(k) == Saisie::Texte => {
                let propre = crate::neutralisation::saisie(&t);
                Reponse::Valeur(Valeur::Texte(propre.trim().to_string()))
            }
            autre => autre,
        };
        if let Some(slot) = self.reponses.get_mut(k) {
            *slot = Some(r);
        }
        self.recalculer();
        let suivante = (k + 1..self.entrees.len())
            .find(|j| self.visible(*j) && self.reponse(*j).is_none())
            .or_else(|| self.premiere_sans_reponse());
        self.etape = suivante.map(Etape::Question).unwrap_or(Etape::Revue);
        Ok(())
    }

    /// Goes back to the previous visible question (from the review: the
    /// last one). Returns false when there is none.
    pub fn reculer(&mut self) -> bool {
        let avant = match self.etape {
            Etape::Question(k) => k,
            Etape::Revue => self.entrees.len(),
        };
        match (0..avant).rev().find(|j| self.visible(*j)) {
            Some(j) => {
                self.etape = Etape::Question(j);
                true
            }
            None => false,
        }
    }

    /// Leaves the review for the first question still without an answer.
    /// Returns false when every visible question has one.
    pub fn continuer(&mut self) -> bool {
        match self.premiere_sans_reponse() {
            Some(k) => {
                self.etape = Etape::Question(k);
                true
            }
            None => false,
        }
    }

    /// Jumps to question `k` (from the review); once it is answered, the
    /// flow goes on to any question still unanswered, else to the review.
    pub fn aller_a(&mut self, k: usize) -> bool {
        if !self.visible(k) {
            return false;
        }
        self.etape = Etape::Question(k);
        true
    }

    /// Goes to the review screen.
    pub fn revue(&mut self) {
        self.etape = Etape::Revue;
    }

    /// The facts that result from the visible answers (and from facts of a
    /// resumed file that this questionnaire does not ask).
    pub fn faits(&self) -> &Faits {
        &self.faits
    }

    /// The answers that count, in question order: `(fact index, answer)`,
    /// visible questions only, then the facts kept from a resumed file.
    pub fn reponses_retenues(&self) -> Vec<(usize, Reponse)> {
        let mut out: Vec<(usize, Reponse)> = self
            .entrees
            .iter()
            .enumerate()
            .filter(|(k, _)| self.visible(*k))
            .filter_map(|(k, e)| self.reponse(k).map(|r| (e.fait, r.clone())))
            .collect();
        for (i, v) in &self.supplementaires {
            out.push((
                *i,
                v.clone().map(Reponse::Valeur).unwrap_or(Reponse::Inconnu),
            ));
        }
        out
    }

    /// The tool's name, from the `outil` fact.
    pub fn outil(&self) -> String {
        match self
            .base
            .schema()
            .indice("outil")
            .and_then(|i| self.faits.get(i))
        {
            Some(Valeur::Texte(t)) => t.clone(),
            _ => OUTIL_NON_NOMME.to_string(),
        }
    }

    /// The assessment input, as `cadria evaluer` would read it from the saved file.
    pub fn vers_reponses(&self) -> Reponses {
        Reponses {
            outil: self.outil(),
            questionnaire: Some(self.questionnaire.id.clone()),
            declare_par: None,
            etablissement: None,
            demandeur: None,
            fonction: None,
            faits: self.faits.clone(),
            repondus: self
                .entrees
                .iter()
                .enumerate()
                .filter(|(k, _)| self.visible(*k) && self.reponse(*k).is_some())
                .map(|(_, e)| e.fait)
                .collect(),
            derogations: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::Sources;
    use std::path::PathBuf;

    fn base() -> Base {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/questionnaire");
        let (b, d) = Base::charger(&Sources {
            regles: Some(dir.join("regles")),
            questionnaires: Some(dir.join("questionnaires")),
        });
        assert!(
            !crate::diag::contient_erreur(&d),
            "{}",
            crate::diag::rendre_texte(&d)
        );
        b
    }

    fn texte(s: &str) -> Reponse {
        Reponse::Valeur(Valeur::Texte(s.into()))
    }

    fn courante(f: &Flux<'_>) -> String {
        match f.etape() {
            Etape::Question(k) => f.question(k).map(|q| q.fait.clone()).unwrap_or_default(),
            Etape::Revue => "revue".into(),
        }
    }

    #[test]
    fn questions_cachees_puis_retour_en_arriere() {
        let b = base();
        let mut f = Flux::new(
            &b,
            "essai",
            crate::date::Date::depuis("2026-11-28").unwrap(),
        )
        .unwrap();
        assert_eq!(courante(&f), "outil");
        f.repondre(texte("ChatGPT")).unwrap();
        assert_eq!(courante(&f), "niveaux");
        // No pupils: the questions about pupils are skipped.
        f.repondre(Reponse::Valeur(Valeur::Liste(vec![]))).unwrap();
        assert_eq!(courante(&f), "categorie_outil");
        assert!(f.reculer());
        assert_eq!(courante(&f), "niveaux");
        f.repondre(Reponse::Valeur(Valeur::Liste(vec!["5e".into()])))
            .unwrap();
        assert_eq!(courante(&f), "usage_eleves");
    }

    #[test]
    fn reponse_cachee_retiree_des_faits() {
        let b = base();
        let mut f = Flux::new(
            &b,
            "essai",
            crate::date::Date::depuis("2026-11-28").unwrap(),
        )
        .unwrap();
        f.repondre(texte("ChatGPT")).unwrap();
        f.repondre(Reponse::Valeur(Valeur::Liste(vec!["5e".into()])))
            .unwrap();
        f.repondre(texte("encadre")).unwrap();
        let usage = b.schema().indice("usage_eleves").unwrap();
        assert!(f.faits().get(usage).is_some());
        // Back to `niveaux`, now empty: `usage_eleves` is hidden and no longer counts.
        assert!(f.reculer());
        assert!(f.reculer());
        f.repondre(Reponse::Valeur(Valeur::Liste(vec![]))).unwrap();
        assert!(f.faits().get(usage).is_none());
        assert!(!f.reponses_retenues().iter().any(|(i, _)| *i == usage));
        assert!(!f.visible(2));
    }

    #[test]
    fn je_ne_sais_pas_et_condition_sur_fait_inconnu() {
        let b = base();
        let mut f = Flux::new(
            &b,
            "essai",
            crate::date::Date::depuis("2026-11-28").unwrap(),
        )
        .unwrap();
        f.repondre(texte("X")).unwrap();
        // « je ne sais pas » on niveaux: the pupil questions could apply, so they are shown.
        f.repondre(Reponse::Inconnu).unwrap();
        assert_eq!(courante(&f), "usage_eleves");
        assert_eq!(f.progression().rang, 3);
    }

    #[test]
    fn refus_clairs() {
        let b = base();
        let mut f = Flux::new(
            &b,
            "essai",
            crate::date::Date::depuis("2026-11-28").unwrap(),
        )
        .unwrap();
        assert!(
            f.repondre(Reponse::Inconnu).is_err(),
            "outil n'accepte pas « je ne sais pas »"
        );
        assert!(f.repondre(texte("   ")).is_err());
        f.repondre(texte("X")).unwrap();
        assert!(
            f.repondre(Reponse::Valeur(Valeur::Liste(vec!["9e".into()])))
                .is_err()
        );
        assert_eq!(courante(&f), "niveaux");
    }

    #[test]
    fn revue_puis_saut_et_retour() {
        let b = base();
        let mut f = Flux::new(
            &b,
            "essai",
            crate::date::Date::depuis("2026-11-28").unwrap(),
        )
        .unwrap();
        f.repondre(texte("X")).unwrap();
        f.repondre(Reponse::Valeur(Valeur::Liste(vec![]))).unwrap();
        f.repondre(texte("grand_public")).unwrap();
        f.repondre(Reponse::Valeur(Valeur::Booleen(false))).unwrap();
        assert_eq!(f.etape(), Etape::Revue);
        assert!(f.terminee());
        let p = f.progression();
        assert_eq!(
            (p.repondues, p.total, p.sections_finies, p.sections),
            (4, 4, 2, 2)
        );
        // Jump back to `niveaux`, add a level: the new pupil question is asked, then review.
        assert!(f.aller_a(1));
        f.repondre(Reponse::Valeur(Valeur::Liste(vec!["4e".into()])))
            .unwrap();
        assert_eq!(courante(&f), "usage_eleves");
        f.repondre(texte("demonstration")).unwrap();
        assert_eq!(f.etape(), Etape::Revue);
    }

    #[test]
    fn reprise_va_a_la_premiere_question_sans_reponse() {
        let b = base();
        let mut f = Flux::new(
            &b,
            "essai",
            crate::date::Date::depuis("2026-11-28").unwrap(),
        )
        .unwrap();
        let s = b.schema();
        f.reprendre(vec![
            (s.indice("outil").unwrap(), texte("X")),
            (
                s.indice("niveaux").unwrap(),
                Reponse::Valeur(Valeur::Liste(vec![])),
            ),
            (s.indice("hebergement").unwrap(), texte("ue")),
        ]);
        // No pupils and hosting in the EU: no rule can depend on the
        // category any more, its question is skipped.
        assert!(!f.visible(3));
        assert_eq!(courante(&f), "verification_sorties");
        assert!(
            f.reponses_retenues()
                .iter()
                .any(|(i, _)| Some(*i) == s.indice("hebergement"))
        );
    }
}

#[cfg(test)]
mod cas_reels {
    use super::*;
    use crate::base::Sources;

    /// Answers questionnaire `id` of the shipped base: `reponses` gives the
    /// answer to some facts (`None` = « je ne sais pas »); any other question
    /// is answered « je ne sais pas » (or the first choice when it is not
    /// offered). Returns the facts asked, in order, and the remaining counts.
    pub(crate) fn derouler(
        base: &Base,
        id: &str,
        reponses: &[(&str, Option<Valeur>)],
    ) -> (Vec<String>, Vec<usize>) {
        let mut f = Flux::new(base, id, crate::date::Date::depuis("2026-12-01").unwrap()).unwrap();
        let mut posees = Vec::new();
        let mut restes = vec![f.progression().restantes];
        while let Etape::Question(k) = f.etape() {
            let q = f.question(k).unwrap();
            posees.push(q.fait.clone());
            let r = match reponses.iter().find(|(fait, _)| *fait == q.fait) {
                Some((_, Some(v))) => Reponse::Valeur(v.clone()),
                Some((_, None)) => Reponse::Inconnu,
                None if q.je_ne_sais_pas => Reponse::Inconnu,
                None => match f.saisie(k) {
                    Saisie::Texte => Reponse::Valeur(Valeur::Texte("x".into())),
                    Saisie::Multiple => Reponse::Valeur(Valeur::Liste(vec![])),
                    Saisie::Unique => {
                        let c = f.choix(k)[0].id.clone();
                        Reponse::Valeur(f.valeur_choisie(k, &c).unwrap())
                    }
                },
            };
            f.repondre(r).unwrap();
            restes.push(f.progression().restantes);
            assert!(posees.len() < 200);
        }
        (posees, restes)
    }

    fn t(s: &str) -> Option<Valeur> {
        Some(Valeur::Texte(s.into()))
    }
    fn l(v: &[&str]) -> Option<Valeur> {
        Some(Valeur::Liste(v.iter().map(|s| s.to_string()).collect()))
    }
    fn b(v: bool) -> Option<Valeur> {
        Some(Valeur::Booleen(v))
    }

    /// The lesson-preparation case of issue 14: a lycée teacher, Mistral Le
    /// Chat, no pupil data, answering what a teacher knows.
    pub(crate) fn preparation_de_cours() -> Vec<(&'static str, Option<Valeur>)> {
        vec![
            ("outil", t("Mistral Le Chat")),
            ("role", t("enseignant")),
            ("finalites", l(&["preparation_cours"])),
            ("type_ia", t("generative")),
            ("niveaux", l(&["lycee"])),
            ("usage_eleves", t("aucun")),
            ("categorie_outil", t("grand_public")),
            ("fonctions_sensibles", l(&[])),
            ("donnees_personnelles", l(&[])),
            ("donnees_confidentielles", b(false)),
            ("decision_personnes", b(false)),
            ("publication", t("non")),
            ("verification_sorties", b(true)),
            ("transparence", b(true)),
            ("oeuvres_protegees", b(false)),
            ("plus_value", b(true)),
            ("alternative_sobre", b(false)),
            ("formation", b(true)),
        ]
    }

    #[test]
    fn preparation_de_cours_au_plus_15_questions_et_compteur_qui_ne_monte_pas() {
        let (base, _) = Base::charger(&Sources::default());
        let (posees, restes) = derouler(&base, "enseignant", &preparation_de_cours());
        // 12 questions with the shipped rules (21 before relevance).
        assert!(
            posees.len() <= 15,
            "{} questions : {posees:?}",
            posees.len()
        );
        assert!(restes.windows(2).all(|w| w[1] < w[0]), "{restes:?}");
    }
}

#[cfg(test)]
mod exactitude {
    use super::*;
    use crate::base::Sources;
    use crate::evaluation::Evaluation;

    /// A small deterministic generator (xorshift), enough to vary answers.
    struct Hasard(u64);
    impl Hasard {
        fn suivant(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n.max(1) as u64) as usize
        }
    }

    /// A random answer to question `k` (« je ne sais pas » one time in five).
    fn au_hasard(f: &Flux<'_>, k: usize, h: &mut Hasard) -> Reponse {
        let q = f.question(k).unwrap();
        if q.je_ne_sais_pas && h.suivant(5) == 0 {
            return Reponse::Inconnu;
        }
        let choix = f.choix(k);
        match f.saisie(k) {
            Saisie::Texte => Reponse::Valeur(Valeur::Texte("Outil".into())),
            Saisie::Unique => {
                let c = &choix[h.suivant(choix.len())];
                Reponse::Valeur(f.valeur_choisie(k, &c.id).unwrap())
            }
            Saisie::Multiple => Reponse::Valeur(Valeur::Liste(
                choix
                    .iter()
                    .filter(|_| h.suivant(4) == 0)
                    .map(|c| c.id.clone())
                    .collect(),
            )),
        }
    }

    /// For random answers to every question of each shipped questionnaire:
    /// the questions that disappear could not have changed the verdict (the
    /// joint verdict, best and worst case, with their answers added is the
    /// same), and the number of remaining questions never goes up.
    #[test]
    fn une_question_cachee_ne_change_jamais_le_verdict() {
        let (base, _) = Base::charger(&Sources::default());
        let moteur = Moteur::new(&base).unwrap();
        let date = crate::date::Date::depuis("2026-12-01").unwrap();
        let mut h = Hasard(0x9E37_79B9_7F4A_7C15);
        for id in ["enseignant", "dpo", "administratif"] {
            for _ in 0..25 {
                let mut f = Flux::new(&base, id, date).unwrap();
                // One answer per question, drawn once: asked or not.
                let tirage: Vec<Reponse> =
                    (0..f.nombre()).map(|k| au_hasard(&f, k, &mut h)).collect();
                let mut restantes = f.progression().restantes;
                while let Etape::Question(k) = f.etape() {
                    f.repondre(tirage[k].clone()).unwrap();
                    let r = f.progression().restantes;
                    assert!(r < restantes, "{id}: {restantes} → {r}");
                    restantes = r;
                }
                let mut complet = f.faits().clone();
                for k in (0..f.nombre()).filter(|k| !f.visible(*k)) {
                    if let Reponse::Valeur(v) = &tirage[k] {
                        complet.set(f.entrees[k].fait, Some(v.clone()));
                    }
                }
                let court = Evaluation::calculer(&moteur, f.faits(), &[], date).unwrap();
                let long = Evaluation::calculer(&moteur, &complet, &[], date).unwrap();
                let cle = |e: &Evaluation| {
                    (
                        e.conjoint.verdict,
                        e.conjoint.meilleur_cas,
                        e.conjoint.pire_cas,
                    )
                };
                assert_eq!(cle(&court), cle(&long), "{id}: {:?}", f.faits());
                // Every certain interdit / non conforme finding is kept.
                let graves = |e: &Evaluation| -> Vec<(usize, crate::moteur::Certitude)> {
                    e.constats()
                        .iter()
                        .filter(|c| {
                            base.regles()[c.regle].gravite >= crate::regles::Gravite::NonConforme
                        })
                        .map(|c| (c.regle, c.certitude))
                        .collect()
                };
                assert_eq!(graves(&court), graves(&long), "{id}");
            }
        }
    }
}
#[cfg(test)]
mod rien_de_cache {
    use super::*;
    use crate::base::Sources;

    /// At the end of the shipped questionnaires, answered at random, no
    /// question left unasked (by relevance or by a hand-written `quand`)
    /// bears on a fact that could still change the verdict: whatever is
    /// still open was asked (and answered « je ne sais pas »).
    #[test]
    fn aucune_question_non_posee_ne_pourrait_changer_le_verdict() {
        let (base, _) = Base::charger(&Sources::default());
        let mut h: u64 = 0x1234_5678_9abc_def1;
        for id in ["enseignant", "dpo", "administratif"] {
            for _ in 0..40 {
                let mut f =
                    Flux::new(&base, id, crate::date::Date::depuis("2026-12-01").unwrap()).unwrap();
                while let Etape::Question(k) = f.etape() {
                    h ^= h << 13;
                    h ^= h >> 7;
                    h ^= h << 17;
                    let choix = f.choix(k);
                    let jnsp =
                        f.question(k).is_some_and(|q| q.je_ne_sais_pas) && h.is_multiple_of(7);
                    let r = match f.saisie(k) {
                        _ if jnsp => Reponse::Inconnu,
                        Saisie::Texte => Reponse::Valeur(Valeur::Texte("x".into())),
                        Saisie::Unique => {
                            let c = &choix[(h % choix.len() as u64) as usize];
                            Reponse::Valeur(f.valeur_choisie(k, &c.id).unwrap())
                        }
                        Saisie::Multiple => Reponse::Valeur(Valeur::Liste(
                            choix
                                .iter()
                                .enumerate()
                                .filter(|(i, _)| (h >> (i + 3)) & 3 == 0)
                                .map(|(_, c)| c.id.clone())
                                .collect(),
                        )),
                    };
                    f.repondre(r).unwrap();
                }
                let d = super::super::pertinence::faits_determinants(
                    &f.moteur,
                    f.faits(),
                    crate::date::Date::depuis("2026-12-01").unwrap(),
                )
                .unwrap();
                let caches: Vec<&str> = f
                    .entrees
                    .iter()
                    .enumerate()
                    .filter(|(k, e)| !f.visible(*k) && d.get(e.fait).copied().unwrap_or(false))
                    .map(|(_, e)| e.question.fait.as_str())
                    .collect();
                assert!(caches.is_empty(), "{id}: {caches:?} ; {:?}", f.faits());
            }
        }
    }
}
