//! `cadria scenarios CHEMIN`: replay scenario files against the rules.

use super::{CodeSortie, Communes, afficher_diagnostics, base_valide, ecrire};
use crate::cli::ArgsScenarios;
use crate::scenario;

pub(super) fn executer(c: &Communes, a: &ArgsScenarios) -> CodeSortie {
    let Some(base) = base_valide(c) else {
        return CodeSortie::Erreur;
    };
    let moteur = match super::moteur(&base) {
        Ok(m) => m,
        Err(code) => return code,
    };
    let fichiers = match crate::scenario::fichiers(&a.chemin) {
        Ok(f) if !f.is_empty() => f,
        Ok(_) => {
            eprintln!(
                "{}: erreur : aucun fichier .yaml de scénario trouvé\n  = aide : donnez un dossier qui contient des scénarios",
                a.chemin.display()
            );
            return CodeSortie::Erreur;
        }
        Err(e) => {
            eprintln!(
                "{}: erreur[CAD001]: lecture impossible : {}\n  = aide : vérifiez le chemin",
                a.chemin.display(),
                crate::diag::erreur_io(&e)
            );
            return CodeSortie::Erreur;
        }
    };
    let mut echecs = 0;
    for f in &fichiers {
        let nom = f.display().to_string();
        let diags = match crate::limites::lire_fichier(f) {
            Ok(t) => scenario::verifier(&moteur, &nom, &t),
            Err(e) => {
                eprintln!(
                    "{nom}: erreur[CAD001]: fichier illisible : {}",
                    crate::diag::erreur_io(&e)
                );
                echecs += 1;
                continue;
            }
        };
        if !diags.is_empty() {
            echecs += 1;
            afficher_diagnostics(&diags);
        }
    }
    let resume = format!(
        "{}, {} en échec\n",
        crate::typographie::accorder((fichiers.len() - echecs) as i64, "réussi", None),
        echecs
    );
    if let Err(code) = ecrire(&format!("scénarios : {resume}"), None) {
        return code;
    }
    if echecs > 0 {
        CodeSortie::Echec
    } else {
        CodeSortie::Succes
    }
}
