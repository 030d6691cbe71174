//! `cadria inventaire FICHIER` (`batch`): audit every tool of an inventory.
//! Exit 2 when any entry (or the header) could not be read, after every
//! other entry was evaluated and reported; otherwise 1 when a tool reaches
//! the failure threshold, else 0. Entries that could not be read are
//! reported (in the output and on stderr) without stopping the others.

use super::evaluer::verdict_minimal;
use super::{CodeSortie, Echec, Messages, Resultat, couleur};
use crate::cli::{ArgsInventaire, Communes, FormatInventaire};
use crate::diag::{Code, Diagnostic, Position};
use crate::ecriture::Temporaire;
use crate::inventaire::{self, ErreurAudit, Inventaire};
use crate::rapport::Format;
use crate::rapport::inventaire::{self as formats, ErreurSortie};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;

fn ouvrir_source(chemin: &Path) -> Result<(String, Box<dyn BufRead>), Echec> {
    let nom = chemin.display().to_string();
    if nom == "-" {
        return Ok((nom, Box::new(BufReader::new(std::io::stdin()))));
    }
    match std::fs::File::open(chemin) {
        Ok(f) => Ok((nom, Box::new(BufReader::with_capacity(1 << 16, f)))),
        Err(e) => Err(super::fichier_illisible(&nom, &e).into()),
    }
}

/// Where the report goes: stdout, or a temporary file beside `-o` that
/// replaces it only once the whole report is written.
enum Sortie {
    Standard(std::io::BufWriter<std::io::StdoutLock<'static>>),
    Fichier(std::io::BufWriter<Temporaire>),
}

impl Write for Sortie {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sortie::Standard(w) => w.write(buf),
            Sortie::Fichier(w) => w.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sortie::Standard(w) => w.flush(),
            Sortie::Fichier(w) => w.flush(),
        }
    }
}

impl Sortie {
    /// Flushes, and for a file replaces the target.
    fn terminer(self) -> std::io::Result<()> {
        match self {
            Sortie::Standard(mut w) => w.flush(),
            Sortie::Fichier(w) => w.into_inner().map_err(|e| e.into_error())?.valider(),
        }
    }
}

fn ouvrir_sortie(chemin: Option<&Path>) -> Result<Sortie, Echec> {
    match chemin {
        None => Ok(Sortie::Standard(std::io::BufWriter::with_capacity(
            1 << 16,
            std::io::stdout().lock(),
        ))),
        Some(p) => Temporaire::creer(p)
            .map(|f| Sortie::Fichier(std::io::BufWriter::with_capacity(1 << 16, f)))
            .map_err(|e| super::echec_ecriture(Some(p), &e)),
    }
}

fn echec_ecriture(e: &std::io::Error, sortie: Option<&Path>) -> Echec {
    if sortie.is_none() && e.kind() == std::io::ErrorKind::BrokenPipe {
        return Echec::TubeFerme;
    }
    super::echec_ecriture(sortie, e)
}

pub(super) fn executer(c: &Communes, a: &ArgsInventaire, m: &mut Messages<'_>) -> Resultat {
    if a.registre {
        return super::documents::ecrire_registre(c, a, m);
    }
    let date = super::date(a.date);
    let mut entrees = vec![a.fichier.as_path()];
    entrees.extend(a.depuis.as_deref());
    super::sortie_hors_entrees(a.sortie.as_deref(), &entrees)?;
    let base = super::base(c)?;
    let moteur = super::moteur_de(&base)?;
    let comparaison = match &a.depuis {
        None => None,
        Some(p) => match std::fs::File::open(p)
            .map_err(|e| {
                format!(
                    "{} : fichier illisible ({})",
                    p.display(),
                    crate::diag::erreur_io(&e)
                )
            })
            .and_then(|f| inventaire::lire_precedent(f, &p.display().to_string()))
        {
            Ok(c) => Some(c),
            Err(message) => {
                return Err(Diagnostic::erreur(
                    Code::Lecture,
                    Position::new(&p.display().to_string(), 0, 0),
                    message,
                )
                .into());
            }
        },
    };
    let (nom, source) = ouvrir_source(&a.fichier)?;
    let mut audit = Inventaire::ouvrir(&moteur, source, &nom, date, comparaison).map_err(|d| {
        Echec::from(d)
            .conclure("Rien n'a pu être lu dans l'inventaire : corrigez-le puis relancez.")
    })?;
    let sortie = a.sortie.as_deref();
    let mut w = ouvrir_sortie(sortie)?;
    let resultat = match a.format {
        FormatInventaire::Json => formats::ecrire_json(&mut audit, &mut w),
        FormatInventaire::Csv => formats::ecrire_csv(&mut audit, &mut w, a.separateur),
        FormatInventaire::Sarif => formats::ecrire_sarif(&mut audit, &mut w),
        FormatInventaire::Texte | FormatInventaire::Markdown | FormatInventaire::Html => {
            let format = match a.format {
                FormatInventaire::Markdown => Format::Markdown,
                FormatInventaire::Html => Format::Html,
                _ => Format::Texte,
            };
            let couleur = couleur(c, a.sortie.is_some());
            formats::ecrire_lisible(&mut audit, &mut w, format, couleur)
        }
    };
    let resultat = resultat.and_then(|()| w.terminer().map_err(ErreurSortie::Ecriture));
    match resultat {
        Ok(()) => {}
        Err(ErreurSortie::Ecriture(e)) => return Err(echec_ecriture(&e, sortie)),
        Err(ErreurSortie::Inventaire(ErreurAudit::Lecture(d))) => return Err(d.into()),
        Err(ErreurSortie::Inventaire(ErreurAudit::Evaluation(e))) => {
            return Err(super::evaluation_impossible(&e));
        }
    }
    Ok(resumer(c, a, &audit, m))
}

/// Unreadable entries on stderr, a one-line summary, and the exit code.
fn resumer<R: BufRead>(
    c: &Communes,
    a: &ArgsInventaire,
    audit: &Inventaire<'_, '_, R>,
    m: &mut Messages<'_>,
) -> CodeSortie {
    let erreurs = audit.erreurs();
    if !c.quiet {
        for e in erreurs {
            let qui = match (e.entree, &e.outil) {
                (Some(n), Some(o)) => format!("entrée n° {n} ({o})"),
                (Some(n), None) => format!("entrée n° {n}"),
                (None, _) => "en-tête de l'inventaire".to_string(),
            };
            m.ligne(&format!("{}: {qui} ignorée :", e.position));
            m.diagnostics(&e.diagnostics);
        }
        let cumul = audit.cumul();
        m.ligne(&format!(
            "{}, {}{}.",
            crate::typographie::accorder(
                cumul.outils() as i64,
                "outil évalué",
                Some("outils évalués")
            ),
            crate::typographie::accorder(
                erreurs.len() as i64,
                "entrée illisible",
                Some("entrées illisibles")
            ),
            a.sortie
                .as_ref()
                .map(|p| format!(" ; résultat écrit dans {}", p.display()))
                .unwrap_or_default()
        ));
    }
    if audit.rien_lu() {
        m.ligne("Aucune entrée de l'inventaire n'a pu être lue : corrigez-les puis relancez.");
        return CodeSortie::Erreur;
    }
    // DESIGN §5: an entry that could not be read never lets a gate pass.
    if !erreurs.is_empty() {
        if !c.quiet {
            m.ligne(
                "Des entrées n'ont pas pu être lues : code de sortie 2 ; les autres outils ont été évalués ci-dessus.",
            );
        }
        return CodeSortie::Erreur;
    }
    if audit.echec(verdict_minimal(a.echec_a)) {
        CodeSortie::Echec
    } else {
        CodeSortie::Succes
    }
}
