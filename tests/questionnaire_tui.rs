//! The terminal questionnaire at two levels: the state driven by synthetic
//! key events (navigation, hidden questions, going back, « je ne sais pas »,
//! resume, quit), and the rendering of the main screens at 80×24 with
//! ratatui's `TestBackend` (insta snapshots). A small rule pack of our own
//! (tests/fixtures/questionnaire) keeps the snapshots stable.

use cadria::base::{Base, Sources};
use cadria::moteur::{Moteur, Verdict};
use cadria::questionnaire::brouillon;
use cadria::questionnaire::session::{Emplacement, Session};
use cadria::reponses::Reponses;
use cadria::tui::{App, Ecran, Message, Options, Theme, dessiner, message};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::{Path, PathBuf};

const DATE: &str = "2026-11-28";

fn base() -> Base {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/questionnaire");
    let (b, d) = Base::charger(&Sources {
        regles: Some(dir.join("regles")),
        questionnaires: Some(dir.join("questionnaires")),
    });
    assert!(
        !cadria::diag::contient_erreur(&d),
        "{}",
        cadria::diag::rendre_texte(&d)
    );
    b
}

fn options(dossier: &Path) -> Options<'static> {
    Options {
        catalogue: None,
        brouillon: Some(dossier.join("brouillon.yaml")),
        dossier: dossier.to_path_buf(),
        date: crate::support::date(DATE),
        theme: Theme::SansCouleur,
    }
}

fn ouvrir<'b>(base: &'b Base, moteur: &'b Moteur<'b>, dossier: &Path) -> App<'b> {
    let chemin = dossier.join("brouillon.yaml");
    let o = brouillon::ouvrir(base, Some("essai"), &chemin, crate::support::date(DATE)).unwrap();
    let s = Session::new(moteur, o, Emplacement::Fichier(chemin)).unwrap();
    App::new(base, moteur, options(dossier), Some(s))
}

fn touche(app: &mut App<'_>, code: KeyCode) {
    let k = KeyEvent::new(code, KeyModifiers::NONE);
    if let Some(m) = message(app, k) {
        app.update(m);
    }
}

fn taper(app: &mut App<'_>, texte: &str) {
    for c in texte.chars() {
        touche(app, KeyCode::Char(c));
    }
}

fn fait_courant(app: &App<'_>) -> String {
    match app.ecran() {
        Ecran::Question(k) => app
            .flux()
            .and_then(|f| f.question(k))
            .map(|q| q.fait.clone())
            .unwrap_or_default(),
        Ecran::Revue => "revue".into(),
        Ecran::Rapport => "rapport".into(),
        Ecran::Accueil => "accueil".into(),
        Ecran::Profils => "profils".into(),
    }
}

/// The screen at 80×24, the temporary directory written `[DOSSIER]`.
fn ecran(app: &App<'_>, dossier: &Path) -> String {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| dessiner(f, app)).unwrap();
    t.backend()
        .to_string()
        .replace(&dossier.display().to_string(), "[DOSSIER]")
}

/// Answers the test questionnaire: tool, 5e, pupils in class, consumer
/// service. The use is then forbidden for certain: the question on
/// checking outputs (a vigilance point) can no longer change the verdict
/// and is not asked.
fn repondre_tout(app: &mut App<'_>) {
    taper(app, "ChatGPT");
    touche(app, KeyCode::Enter);
    touche(app, KeyCode::Char(' ')); // tick « Cinquième »
    touche(app, KeyCode::Enter);
    touche(app, KeyCode::Char('2')); // « Les élèves, en classe »
    touche(app, KeyCode::Enter);
    touche(app, KeyCode::Enter); // « Service grand public »
}

#[test]
fn parcours_complet_au_clavier_puis_evaluer_donne_le_meme_verdict() {
    let b = base();
    let m = Moteur::new(&b).unwrap();
    let d = tempfile::tempdir().unwrap();
    let mut app = ouvrir(&b, &m, d.path());
    repondre_tout(&mut app);
    assert_eq!(app.ecran(), Ecran::Revue);
    assert_eq!(app.apercu().map(|a| a.verdict), Some(Verdict::Interdit));
    // The draft, read as `cadria evaluer` reads it, gives the same verdict.
    let texte = std::fs::read_to_string(d.path().join("brouillon.yaml")).unwrap();
    insta::assert_snapshot!("brouillon_complet", texte);
    let r = Reponses::lire(&texte, "brouillon.yaml", &b).unwrap();
    let eval = m.evaluer(&r.faits, crate::support::date(DATE)).unwrap();
    let v = m
        .verdict_conjoint(&r.faits, crate::support::date(DATE), &eval, |k| {
            Some(b.regles()[k].gravite)
        })
        .verdict;
    assert_eq!(v, Verdict::Interdit);
    assert_eq!(r.faits, *app.flux().unwrap().faits());
}

#[test]
fn question_cachee_retour_et_reponse_retiree() {
    let b = base();
    let m = Moteur::new(&b).unwrap();
    let d = tempfile::tempdir().unwrap();
    let mut app = ouvrir(&b, &m, d.path());
    taper(&mut app, "X");
    touche(&mut app, KeyCode::Enter);
    touche(&mut app, KeyCode::Enter); // no level ticked: no pupils
    assert_eq!(
        fait_courant(&app),
        "categorie_outil",
        "the pupil question is skipped"
    );
    touche(&mut app, KeyCode::Left);
    assert_eq!(fait_courant(&app), "niveaux");
    touche(&mut app, KeyCode::Char(' '));
    touche(&mut app, KeyCode::Enter);
    assert_eq!(fait_courant(&app), "usage_eleves", "now shown");
    touche(&mut app, KeyCode::Char('2'));
    touche(&mut app, KeyCode::Enter);
    // Back to levels, untick: the answer about pupils leaves the draft.
    touche(&mut app, KeyCode::Left);
    touche(&mut app, KeyCode::Left);
    assert_eq!(fait_courant(&app), "niveaux");
    touche(&mut app, KeyCode::Char(' '));
    touche(&mut app, KeyCode::Enter);
    let texte = std::fs::read_to_string(d.path().join("brouillon.yaml")).unwrap();
    assert!(!texte.contains("usage_eleves"), "{texte}");
    assert!(texte.contains("niveaux: []"), "{texte}");
}

#[test]
fn je_ne_sais_pas_rend_le_verdict_a_verifier() {
    let b = base();
    let m = Moteur::new(&b).unwrap();
    let d = tempfile::tempdir().unwrap();
    let mut app = ouvrir(&b, &m, d.path());
    taper(&mut app, "X");
    touche(&mut app, KeyCode::Enter);
    touche(&mut app, KeyCode::Char('0')); // niveaux: je ne sais pas
    touche(&mut app, KeyCode::Enter);
    assert_eq!(fait_courant(&app), "usage_eleves", "shown: it could apply");
    touche(&mut app, KeyCode::Char('0'));
    touche(&mut app, KeyCode::Enter);
    touche(&mut app, KeyCode::Enter); // grand public
    assert_eq!(app.apercu().map(|a| a.verdict), Some(Verdict::AVerifier));
    let texte = std::fs::read_to_string(d.path().join("brouillon.yaml")).unwrap();
    assert!(
        texte.contains("niveaux: inconnu") && texte.contains("usage_eleves: inconnu"),
        "{texte}"
    );
}

#[test]
fn verdict_en_direct_montre_ce_qui_apparait_et_disparait() {
    let b = base();
    let m = Moteur::new(&b).unwrap();
    let d = tempfile::tempdir().unwrap();
    let mut app = ouvrir(&b, &m, d.path());
    repondre_tout(&mut app);
    // Review → question 4 (origin of the tool) → the ENT version instead.
    for _ in 0..3 {
        touche(&mut app, KeyCode::Down);
    }
    touche(&mut app, KeyCode::Enter);
    assert_eq!(fait_courant(&app), "categorie_outil");
    touche(&mut app, KeyCode::Down);
    touche(&mut app, KeyCode::Enter);
    let a = app.apercu().unwrap();
    let disparus: Vec<&str> = a
        .changements
        .iter()
        .filter(|c| c.apres.is_none())
        .map(|c| c.regle.as_str())
        .collect();
    assert_eq!(disparus, vec!["ESSAI-01", "ESSAI-03"]);
    assert_eq!(a.changements[0].libelle(), "Levé");
    // Nothing forbids the use any more: checking the outputs matters again.
    assert_eq!(fait_courant(&app), "verification_sorties");
    touche(&mut app, KeyCode::Down);
    touche(&mut app, KeyCode::Enter); // « Non »
    assert_eq!(app.ecran(), Ecran::Revue, "back to the review after a jump");
    assert_eq!(
        app.curseur_revue(),
        4,
        "the cursor stays on the question just answered"
    );
    assert_eq!(
        app.apercu().map(|a| a.verdict),
        Some(Verdict::ConformeSousReserve)
    );
}

#[test]
fn reprise_d_un_brouillon_apres_arret() {
    let b = base();
    let m = Moteur::new(&b).unwrap();
    let d = tempfile::tempdir().unwrap();
    {
        let mut app = ouvrir(&b, &m, d.path());
        taper(&mut app, "ChatGPT");
        touche(&mut app, KeyCode::Enter);
        touche(&mut app, KeyCode::Char(' '));
        touche(&mut app, KeyCode::Enter);
        // The process is killed here: nothing more than the draft survives.
    }
    let mut app = ouvrir(&b, &m, d.path());
    assert_eq!(fait_courant(&app), "usage_eleves");
    assert_eq!(app.flux().unwrap().progression().repondues, 2);
    touche(&mut app, KeyCode::Left);
    assert_eq!(
        app.saisie().coches,
        vec![true, false],
        "the earlier ticks are shown"
    );
}

#[test]
fn quitter_demande_confirmation_et_enregistre() {
    let b = base();
    let m = Moteur::new(&b).unwrap();
    let d = tempfile::tempdir().unwrap();
    let mut app = ouvrir(&b, &m, d.path());
    taper(&mut app, "ChatGPT");
    touche(&mut app, KeyCode::Enter);
    touche(&mut app, KeyCode::Char('q'));
    assert!(app.confirmation_ouverte());
    touche(&mut app, KeyCode::Esc);
    assert!(!app.confirmation_ouverte() && !app.fini());
    app.update(Message::Quitter);
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    if let Some(msg) = message(&app, ctrl_c) {
        app.update(msg);
    }
    assert!(app.fini());
    assert!(
        std::fs::read_to_string(d.path().join("brouillon.yaml"))
            .unwrap()
            .contains("outil: \"ChatGPT\"")
    );
}

#[test]
fn dans_un_champ_texte_q_s_ecrit() {
    let b = base();
    let m = Moteur::new(&b).unwrap();
    let d = tempfile::tempdir().unwrap();
    let mut app = ouvrir(&b, &m, d.path());
    taper(&mut app, "Qwant q?");
    assert!(!app.confirmation_ouverte());
    assert_eq!(app.saisie().texte, "Qwant q?");
    touche(&mut app, KeyCode::Backspace);
    assert_eq!(app.saisie().texte, "Qwant q");
}

#[test]
fn export_du_rapport_dans_les_quatre_formats() {
    let b = base();
    let m = Moteur::new(&b).unwrap();
    let d = tempfile::tempdir().unwrap();
    let mut app = ouvrir(&b, &m, d.path());
    repondre_tout(&mut app);
    touche(&mut app, KeyCode::Char('r'));
    assert_eq!(app.ecran(), Ecran::Rapport);
    for (c, ext) in [('t', "txt"), ('m', "md"), ('j', "json"), ('h', "html")] {
        touche(&mut app, KeyCode::Char(c));
        let chemin = d.path().join(format!("brouillon.{ext}"));
        assert!(chemin.is_file(), "{}", chemin.display());
        assert!(
            app.message()
                .unwrap_or_default()
                .contains(&format!("brouillon.{ext}"))
        );
    }
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.path().join("brouillon.json")).unwrap())
            .unwrap();
    assert_eq!(json["verdict"], "interdit");
}

// ---- Rendering at 80×24 ----

#[test]
fn ecran_accueil() {
    let b = base();
    let m = Moteur::new(&b).unwrap();
    let d = tempfile::tempdir().unwrap();
    let mut app = App::new(&b, &m, options(d.path()), None);
    touche(&mut app, KeyCode::Down);
    insta::assert_snapshot!("accueil", ecran(&app, d.path()));
}

#[test]
fn ecrans_de_question() {
    let b = base();
    let m = Moteur::new(&b).unwrap();
    let d = tempfile::tempdir().unwrap();
    let mut app = ouvrir(&b, &m, d.path());
    taper(&mut app, "ChatGPT (version gratuite)");
    insta::assert_snapshot!("question_texte", ecran(&app, d.path()));
    touche(&mut app, KeyCode::Enter);
    touche(&mut app, KeyCode::Char(' '));
    insta::assert_snapshot!("question_multiple", ecran(&app, d.path()));
    touche(&mut app, KeyCode::Enter);
    touche(&mut app, KeyCode::Down);
    insta::assert_snapshot!("question_unique", ecran(&app, d.path()));
    touche(&mut app, KeyCode::Char('?'));
    insta::assert_snapshot!("question_aide", ecran(&app, d.path()));
}

#[test]
fn ecrans_revue_rapport_et_confirmation() {
    let b = base();
    let m = Moteur::new(&b).unwrap();
    let d = tempfile::tempdir().unwrap();
    let mut app = ouvrir(&b, &m, d.path());
    repondre_tout(&mut app);
    touche(&mut app, KeyCode::Down);
    insta::assert_snapshot!("revue", ecran(&app, d.path()));
    touche(&mut app, KeyCode::Char('r'));
    app.fixer_taille(80, 19);
    insta::assert_snapshot!("rapport", ecran(&app, d.path()));
    touche(&mut app, KeyCode::Char('q'));
    insta::assert_snapshot!("confirmation", ecran(&app, d.path()));
}

#[test]
fn petit_terminal_sans_panneau() {
    let b = base();
    let m = Moteur::new(&b).unwrap();
    let d = tempfile::tempdir().unwrap();
    let mut app = ouvrir(&b, &m, d.path());
    taper(&mut app, "X");
    touche(&mut app, KeyCode::Enter);
    let mut t = Terminal::new(TestBackend::new(40, 12)).unwrap();
    t.draw(|f| dessiner(f, &app)).unwrap();
    let s = t.backend().to_string();
    assert!(s.contains("[ ] 1."), "{s}");
}

// ---- The shipped teacher questionnaire at 80×24 and 60×18 ----

fn ecran_taille(app: &App<'_>, dossier: &Path, l: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(l, h)).unwrap();
    t.draw(|f| dessiner(f, app)).unwrap();
    t.backend()
        .to_string()
        .replace(&dossier.display().to_string(), "[DOSSIER]")
}

fn enseignant<'b>(base: &'b Base, moteur: &'b Moteur<'b>, dossier: &Path) -> App<'b> {
    let o = brouillon::ouvrir(
        base,
        Some("enseignant"),
        &dossier.join("e.yaml"),
        crate::support::date(DATE),
    )
    .unwrap();
    let s = Session::new(moteur, o, Emplacement::Fichier(dossier.join("e.yaml"))).unwrap();
    App::new(base, moteur, options(dossier), Some(s))
}

/// « À quoi l'outil va-t-il vous servir ? » has 12 choices and « je ne sais
/// pas »: at 80×24 and 60×18 the question stays on top, markers say how
/// many choices are out of sight, the cursor's choice is shown; below 80
/// columns the verdict panel sits under the question.
#[test]
fn longue_liste_defilante_et_panneau_deplace() {
    let (b, _) = Base::charger(&Sources::default());
    let m = Moteur::new(&b).unwrap();
    let d = tempfile::tempdir().unwrap();
    let mut app = enseignant(&b, &m, d.path());
    taper(&mut app, "ChatGPT");
    touche(&mut app, KeyCode::Enter);
    assert_eq!(fait_courant(&app), "finalites");
    for (l, h) in [(80, 24), (60, 18)] {
        let haut = ecran_taille(&app, d.path(), l, h);
        assert!(
            haut.contains("À quoi l'outil va-t-il vous servir"),
            "{haut}"
        );
        assert!(haut.contains("↓ "), "{haut}");
        insta::assert_snapshot!(format!("liste_haut_{l}x{h}"), haut);
    }
    touche(&mut app, KeyCode::End); // « Je ne sais pas »
    for (l, h) in [(80, 24), (60, 18)] {
        let bas = ecran_taille(&app, d.path(), l, h);
        assert!(bas.contains("À quoi l'outil va-t-il vous servir"), "{bas}");
        assert!(bas.contains("0. Je ne sais pas"), "{bas}");
        assert!(bas.contains("↑ "), "{bas}");
        insta::assert_snapshot!(format!("liste_bas_{l}x{h}"), bas);
    }
}

/// The 5e-ChatGPT case: « INTERDIT » and the title of ELEVE-NIV-02 in the
/// panel at 80×24, and no rule id anywhere on the screen; at 60×18 the
/// panel is under the question.
#[test]
fn chatgpt_en_cinquieme_panneau_en_francais() {
    let (b, _) = Base::charger(&Sources::default());
    let m = Moteur::new(&b).unwrap();
    let d = tempfile::tempdir().unwrap();
    let chemin = d.path().join("c.yaml");
    std::fs::write(
        &chemin,
        "outil: ChatGPT\nquestionnaire: enseignant\nreponses:\n  finalites: [activite_eleves]\n  type_ia: generative\n  niveaux: [5e]\n  usage_eleves: encadre\n",
    )
    .unwrap();
    let o = brouillon::ouvrir(&b, None, &chemin, crate::support::date(DATE)).unwrap();
    let s = Session::new(&m, o, Emplacement::Fichier(chemin)).unwrap();
    let mut app = App::new(&b, &m, options(d.path()), Some(s));
    assert_eq!(fait_courant(&app), "compte_eleve");
    // Personal account, then consumer service.
    touche(&mut app, KeyCode::Char('2'));
    touche(&mut app, KeyCode::Enter);
    while fait_courant(&app) != "categorie_outil" {
        touche(&mut app, KeyCode::Char('0'));
        touche(&mut app, KeyCode::Enter);
    }
    touche(&mut app, KeyCode::Char('1'));
    touche(&mut app, KeyCode::Enter);
    let e = ecran_taille(&app, d.path(), 80, 24);
    assert!(e.contains("│ INTERDIT"), "{e}");
    assert!(e.contains("6e-5e – pas de"), "{e}");
    let id = regex::Regex::new(r"[A-Z]{2,}-[A-Z0-9-]*[0-9]{2}").unwrap();
    assert!(!id.is_match(&e), "{e}");
    insta::assert_snapshot!("chatgpt_5e_80x24", e);
    let petit = ecran_taille(&app, d.path(), 60, 18);
    assert!(petit.contains("Verdict provisoire"), "{petit}");
    insta::assert_snapshot!("chatgpt_5e_60x18", petit);
}

/// Bidirectional overrides and control characters in a questionnaire pack's
/// texts never reach the terminal and are shown in a visible form (issue 11).
#[test]
fn textes_du_questionnaire_neutralises() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/questionnaire");
    let d = tempfile::tempdir().unwrap();
    let q = d.path().join("q");
    std::fs::create_dir_all(&q).unwrap();
    for f in ["faits.yaml", "autre.yaml"] {
        std::fs::copy(dir.join("questionnaires").join(f), q.join(f)).unwrap();
    }
    let essai = std::fs::read_to_string(dir.join("questionnaires/essai.yaml"))
        .unwrap()
        .replace(
            "texte: Quel outil d'IA souhaitez-vous utiliser ?",
            r#"texte: "Quel outil \u202Elituo\u202C d'IA \e[2J ?""#,
        );
    std::fs::write(q.join("essai.yaml"), essai).unwrap();
    let (b, diags) = Base::charger(&Sources {
        regles: Some(dir.join("regles")),
        questionnaires: Some(q),
    });
    assert!(!cadria::diag::contient_erreur(&diags), "{diags:?}");
    let m = Moteur::new(&b).unwrap();
    let app = ouvrir(&b, &m, d.path());
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| dessiner(f, &app)).unwrap();
    // Every cell as the terminal would receive it (zero-width characters
    // ride along with the cell before them).
    let cellules: String = t
        .backend()
        .buffer()
        .content
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(cellules.contains("Quel outil"), "{cellules}");
    assert!(
        !cellules
            .chars()
            .any(|c| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{1b}')),
        "{cellules:?}"
    );
    // Shown in a visible form, not silently dropped: the reader sees that
    // the text carries an override.
    assert!(cellules.contains("u{202e}"), "{cellules}");
}

/// The start screen lists the assessments of the folder (tool, profile,
/// date, state, verdict) under « Nouvelle évaluation »; `s` asks before
/// deleting.
#[test]
fn ecran_d_accueil_des_evaluations() {
    let b = base();
    let m = Moteur::new(&b).unwrap();
    let d = tempfile::tempdir().unwrap();
    // Written oldest first: newest first on screen, whatever the clock's grain.
    std::fs::write(
        d.path().join("qwant-2026-11-20.yaml"),
        "outil: Qwant\nquestionnaire: essai\nreponses:\n  niveaux: []\n",
    )
    .unwrap();
    std::fs::write(
        d.path().join("chatgpt-2026-11-28.yaml"),
        "outil: ChatGPT\nquestionnaire: essai\nreponses:\n  niveaux: [5e]\n  usage_eleves: encadre\n  categorie_outil: grand_public\n",
    )
    .unwrap();
    let mut o = options(d.path());
    o.brouillon = None;
    let mut app = App::new(&b, &m, o, None);
    assert_eq!(app.ecran(), Ecran::Accueil);
    assert_eq!(app.fiches().len(), 2);
    touche(&mut app, KeyCode::Down);
    insta::assert_snapshot!("accueil_evaluations", ecran(&app, d.path()));
    touche(&mut app, KeyCode::Char('s'));
    assert!(app.confirmation_ouverte());
    touche(&mut app, KeyCode::Esc);
    assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 2);
    // Enter on « Nouvelle évaluation »: the choice of a questionnaire.
    touche(&mut app, KeyCode::Home);
    touche(&mut app, KeyCode::Enter);
    assert_eq!(app.ecran(), Ecran::Profils);
}
