//! Plain line-by-line mode: numbered choices, one answer per line, no
//! alternate screen. Readable by a screen reader and scriptable
//! (`printf '1\n3\n' | cadria questionnaire --simple`). `?` shows the help,
//! `0` is « je ne sais pas », `<` goes back; the end of input saves and
//! leaves; the text report is printed at the end.

use crate::base::Base;
use crate::evaluation::Evaluation;
use crate::faits::Valeur;
use crate::moteur::Moteur;
use crate::questionnaire::apercu::Apercu;
use crate::questionnaire::brouillon;
use crate::questionnaire::flux::{Etape, Flux, Reponse, Saisie, profils};
use crate::rapport::{Couleur, Format, rendre_rapport};
use std::io::{self, BufRead, Write};
use std::path::Path;

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
    writeln!(sortie, "[{section}] Question {} sur {}", p.rang, p.total)?;
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
    writeln!(sortie, "{consigne} ; ? = aide, < = question précédente.")?;
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

fn afficher_apercu<W: Write>(a: &Apercu, avant: Option<&Apercu>, sortie: &mut W) -> io::Result<()> {
    if avant.is_some_and(|p| p.verdict == a.verdict) && a.changements.is_empty() {
        return Ok(());
    }
    let mut changements: Vec<String> = a
        .changements
        .iter()
        .take(4)
        .map(|c| format!("{} {}", c.regle, c.libelle()))
        .collect();
    if a.changements.len() > 4 {
        changements.push(crate::typographie::accorder(
            (a.changements.len() - 4) as i64,
            "autre changement",
            Some("autres changements"),
        ));
    }
    if changements.is_empty() {
        writeln!(sortie, "Verdict provisoire : {}", a.verdict.libelle())
    } else {
        writeln!(
            sortie,
            "Verdict provisoire : {} ({})",
            a.verdict.libelle(),
            changements.join(" ; ")
        )
    }
}

/// The text report of the current answers.
pub fn rapport_texte(flux: &Flux<'_>, moteur: &Moteur<'_>) -> Result<String, String> {
    let reponses = flux.vers_reponses();
    let evaluation =
        Evaluation::des_reponses(moteur, &reponses, flux.date()).map_err(|e| e.to_string())?;
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

/// Asks the questions from where `flux` stands, saving `chemin` after each
/// answer; prints the report when no question is left.
pub fn derouler<R: BufRead, W: Write>(
    flux: &mut Flux<'_>,
    moteur: &Moteur<'_>,
    chemin: &Path,
    entree: &mut R,
    sortie: &mut W,
) -> io::Result<Fin> {
    let mut apercu = Apercu::calculer(moteur, flux.faits(), flux.date(), None).ok();
    while let Etape::Question(k) = flux.etape() {
        afficher_question(flux, k, sortie)?;
        let Some(ligne) = lire_ligne(entree)? else {
            writeln!(sortie)?;
            return Ok(Fin::Interrompue);
        };
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
            "<" => {
                if !flux.reculer() {
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
        if let Err(e) = flux.repondre(r) {
            writeln!(sortie, "Réponse refusée : {e}.")?;
            continue;
        }
        if let Err(e) = brouillon::sauver(flux, chemin) {
            writeln!(
                sortie,
                "ATTENTION : brouillon non enregistré dans {} : {}",
                chemin.display(),
                crate::diag::erreur_io(&e)
            )?;
        }
        if let Ok(a) = Apercu::calculer(moteur, flux.faits(), flux.date(), apercu.as_ref()) {
            afficher_apercu(&a, apercu.as_ref(), sortie)?;
            apercu = Some(a);
        }
    }
    writeln!(sortie)?;
    writeln!(
        sortie,
        "Toutes les questions ont une réponse. Voici le rapport."
    )?;
    writeln!(sortie)?;
    match rapport_texte(flux, moteur) {
        Ok(t) => write!(sortie, "{t}")?,
        Err(e) => writeln!(sortie, "erreur : rapport impossible : {e}")?,
    }
    Ok(Fin::Terminee)
}
