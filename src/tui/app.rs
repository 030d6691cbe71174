//! The state of the terminal questionnaire and its `update(message)`: one
//! struct, no drawing here (see `vue`), no terminal here (see `tui::lancer`).

use super::theme::Theme;
use super::vue::replier;
use crate::base::Base;
use crate::evaluation::Evaluation;
use crate::faits::Valeur;
use crate::moteur::Moteur;
use crate::questionnaire::apercu::Apercu;
use crate::questionnaire::brouillon::{self, Ouverture};
use crate::questionnaire::flux::{Choix, Etape, Flux, Reponse, Saisie, profils};
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
    /// Yes, in the confirmation.
    Confirmer,
    /// No, in the confirmation.
    Annuler,
    /// A termination signal: save and leave at once.
    Interrompre,
}

/// Which screen is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ecran {
    /// Choosing a questionnaire.
    Accueil,
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

/// Settings of one session.
#[derive(Debug, Clone)]
pub struct Options {
    /// Draft file given with `--brouillon` or `--reprendre` (else the default for the profile).
    pub brouillon: Option<PathBuf>,
    /// Assessment date `YYYY-MM-DD`.
    pub date: crate::date::Date,
    /// Colour theme.
    pub theme: Theme,
}

/// The whole state of the terminal questionnaire.
pub struct App<'b> {
    base: &'b Base,
    moteur: &'b Moteur<'b>,
    options: Options,
    flux: Option<Flux<'b>>,
    chemin_brouillon: Option<PathBuf>,
    rapport_ouvert: bool,
    saisie: EnCours,
    apercu: Option<Apercu>,
    aide: bool,
    confirmation: bool,
    message: Option<String>,
    fini: bool,
    curseur_accueil: usize,
    curseur_revue: usize,
    rapport: Vec<String>,
    defilement: usize,
    hauteur_page: usize,
    largeur: usize,
    rapport_brut: String,
}

impl<'b> App<'b> {
    /// A session: on the welcome screen when `ouverture` is `None`, else on
    /// the opened questionnaire.
    pub fn new(
        base: &'b Base,
        moteur: &'b Moteur<'b>,
        options: Options,
        ouverture: Option<Ouverture<'b>>,
    ) -> App<'b> {
        let mut app = App {
            base,
            moteur,
            options,
            flux: None,
            chemin_brouillon: None,
            rapport_ouvert: false,
            saisie: EnCours::default(),
            apercu: None,
            aide: false,
            confirmation: false,
            message: None,
            fini: false,
            curseur_accueil: 0,
            curseur_revue: 0,
            rapport: Vec::new(),
            defilement: 0,
            hauteur_page: 10,
            largeur: 80,
            rapport_brut: String::new(),
        };
        if let Some(o) = ouverture {
            app.installer(o);
        }
        app
    }

    fn installer(&mut self, o: Ouverture<'b>) {
        let id = o.flux.questionnaire().id.clone();
        let chemin = self
            .options
            .brouillon
            .clone()
            .unwrap_or_else(|| brouillon::chemin_par_defaut(&id));
        let mut message = if o.repris {
            format!("Brouillon repris : {}", chemin.display())
        } else {
            format!(
                "Brouillon : {} (enregistré après chaque réponse)",
                chemin.display()
            )
        };
        for a in o.avertissements {
            message.push_str(" · ");
            message.push_str(&a);
        }
        self.message = Some(message);
        self.chemin_brouillon = Some(chemin);
        self.flux = Some(o.flux);
        self.recalculer_apercu(false);
        self.charger_saisie();
    }

    /// The screen shown.
    pub fn ecran(&self) -> Ecran {
        match &self.flux {
            None => Ecran::Accueil,
            Some(_) if self.rapport_ouvert => Ecran::Rapport,
            Some(f) => match f.etape() {
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
        self.flux.as_ref()
    }

    /// The answer being entered.
    pub fn saisie(&self) -> &EnCours {
        &self.saisie
    }

    /// The live verdict.
    pub fn apercu(&self) -> Option<&Apercu> {
        self.apercu.as_ref()
    }

    /// Whether the help panel replaces the verdict panel.
    pub fn aide_visible(&self) -> bool {
        self.aide
    }

    /// Whether the quit confirmation is open.
    pub fn confirmation_ouverte(&self) -> bool {
        self.confirmation
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

    /// The draft file, once a questionnaire is chosen.
    pub fn chemin_brouillon(&self) -> Option<&Path> {
        self.chemin_brouillon.as_deref()
    }

    /// Cursor on the welcome screen.
    pub fn curseur_accueil(&self) -> usize {
        self.curseur_accueil
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
        let Some(f) = &self.flux else { return 0 };
        let jnsp = f.question(k).is_some_and(|q| q.je_ne_sais_pas);
        f.choix(k).len() + usize::from(jnsp)
    }

    fn charger_saisie(&mut self) {
        self.saisie = EnCours::default();
        let Some(f) = &self.flux else { return };
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

    fn recalculer_apercu(&mut self, comparer: bool) {
        let Some(f) = &self.flux else { return };
        let precedent = if comparer { self.apercu.as_ref() } else { None };
        match Apercu::calculer(self.moteur, f.faits(), f.date(), precedent) {
            Ok(a) => self.apercu = Some(a),
            Err(e) => self.message = Some(format!("Verdict indisponible : {e}")),
        }
    }

    fn enregistrer(&mut self) -> bool {
        let (Some(f), Some(chemin)) = (&self.flux, &self.chemin_brouillon) else {
            return true;
        };
        match brouillon::sauver(f, chemin) {
            Ok(()) => true,
            Err(e) => {
                self.message = Some(format!(
                    "ATTENTION : brouillon non enregistré dans {} : {}",
                    chemin.display(),
                    crate::diag::erreur_io(&e)
                ));
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
        let Some(f) = &self.flux else { return };
        let choix = f.choix(k);
        let Some(r) = self.reponse_saisie(f, k, &choix) else {
            return;
        };
        let Some(f) = &mut self.flux else { return };
        match f.repondre(r) {
            Ok(()) => {
                self.message = None;
                if self.enregistrer()
                    && let Some(c) = &self.chemin_brouillon
                {
                    self.message = Some(format!("Réponse enregistrée dans {}", c.display()));
                }
                self.recalculer_apercu(true);
                self.curseur_revue = 0;
                self.charger_saisie();
            }
            Err(e) => self.message = Some(format!("Réponse refusée : {e}")),
        }
    }

    fn choisir_questionnaire(&mut self) {
        let Some(q) = profils(self.base).get(self.curseur_accueil).copied() else {
            return;
        };
        let id = q.id.clone();
        let chemin = self
            .options
            .brouillon
            .clone()
            .unwrap_or_else(|| brouillon::chemin_par_defaut(&id));
        match brouillon::ouvrir(self.base, Some(&id), &chemin, self.options.date) {
            Ok(o) => self.installer(o),
            Err(e) => self.message = Some(e.replace('\n', " ")),
        }
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
        let Some(f) = &self.flux else {
            return Err("aucun questionnaire en cours".into());
        };
        let reponses = f.vers_reponses();
        let evaluation = Evaluation::des_reponses(self.moteur, &reponses, f.date())
            .map_err(|e| e.to_string())?;
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

    /// Where the report is exported in `format`: beside the draft.
    pub fn chemin_export(&self, format: Format) -> Option<PathBuf> {
        let f = self.flux.as_ref()?;
        let ext = match format {
            Format::Texte => "txt",
            Format::Markdown => "md",
            Format::Json => "json",
            Format::Html => "html",
        };
        let dossier = self
            .chemin_brouillon
            .as_ref()
            .and_then(|c| c.parent())
            .map(Path::to_path_buf)
            .unwrap_or_default();
        Some(dossier.join(format!("cadria-rapport-{}.{ext}", f.questionnaire().id)))
    }

    fn exporter(&mut self, format: Format) {
        let Some(chemin) = self.chemin_export(format) else {
            return;
        };
        // The teacher's questionnaire exports the one-page summary.
        let resume = self
            .flux
            .as_ref()
            .is_some_and(|f| f.questionnaire().id == "enseignant");
        let r = self.rendre_rapport(format, resume).and_then(|t| {
            brouillon::enregistrer(&chemin, &t).map_err(|e| crate::diag::erreur_io(&e))
        });
        self.message = Some(match r {
            Ok(()) => format!(
                "Rapport exporté : {}",
                std::path::absolute(&chemin).unwrap_or(chemin).display()
            ),
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
        if self.confirmation {
            match m {
                Message::Confirmer => {
                    self.enregistrer();
                    self.fini = true;
                }
                Message::Annuler => self.confirmation = false,
                _ => {}
            }
            return;
        }
        match m {
            Message::Quitter => self.confirmation = true,
            Message::Aide => self.aide = !self.aide,
            _ => match self.ecran() {
                Ecran::Accueil => self.update_accueil(m),
                Ecran::Question(k) => self.update_question(k, m),
                Ecran::Revue => self.update_revue(m),
                Ecran::Rapport => self.update_rapport(m),
            },
        }
    }

    fn update_accueil(&mut self, m: Message) {
        let n = profils(self.base).len();
        match m {
            Message::Haut => self.deplacer(-1, n),
            Message::Bas => self.deplacer(1, n),
            Message::Numero(i) if (1..=n).contains(&i) => self.curseur_accueil = i - 1,
            Message::Valider => self.choisir_questionnaire(),
            _ => {}
        }
    }

    fn update_question(&mut self, k: usize, m: Message) {
        let n = self.nombre_items(k);
        let choix = self.flux.as_ref().map(|f| f.choix(k)).unwrap_or_default();
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
            Message::Caractere(c) => self.saisie.texte.push(c),
            Message::Effacer => {
                self.saisie.texte.pop();
            }
            Message::Valider => self.repondre(k),
            Message::Retour => {
                if self.flux.as_mut().is_some_and(|f| f.reculer()) {
                    self.charger_saisie();
                    self.message = None;
                } else {
                    self.message = Some("C'est la première question.".into());
                }
            }
            Message::Revue => {
                if let Some(f) = &mut self.flux {
                    f.revue();
                }
                self.charger_saisie();
            }
            _ => {}
        }
    }

    fn update_revue(&mut self, m: Message) {
        let visibles = self.flux.as_ref().map(|f| f.visibles()).unwrap_or_default();
        match m {
            Message::Haut => self.deplacer(-1, visibles.len()),
            Message::Bas => self.deplacer(1, visibles.len()),
            Message::Debut => self.curseur_revue = 0,
            Message::Fin => self.curseur_revue = visibles.len().saturating_sub(1),
            Message::PagePrecedente => self.deplacer(-5, visibles.len()),
            Message::PageSuivante => self.deplacer(5, visibles.len()),
            Message::Valider => {
                if let (Some(k), Some(f)) = (visibles.get(self.curseur_revue), &mut self.flux) {
                    f.aller_a(*k);
                    self.charger_saisie();
                }
            }
            Message::Retour => {
                if let Some(f) = &mut self.flux
                    && !f.continuer()
                {
                    f.reculer();
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
