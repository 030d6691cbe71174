//! `cadria questionnaire` (and `cadria` alone): the full-screen
//! questionnaire, or the plain line mode when asked or when the terminal
//! cannot show it. The draft path is printed on start and on exit.

use super::{CodeSortie, Echec, Messages, Resultat};
use crate::cli::{ArgsQuestionnaire, ChoixCouleur, Communes};
use crate::diag::{Code, Diagnostic, Position};
use crate::questionnaire::brouillon::{self, Ouverture};
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

/// Saves the draft one last time on leaving, and says where. When it cannot
/// be written (disk full, read-only folder), says so, saves it in the
/// temporary folder instead and exits 2: an answer is never reported saved
/// when it is not.
fn terminer(
    flux: Option<&crate::questionnaire::flux::Flux<'_>>,
    chemin: Option<&Path>,
    m: &mut Messages<'_>,
) -> CodeSortie {
    let (Some(flux), Some(chemin)) = (flux, chemin) else {
        annoncer_fin(None, m);
        return CodeSortie::Succes;
    };
    if flux.reponses_retenues().is_empty() && !chemin.exists() {
        annoncer_fin(None, m);
        return CodeSortie::Succes;
    }
    let e = match brouillon::sauver(flux, chemin) {
        Ok(()) => {
            annoncer_fin(Some(chemin), m);
            return CodeSortie::Succes;
        }
        Err(e) => e,
    };
    let secours = std::env::temp_dir().join(format!(
        "cadria-brouillon-{}-{}.yaml",
        flux.questionnaire().id,
        std::process::id()
    ));
    m.ligne(&format!(
        "ATTENTION : vos réponses n'ont pas pu être enregistrées dans {} : {e}",
        chemin.display()
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
    CodeSortie::Erreur
}

pub(super) fn executer(c: &Communes, a: &ArgsQuestionnaire, m: &mut Messages<'_>) -> Resultat {
    let date = super::date(a.date.as_deref())?;
    if let Some(r) = &a.reprendre
        && !r.is_file()
    {
        return Err(Diagnostic::erreur(
            Code::Lecture,
            Position::new(&r.display().to_string(), 0, 0),
            "fichier à reprendre introuvable",
        )
        .aide(
            "vérifiez le chemin ; le brouillon s'appelle d'ordinaire cadria-brouillon-PROFIL.yaml",
        )
        .into());
    }
    let base = super::base(c)?;
    let moteur = super::moteur_de(&base)?;
    let explicite: Option<PathBuf> = a.brouillon.clone().or_else(|| a.reprendre.clone());
    let ouvrir = |profil: &str| -> Result<Ouverture<'_>, String> {
        let lecture = a
            .reprendre
            .clone()
            .or_else(|| explicite.clone())
            .unwrap_or_else(|| brouillon::chemin_par_defaut(profil));
        brouillon::ouvrir(&base, Some(profil), &lecture, date)
    };
    let ouverture = match (&a.profil, &a.reprendre) {
        (_, Some(r)) => brouillon::ouvrir(&base, a.profil.as_deref(), r, date).map(Some),
        (Some(p), None) => ouvrir(p).map(Some),
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
    let chemin_de = |id: &str| {
        explicite
            .clone()
            .unwrap_or_else(|| brouillon::chemin_par_defaut(id))
    };
    match &ouverture {
        Some(o) => m.ligne(&format!("Brouillon : {}{}", chemin_de(&o.flux.questionnaire().id).display(), if o.repris { " (repris)" } else { "" })),
        None => m.ligne(&format!("Brouillon : {}", explicite.as_ref().map(|p| p.display().to_string()).unwrap_or_else(|| "cadria-brouillon-PROFIL.yaml dans le dossier courant, selon le questionnaire choisi".to_string()))),
    }

    if mode_simple(a) {
        let stdin = std::io::stdin();
        let mut entree = stdin.lock();
        let mut sortie = crate::neutralisation::SortieNeutre(std::io::stdout().lock());
        let ouverture = match ouverture {
            Some(o) => o,
            None => {
                let profil = match simple::demander_profil(&base, &mut entree, &mut sortie) {
                    Ok(Some(p)) => p,
                    Ok(None) => {
                        annoncer_fin(None, m);
                        return Ok(CodeSortie::Succes);
                    }
                    Err(e) => return Err(erreur_terminal(&e)),
                };
                match ouvrir(&profil) {
                    Ok(o) => o,
                    Err(e) => return Ok(refus_brouillon(&e, m)),
                }
            }
        };
        let chemin = chemin_de(&ouverture.flux.questionnaire().id);
        let _verrou = match brouillon::Verrou::prendre(&chemin) {
            Ok(v) => v,
            Err(e) => return Ok(refus_brouillon(&format!("erreur : {e}"), m)),
        };
        let mut flux = ouverture.flux;
        let r = simple::derouler(&mut flux, &moteur, &chemin, &mut entree, &mut sortie);
        let fin = terminer(Some(&flux), Some(&chemin), m);
        return match r {
            Ok(_) => Ok(fin),
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(fin),
            Err(e) => Err(erreur_terminal(&e)),
        };
    }

    let options = Options {
        brouillon: explicite.clone(),
        date,
        theme: Theme::choisir(a.contraste, sans_couleur(c)),
    };
    // The draft is known now when the profile was given; otherwise the
    // welcome screen chooses it.
    let _verrou = match ouverture
        .as_ref()
        .map(|o| brouillon::Verrou::prendre(&chemin_de(&o.flux.questionnaire().id)))
    {
        Some(Err(e)) => return Ok(refus_brouillon(&format!("erreur : {e}"), m)),
        v => v,
    };
    let mut app = App::new(&base, &moteur, options, ouverture);
    let r = tui::lancer(&mut app);
    let fin = terminer(app.flux(), app.chemin_brouillon(), m);
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
