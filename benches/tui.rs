//! Questionnaire benchmark: time from start to the first frame (embedded
//! rules loaded and compiled, questionnaire opened, verdict computed, screen
//! drawn), and the cost of one answer keystroke (flow and hidden questions
//! recomputed, draft written, every rule re-evaluated, screen redrawn), on
//! the embedded teacher questionnaire; and the cost of the flow alone per
//! answer (relevance of every question recomputed from the rules) on the
//! teacher and DPO questionnaires. Run with `cargo bench --bench tui`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "un banc d'essai s'arrête au premier imprévu"
)]

use cadria::base::{Base, Sources};
use cadria::faits::Valeur;
use cadria::moteur::Moteur;
use cadria::questionnaire::apercu::Apercu;
use cadria::questionnaire::brouillon;
use cadria::questionnaire::flux::{Etape, Flux, Reponse, Saisie};
use cadria::questionnaire::session::{Emplacement, Session};
use cadria::tui::{App, Ecran, Message, Options, Theme, dessiner};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::Path;
use std::time::{Duration, Instant};

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn mediane(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

fn options(dossier: &Path) -> Options<'static> {
    Options {
        catalogue: None,
        brouillon: Some(dossier.join("brouillon.yaml")),
        dossier: dossier.to_path_buf(),
        date: cadria::date::Date::depuis("2026-11-28").unwrap(),
        theme: Theme::Couleur,
    }
}

fn premiere_image(dossier: &Path, profil: Option<&str>) -> Duration {
    let _ = std::fs::remove_file(dossier.join("brouillon.yaml"));
    let debut = Instant::now();
    let (base, _) = Base::charger(&Sources::default());
    let moteur = Moteur::new(&base).expect("règles intégrées compilables");
    let ouverture = profil.map(|p| {
        brouillon::ouvrir(
            &base,
            Some(p),
            &dossier.join("brouillon.yaml"),
            cadria::date::Date::depuis("2026-11-28").unwrap(),
        )
        .expect("questionnaire intégré")
    });
    let session = ouverture.map(|o| {
        Session::new(
            &moteur,
            o,
            Emplacement::Fichier(dossier.join("brouillon.yaml")),
        )
        .expect("séance")
    });
    let app = App::new(&base, &moteur, options(dossier), session);
    let mut t = Terminal::new(TestBackend::new(80, 24)).expect("terminal de test");
    t.draw(|f| dessiner(f, &app)).expect("dessin");
    debut.elapsed()
}

fn main() {
    let dossier = tempfile::tempdir().expect("dossier temporaire");
    let d = dossier.path();
    println!(
        "cadria — questionnaire interactif (règles intégrées, questionnaire enseignant, 80×24)"
    );

    let accueil: Vec<Duration> = (0..15).map(|_| premiere_image(d, None)).collect();
    let question: Vec<Duration> = (0..15)
        .map(|_| premiere_image(d, Some("enseignant")))
        .collect();
    println!(
        "démarrage → première image, écran d'accueil     : médiane {:.1} ms (min {:.1})",
        ms(mediane(accueil.clone())),
        ms(accueil.iter().min().copied().unwrap_or_default())
    );
    println!(
        "démarrage → première image, première question  : médiane {:.1} ms (min {:.1})",
        ms(mediane(question.clone())),
        ms(question.iter().min().copied().unwrap_or_default())
    );

    let (base, _) = Base::charger(&Sources::default());
    let moteur = Moteur::new(&base).expect("règles intégrées compilables");
    println!(
        "règles : {}, faits : {}",
        base.regles().len(),
        base.schema().faits().len()
    );

    // One answer keystroke, question after question (first choice, or a text).
    let mut touches_reponse = Vec::new();
    let mut touches_curseur = Vec::new();
    let mut apercus = Vec::new();
    for _ in 0..5 {
        let _ = std::fs::remove_file(d.join("brouillon.yaml"));
        let o = brouillon::ouvrir(
            &base,
            Some("enseignant"),
            &d.join("brouillon.yaml"),
            cadria::date::Date::depuis("2026-11-28").unwrap(),
        )
        .expect("questionnaire intégré");
        let s = Session::new(&moteur, o, Emplacement::Fichier(d.join("brouillon.yaml")))
            .expect("séance");
        let mut app = App::new(&base, &moteur, options(d), Some(s));
        let mut t = Terminal::new(TestBackend::new(80, 24)).expect("terminal de test");
        while let Ecran::Question(k) = app.ecran() {
            if app.flux().is_some_and(|f| f.saisie(k) == Saisie::Texte) {
                app.update(Message::Caractere('x'));
            } else {
                let debut = Instant::now();
                app.update(Message::Bas);
                t.draw(|f| dessiner(f, &app)).expect("dessin");
                touches_curseur.push(debut.elapsed());
                app.update(Message::Haut);
            }
            if let Some(f) = app.flux() {
                let debut = Instant::now();
                let _ = Apercu::calculer(&moteur, f.faits(), f.date(), app.apercu());
                apercus.push(debut.elapsed());
            }
            let debut = Instant::now();
            app.update(Message::Valider);
            t.draw(|f| dessiner(f, &app)).expect("dessin");
            touches_reponse.push(debut.elapsed());
        }
    }
    let max = |v: &[Duration]| ms(v.iter().max().copied().unwrap_or_default());
    println!(
        "réévaluation de toutes les règles (aperçu)      : médiane {:.2} ms, max {:.2} ms ({} mesures)",
        ms(mediane(apercus.clone())),
        max(&apercus),
        apercus.len()
    );
    println!(
        "touche Entrée (réponse + brouillon + verdict + image) : médiane {:.2} ms, max {:.2} ms ({} mesures)",
        ms(mediane(touches_reponse.clone())),
        max(&touches_reponse),
        touches_reponse.len()
    );
    println!(
        "touche ↓ (curseur + image)                      : médiane {:.3} ms, max {:.3} ms",
        ms(mediane(touches_curseur.clone())),
        max(&touches_curseur)
    );

    // The flow alone: one answer (first choice, « aucun » for a list, a
    // text), the relevance of every question recomputed from the rules.
    for profil in ["enseignant", "dpo"] {
        let mut durees = Vec::new();
        let mut questions = 0;
        for _ in 0..5 {
            let mut f = Flux::new(
                &base,
                profil,
                cadria::date::Date::depuis("2026-11-28").expect("date"),
            )
            .expect("questionnaire intégré");
            questions = f.nombre();
            while let Etape::Question(k) = f.etape() {
                let r = match f.saisie(k) {
                    Saisie::Texte => Reponse::Valeur(Valeur::Texte("x".into())),
                    Saisie::Multiple => Reponse::Valeur(Valeur::Liste(Vec::new())),
                    Saisie::Unique => {
                        let id = f.choix(k).first().map(|c| c.id.clone()).unwrap_or_default();
                        f.valeur_choisie(k, &id)
                            .map(Reponse::Valeur)
                            .unwrap_or(Reponse::Inconnu)
                    }
                };
                let debut = Instant::now();
                f.repondre(r).expect("réponse permise");
                durees.push(debut.elapsed());
            }
        }
        println!(
            "parcours + pertinence par réponse ({profil}, {questions} questions) : médiane {:.2} ms, max {:.2} ms ({} mesures)",
            ms(mediane(durees.clone())),
            max(&durees),
            durees.len()
        );
    }
}
