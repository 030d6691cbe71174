//! What each subcommand does, and how results reach stdout or a file
//! (errors on stderr; a closed pipe is not an error).

/// Every message of the commands goes to stderr through [`ecrire_erreur`]:
/// these two macros shadow the standard ones in this module and its
/// submodules, so no message can skip the neutralisation or panic on a
/// closed stderr.
macro_rules! eprintln {
    () => {
        $crate::commandes::ecrire_erreur("\n")
    };
    ($($arg:tt)*) => {
        $crate::commandes::ecrire_erreur(&format!("{}\n", format_args!($($arg)*)))
    };
}

/// See [`eprintln`].
macro_rules! eprint {
    ($($arg:tt)*) => {
        $crate::commandes::ecrire_erreur(&format!($($arg)*))
    };
}

mod documents;
mod evaluer;
mod inventaire;
mod questionnaire;
mod regles;
mod scanner;
mod scenarios;
mod schema;
mod valider;

use crate::base::{Base, Sources};
use crate::cli::{ChoixCouleur, Cli, Commande, Communes};
use crate::diag::{self, Diagnostic};
use crate::rapport::Couleur;
use std::io::{IsTerminal, Write};
use std::path::Path;

/// Process exit codes (DESIGN §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum CodeSortie {
    /// Nothing at or above the failure threshold.
    Succes = 0,
    /// At least one assessment at or above the threshold.
    Echec = 1,
    /// Usage or input error.
    Erreur = 2,
}

/// Runs the command line.
pub fn executer(cli: Cli) -> CodeSortie {
    let communes = &cli.communes;
    if cli.commande.is_some() && !cli.questionnaire.est_vide() {
        eprintln!(
            "erreur : les options du questionnaire (--profil, --reprendre, --simple, --brouillon, --contraste, --date) placées avant une sous-commande ne s'appliquent qu'à `cadria` seul\n  = aide : placez-les après la sous-commande (`cadria evaluer FICHIER --date ...`) ou lancez `cadria --profil ...` sans sous-commande"
        );
        return CodeSortie::Erreur;
    }
    match cli.commande {
        Some(Commande::Evaluer(a)) => evaluer::executer(communes, &a),
        Some(Commande::Regles(c)) => regles::executer(communes, &c),
        Some(Commande::Valider(a)) => valider::executer(communes, &a),
        Some(Commande::Scenarios(a)) => scenarios::executer(communes, &a),
        Some(Commande::Inventaire(a)) => inventaire::executer(communes, &a),
        Some(Commande::Schema(a)) => schema::executer(communes, &a),
        Some(Commande::Scanner(a)) => scanner::executer(communes, &a),
        Some(Commande::Documents(a)) => documents::executer(communes, &a),
        Some(Commande::Questionnaire(a)) => questionnaire::executer(communes, &a),
        None => questionnaire::executer(communes, &cli.questionnaire),
    }
}

pub(crate) fn sources(c: &Communes) -> Sources {
    Sources {
        regles: c.regles.clone(),
        questionnaires: c.questionnaires.clone(),
    }
}

/// Loads the base; on any error prints the diagnostics and returns `None`.
pub(crate) fn base_valide(c: &Communes) -> Option<Base> {
    let (base, diags) = Base::charger(&sources(c));
    if diag::contient_erreur(&diags) {
        eprint!("{}", diag::rendre_texte(&diags));
        eprintln!(
            "Les règles ou questionnaires contiennent des erreurs : corrigez-les (voir `cadria valider`)."
        );
        return None;
    }
    Some(base)
}

/// The assessment date given with `--date` (checked), or today's.
pub(crate) fn date_evaluation(date: Option<&str>) -> Result<crate::date::Date, CodeSortie> {
    match date.map(|d| (d, crate::date::Date::depuis(d))) {
        Some((_, Some(d))) => Ok(d),
        Some((d, None)) => {
            let d = crate::neutralisation::une_ligne(d);
            eprintln!(
                "erreur : date `{d}` invalide\n  = aide : écrivez la date sous la forme AAAA-MM-JJ, par exemple 2026-09-01"
            );
            Err(CodeSortie::Erreur)
        }
        None => Ok(crate::date::Date::aujourdhui()),
    }
}

/// Compiles the rules of a validated base for evaluation.
pub(crate) fn moteur(base: &Base) -> Result<crate::moteur::Moteur<'_>, CodeSortie> {
    crate::moteur::Moteur::new(base).map_err(|e| {
        eprintln!("erreur : {e}\n  = aide : lancez `cadria valider` sur ces règles");
        CodeSortie::Erreur
    })
}

/// Prints diagnostics on stderr.
pub(crate) fn afficher_diagnostics(diags: &[Diagnostic]) {
    eprint!("{}", diag::rendre_texte(diags));
}

/// Whether to colour output going to a terminal (or not) on stdout.
pub(crate) fn couleur(c: &Communes, vers_fichier: bool) -> Couleur {
    match c.couleur {
        ChoixCouleur::Toujours => Couleur::Oui,
        ChoixCouleur::Jamais => Couleur::Non,
        ChoixCouleur::Auto => {
            let sans = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            if !sans && !vers_fichier && std::io::stdout().is_terminal() {
                Couleur::Oui
            } else {
                Couleur::Non
            }
        }
    }
}

/// Writes a message on stderr, neutralised (line breaks kept, every other
/// control character made visible: [`crate::neutralisation::texte`]). A
/// closed or failing stderr is ignored: there is nowhere left to report it,
/// and the exit code still tells the outcome.
pub fn ecrire_erreur(texte: &str) {
    let neutre = crate::neutralisation::texte(texte);
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(neutre.as_bytes()).and_then(|()| err.flush());
}

/// Writes `texte` to the file `sortie` or to stdout. A closed pipe on
/// stdout counts as success (like `head` closing early).
pub(crate) fn ecrire(texte: &str, sortie: Option<&Path>) -> Result<(), CodeSortie> {
    ecrire_octets(texte.as_bytes(), sortie)
}

/// [`ecrire`] for any content (an ODT document).
pub(crate) fn ecrire_octets(texte: &[u8], sortie: Option<&Path>) -> Result<(), CodeSortie> {
    match sortie {
        Some(chemin) => crate::ecriture::remplacer(chemin, texte).map_err(|e| {
            eprintln!("{}: erreur : écriture impossible : {}\n  = aide : vérifiez que le dossier existe et est accessible en écriture", chemin.display(), crate::diag::erreur_io(&e));
            CodeSortie::Erreur
        }),
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(texte).and_then(|_| out.flush()) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(CodeSortie::Succes),
                Err(e) => {
                    eprintln!(
                        "erreur : écriture sur la sortie standard impossible : {}",
                        crate::diag::erreur_io(&e)
                    );
                    Err(CodeSortie::Erreur)
                }
            }
        }
    }
}

/// Refuses an output file `-o` that is one of the inputs (after resolving
/// links): writing it would destroy what is being read.
pub(crate) fn sortie_distincte(sortie: Option<&Path>, entrees: &[&Path]) -> Result<(), CodeSortie> {
    let Some(s) = sortie else { return Ok(()) };
    if let Some(e) = entrees.iter().find(|e| crate::ecriture::meme_fichier(s, e)) {
        eprintln!(
            "erreur : le fichier de sortie {} est aussi un fichier lu ({}) : il serait écrasé\n  = aide : choisissez un autre nom pour -o/--sortie",
            s.display(),
            e.display()
        );
        return Err(CodeSortie::Erreur);
    }
    Ok(())
}

/// Reads a file given on the command line (`-` = stdin), with a French error.
pub(crate) fn lire_entree(chemin: &Path) -> Result<(String, String), CodeSortie> {
    let nom = chemin.display().to_string();
    let nom_lisible = crate::neutralisation::une_ligne(&nom).into_owned();
    let r = if nom == "-" {
        crate::limites::lire_borne(std::io::stdin())
    } else {
        crate::limites::lire_fichier(chemin)
    };
    r.map(|t| (nom.clone(), t)).map_err(|e| {
        let aide = match e.kind() {
            std::io::ErrorKind::NotFound => "vérifiez le chemin du fichier",
            std::io::ErrorKind::InvalidData => "le fichier doit être un texte encodé en UTF-8",
            std::io::ErrorKind::FileTooLarge => {
                "un fichier de réponses pèse quelques Kio : vérifiez le nom du fichier"
            }
            _ => "vérifiez que le fichier existe et qu'il est lisible",
        };
        eprintln!(
            "{nom_lisible}: erreur[CAD001]: fichier illisible : {}\n  = aide : {aide}",
            crate::diag::erreur_io(&e)
        );
        CodeSortie::Erreur
    })
}
