//! `cadria inventaire FICHIER` (`batch`): audit every tool of an inventory.
//! Exit 2 when any entry (or the header) could not be read, after every
//! other entry was evaluated and reported; otherwise 1 when a tool reaches
//! the failure threshold, else 0. Entries that could not be read are
//! reported (in the output and on stderr) without stopping the others.

use super::evaluer::verdict_minimal;
use super::{CodeSortie, base_valide, couleur};
use crate::cli::{ArgsInventaire, Communes, FormatInventaire};
use crate::ecriture::Temporaire;
use crate::inventaire::{self, Inventaire};
use crate::rapport::Format;
use crate::rapport::inventaire::{self as formats, ErreurSortie};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;

fn ouvrir_source(chemin: &Path) -> Result<(String, Box<dyn BufRead>), CodeSortie> {
    let nom = chemin.display().to_string();
    if nom == "-" {
        return Ok((nom, Box::new(BufReader::new(std::io::stdin()))));
    }
    match std::fs::File::open(chemin) {
        Ok(f) => Ok((nom, Box::new(BufReader::with_capacity(1 << 16, f)))),
        Err(e) => {
            eprintln!(
                "{nom}: erreur[CAD001]: fichier illisible : {}\n  = aide : vérifiez le chemin du fichier",
                crate::diag::erreur_io(&e)
            );
            Err(CodeSortie::Erreur)
        }
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

fn ouvrir_sortie(chemin: Option<&Path>) -> Result<Sortie, CodeSortie> {
    match chemin {
        None => Ok(Sortie::Standard(std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock()))),
        Some(p) => Temporaire::creer(p).map(|f| Sortie::Fichier(std::io::BufWriter::with_capacity(1 << 16, f))).map_err(|e| {
            eprintln!("{}: erreur : écriture impossible : {}\n  = aide : vérifiez que le dossier existe et est accessible en écriture", p.display(), crate::diag::erreur_io(&e));
            CodeSortie::Erreur
        }),
    }
}

fn echec_ecriture(e: &std::io::Error, sortie: Option<&Path>) -> CodeSortie {
    if sortie.is_none() && e.kind() == std::io::ErrorKind::BrokenPipe {
        return CodeSortie::Succes;
    }
    eprintln!(
        "erreur : écriture impossible : {}",
        crate::diag::erreur_io(e)
    );
    CodeSortie::Erreur
}

pub(super) fn executer(c: &Communes, a: &ArgsInventaire) -> CodeSortie {
    if a.registre {
        return super::documents::registre(c, a);
    }
    let date = match super::date_evaluation(a.date.as_deref()) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let mut entrees = vec![a.fichier.as_path()];
    entrees.extend(a.depuis.as_deref());
    if let Err(code) = super::sortie_distincte(a.sortie.as_deref(), &entrees) {
        return code;
    }
    let Some(base) = base_valide(c) else {
        return CodeSortie::Erreur;
    };
    let moteur = match super::moteur(&base) {
        Ok(m) => m,
        Err(code) => return code,
    };
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
            Err(m) => {
                eprintln!("erreur : {m}");
                return CodeSortie::Erreur;
            }
        },
    };
    let (nom, source) = match ouvrir_source(&a.fichier) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let mut audit = match Inventaire::ouvrir(&moteur, source, &nom, date, comparaison) {
        Ok(x) => x,
        Err(d) => {
            eprintln!("{d}");
            eprintln!("Rien n'a pu être lu dans l'inventaire : corrigez-le puis relancez.");
            return CodeSortie::Erreur;
        }
    };
    let sortie = a.sortie.as_deref();
    let mut w = match ouvrir_sortie(sortie) {
        Ok(w) => w,
        Err(code) => return code,
    };
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
        Err(ErreurSortie::Ecriture(e)) => return echec_ecriture(&e, sortie),
        Err(ErreurSortie::Inventaire(e)) => {
            eprintln!("{e}");
            return CodeSortie::Erreur;
        }
    }
    resumer(c, a, &audit)
}

/// Unreadable entries on stderr, a one-line summary, and the exit code.
fn resumer<R: BufRead>(
    c: &Communes,
    a: &ArgsInventaire,
    audit: &Inventaire<'_, '_, R>,
) -> CodeSortie {
    let erreurs = audit.erreurs();
    if !c.quiet {
        for e in erreurs {
            let qui = match (e.entree, &e.outil) {
                (Some(n), Some(o)) => format!("entrée n° {n} ({o})"),
                (Some(n), None) => format!("entrée n° {n}"),
                (None, _) => "en-tête de l'inventaire".to_string(),
            };
            eprintln!("{}: {qui} ignorée :", e.position);
            eprint!("{}", crate::diag::rendre_texte(&e.diagnostics));
        }
        let cumul = audit.cumul();
        eprintln!(
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
        );
    }
    if audit.rien_lu() {
        eprintln!("Aucune entrée de l'inventaire n'a pu être lue : corrigez-les puis relancez.");
        return CodeSortie::Erreur;
    }
    // DESIGN §5: an entry that could not be read never lets a gate pass.
    if !erreurs.is_empty() {
        if !c.quiet {
            eprintln!(
                "Des entrées n'ont pas pu être lues : code de sortie 2 ; les autres outils ont été évalués ci-dessus."
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
