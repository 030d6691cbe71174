//! `cadria inventaire FICHIER` (`batch`): audit every tool of an inventory.
//! Exit 2 only when nothing could be read; otherwise 1 when a tool reaches
//! the failure threshold, else 0. Entries that could not be read are
//! reported (in the output and on stderr) without stopping the others.

use super::evaluer::verdict_minimal;
use super::{CodeSortie, base_valide, couleur};
use crate::cli::{ArgsInventaire, Communes, FormatInventaire};
use crate::inventory::{self, Audit, ErreurAudit, ErreurSortie};
use crate::report::{Format, rendre};
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

fn ouvrir_sortie(chemin: Option<&Path>) -> Result<Box<dyn Write>, CodeSortie> {
    match chemin {
        None => Ok(Box::new(std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock()))),
        Some(p) => std::fs::File::create(p).map(|f| Box::new(std::io::BufWriter::with_capacity(1 << 16, f)) as Box<dyn Write>).map_err(|e| {
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
            .and_then(|f| inventory::lire_precedent(f, &p.display().to_string()))
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
    let mut audit = match Audit::ouvrir(&moteur, source, &nom, &date, comparaison) {
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
        FormatInventaire::Json => inventory::ecrire_json(&mut audit, &mut w),
        FormatInventaire::Csv => inventory::ecrire_csv(&mut audit, &mut w, a.separateur),
        FormatInventaire::Texte | FormatInventaire::Markdown | FormatInventaire::Html => {
            rendre_gabarit(c, a, &mut audit, &mut w)
        }
    };
    let resultat = resultat.and_then(|()| w.flush().map_err(ErreurSortie::Ecriture));
    match resultat {
        Ok(()) => {}
        Err(ErreurSortie::Ecriture(e)) => return echec_ecriture(&e, sortie),
        Err(ErreurSortie::Audit(e)) => {
            eprintln!("{e}");
            return CodeSortie::Erreur;
        }
    }
    resumer(c, a, &audit)
}

fn rendre_gabarit<R: BufRead>(
    c: &Communes,
    a: &ArgsInventaire,
    audit: &mut Audit<'_, '_, R>,
    w: &mut impl Write,
) -> Result<(), ErreurSortie> {
    let evaluations = inventory::rassembler(audit).map_err(ErreurSortie::Audit)?;
    let format = match a.format {
        FormatInventaire::Markdown => Format::Markdown,
        FormatInventaire::Html => Format::Html,
        _ => Format::Texte,
    };
    let texte = rendre(
        &audit.vue(&evaluations),
        "inventaire",
        format,
        couleur(c, a.sortie.is_some()),
    )
    .map_err(|e| {
        ErreurSortie::Audit(ErreurAudit::Evaluation(format!(
            "mise en forme de l'inventaire impossible : {e}"
        )))
    })?;
    w.write_all(texte.as_bytes())
        .map_err(ErreurSortie::Ecriture)
}

/// Unreadable entries on stderr, a one-line summary, and the exit code.
fn resumer<R: BufRead>(c: &Communes, a: &ArgsInventaire, audit: &Audit<'_, '_, R>) -> CodeSortie {
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
            crate::report::typographie::accorder(
                cumul.outils() as i64,
                "outil évalué",
                Some("outils évalués")
            ),
            crate::report::typographie::accorder(
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
    if audit.echec(verdict_minimal(a.echec_a)) {
        CodeSortie::Echec
    } else {
        CodeSortie::Succes
    }
}
