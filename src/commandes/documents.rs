//! `cadria documents FICHIER` : les documents que demandent les constats,
//! pré-remplis d'après les réponses (brouillons à blancs visibles).

use super::{CodeSortie, Echec, Messages, Resultat, ecrire, lire_entree};
use crate::cli::{ArgsDocuments, Communes, FormatDocuments};
use crate::diag::{Code, Diagnostic, Position};
use crate::documents::gabarits::{ErreurGabarit, Gabarits};
use crate::documents::{Dossier, Lecture, TypeDocument, decisions, html, pia};
use crate::reponses::Reponses;
use std::path::Path;

/// A document template that does not compile or render: code CAD006.
pub(super) fn diagnostic_gabarit(e: &ErreurGabarit) -> Diagnostic {
    Diagnostic::erreur(
        Code::Syntaxe,
        Position::new(&e.fichier, e.ligne as u64, u64::from(e.ligne > 0)),
        e.message.clone(),
    )
    .aide("corrigez le gabarit ; les champs possibles sont décrits dans templates/documents/README.md")
}

pub(super) fn executer(c: &Communes, a: &ArgsDocuments, m: &mut Messages<'_>) -> Resultat {
    let date = super::date(a.date);
    if a.format == FormatDocuments::Pia && a.types.iter().any(|t| *t != TypeDocument::Aipd) {
        return Err(super::usage(
            "-f pia n'existe que pour la pré-analyse d'impact",
            "cadria documents FICHIER --type aipd -f pia",
        ));
    }
    let gabarits = Gabarits::charger(a.gabarits.as_deref()).map_err(|erreurs| {
        Echec::diagnostics(erreurs.iter().map(diagnostic_gabarit).collect()).conclure(
            "Les gabarits contiennent des erreurs : rien n'a été écrit (voir `cadria valider --gabarits DOSSIER`).",
        )
    })?;
    let base = super::base(c)?;
    let (nom, texte) = lire_entree(&a.fichier)?;
    let reponses = match &a.outil {
        Some(outil) => entree_inventaire(&base, &texte, &nom, outil)?,
        None => Reponses::lire(&texte, &nom, &base).map_err(|diags| {
            Echec::diagnostics(diags).conclure(
                "Le fichier de réponses contient des erreurs : aucun document écrit. Corrigez-les puis relancez.",
            )
        })?,
    };
    let rapport = crate::documents::rapport(&base, &reponses, date)
        .map_err(|e| super::evaluation_impossible(&e))?;
    let lecture = Lecture::new(base.schema(), &reponses.faits);
    let dossier = Dossier::construire(&rapport, &lecture);
    let mut choisis = Vec::new();
    let mut ecartes = Vec::new();
    for d in decisions(&rapport, &lecture) {
        let demande = a.types.contains(&d.document);
        match (&d.refus, a.types.is_empty(), demande) {
            (None, true, _) | (None, false, true) => choisis.push(d.document),
            (Some(raison), false, true) => {
                if !c.quiet {
                    m.ligne(&format!(
                        "attention : {} demandé(e) avec --type, mais non requis(e) par les constats : {raison}",
                        d.document.titre()
                    ));
                }
                choisis.push(d.document);
            }
            (Some(raison), true, _) => ecartes.push((d.document, raison.clone())),
            (_, false, false) => {}
        }
    }
    let mut rendus: Vec<(TypeDocument, String)> = Vec::new();
    for t in &choisis {
        let md = gabarits
            .rendre(*t, &dossier.pour(&base, *t))
            .map_err(|e| Echec::from(diagnostic_gabarit(&e)))?;
        rendus.push((*t, md));
    }
    let export_pia = || -> Result<String, Echec> {
        serde_json::to_string_pretty(&pia::exporter(&dossier.pour(&base, TypeDocument::Aipd)))
            .map(|s| s + "\n")
            .map_err(|e| super::interne(format!("export PIA impossible : {e}")))
    };
    let ecrits = match &a.sortie {
        Some(dossier_sortie) => {
            std::fs::create_dir_all(dossier_sortie)
                .map_err(|e| super::echec_ecriture(Some(dossier_sortie), &e))?;
            let mut ecrits = Vec::new();
            for (t, md) in &rendus {
                let (ext, contenu) = match a.format {
                    FormatDocuments::Html => ("html", html::page(t.titre(), md)),
                    _ => ("md", md.clone()),
                };
                let chemin = dossier_sortie.join(format!("{}.{ext}", t.id()));
                if a.format != FormatDocuments::Pia {
                    ecrire(&contenu, Some(&chemin))?;
                    ecrits.push(chemin.display().to_string());
                }
                if *t == TypeDocument::Aipd {
                    let chemin = dossier_sortie.join("aipd.pia.json");
                    ecrire(&export_pia()?, Some(&chemin))?;
                    ecrits.push(chemin.display().to_string());
                }
            }
            ecrits
        }
        None => {
            let texte = match a.format {
                FormatDocuments::Markdown => rendus
                    .iter()
                    .map(|(_, md)| md.as_str())
                    .collect::<Vec<_>>()
                    .join("\n---\n\n"),
                FormatDocuments::Html => html::page(
                    &format!("Documents : {}", dossier.outil),
                    &rendus
                        .iter()
                        .map(|(_, md)| md.as_str())
                        .collect::<Vec<_>>()
                        .join("\n---\n\n"),
                ),
                FormatDocuments::Pia => {
                    if !choisis.contains(&TypeDocument::Aipd) {
                        return Err(super::usage(
                            format!(
                                "la pré-analyse d'impact ne s'applique pas à cet usage : {}",
                                ecartes
                                    .iter()
                                    .find(|(t, _)| *t == TypeDocument::Aipd)
                                    .map_or("", |(_, r)| r.as_str())
                            ),
                            "ajoutez --type aipd pour l'écrire quand même",
                        ));
                    }
                    export_pia()?
                }
            };
            if !rendus.is_empty() {
                ecrire(&texte, None)?;
            }
            Vec::new()
        }
    };
    if !c.quiet {
        resume(&choisis, &ecartes, &ecrits, a.sortie.as_deref(), m);
    }
    Ok(CodeSortie::Succes)
}

/// Ce qui a été écrit et ce qui ne l'a pas été, sur la sortie d'erreur.
fn resume(
    choisis: &[TypeDocument],
    ecartes: &[(TypeDocument, String)],
    ecrits: &[String],
    sortie: Option<&Path>,
    m: &mut Messages<'_>,
) {
    if choisis.is_empty() {
        m.ligne("Aucun document n'est demandé par les constats de cette évaluation.");
    } else if sortie.is_some() {
        m.ligne(&format!("Documents écrits : {}.", ecrits.join(", ")));
    } else {
        m.ligne(&format!(
            "Documents : {}.",
            choisis
                .iter()
                .map(|t| t.titre())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    for (t, raison) in ecartes {
        m.ligne(&format!("  non rédigé : {} ({raison})", t.titre()));
    }
    if !choisis.is_empty() {
        m.ligne(
            "Ce sont des brouillons : complétez chaque « [à compléter : …] » et relisez-les avant diffusion.",
        );
    }
}

/// Les réponses de l'entrée `outil` d'un inventaire (`--outil NOM`).
fn entree_inventaire(
    base: &crate::base::Base,
    texte: &str,
    nom: &str,
    outil: &str,
) -> Result<Reponses, Echec> {
    let avec_source = |mut diags: Vec<Diagnostic>| {
        crate::diag::joindre_source(&mut diags, nom, texte);
        Echec::diagnostics(diags)
    };
    let mut lecteur = crate::inventaire::Lecteur::ouvrir(texte.as_bytes(), nom, base)
        .map_err(|d| avec_source(vec![d]))?;
    let mut noms = Vec::new();
    loop {
        match lecteur.suivant().map_err(|d| avec_source(vec![d]))? {
            None => break,
            Some(crate::inventaire::Lu::Reponses(r)) => {
                if r.outil == outil {
                    return Ok(*r);
                }
                noms.push(r.outil);
            }
            Some(crate::inventaire::Lu::Erreur(e)) => {
                if e.outil.as_deref() == Some(outil) {
                    return Err(avec_source(e.diagnostics).conclure(format!(
                        "L'entrée « {outil} » de l'inventaire contient des erreurs : aucun document écrit."
                    )));
                }
            }
        }
    }
    Err(Diagnostic::erreur(
        Code::LigneDeCommande,
        Position::new(nom, 0, 0),
        format!(
            "aucun outil nommé « {} » dans l'inventaire",
            crate::documents::une_ligne(outil)
        ),
    )
    .aide(format!(
        "outils présents : {}",
        noms.iter()
            .map(|n| crate::documents::une_ligne(n))
            .collect::<Vec<_>>()
            .join(" ; ")
    ))
    .into())
}

/// `cadria inventaire FICHIER --registre` : une ligne de registre (CSV) par
/// outil ; les entrées illisibles sont signalées au fil de la lecture et
/// donnent le code de sortie 2.
pub(super) fn ecrire_registre(
    c: &Communes,
    a: &crate::cli::ArgsInventaire,
    m: &mut Messages<'_>,
) -> Resultat {
    use crate::documents::registre;
    let date = super::date(a.date);
    let base = super::base(c)?;
    let (nom, texte) = lire_entree(&a.fichier)?;
    let avec_source = |mut diags: Vec<Diagnostic>| {
        crate::diag::joindre_source(&mut diags, &nom, &texte);
        diags
    };
    let mut lecteur =
        crate::inventaire::Lecteur::ouvrir(texte.as_bytes(), &nom, &base).map_err(|d| {
            Echec::diagnostics(avec_source(vec![d]))
                .conclure("Rien n'a pu être lu dans l'inventaire : corrigez-le puis relancez.")
        })?;
    let mut csv = registre::entete();
    let mut illisibles = 0;
    let mut lus = 0;
    loop {
        let lu = lecteur.suivant();
        for e in lecteur.erreurs_entete.drain(..) {
            m.diagnostics(&avec_source(e.diagnostics));
            illisibles += 1;
        }
        match lu.map_err(|d| Echec::diagnostics(avec_source(vec![d])))? {
            None => break,
            Some(crate::inventaire::Lu::Erreur(e)) => {
                m.diagnostics(&avec_source(e.diagnostics));
                illisibles += 1;
            }
            Some(crate::inventaire::Lu::Reponses(r)) => {
                let rapport = crate::documents::rapport(&base, &r, date)
                    .map_err(|e| super::evaluation_impossible(&e))?;
                let lecture = Lecture::new(base.schema(), &r.faits);
                let dossier = Dossier::construire(&rapport, &lecture);
                csv.push_str(&registre::ligne(
                    &dossier,
                    r.declare_par.as_deref(),
                    &decisions(&rapport, &lecture),
                ));
                lus += 1;
            }
        }
    }
    ecrire(&csv, a.sortie.as_deref())?;
    if illisibles > 0 {
        m.ligne(&format!(
            "{illisibles} entrée(s) illisible(s) : absentes du registre ({lus} ligne(s) écrite(s)). Corrigez-les puis relancez."
        ));
        return Ok(CodeSortie::Erreur);
    }
    Ok(CodeSortie::Succes)
}
