//! Un seul modèle de diagnostic pour chaque problème trouvé dans un fichier
//! écrit par une personne (règles, questionnaires, schéma des faits, réponses,
//! inventaires) ou sur la ligne de commande, rendu en texte (avec la ligne
//! source soulignée) ou en JSON. Les codes sont stables : voir [`Code`] et
//! son catalogue ([`catalogue`]).

pub mod catalogue;
mod extrait;

pub use catalogue::Code;
pub use extrait::joindre_source;

use serde::Serialize;
use std::fmt;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severite {
    /// The file cannot be used as is.
    Erreur,
    /// The file can be used but something should be fixed.
    Avertissement,
}

/// A position in a file, 1-based.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    /// File path as the user gave it (or `embarqué:rules/x.yaml`).
    pub fichier: String,
    /// Line, from 1 (0 when unknown).
    pub ligne: u64,
    /// Column, from 1 (0 when unknown).
    pub colonne: u64,
}

impl Position {
    /// A position at line and column in `fichier`.
    pub fn new(fichier: &str, ligne: u64, colonne: u64) -> Self {
        Position {
            fichier: fichier.to_string(),
            ligne,
            colonne,
        }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ligne == 0 {
            write!(f, "{}", self.fichier)
        } else {
            write!(f, "{}:{}:{}", self.fichier, self.ligne, self.colonne)
        }
    }
}

/// La fin d'une étendue (ligne et colonne à partir de 1, colonne exclue) :
/// ce qui est souligné va de [`Diagnostic::position`] jusque-là.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Fin {
    /// Ligne, à partir de 1.
    pub ligne: u32,
    /// Colonne juste après le dernier caractère souligné, à partir de 1.
    pub colonne: u32,
}

impl Fin {
    /// The end at `ligne`, `colonne` (beyond `u32::MAX`: `u32::MAX`).
    pub fn new(ligne: u64, colonne: u64) -> Self {
        Fin {
            ligne: u32::try_from(ligne).unwrap_or(u32::MAX),
            colonne: u32::try_from(colonne).unwrap_or(u32::MAX),
        }
    }
}

/// Où se trouve un problème : son début, et sa fin quand on la connaît.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lieu {
    /// Début.
    pub debut: Position,
    /// Fin (exclue), si elle est connue.
    pub fin: Option<Fin>,
}

impl From<Position> for Lieu {
    fn from(debut: Position) -> Self {
        Lieu { debut, fin: None }
    }
}

/// The place given for a problem of the command line (no file).
pub fn ligne_de_commande() -> Position {
    Position::new("", 0, 0)
}

/// One problem, with where it is and what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable code.
    #[serde(serialize_with = "code_str")]
    pub code: Code,
    /// Error or warning.
    pub severite: Severite,
    /// What is wrong, in French.
    pub message: String,
    /// Where it starts (file empty for the command line).
    pub position: Position,
    /// Where it ends, when known.
    pub fin: Option<Fin>,
    /// What to do, in French.
    pub aide: Option<String>,
    /// La ligne source où commence le problème, jointe par
    /// [`joindre_source`] quand le texte du fichier est connu.
    #[serde(skip)]
    pub extrait: Option<Box<str>>,
}

fn code_str<S: serde::Serializer>(code: &Code, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(code.as_str())
}

impl Diagnostic {
    /// A new error.
    pub fn erreur(code: Code, lieu: impl Into<Lieu>, message: impl Into<String>) -> Self {
        Self::nouveau(code, Severite::Erreur, lieu.into(), message.into())
    }

    /// A new warning.
    pub fn avertissement(code: Code, lieu: impl Into<Lieu>, message: impl Into<String>) -> Self {
        Self::nouveau(code, Severite::Avertissement, lieu.into(), message.into())
    }

    fn nouveau(code: Code, severite: Severite, lieu: Lieu, message: String) -> Self {
        Diagnostic {
            code,
            severite,
            message,
            position: lieu.debut,
            fin: lieu.fin,
            aide: None,
            extrait: None,
        }
    }

    /// Adds the "what to do" hint.
    pub fn aide(mut self, aide: impl Into<String>) -> Self {
        self.aide = Some(aide.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let niveau = match self.severite {
            Severite::Erreur => "erreur",
            Severite::Avertissement => "avertissement",
        };
        // Messages quote values from the files: on one line, neutralised.
        let une_ligne = crate::neutralisation::une_ligne;
        let ou = self.position.to_string();
        if !ou.is_empty() {
            write!(f, "{}: ", une_ligne(&ou))?;
        }
        write!(
            f,
            "{niveau}[{}]: {}",
            self.code.as_str(),
            une_ligne(&self.message)
        )?;
        if let Some(souligne) = extrait::souligner(self) {
            write!(f, "\n{souligne}")?;
        }
        if let Some(aide) = &self.aide {
            write!(f, "\n  = aide : {}", une_ligne(aide))?;
        }
        Ok(())
    }
}

/// Renders diagnostics as text, one block per diagnostic, sorted by position,
/// followed by a French summary line.
pub fn rendre_texte(diags: &[Diagnostic]) -> String {
    let mut tries: Vec<&Diagnostic> = diags.iter().collect();
    tries.sort_by(|a, b| (&a.position, a.code).cmp(&(&b.position, b.code)));
    let mut out = String::new();
    for d in &tries {
        out.push_str(&d.to_string());
        out.push('\n');
        // A block with its source line is followed by a blank line, as rustc does.
        if d.extrait.is_some() {
            out.push('\n');
        }
    }
    let erreurs = diags
        .iter()
        .filter(|d| d.severite == Severite::Erreur)
        .count();
    let avert = diags.len() - erreurs;
    out.push_str(&format!(
        "{}, {}\n",
        crate::typographie::accorder(erreurs as i64, "erreur", None),
        crate::typographie::accorder(avert as i64, "avertissement", None)
    ));
    out
}

/// True when at least one diagnostic is an error.
pub fn contient_erreur(diags: &[Diagnostic]) -> bool {
    diags.iter().any(|d| d.severite == Severite::Erreur)
}

/// Edit distance between two words (insertions, deletions, substitutions
/// and swaps of two neighbouring letters), counted in characters.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, ligne) in d.iter_mut().enumerate() {
        ligne[0] = i;
    }
    if let Some(premiere) = d.first_mut() {
        for (j, case) in premiere.iter_mut().enumerate() {
            *case = j;
        }
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cout = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cout);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

/// The candidate closest to `mot` (a typing mistake: at most a third of its
/// letters wrong, one at least; none for words under three letters), for
/// « vouliez-vous dire `x` ? ».
pub fn plus_proche<'a>(mot: &str, candidats: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    // A word of one or two letters is too short to guess from.
    let n = mot.chars().count();
    let seuil = if n < 3 { 0 } else { (n / 3).max(1) };
    candidats
        .into_iter()
        .filter(|c| *c != mot)
        .map(|c| (distance(&mot.to_lowercase(), &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= seuil)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// « vouliez-vous dire `x` ? — » when a candidate is close to
/// `mot`, nothing otherwise: the start of a diagnostic's help.
pub fn vouliez_vous_dire<'a>(mot: &str, candidats: impl IntoIterator<Item = &'a str>) -> String {
    plus_proche(mot, candidats)
        .map(|c| format!("vouliez-vous dire `{c}` ? — "))
        .unwrap_or_default()
}

/// An input or output error in French: the system's message (« No such
/// file or directory (os error 2) ») is English; its kind says the same
/// thing in words the person reads, with the system's code for an expert.
pub fn erreur_io(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    // An error built by cadria itself (a size limit…) already says it in French.
    if e.raw_os_error().is_none()
        && let Some(interne) = e.get_ref()
        && e.kind() == K::FileTooLarge
    {
        return interne.to_string();
    }
    let texte = match e.kind() {
        K::NotFound => "fichier ou dossier introuvable",
        K::PermissionDenied => "accès refusé (droits insuffisants)",
        K::AlreadyExists => "le fichier existe déjà",
        K::IsADirectory => "c'est un dossier, pas un fichier",
        K::NotADirectory => "un élément du chemin n'est pas un dossier",
        K::DirectoryNotEmpty => "le dossier n'est pas vide",
        K::InvalidData => "contenu illisible : le fichier doit être un texte encodé en UTF-8",
        K::InvalidInput | K::InvalidFilename => "nom de fichier ou valeur invalide",
        K::UnexpectedEof => "fin de fichier inattendue",
        K::StorageFull => "plus de place sur le disque",
        K::QuotaExceeded => "quota de disque dépassé",
        K::FileTooLarge => "fichier trop gros",
        K::ReadOnlyFilesystem => "support en lecture seule",
        K::BrokenPipe => "la sortie a été fermée",
        K::Interrupted => "opération interrompue",
        K::TimedOut => "délai dépassé",
        K::OutOfMemory => "mémoire insuffisante",
        K::ResourceBusy | K::ExecutableFileBusy => "fichier occupé par un autre programme",
        K::CrossesDevices => "déplacement impossible d'un disque à un autre",
        K::Unsupported => "opération non prise en charge",
        K::WouldBlock => "opération bloquante refusée",
        _ => "erreur d'entrée-sortie",
    };
    match e.raw_os_error() {
        Some(code) => format!("{texte} (erreur système {code})"),
        None => texte.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_proches() {
        let faits = ["niveaux", "role", "reponses", "outil"];
        assert_eq!(plus_proche("niveux", faits), Some("niveaux"));
        assert_eq!(plus_proche("reponse", faits), Some("reponses"));
        assert_eq!(plus_proche("rloe", faits), Some("role"));
        assert_eq!(plus_proche("couleur_preferee", faits), None);
        assert_eq!(vouliez_vous_dire("xyz", faits), "");
        assert_eq!(plus_proche("6e", ["5e", "4e"]), None);
        assert_eq!(
            vouliez_vous_dire("DONNEES-3", ["DONNEES-03", "DONNEES-13"]),
            "vouliez-vous dire `DONNEES-03` ? — "
        );
    }

    #[test]
    fn erreurs_d_entree_sortie_en_francais() {
        let e = std::fs::read_to_string("/cadria/inexistant").unwrap_err();
        assert_eq!(
            erreur_io(&e),
            "fichier ou dossier introuvable (erreur système 2)"
        );
        let e = std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        );
        assert!(!erreur_io(&e).contains("stream"));
    }

    #[test]
    fn affichage_avec_position_et_aide() {
        let d = Diagnostic::erreur(
            Code::FaitInconnu,
            Position::new("r.yaml", 3, 7),
            "fait `x` inconnu",
        )
        .aide("corrigez le nom");
        assert_eq!(
            d.to_string(),
            "r.yaml:3:7: erreur[CAD004]: fait `x` inconnu\n  = aide : corrigez le nom"
        );
    }
}
