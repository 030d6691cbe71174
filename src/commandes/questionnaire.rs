//! `cadria questionnaire` (and `cadria` alone): the full-screen
//! questionnaire, or the plain line mode when asked or when the terminal
//! cannot show it. The draft path is printed on start and on exit.

use super::{CodeSortie, Echec, Messages, Resultat};
use crate::cli::{ArgsQuestionnaire, ChoixCouleur, Communes};
use crate::diag::{Code, Diagnostic, Position};
use crate::questionnaire::brouillon::{self, Ouverture};
use crate::questionnaire::catalogue::Catalogue;
use crate::questionnaire::dossier;
use crate::questionnaire::flux::Flux;
use crate::questionnaire::session::{Emplacement, Session};
use crate::tui::{self, App, Options, Theme, simple};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

fn mode_simple(a: &ArgsQuestionnaire) -> bool {
    a.simple
        || !std::io::stdin().is_terminal()
        || !std::io::stdout().is_terminal()
        || std::env::var("TERM").is_ok_and(|t| t == "dumb")
}

fn sans_couleur(c: &Communes) -> bool {
    match c.couleur {
        ChoixCouleur::Jamais => true,
        ChoixCouleur::Toujours => false,
        ChoixCouleur::Auto => std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
    }
}

fn annoncer_fin(chemin: Option<&Path>, m: &mut Messages<'_>) {
    match chemin {
        Some(c) if c.exists() => m.ligne(&format!(
            "Vos réponses sont enregistrées dans {0}.\nReprendre : cadria questionnaire --reprendre {0}\nÉvaluer   : cadria evaluer {0}",
            c.display()
        )),
        _ => m.ligne("Aucune réponse enregistrée."),
    }
}

/// Ends the session: quitting without saving says what became of the file;
/// otherwise the draft is saved one last time and its place is said. When
/// it cannot be written (disk full, read-only folder), says so, saves it in
/// the temporary folder instead and exits 2: an answer is never reported
/// saved when it is not.
fn terminer(session: Option<&mut Session<'_>>, abandon: bool, m: &mut Messages<'_>) -> CodeSortie {
    let Some(session) = session else {
        annoncer_fin(None, m);
        return CodeSortie::Succes;
    };
    if abandon {
        match session.chemin() {
            Some(c) if c.exists() => m.ligne(&format!(
                "Quitté sans enregistrer : {} est revenu à son état d'avant.",
                c.display()
            )),
            _ => m.ligne("Quitté sans enregistrer : aucun fichier n'a été gardé."),
        }
        session.liberer();
        return CodeSortie::Succes;
    }
    if !session.a_du_contenu() {
        annoncer_fin(None, m);
        return CodeSortie::Succes;
    }
    let e = match session.enregistrer() {
        Ok(c) => {
            let c = c.map(Path::to_path_buf);
            annoncer_fin(c.as_deref(), m);
            session.liberer();
            return CodeSortie::Succes;
        }
        Err(e) => e,
    };
    let flux = session.flux();
    let secours = std::env::temp_dir().join(format!(
        "cadria-brouillon-{}-{}.yaml",
        flux.questionnaire().id,
        std::process::id()
    ));
    m.ligne(&format!(
        "ATTENTION : vos réponses n'ont pas pu être enregistrées : {e}"
    ));
    match brouillon::sauver(flux, &secours) {
        Ok(()) => m.ligne(&format!(
            "Elles ont été enregistrées à la place dans {0}.\nReprendre : cadria questionnaire --reprendre {0}",
            secours.display()
        )),
        Err(e2) => m.ligne(&format!(
            "Elles n'ont pas pu l'être non plus dans {} ({e2}). Les voici : copiez-les dans un fichier.\n{}",
            secours.display(),
            brouillon::vers_yaml(flux)
        )),
    }
    session.liberer();
    CodeSortie::Erreur
}

/// The folder of assessments: `--dossier`, else the user's data folder,
/// else (no HOME) the current folder.
fn dossier_des_evaluations(a: &ArgsQuestionnaire) -> PathBuf {
    a.dossier
        .clone()
        .or_else(dossier::dossier_par_defaut)
        .unwrap_or_else(|| PathBuf::from("."))
}

pub(super) fn executer(c: &Communes, a: &ArgsQuestionnaire, m: &mut Messages<'_>) -> Resultat {
    let date = super::date(a.date);
    if let Some(r) = &a.reprendre
        && !r.is_file()
    {
        return Err(Diagnostic::erreur(
            Code::Lecture,
            Position::new(&r.display().to_string(), 0, 0),
            "fichier à reprendre introuvable",
        )
        .aide(format!(
            "vérifiez le chemin ; les évaluations sont rangées dans {}",
            dossier_des_evaluations(a).display()
        ))
        .into());
    }
    let base = super::base(c)?;
    let moteur = super::moteur_de(&base)?;
    let catalogue = match &a.catalogue {
        None => None,
        Some(f) => {
            let nom = f.display().to_string();
            let texte = crate::limites::lire_fichier(f).map_err(|e| {
                Echec::from(
                    Diagnostic::erreur(
                        Code::Lecture,
                        Position::new(&nom, 0, 0),
                        format!("catalogue illisible : {}", crate::diag::erreur_io(&e)),
                    )
                    .aide("vérifiez le chemin du fichier donné à --catalogue"),
                )
            })?;
            Some(Catalogue::lire(&texte, &nom, base.schema()).map_err(Echec::diagnostics)?)
        }
    };
    let dossier = dossier_des_evaluations(a);
    let explicite: Option<PathBuf> = a.brouillon.clone().or_else(|| a.reprendre.clone());
    let emplacement = match &explicite {
        Some(f) => Emplacement::Fichier(f.clone()),
        None => Emplacement::Dossier(dossier.clone()),
    };
    // Opens questionnaire `profil`: the explicit file when there is one
    // (resumed if it exists), else a new assessment.
    let ouvrir = |profil: Option<&str>| -> Result<Ouverture<'_>, String> {
        match (&explicite, profil) {
            (Some(f), p) => brouillon::ouvrir(&base, p, f, date),
            (None, Some(p)) => Flux::new(&base, p, date)
                .map(|flux| Ouverture {
                    flux,
                    repris: false,
                    avertissements: Vec::new(),
                })
                .map_err(|e| format!("erreur : {e}")),
            (None, None) => Err("aucun questionnaire choisi".to_string()),
        }
    };
    let ouverture = match (&a.profil, &explicite) {
        (Some(p), _) => ouvrir(Some(p)).map(Some),
        (None, Some(_)) => ouvrir(None).map(Some),
        (None, None) => Ok(None),
    };
    let ouverture = match ouverture {
        Ok(o) => o,
        Err(e) => return Ok(refus_brouillon(&e, m)),
    };
    if let Some(o) = &ouverture {
        for av in &o.avertissements {
            m.ligne(&format!("attention : {av}"));
        }
    }
    let session = match ouverture.map(|o| Session::new(&moteur, o, emplacement.clone())) {
        Some(Ok(mut s)) => {
            s.fixer_catalogue(catalogue.as_ref());
            Some(s)
        }
        Some(Err(e)) => return Ok(refus_brouillon(&format!("erreur : {e}"), m)),
        None => None,
    };
    match session.as_ref().and_then(|s| s.chemin()) {
        Some(ch) => m.ligne(&format!(
            "Brouillon : {}{}",
            ch.display(),
            if session.as_ref().is_some_and(|s| s.reprise()) {
                " (repris)"
            } else {
                ""
            }
        )),
        None => m.ligne(&format!(
            "Évaluations : {} (le brouillon y prend le nom de l'outil et la date)",
            dossier.display()
        )),
    }

    if mode_simple(a) {
        let stdin = std::io::stdin();
        let mut entree = stdin.lock();
        let mut sortie = crate::neutralisation::SortieNeutre(std::io::stdout().lock());
        let mut session = match session {
            Some(s) => s,
            None => {
                let profil = match simple::demander_profil(&base, &mut entree, &mut sortie) {
                    Ok(Some(p)) => p,
                    Ok(None) => {
                        annoncer_fin(None, m);
                        return Ok(CodeSortie::Succes);
                    }
                    Err(e) => return Err(erreur_terminal(&e)),
                };
                match ouvrir(Some(&profil)).and_then(|o| Session::new(&moteur, o, emplacement)) {
                    Ok(mut s) => {
                        s.fixer_catalogue(catalogue.as_ref());
                        s
                    }
                    Err(e) => return Ok(refus_brouillon(&e, m)),
                }
            }
        };
        let r = simple::derouler(&mut session, &mut entree, &mut sortie);
        let fin = terminer(Some(&mut session), false, m);
        return match r {
            Ok(_) => Ok(fin),
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(fin),
            Err(e) => Err(erreur_terminal(&e)),
        };
    }

    let options = Options {
        brouillon: explicite.clone(),
        catalogue: catalogue.as_ref(),
        dossier,
        date,
        theme: Theme::choisir(a.contraste, sans_couleur(c)),
    };
    let mut app = App::new(&base, &moteur, options, session);
    let r = tui::lancer(&mut app);
    let abandon = app.abandon();
    let fin = terminer(app.session_mut(), abandon, m);
    match r {
        Ok(()) => Ok(fin),
        Err(e) => Err(erreur_terminal(&e)),
    }
}

/// A draft that cannot be opened or locked: `questionnaire::brouillon` says
/// why in a French sentence with its place and help, written as it is (exit 2).
fn refus_brouillon(texte: &str, m: &mut Messages<'_>) -> CodeSortie {
    m.ligne(texte);
    CodeSortie::Erreur
}

fn erreur_terminal(e: &std::io::Error) -> Echec {
    if e.kind() == std::io::ErrorKind::InvalidData {
        return Diagnostic::erreur(
            Code::Lecture,
            Position::new("entrée standard", 0, 0),
            e.to_string(),
        )
        .aide("une réponse tient sur une ligne ; les réponses données sont dans le brouillon")
        .into();
    }
    Diagnostic::erreur(
        Code::EntreeSortie,
        crate::diag::ligne_de_commande(),
        format!("terminal inutilisable : {}", crate::diag::erreur_io(e)),
    )
    .aide("relancez avec --simple pour le mode ligne à ligne")
    .into()
}
