//! The state of the terminal questionnaire and its `update(message)`: one
//! struct, no drawing here (see `vue`), no terminal here (see `tui::lancer`).

use super::theme::Theme;
use super::vue::replier;
use crate::base::Base;
use crate::faits::Valeur;
use crate::moteur::Moteur;
use crate::questionnaire::apercu::Apercu;
use crate::questionnaire::brouillon::{self, Ouverture};
use crate::questionnaire::catalogue::Catalogue;
use crate::questionnaire::dossier::{self, Fiche};
use crate::questionnaire::flux::{Choix, Etape, Flux, Reponse, Saisie, profils};
use crate::questionnaire::session::{Emplacement, Session};
use crate::rapport::{Couleur, Format, rendre_rapport};
use std::path::{Path, PathBuf};

/// What the person asked for, as the key handler understood it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    /// Cursor up (or scroll up).
    Haut,
    /// Cursor down (or scroll down).
    Bas,
    /// First item (or top of the report).
    Debut,
    /// Last item (or end of the report).
    Fin,
    /// One page up.
    PagePrecedente,
    /// One page down.
    PageSuivante,
    /// Enter: validate the answer, open the item.
    Valider,
    /// Space: tick or untick a choice.
    Cocher,
    /// A digit: go to choice n (0 = « je ne sais pas »).
    Numero(usize),
    /// A character typed in a text answer.
    Caractere(char),
    /// Backspace in a text answer.
    Effacer,
    /// Back: previous question, or previous screen.
    Retour,
    /// Show or hide the help panel.
    Aide,
    /// Go to the review of the answers.
    Revue,
    /// Go to the report.
    Rapport,
    /// Export the report in this format.
    Exporter(Format),
    /// Ask to quit (opens the confirmation).
    Quitter,
    /// Yes, in the confirmation (quit dialog: save and quit).
    Confirmer,
    /// No, in the confirmation (quit dialog: go on).
    Annuler,
    /// Quit dialog: quit without saving.
    QuitterSansEnregistrer,
    /// Start screen: delete the assessment under the cursor (asks first).
    Supprimer,
    /// A termination signal: save and leave at once.
    Interrompre,
}

/// Which screen is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ecran {
    /// The assessments of the folder: new one, resume, delete.
    Accueil,
    /// Choosing a questionnaire for a new assessment.
    Profils,
    /// Question number `k`.
    Question(usize),
    /// The review of the answers.
    Revue,
    /// The report.
    Rapport,
}

/// The answer being entered for the current question.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnCours {
    /// Cursor among the choices (`choix.len()` = « je ne sais pas »).
    pub curseur: usize,
    /// Ticks, for a multiple-choice question.
    pub coches: Vec<bool>,
    /// Text typed, for a text question.
    pub texte: String,
}

/// Which confirmation is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialogue {
    /// Quit: save and quit, quit without saving, go on.
    Quitter,
    /// Delete the assessment number `i` of the start screen.
    Supprimer(usize),
}

/// Settings of one session.
#[derive(Debug, Clone)]
pub struct Options<'b> {
    /// Tool fiches (`--catalogue`): answers pre-filled when the tool is named.
    pub catalogue: Option<&'b Catalogue>,
    /// Draft file given with `--brouillon` or `--reprendre` (else a name
    /// drawn from the tool and the date in `dossier`).
    pub brouillon: Option<PathBuf>,
    /// The folder of assessments (`--dossier`, else the user's data folder).
    pub dossier: PathBuf,
    /// Assessment date `YYYY-MM-DD`.
    pub date: crate::date::Date,
    /// Colour theme.
    pub theme: Theme,
}

/// The whole state of the terminal questionnaire.
pub struct App<'b> {
    base: &'b Base,
    moteur: &'b Moteur<'b>,
    options: Options<'b>,
    session: Option<Session<'b>>,
    fiches: Vec<Fiche>,
    profils_ouverts: bool,
    rapport_ouvert: bool,
    saisie: EnCours,
    aide: bool,
    dialogue: Option<Dialogue>,
    abandon: bool,
    message: Option<String>,
    fini: bool,
    curseur_accueil: usize,
    curseur_profils: usize,
    promesses: Vec<Option<usize>>,
    curseur_revue: usize,
    rapport: Vec<String>,
    defilement: usize,
    hauteur_page: usize,
    largeur: usize,
    rapport_brut: String,
}

impl<'b> App<'b> {
    /// A session: on the start screen when `session` is `None` (the list of
    /// assessments of the folder, or the choice of a questionnaire when
    /// there is none), else on the opened questionnaire.
    pub fn new(
        base: &'b Base,
        moteur: &'b Moteur<'b>,
        options: Options<'b>,
        session: Option<Session<'b>>,
    ) -> App<'b> {
        let mut app = App {
            base,
            moteur,
            options,
            session: None,
            fiches: Vec::new(),
            profils_ouverts: false,
            rapport_ouvert: false,
            saisie: EnCours::default(),
            aide: false,
            dialogue: None,
            abandon: false,
            message: None,
            fini: false,
            curseur_accueil: 0,
            curseur_profils: 0,
            promesses: Vec::new(),
            curseur_revue: 0,
            rapport: Vec::new(),
            defilement: 0,
            hauteur_page: 10,
            largeur: 80,
            rapport_brut: String::new(),
        };
        match session {
            Some(s) => app.installer(s),
            None => app.relire_dossier(),
        }
        app.promesses = profils(base)
            .iter()
            .map(|q| {
                Flux::new(base, &q.id, app.options.date)
                    .ok()
                    .map(|f| f.progression().restantes)
            })
            .collect();
        app
    }

    /// How many questions questionnaire number `i` (in the order of
    /// [`profils`]) asks at most: the relevant ones before any answer.
    pub fn promesse(&self, i: usize) -> Option<usize> {
        self.promesses.get(i).copied().flatten()
    }

    /// Reads the assessments of the folder again; with none, the start
    /// screen is the choice of a questionnaire.
    fn relire_dossier(&mut self) {
        self.fiches = dossier::lister(
            self.base,
            self.moteur,
            &self.options.dossier,
            self.options.date,
        );
        self.profils_ouverts = self.fiches.is_empty();
        self.curseur_accueil = self.curseur_accueil.min(self.fiches.len());
    }

    fn installer(&mut self, s: Session<'b>) {
        let mut message = match s.chemin() {
            Some(c) if s.reprise() => format!("Évaluation reprise : {}", c.display()),
            Some(c) => format!(
                "Brouillon : {} (enregistré après chaque réponse)",
                c.display()
            ),
            None => format!(
                "Nouvelle évaluation : elle sera enregistrée dans {} dès que l'outil sera nommé",
                s.dossier().display()
            ),
        };
        for a in s.avertissements() {
            message.push_str(" · ");
            message.push_str(a);
        }
        self.message = Some(message);
        self.session = Some(s);
        self.charger_saisie();
    }

    /// The screen shown.
    pub fn ecran(&self) -> Ecran {
        match &self.session {
            None if self.profils_ouverts => Ecran::Profils,
            None => Ecran::Accueil,
            Some(_) if self.rapport_ouvert => Ecran::Rapport,
            Some(s) => match s.flux().etape() {
                Etape::Question(k) => Ecran::Question(k),
                Etape::Revue => Ecran::Revue,
            },
        }
    }

    /// The base.
    pub fn base(&self) -> &'b Base {
        self.base
    }

    /// The questionnaire flow, once one is chosen.
    pub fn flux(&self) -> Option<&Flux<'b>> {
        self.session.as_ref().map(Session::flux)
    }

    /// The session, once a questionnaire is chosen.
    pub fn session(&self) -> Option<&Session<'b>> {
        self.session.as_ref()
    }

    /// The session, to end it (save, release the lock).
    pub fn session_mut(&mut self) -> Option<&mut Session<'b>> {
        self.session.as_mut()
    }

    /// The assessments listed on the start screen.
    pub fn fiches(&self) -> &[Fiche] {
        &self.fiches
    }

    /// True when the person chose « quitter sans enregistrer ».
    pub fn abandon(&self) -> bool {
        self.abandon
    }

    /// The answer being entered.
    pub fn saisie(&self) -> &EnCours {
        &self.saisie
    }

    /// The live verdict.
    pub fn apercu(&self) -> Option<&Apercu> {
        self.session.as_ref().and_then(Session::apercu)
    }

    /// Whether the help panel replaces the verdict panel.
    pub fn aide_visible(&self) -> bool {
        self.aide
    }

    /// Whether a confirmation is open.
    pub fn confirmation_ouverte(&self) -> bool {
        self.dialogue.is_some()
    }

    /// The confirmation open, if any.
    pub fn dialogue(&self) -> Option<Dialogue> {
        self.dialogue
    }

    /// The status line.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// True once the person chose to leave.
    pub fn fini(&self) -> bool {
        self.fini
    }

    /// The theme.
    pub fn theme(&self) -> Theme {
        self.options.theme
    }

    /// The draft file, once it is known (a new assessment has one once
    /// the tool is named).
    pub fn chemin_brouillon(&self) -> Option<&Path> {
        self.session.as_ref().and_then(Session::chemin)
    }

    /// The folder of assessments.
    pub fn dossier(&self) -> &Path {
        &self.options.dossier
    }

    /// Cursor on the start screen (0 = « Nouvelle évaluation », then the assessments).
    pub fn curseur_accueil(&self) -> usize {
        self.curseur_accueil
    }

    /// Cursor on the choice of a questionnaire.
    pub fn curseur_profils(&self) -> usize {
        self.curseur_profils
    }

    /// Cursor on the review screen (rank among visible questions).
    pub fn curseur_revue(&self) -> usize {
        self.curseur_revue
    }

    /// The report's lines and the first line shown.
    pub fn rapport(&self) -> (&[String], usize) {
        (&self.rapport, self.defilement)
    }

    /// Tells the state how many report lines fit on screen (for paging).
    /// Tells the state the terminal's width and how many report lines fit
    /// on screen (for wrapping and paging).
    pub fn fixer_taille(&mut self, largeur: usize, hauteur_page: usize) {
        self.hauteur_page = hauteur_page.max(1);
        if largeur != self.largeur {
            self.largeur = largeur;
            self.plier_rapport();
        }
    }

    fn plier_rapport(&mut self) {
        self.rapport = self
            .rapport_brut
            .lines()
            .flat_map(|l| replier(l, self.largeur))
            .collect();
        self.defiler(0);
    }

    /// Number of items of question `k`'s list (choices, plus « je ne sais pas »).
    fn nombre_items(&self, k: usize) -> usize {
        let Some(f) = self.flux() else { return 0 };
        let jnsp = f.question(k).is_some_and(|q| q.je_ne_sais_pas);
        f.choix(k).len() + usize::from(jnsp)
    }

    fn charger_saisie(&mut self) {
        self.saisie = EnCours::default();
        let Some(f) = self.session.as_ref().map(Session::flux) else {
            return;
        };
        match f.etape() {
            Etape::Revue => {
                self.curseur_revue = self.curseur_revue.min(f.visibles().len().saturating_sub(1));
            }
            Etape::Question(k) => {
                let choix = f.choix(k);
                let r = f.reponse(k);
                match (f.saisie(k), r) {
                    (Saisie::Texte, Some(Reponse::Valeur(Valeur::Texte(t)))) => {
                        self.saisie.texte = t.clone()
                    }
                    (Saisie::Texte, _) => {}
                    (Saisie::Unique, Some(Reponse::Valeur(v))) => {
                        let id = match v {
                            Valeur::Booleen(true) => "oui",
                            Valeur::Booleen(false) => "non",
                            Valeur::Texte(t) => t.as_str(),
                            Valeur::Liste(_) => "",
                        };
                        self.saisie.curseur = choix.iter().position(|c| c.id == id).unwrap_or(0);
                    }
                    (Saisie::Multiple, Some(Reponse::Valeur(Valeur::Liste(l)))) => {
                        self.saisie.coches = choix.iter().map(|c| l.contains(&c.id)).collect()
                    }
                    (_, Some(Reponse::Inconnu)) => self.saisie.curseur = choix.len(),
                    _ => {}
                }
                if self.saisie.coches.len() != choix.len() {
                    self.saisie.coches = vec![false; choix.len()];
                }
            }
        }
    }

    fn enregistrer(&mut self) -> bool {
        let Some(s) = &mut self.session else {
            return true;
        };
        match s.enregistrer() {
            Ok(_) => true,
            Err(e) => {
                self.message = Some(format!("ATTENTION : {e}"));
                false
            }
        }
    }

    /// The answer that Enter gives for question `k` with the current input.
    fn reponse_saisie(&self, f: &Flux<'_>, k: usize, choix: &[Choix]) -> Option<Reponse> {
        let jnsp = self.saisie.curseur >= choix.len();
        match f.saisie(k) {
            Saisie::Texte
                if self.saisie.texte.trim().is_empty()
                    && f.question(k).is_some_and(|q| q.je_ne_sais_pas) =>
            {
                Some(Reponse::Inconnu)
            }
            Saisie::Texte => Some(Reponse::Valeur(Valeur::Texte(self.saisie.texte.clone()))),
            _ if jnsp => Some(Reponse::Inconnu),
            Saisie::Unique => choix
                .get(self.saisie.curseur)
                .and_then(|c| f.valeur_choisie(k, &c.id))
                .map(Reponse::Valeur),
            Saisie::Multiple => Some(Reponse::Valeur(Valeur::Liste(
                choix
                    .iter()
                    .zip(&self.saisie.coches)
                    .filter(|(_, c)| **c)
                    .map(|(c, _)| c.id.clone())
                    .collect(),
            ))),
        }
    }

    fn repondre(&mut self, k: usize) {
        let Some(f) = self.flux() else { return };
        let choix = f.choix(k);
        let Some(r) = self.reponse_saisie(f, k, &choix) else {
            return;
        };
        let Some(s) = &mut self.session else { return };
        match s.repondre(r) {
            Ok(suite) => {
                self.message = match (&suite.erreur_enregistrement, s.chemin()) {
                    (Some(e), _) => Some(format!("ATTENTION : {e}")),
                    (None, Some(c)) => Some(format!("Réponse enregistrée dans {}", c.display())),
                    (None, None) => None,
                };
                if let Some(e) = s.erreur_apercu() {
                    self.message = Some(format!("ATTENTION : {e}"));
                }
                if let Some(f) = suite.fiche {
                    self.message = Some(f);
                }
                // Back at the review: the cursor stays on the question just answered.
                let visibles = s.flux().visibles();
                if let Some(rang) = visibles.iter().position(|j| *j == k) {
                    self.curseur_revue = rang;
                }
                self.charger_saisie();
            }
            Err(e) => self.message = Some(format!("Réponse refusée : {e}")),
        }
    }

    /// Opens a session on `o`, the draft placed as the options say.
    fn ouvrir_session(&mut self, o: Ouverture<'b>, emplacement: Emplacement) {
        match Session::new(self.moteur, o, emplacement) {
            Ok(mut s) => {
                s.fixer_catalogue(self.options.catalogue);
                self.profils_ouverts = false;
                self.installer(s);
            }
            Err(e) => self.message = Some(e.replace('\n', " ")),
        }
    }

    fn choisir_questionnaire(&mut self) {
        let Some(q) = profils(self.base).get(self.curseur_profils).copied() else {
            return;
        };
        let id = q.id.clone();
        let (lecture, emplacement) = match &self.options.brouillon {
            Some(c) => (Some(c.clone()), Emplacement::Fichier(c.clone())),
            None => (None, Emplacement::Dossier(self.options.dossier.clone())),
        };
        let o = match lecture {
            Some(c) => brouillon::ouvrir(self.base, Some(&id), &c, self.options.date),
            None => Flux::new(self.base, &id, self.options.date)
                .map(|flux| Ouverture {
                    flux,
                    repris: false,
                    avertissements: Vec::new(),
                })
                .map_err(|e| e.to_string()),
        };
        match o {
            Ok(o) => self.ouvrir_session(o, emplacement),
            Err(e) => self.message = Some(e.replace('\n', " ")),
        }
    }

    fn reprendre_fiche(&mut self, i: usize) {
        let Some(fiche) = self.fiches.get(i) else {
            return;
        };
        let chemin = fiche.chemin.clone();
        match brouillon::ouvrir(self.base, None, &chemin, self.options.date) {
            Ok(o) => self.ouvrir_session(o, Emplacement::Fichier(chemin)),
            Err(e) => self.message = Some(e.replace('\n', " ")),
        }
    }

    fn supprimer_fiche(&mut self, i: usize) {
        let Some(fiche) = self.fiches.get(i) else {
            return;
        };
        let chemin = fiche.chemin.clone();
        if brouillon::Verrou::prendre(&chemin).is_err() {
            self.message = Some(format!(
                "{} est ouverte dans un autre questionnaire : rien n'est supprimé",
                chemin.display()
            ));
            return;
        }
        self.message = Some(match std::fs::remove_file(&chemin) {
            Ok(()) => format!("Évaluation supprimée : {}", chemin.display()),
            Err(e) => format!(
                "ATTENTION : {} n'a pas pu être supprimé : {}",
                chemin.display(),
                crate::diag::erreur_io(&e)
            ),
        });
        self.relire_dossier();
        self.profils_ouverts = false;
    }

    fn ouvrir_rapport(&mut self) {
        match self.rendre_rapport(Format::Texte, false) {
            Ok(t) => {
                self.rapport_brut = t;
                self.defilement = 0;
                self.plier_rapport();
                self.rapport_ouvert = true;
            }
            Err(e) => self.message = Some(e),
        }
    }

    /// The report of the current answers in `format` (the one-page summary
    /// when `resume`).
    fn rendre_rapport(&self, format: Format, resume: bool) -> Result<String, String> {
        let Some(s) = &self.session else {
            return Err("aucun questionnaire en cours".into());
        };
        let reponses = s.flux().vers_reponses();
        let evaluation = s.evaluation().map_err(|e| e.to_string())?;
        rendre_rapport(
            self.moteur,
            &reponses,
            &evaluation,
            format,
            Couleur::Non,
            resume,
        )
        .map_err(|e| format!("mise en forme du rapport impossible : {e}"))
    }

    /// Where the report is exported in `format`: beside the draft, under
    /// the same name (`chatgpt-2026-12-01.txt`).
    pub fn chemin_export(&self, format: Format) -> Option<PathBuf> {
        let ext = match format {
            Format::Texte => "txt",
            Format::Markdown => "md",
            Format::Json => "json",
            Format::Html => "html",
        };
        self.session.as_ref().map(|s| s.chemin_export(ext))
    }

    fn exporter(&mut self, format: Format) {
        // The draft first: the export is named after it.
        self.enregistrer();
        let Some(chemin) = self.chemin_export(format) else {
            return;
        };
        // The teacher's questionnaire exports the one-page summary.
        let resume = self
            .flux()
            .is_some_and(|f| f.questionnaire().id == "enseignant");
        let r = self.rendre_rapport(format, resume).and_then(|t| {
            brouillon::enregistrer(&chemin, &t).map_err(|e| crate::diag::erreur_io(&e))
        });
        self.message = Some(match r {
            // The file's name first: a long folder may not fit on the line.
            Ok(()) => {
                let complet = std::path::absolute(&chemin).unwrap_or(chemin);
                format!(
                    "Rapport exporté : {} (dans {})",
                    complet
                        .file_name()
                        .map(|n| n.to_string_lossy().to_string())
                        .unwrap_or_default(),
                    complet
                        .parent()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default()
                )
            }
            Err(e) => format!(
                "ATTENTION : export impossible vers {} : {e}",
                chemin.display()
            ),
        });
    }

    fn deplacer(&mut self, delta: isize, n: usize) {
        if n == 0 {
            return;
        }
        let c = match self.ecran() {
            Ecran::Accueil => &mut self.curseur_accueil,
            Ecran::Profils => &mut self.curseur_profils,
            Ecran::Revue => &mut self.curseur_revue,
            _ => &mut self.saisie.curseur,
        };
        *c = c.saturating_add_signed(delta).min(n - 1);
    }

    fn defiler(&mut self, delta: isize) {
        let max = self.rapport.len().saturating_sub(self.hauteur_page);
        self.defilement = self.defilement.saturating_add_signed(delta).min(max);
    }

    /// Applies one message.
    pub fn update(&mut self, m: Message) {
        if m == Message::Interrompre {
            self.enregistrer();
            self.fini = true;
            return;
        }
        if let Some(d) = self.dialogue {
            match (d, m) {
                (Dialogue::Quitter, Message::Confirmer) => {
                    if self.enregistrer() {
                        self.fini = true;
                    } else {
                        self.dialogue = None;
                    }
                }
                (Dialogue::Quitter, Message::QuitterSansEnregistrer) => {
                    if let Some(s) = &mut self.session
                        && let Err(e) = s.abandonner()
                    {
                        self.message = Some(format!("ATTENTION : {e}"));
                        self.dialogue = None;
                        return;
                    }
                    self.abandon = true;
                    self.fini = true;
                }
                (Dialogue::Supprimer(i), Message::Confirmer) => {
                    self.dialogue = None;
                    self.supprimer_fiche(i);
                }
                (_, Message::Annuler) => self.dialogue = None,
                _ => {}
            }
            return;
        }
        match m {
            Message::Quitter => self.dialogue = Some(Dialogue::Quitter),
            Message::Aide => self.aide = !self.aide,
            _ => match self.ecran() {
                Ecran::Accueil => self.update_accueil(m),
                Ecran::Profils => self.update_profils(m),
                Ecran::Question(k) => self.update_question(k, m),
                Ecran::Revue => self.update_revue(m),
                Ecran::Rapport => self.update_rapport(m),
            },
        }
    }

    fn update_accueil(&mut self, m: Message) {
        let n = self.fiches.len() + 1;
        match m {
            Message::Haut => self.deplacer(-1, n),
            Message::Bas => self.deplacer(1, n),
            Message::Debut => self.curseur_accueil = 0,
            Message::Fin => self.curseur_accueil = n - 1,
            Message::Valider if self.curseur_accueil == 0 => {
                self.profils_ouverts = true;
                self.message = None;
            }
            Message::Valider => self.reprendre_fiche(self.curseur_accueil - 1),
            Message::Supprimer if self.curseur_accueil > 0 => {
                self.dialogue = Some(Dialogue::Supprimer(self.curseur_accueil - 1))
            }
            _ => {}
        }
    }

    fn update_profils(&mut self, m: Message) {
        let n = profils(self.base).len();
        match m {
            Message::Haut => self.deplacer(-1, n),
            Message::Bas => self.deplacer(1, n),
            Message::Numero(i) if (1..=n).contains(&i) => self.curseur_profils = i - 1,
            Message::Valider => self.choisir_questionnaire(),
            Message::Retour if !self.fiches.is_empty() => self.profils_ouverts = false,
            _ => {}
        }
    }

    fn update_question(&mut self, k: usize, m: Message) {
        let n = self.nombre_items(k);
        let choix = self.flux().map(|f| f.choix(k)).unwrap_or_default();
        match m {
            Message::Haut => self.deplacer(-1, n),
            Message::Bas => self.deplacer(1, n),
            Message::Debut => self.saisie.curseur = 0,
            Message::Fin => self.saisie.curseur = n.saturating_sub(1),
            Message::Numero(0) if n > choix.len() => self.saisie.curseur = choix.len(),
            Message::Numero(i) if (1..=choix.len()).contains(&i) => self.saisie.curseur = i - 1,
            Message::Cocher => {
                if let Some(c) = self.saisie.coches.get_mut(self.saisie.curseur) {
                    *c = !*c;
                }
            }
            Message::Caractere(c) => {
                if self.saisie.texte.chars().count() < crate::reponses::LONGUEUR_TEXTE_MAX {
                    self.saisie.texte.push(c);
                } else {
                    self.message = Some(format!(
                        "Réponse trop longue : {} caractères au plus",
                        crate::reponses::LONGUEUR_TEXTE_MAX
                    ));
                }
            }
            Message::Effacer => {
                self.saisie.texte.pop();
            }
            Message::Valider => self.repondre(k),
            Message::Retour => {
                if self
                    .session
                    .as_mut()
                    .is_some_and(|s| s.flux_mut().reculer())
                {
                    self.charger_saisie();
                    self.message = None;
                } else {
                    self.message = Some("C'est la première question.".into());
                }
            }
            Message::Revue => {
                if let Some(s) = &mut self.session {
                    s.flux_mut().revue();
                }
                self.charger_saisie();
            }
            _ => {}
        }
    }

    fn update_revue(&mut self, m: Message) {
        let visibles = self.flux().map(|f| f.visibles()).unwrap_or_default();
        match m {
            Message::Haut => self.deplacer(-1, visibles.len()),
            Message::Bas => self.deplacer(1, visibles.len()),
            Message::Debut => self.curseur_revue = 0,
            Message::Fin => self.curseur_revue = visibles.len().saturating_sub(1),
            Message::PagePrecedente => self.deplacer(-5, visibles.len()),
            Message::PageSuivante => self.deplacer(5, visibles.len()),
            Message::Valider => {
                if let (Some(k), Some(s)) = (visibles.get(self.curseur_revue), &mut self.session) {
                    s.flux_mut().aller_a(*k);
                    self.charger_saisie();
                }
            }
            Message::Retour => {
                if let Some(s) = &mut self.session
                    && !s.flux_mut().continuer()
                {
                    s.flux_mut().reculer();
                }
                self.charger_saisie();
            }
            Message::Rapport => self.ouvrir_rapport(),
            _ => {}
        }
    }

    fn update_rapport(&mut self, m: Message) {
        let page = self.hauteur_page as isize;
        match m {
            Message::Haut => self.defiler(-1),
            Message::Bas => self.defiler(1),
            Message::PagePrecedente => self.defiler(-page),
            Message::PageSuivante | Message::Cocher => self.defiler(page),
            Message::Debut => self.defilement = 0,
            Message::Fin => self.defiler(isize::MAX / 2),
            Message::Exporter(f) => self.exporter(f),
            Message::Retour => self.rapport_ouvert = false,
            _ => {}
        }
    }
}
