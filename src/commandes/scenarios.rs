//! `cadria scenarios CHEMIN`: replay scenario files against the rules.

use super::{CodeSortie, Communes, Messages, Resultat, ecrire};
use crate::cli::ArgsScenarios;
use crate::diag::{Code, Diagnostic, Position};
use crate::scenario;

pub(super) fn executer(c: &Communes, a: &ArgsScenarios, m: &mut Messages<'_>) -> Resultat {
    let base = super::base(c)?;
    let moteur = super::moteur_de(&base)?;
    let dossier = a.chemin.display().to_string();
    let fichiers = match crate::scenario::fichiers(&a.chemin) {
        Ok(f) if !f.is_empty() => f,
        Ok(_) => {
            return Err(Diagnostic::erreur(
                Code::Lecture,
                Position::new(&dossier, 0, 0),
                "aucun fichier .yaml de scénario trouvé",
            )
            .aide("donnez un dossier qui contient des scénarios")
            .into());
        }
        Err(e) => return Err(super::fichier_illisible(&dossier, &e).into()),
    };
    let mut echecs = 0;
    for f in &fichiers {
        let nom = f.display().to_string();
        let diags = match crate::limites::lire_fichier(f) {
            Ok(t) => {
                let mut d = scenario::verifier(&moteur, &nom, &t);
                crate::diag::joindre_source(&mut d, &nom, &t);
                d
            }
            Err(e) => vec![super::fichier_illisible(&nom, &e)],
        };
        // A scenario that fails is a result of the run, reported as it goes.
        if !diags.is_empty() {
            echecs += 1;
            m.diagnostics(&diags);
        }
    }
    let resume = format!(
        "{}, {} en échec\n",
        crate::typographie::accorder((fichiers.len() - echecs) as i64, "réussi", None),
        echecs
    );
    ecrire(&format!("scénarios : {resume}"), None)?;
    if echecs > 0 {
        Ok(CodeSortie::Echec)
    } else {
        Ok(CodeSortie::Succes)
    }
}
