//! `cadria documents FICHIER` : les documents que demandent les constats,
//! pré-remplis d'après les réponses (brouillons à blancs visibles).

use super::{CodeSortie, afficher_diagnostics, base_valide, ecrire, lire_entree};
use crate::cli::{ArgsDocuments, Communes, FormatDocuments};
use crate::documents::gabarits::Gabarits;
use crate::documents::{Dossier, Lecture, TypeDocument, decisions, html, pia};
use crate::reponses::Reponses;
use std::path::Path;

pub(super) fn executer(c: &Communes, a: &ArgsDocuments) -> CodeSortie {
    let date = match super::date_evaluation(a.date.as_deref()) {
        Ok(d) => d,
        Err(code) => return code,
    };
    if a.format == FormatDocuments::Pia && a.types.iter().any(|t| *t != TypeDocument::Aipd) {
        eprintln!(
            "erreur : -f pia n'existe que pour la pré-analyse d'impact\n  = aide : cadria documents FICHIER --type aipd -f pia"
        );
        return CodeSortie::Erreur;
    }
    let gabarits = match Gabarits::charger(a.gabarits.as_deref()) {
        Ok(g) => g,
        Err(erreurs) => {
            for e in erreurs {
                eprintln!("{e}");
            }
            eprintln!(
                "Les gabarits contiennent des erreurs : rien n'a été écrit (voir `cadria valider --gabarits DOSSIER`)."
            );
            return CodeSortie::Erreur;
        }
    };
    let Some(base) = base_valide(c) else {
        return CodeSortie::Erreur;
    };
    let (nom, texte) = match lire_entree(&a.fichier) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let lu = match &a.outil {
        Some(outil) => match entree_inventaire(&base, &texte, &nom, outil) {
            Ok(r) => Ok(r),
            Err(code) => return code,
        },
        None => Reponses::lire(&texte, &nom, &base),
    };
    let reponses = match lu {
        Ok(r) => r,
        Err(diags) => {
            afficher_diagnostics(&diags);
            eprintln!(
                "Le fichier de réponses contient des erreurs : aucun document écrit. Corrigez-les puis relancez."
            );
            return CodeSortie::Erreur;
        }
    };
    let rapport = match crate::documents::rapport(&base, &reponses, date) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("erreur : {e}\n  = aide : lancez `cadria valider` sur ces règles");
            return CodeSortie::Erreur;
        }
    };
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
                    eprintln!(
                        "attention : {} demandé(e) avec --type, mais non requis(e) par les constats : {raison}",
                        d.document.titre()
                    );
                }
                choisis.push(d.document);
            }
            (Some(raison), true, _) => ecartes.push((d.document, raison.clone())),
            (_, false, false) => {}
        }
    }
    let mut rendus: Vec<(TypeDocument, String)> = Vec::new();
    for t in &choisis {
        match gabarits.rendre(*t, &dossier.pour(&base, *t)) {
            Ok(md) => rendus.push((*t, md)),
            Err(e) => {
                eprintln!("{e}");
                return CodeSortie::Erreur;
            }
        }
    }
    let export_pia = || -> Result<String, CodeSortie> {
        serde_json::to_string_pretty(&pia::exporter(&dossier.pour(&base, TypeDocument::Aipd)))
            .map(|s| s + "\n")
            .map_err(|e| {
                eprintln!("erreur interne : {e}");
                CodeSortie::Erreur
            })
    };
    let ecrits = match &a.sortie {
        Some(dossier_sortie) => {
            if let Err(e) = std::fs::create_dir_all(dossier_sortie) {
                eprintln!(
                    "{}: erreur : dossier impossible à créer : {e}\n  = aide : vérifiez le chemin donné à -o",
                    dossier_sortie.display()
                );
                return CodeSortie::Erreur;
            }
            let mut ecrits = Vec::new();
            for (t, md) in &rendus {
                let (ext, contenu) = match a.format {
                    FormatDocuments::Html => ("html", html::page(t.titre(), md)),
                    _ => ("md", md.clone()),
                };
                let chemin = dossier_sortie.join(format!("{}.{ext}", t.id()));
                if a.format != FormatDocuments::Pia {
                    if let Err(code) = ecrire(&contenu, Some(&chemin)) {
                        return code;
                    }
                    ecrits.push(chemin.display().to_string());
                }
                if *t == TypeDocument::Aipd {
                    let chemin = dossier_sortie.join("aipd.pia.json");
                    let json = match export_pia() {
                        Ok(j) => j,
                        Err(code) => return code,
                    };
                    if let Err(code) = ecrire(&json, Some(&chemin)) {
                        return code;
                    }
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
                        eprintln!(
                            "erreur : la pré-analyse d'impact ne s'applique pas à cet usage : {}\n  = aide : ajoutez --type aipd pour l'écrire quand même",
                            ecartes
                                .iter()
                                .find(|(t, _)| *t == TypeDocument::Aipd)
                                .map_or("", |(_, r)| r.as_str())
                        );
                        return CodeSortie::Erreur;
                    }
                    match export_pia() {
                        Ok(j) => j,
                        Err(code) => return code,
                    }
                }
            };
            if !rendus.is_empty()
                && let Err(code) = ecrire(&texte, None)
            {
                return code;
            }
            Vec::new()
        }
    };
    if !c.quiet {
        resume(&choisis, &ecartes, &ecrits, a.sortie.as_deref());
    }
    CodeSortie::Succes
}

/// Ce qui a été écrit et ce qui ne l'a pas été, sur la sortie d'erreur.
fn resume(
    choisis: &[TypeDocument],
    ecartes: &[(TypeDocument, String)],
    ecrits: &[String],
    sortie: Option<&Path>,
) {
    if choisis.is_empty() {
        eprintln!("Aucun document n'est demandé par les constats de cette évaluation.");
    } else if sortie.is_some() {
        eprintln!("Documents écrits : {}.", ecrits.join(", "));
    } else {
        eprintln!(
            "Documents : {}.",
            choisis
                .iter()
                .map(|t| t.titre())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    for (t, raison) in ecartes {
        eprintln!("  non rédigé : {} ({raison})", t.titre());
    }
    if !choisis.is_empty() {
        eprintln!(
            "Ce sont des brouillons : complétez chaque « [à compléter : …] » et relisez-les avant diffusion."
        );
    }
}

/// Les réponses de l'entrée `outil` d'un inventaire (`--outil NOM`).
fn entree_inventaire(
    base: &crate::base::Base,
    texte: &str,
    nom: &str,
    outil: &str,
) -> Result<Reponses, CodeSortie> {
    let mut lecteur =
        crate::inventaire::Lecteur::ouvrir(texte.as_bytes(), nom, base).map_err(|d| {
            afficher_diagnostics(&[d]);
            CodeSortie::Erreur
        })?;
    let mut noms = Vec::new();
    loop {
        match lecteur.suivant() {
            Err(d) => {
                afficher_diagnostics(&[d]);
                return Err(CodeSortie::Erreur);
            }
            Ok(None) => break,
            Ok(Some(crate::inventaire::Lu::Reponses(r))) => {
                if r.outil == outil {
                    return Ok(*r);
                }
                noms.push(r.outil);
            }
            Ok(Some(crate::inventaire::Lu::Erreur(e))) => {
                if e.outil.as_deref() == Some(outil) {
                    afficher_diagnostics(&e.diagnostics);
                    eprintln!(
                        "L'entrée « {outil} » de l'inventaire contient des erreurs : aucun document écrit."
                    );
                    return Err(CodeSortie::Erreur);
                }
            }
        }
    }
    eprintln!(
        "{nom}: erreur : aucun outil nommé « {} » dans l'inventaire\n  = aide : outils présents : {}",
        crate::documents::une_ligne(outil),
        noms.iter()
            .map(|n| crate::documents::une_ligne(n))
            .collect::<Vec<_>>()
            .join(" ; ")
    );
    Err(CodeSortie::Erreur)
}

/// `cadria inventaire FICHIER --registre` : une ligne de registre (CSV) par outil.
pub(super) fn registre(c: &Communes, a: &crate::cli::ArgsInventaire) -> CodeSortie {
    use crate::documents::registre;
    let date = match super::date_evaluation(a.date.as_deref()) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let Some(base) = base_valide(c) else {
        return CodeSortie::Erreur;
    };
    let (nom, texte) = match lire_entree(&a.fichier) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let mut lecteur = match crate::inventaire::Lecteur::ouvrir(texte.as_bytes(), &nom, &base) {
        Ok(l) => l,
        Err(d) => {
            afficher_diagnostics(&[d]);
            eprintln!("Rien n'a pu être lu dans l'inventaire : corrigez-le puis relancez.");
            return CodeSortie::Erreur;
        }
    };
    let mut csv = registre::entete();
    let mut illisibles = 0;
    let mut lus = 0;
    loop {
        let lu = lecteur.suivant();
        for e in lecteur.erreurs_entete.drain(..) {
            afficher_diagnostics(&e.diagnostics);
            illisibles += 1;
        }
        match lu {
            Err(d) => {
                afficher_diagnostics(&[d]);
                return CodeSortie::Erreur;
            }
            Ok(None) => break,
            Ok(Some(crate::inventaire::Lu::Erreur(e))) => {
                afficher_diagnostics(&e.diagnostics);
                illisibles += 1;
            }
            Ok(Some(crate::inventaire::Lu::Reponses(r))) => {
                let rapport = match crate::documents::rapport(&base, &r, date) {
                    Ok(x) => x,
                    Err(e) => {
                        eprintln!("erreur : {e}");
                        return CodeSortie::Erreur;
                    }
                };
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
    if let Err(code) = ecrire(&csv, a.sortie.as_deref()) {
        return code;
    }
    if illisibles > 0 {
        eprintln!(
            "{illisibles} entrée(s) illisible(s) : absentes du registre ({lus} ligne(s) écrite(s)). Corrigez-les puis relancez."
        );
        return CodeSortie::Erreur;
    }
    CodeSortie::Succes
}
