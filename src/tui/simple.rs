//! Plain line-by-line mode: numbered choices, one answer per line, no
//! alternate screen. Readable by a screen reader and scriptable
//! (`printf '1\n3\n' | cadria questionnaire --simple`). `?` shows the help,
//! `?v` reads the current verdict and findings, `0` is « je ne sais pas »,
//! `<` goes back; the end of input saves and leaves; the text report is
//! printed at the end. Between questions, only a change of verdict is
//! announced, in one short sentence.

use crate::base::Base;
use crate::faits::Valeur;
use crate::moteur::{Certitude, Moteur};
use crate::questionnaire::apercu::Apercu;
use crate::questionnaire::flux::{Etape, Flux, Reponse, Saisie, profils};
use crate::questionnaire::session::Session;
use crate::rapport::{Couleur, Format, rendre_rapport};
use std::io::{self, BufRead, Write};

/// How a plain session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fin {
    /// Every question answered; the report was printed.
    Terminee,
    /// The input ended first; the answers are in the draft.
    Interrompue,
}

fn lire_ligne<R: BufRead>(entree: &mut R) -> io::Result<Option<String>> {
    Ok(crate::limites::lire_ligne(entree)?.map(|s| s.trim().to_string()))
}

/// Asks which questionnaire to follow. `None` when the input ends.
pub fn demander_profil<R: BufRead, W: Write>(
    base: &Base,
    entree: &mut R,
    sortie: &mut W,
) -> io::Result<Option<String>> {
    let qs = profils(base);
    writeln!(sortie, "Quel questionnaire voulez-vous remplir ?")?;
    for (i, q) in qs.iter().enumerate() {
        writeln!(
            sortie,
            "  {}. {} ({}) : {}",
            i + 1,
            q.titre,
            q.id,
            q.description
        )?;
    }
    loop {
        write!(sortie, "Votre choix (numéro) > ")?;
        sortie.flush()?;
        let Some(l) = lire_ligne(entree)? else {
            return Ok(None);
        };
        let choisi = l
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| qs.get(i))
            .or_else(|| qs.iter().find(|q| q.id == l));
        match choisi {
            Some(q) => return Ok(Some(q.id.clone())),
            None => writeln!(
                sortie,
                "Réponse non comprise : tapez un numéro entre 1 et {}.",
                qs.len()
            )?,
        }
    }
}

fn afficher_question<W: Write>(flux: &Flux<'_>, k: usize, sortie: &mut W) -> io::Result<()> {
    let Some(q) = flux.question(k) else {
        return Ok(());
    };
    let p = flux.progression();
    let section = flux
        .section(k)
        .map(|s| s.titre.as_str())
        .unwrap_or_default();
    writeln!(sortie)?;
    writeln!(
        sortie,
        "[{section}] Question {} · encore au plus {}",
        p.rang,
        crate::typographie::accorder(p.restantes as i64, "question", None)
    )?;
    writeln!(sortie, "{}", q.texte)?;
    let choix = flux.choix(k);
    for (i, c) in choix.iter().enumerate() {
        writeln!(sortie, "  {}. {}", i + 1, c.libelle)?;
    }
    if q.je_ne_sais_pas && flux.saisie(k) != Saisie::Texte {
        writeln!(sortie, "  0. Je ne sais pas")?;
    }
    if let Some(r) = flux.reponse_texte(k) {
        writeln!(sortie, "Réponse actuelle : {r} (Entrée pour la garder)")?;
    }
    let jnsp = if q.je_ne_sais_pas {
        ", 0 = je ne sais pas"
    } else {
        ""
    };
    let consigne = match flux.saisie(k) {
        Saisie::Texte => format!(
            "Tapez votre réponse{}",
            if q.je_ne_sais_pas {
                " (0 = je ne sais pas)"
            } else {
                ""
            }
        ),
        Saisie::Unique => format!("Un numéro{jnsp}"),
        Saisie::Multiple => format!("Des numéros séparés par des espaces, - pour aucun{jnsp}"),
    };
    writeln!(
        sortie,
        "{consigne} ; ? = aide, ?v = verdict, < = question précédente."
    )?;
    write!(sortie, "> ")?;
    sortie.flush()
}

/// Turns a typed line into an answer for question `k`, or a French reason.
fn comprendre(flux: &Flux<'_>, k: usize, ligne: &str) -> Result<Reponse, String> {
    let jnsp = flux.question(k).is_some_and(|q| q.je_ne_sais_pas);
    if ligne.is_empty()
        && let Some(r) = flux.reponse(k)
    {
        return Ok(r.clone());
    }
    if ligne == "0" && jnsp {
        return Ok(Reponse::Inconnu);
    }
    let choix = flux.choix(k);
    let un = |mot: &str| -> Result<String, String> {
        match mot.parse::<usize>() {
            Ok(n) => n
                .checked_sub(1)
                .and_then(|i| choix.get(i))
                .map(|c| c.id.clone())
                .ok_or_else(|| {
                    format!(
                        "« {mot} » n'est pas un numéro proposé (1 à {})",
                        choix.len()
                    )
                }),
            Err(_) => choix
                .iter()
                .find(|c| c.id == mot)
                .map(|c| c.id.clone())
                .ok_or_else(|| format!("« {mot} » n'est pas compris : tapez un numéro")),
        }
    };
    match flux.saisie(k) {
        Saisie::Texte if ligne.is_empty() => Err("la réponse est vide".into()),
        Saisie::Texte => Ok(Reponse::Valeur(Valeur::Texte(ligne.to_string()))),
        Saisie::Unique => {
            let id = un(ligne)?;
            flux.valeur_choisie(k, &id)
                .map(Reponse::Valeur)
                .ok_or_else(|| "choix impossible".to_string())
        }
        Saisie::Multiple if ligne == "-" => Ok(Reponse::Valeur(Valeur::Liste(Vec::new()))),
        Saisie::Multiple if ligne.is_empty() => Err("tapez des numéros, ou - pour aucun".into()),
        Saisie::Multiple => {
            let mut ids: Vec<String> = Vec::new();
            for mot in ligne.split([' ', ',', ';']).filter(|m| !m.is_empty()) {
                let id = un(mot)?;
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            Ok(Reponse::Valeur(Valeur::Liste(ids)))
        }
    }
}

/// The verdict and the findings in words, for `?v`: certain findings by
/// gravity, then how many are to be confirmed.
fn lire_verdict<W: Write>(a: &Apercu, sortie: &mut W) -> io::Result<()> {
    writeln!(sortie, "Verdict provisoire : {}.", a.verdict.libelle())?;
    writeln!(sortie, "Constats : {}.", a.comptes().phrase())?;
    for c in a
        .constats
        .iter()
        .filter(|c| c.certitude == Certitude::Certain)
    {
        writeln!(sortie, "- {} : {}", c.gravite.libelle(), c.titre)?;
    }
    Ok(())
}

/// The text report of the current answers.
pub fn rapport_texte(session: &Session<'_>) -> Result<String, String> {
    let flux = session.flux();
    let moteur: &Moteur<'_> = session.moteur();
    let reponses = flux.vers_reponses();
    let evaluation = session.evaluation().map_err(|e| e.to_string())?;
    rendre_rapport(
        moteur,
        &reponses,
        &evaluation,
        Format::Texte,
        Couleur::Non,
        false,
    )
    .map_err(|e| e.to_string())
}

/// Asks the questions from where the session stands (its draft saved after
/// each answer); prints the report when no question is left.
pub fn derouler<R: BufRead, W: Write>(
    session: &mut Session<'_>,
    entree: &mut R,
    sortie: &mut W,
) -> io::Result<Fin> {
    while let Etape::Question(k) = session.flux().etape() {
        afficher_question(session.flux(), k, sortie)?;
        let Some(ligne) = lire_ligne(entree)? else {
            writeln!(sortie)?;
            return Ok(Fin::Interrompue);
        };
        let flux = session.flux();
        match ligne.as_str() {
            "?" => {
                let aide = flux
                    .question(k)
                    .map(|q| q.aide.as_str())
                    .unwrap_or_default();
                writeln!(
                    sortie,
                    "Aide : {}",
                    if aide.is_empty() {
                        "pas d'aide pour cette question."
                    } else {
                        aide
                    }
                )?;
                continue;
            }
            "?v" | "?V" => {
                match session.apercu() {
                    Some(a) => lire_verdict(a, sortie)?,
                    None => writeln!(sortie, "Verdict indisponible.")?,
                }
                continue;
            }
            "<" => {
                if !session.flux_mut().reculer() {
                    writeln!(sortie, "C'est la première question.")?;
                }
                continue;
            }
            _ => {}
        }
        let r = match comprendre(flux, k, &ligne) {
            Ok(r) => r,
            Err(e) => {
                writeln!(sortie, "Réponse non comprise : {e}.")?;
                continue;
            }
        };
        let suite = match session.repondre(r) {
            Ok(s) => s,
            Err(e) => {
                writeln!(sortie, "Réponse refusée : {e}.")?;
                continue;
            }
        };
        if let Some(e) = &suite.erreur_enregistrement {
            writeln!(sortie, "ATTENTION : {e}")?;
        }
        if let Some(f) = &suite.fiche {
            writeln!(sortie, "{f}")?;
        }
        if let (Some(avant), Some(apres)) = (suite.verdict_avant, suite.verdict_apres)
            && avant != apres
        {
            writeln!(sortie, "Le verdict provisoire devient : {}.", apres.court())?;
        }
    }
    writeln!(sortie)?;
    writeln!(
        sortie,
        "Toutes les questions ont une réponse. Voici le rapport."
    )?;
    writeln!(sortie)?;
    match rapport_texte(session) {
        Ok(t) => write!(sortie, "{t}")?,
        Err(e) => writeln!(sortie, "erreur : rapport impossible : {e}")?,
    }
    Ok(Fin::Terminee)
}
