//! What each subcommand does, and how results reach stdout or a file.
//!
//! One error path: a command returns `Result<CodeSortie, Echec>`; an
//! [`Echec`] carries its [`Diagnostic`]s and an optional closing sentence,
//! and `main` prints it once on stderr and exits 2. Information lines that
//! are not errors (« Rapport écrit dans … ») go through the one channel
//! [`Messages`] that `main` creates and gives to the command.

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

/// Why a command stopped without its result.
#[derive(Debug)]
pub enum Echec {
    /// Bad input or usage: what is wrong, and a closing sentence (« rien
    /// n'a été évalué… »); exit 2.
    Diagnostics {
        /// Every problem found, at least one.
        diagnostics: Vec<Diagnostic>,
        /// What it means for the run, said once after the diagnostics.
        conclusion: Option<String>,
    },
    /// The reader of stdout went away (`cadria … | head`): not an error,
    /// nothing more to write; exit 0.
    TubeFerme,
}

impl Echec {
    /// A stop for these diagnostics.
    pub fn diagnostics(diagnostics: Vec<Diagnostic>) -> Self {
        Echec::Diagnostics {
            diagnostics,
            conclusion: None,
        }
    }

    /// Adds the closing sentence.
    pub fn conclure(self, phrase: impl Into<String>) -> Self {
        match self {
            Echec::Diagnostics { diagnostics, .. } => Echec::Diagnostics {
                diagnostics,
                conclusion: Some(phrase.into()),
            },
            Echec::TubeFerme => Echec::TubeFerme,
        }
    }

    /// The exit code: 2, or 0 for a closed pipe.
    pub fn code(&self) -> CodeSortie {
        match self {
            Echec::Diagnostics { .. } => CodeSortie::Erreur,
            Echec::TubeFerme => CodeSortie::Succes,
        }
    }

    /// What `main` prints on stderr: the diagnostics (with a count when
    /// there are several), then the closing sentence.
    pub fn rendre(&self) -> String {
        let Echec::Diagnostics {
            diagnostics,
            conclusion,
        } = self
        else {
            return String::new();
        };
        let mut texte = match diagnostics.as_slice() {
            [seul] => {
                let mut t = seul.to_string();
                t.push('\n');
                t
            }
            plusieurs => diag::rendre_texte(plusieurs),
        };
        if let Some(c) = conclusion {
            texte.push_str(c);
            texte.push('\n');
        }
        texte
    }
}

impl From<Diagnostic> for Echec {
    fn from(d: Diagnostic) -> Self {
        Echec::diagnostics(vec![d])
    }
}

/// What a command returns.
pub type Resultat = Result<CodeSortie, Echec>;

/// The one channel of information lines that are neither a result (stdout)
/// nor a stopping error ([`Echec`]): « Rapport écrit dans … », diagnostics
/// of entries skipped while the others go on. `main` creates it on stderr.
/// Every text is neutralised; a closed or failing channel is ignored (the
/// exit code still tells the outcome).
pub struct Messages<'a> {
    sortie: &'a mut dyn Write,
}

impl<'a> Messages<'a> {
    /// A channel writing to `sortie`.
    pub fn new(sortie: &'a mut dyn Write) -> Self {
        Messages { sortie }
    }

    /// Writes `texte` as is (line breaks kept, every other control
    /// character made visible: [`crate::neutralisation::texte`]).
    pub fn ecrire(&mut self, texte: &str) {
        let neutre = crate::neutralisation::texte(texte);
        let _ = self
            .sortie
            .write_all(neutre.as_bytes())
            .and_then(|()| self.sortie.flush());
    }

    /// Writes one line.
    pub fn ligne(&mut self, texte: &str) {
        self.ecrire(&format!("{texte}\n"));
    }

    /// Writes diagnostics that do not stop the command, with their count.
    pub fn diagnostics(&mut self, diags: &[Diagnostic]) {
        self.ecrire(&diag::rendre_texte(diags));
    }
}

/// An error of the command line (no file): code CAD023.
pub(crate) fn usage(message: impl Into<String>, aide: impl Into<String>) -> Echec {
    Diagnostic::erreur(
        diag::Code::LigneDeCommande,
        diag::ligne_de_commande(),
        message,
    )
    .aide(aide)
    .into()
}

/// An internal error (a report that cannot be formatted): code CAD029.
pub(crate) fn interne(message: impl Into<String>) -> Echec {
    Diagnostic::erreur(diag::Code::Interne, diag::ligne_de_commande(), message)
        .aide("ce n'est pas une erreur de votre part : signalez-la avec la commande lancée")
        .into()
}

/// A write that failed (`chemin` when it is a file): code CAD028.
pub(crate) fn echec_ecriture(chemin: Option<&Path>, e: &std::io::Error) -> Echec {
    let ou = chemin.map_or_else(diag::ligne_de_commande, |c| {
        diag::Position::new(&c.display().to_string(), 0, 0)
    });
    let quoi = if chemin.is_some() {
        "écriture impossible"
    } else {
        "écriture sur la sortie standard impossible"
    };
    Diagnostic::erreur(
        diag::Code::EntreeSortie,
        ou,
        format!("{quoi} : {}", diag::erreur_io(e)),
    )
    .aide(
        "vérifiez que le dossier existe et est accessible en écriture, et qu'il reste de la place",
    )
    .into()
}

/// Runs the command line.
pub fn executer(cli: Cli, m: &mut Messages<'_>) -> Resultat {
    let communes = &cli.communes;
    if cli.commande.is_some() && !cli.questionnaire.est_vide() {
        return Err(usage(
            "les options du questionnaire (--profil, --reprendre, --simple, --brouillon, --contraste, --date) placées avant une sous-commande ne s'appliquent qu'à `cadria` seul",
            "placez-les après la sous-commande (`cadria evaluer FICHIER --date ...`) ou lancez `cadria --profil ...` sans sous-commande",
        ));
    }
    match cli.commande {
        Some(Commande::Evaluer(a)) => evaluer::executer(communes, &a, m),
        Some(Commande::Regles(c)) => regles::executer(communes, &c),
        Some(Commande::Valider(a)) => valider::executer(communes, &a, m),
        Some(Commande::Scenarios(a)) => scenarios::executer(communes, &a, m),
        Some(Commande::Inventaire(a)) => inventaire::executer(communes, &a, m),
        Some(Commande::Schema(a)) => schema::executer(communes, &a),
        Some(Commande::Scanner(a)) => scanner::executer(communes, &a, m),
        Some(Commande::Documents(a)) => documents::executer(communes, &a, m),
        Some(Commande::Questionnaire(a)) => questionnaire::executer(communes, &a, m),
        None => questionnaire::executer(communes, &cli.questionnaire, m),
    }
}

pub(crate) fn sources(c: &Communes) -> Sources {
    Sources {
        regles: c.regles.clone(),
        questionnaires: c.questionnaires.clone(),
    }
}

/// The base, when it loads without error.
pub(crate) fn base(c: &Communes) -> Result<Base, Echec> {
    let (base, diags) = Base::charger(&sources(c));
    if diag::contient_erreur(&diags) {
        return Err(Echec::diagnostics(diags).conclure(
            "Les règles ou questionnaires contiennent des erreurs : corrigez-les (voir `cadria valider`).",
        ));
    }
    Ok(base)
}

/// La date de l'évaluation : celle de `--date` (lue et vérifiée par la ligne
/// de commande), ou celle du jour.
pub(crate) fn date(date: Option<crate::date::Date>) -> crate::date::Date {
    date.unwrap_or_else(crate::date::Date::aujourdhui)
}

/// The engine for a validated base.
pub(crate) fn moteur_de(base: &Base) -> Result<crate::moteur::Moteur<'_>, Echec> {
    crate::moteur::Moteur::new(base).map_err(|e| evaluation_impossible(&e))
}

/// An evaluation that failed on a validated base: code CAD009.
pub(crate) fn evaluation_impossible(e: &impl std::fmt::Display) -> Echec {
    Diagnostic::erreur(
        diag::Code::EvaluationImpossible,
        diag::ligne_de_commande(),
        e.to_string(),
    )
    .aide("lancez `cadria valider` sur ces règles")
    .into()
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

/// Writes `texte` to the file `sortie` or to stdout. A closed pipe on
/// stdout stops the command as a success ([`Echec::TubeFerme`], like
/// `head` closing early).
pub(crate) fn ecrire(texte: &str, sortie: Option<&Path>) -> Result<(), Echec> {
    ecrire_octets(texte.as_bytes(), sortie)
}

/// [`ecrire`] for any content (an ODT document).
pub(crate) fn ecrire_octets(texte: &[u8], sortie: Option<&Path>) -> Result<(), Echec> {
    match sortie {
        Some(chemin) => {
            crate::ecriture::remplacer(chemin, texte).map_err(|e| echec_ecriture(Some(chemin), &e))
        }
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(texte).and_then(|_| out.flush()) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(Echec::TubeFerme),
                Err(e) => Err(echec_ecriture(None, &e)),
            }
        }
    }
}

/// Refuses an output file `-o` that is one of the inputs (after resolving
/// links): writing it would destroy what is being read.
pub(crate) fn sortie_hors_entrees(sortie: Option<&Path>, entrees: &[&Path]) -> Result<(), Echec> {
    let Some(s) = sortie else { return Ok(()) };
    if let Some(e) = entrees.iter().find(|e| crate::ecriture::meme_fichier(s, e)) {
        return Err(usage(
            format!(
                "le fichier de sortie {} est aussi un fichier lu ({}) : il serait écrasé",
                s.display(),
                e.display()
            ),
            "choisissez un autre nom pour -o/--sortie",
        ));
    }
    Ok(())
}

/// The diagnostic of a file that could not be read (code CAD001), with the
/// help that fits the kind of error.
pub(crate) fn fichier_illisible(nom: &str, e: &std::io::Error) -> Diagnostic {
    let aide = match e.kind() {
        std::io::ErrorKind::NotFound => "vérifiez le chemin du fichier",
        std::io::ErrorKind::InvalidData => "le fichier doit être un texte encodé en UTF-8",
        std::io::ErrorKind::FileTooLarge => {
            "un fichier de réponses pèse quelques Kio : vérifiez le nom du fichier"
        }
        _ => "vérifiez que le fichier existe et qu'il est lisible",
    };
    Diagnostic::erreur(
        diag::Code::Lecture,
        diag::Position::new(nom, 0, 0),
        format!("fichier illisible : {}", diag::erreur_io(e)),
    )
    .aide(aide)
}

/// Reads a file given on the command line (`-` = stdin), with a French error.
pub(crate) fn lire_entree(chemin: &Path) -> Result<(String, String), Echec> {
    let nom = chemin.display().to_string();
    let r = if nom == "-" {
        crate::limites::lire_borne(std::io::stdin())
    } else {
        crate::limites::lire_fichier(chemin)
    };
    match r {
        Ok(t) => Ok((nom, t)),
        Err(e) => Err(fichier_illisible(&nom, &e).into()),
    }
}
