//! One diagnostic model for every problem found in user-written files
//! (rules, questionnaires, fact schema, answers, inventories), rendered as
//! human text or JSON. Codes are stable: see [`Code`].

use serde::Serialize;
use std::fmt;

/// Stable diagnostic codes. Never renumber: users and tests rely on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Code {
    /// The file could not be read at all.
    Lecture,
    /// YAML syntax or structure error (unknown field, wrong type...).
    Yaml,
    /// Two items share one identifier.
    IdentifiantDuplique,
    /// A condition or answer names a fact that the schema does not declare.
    FaitInconnu,
    /// A literal compared with a fact is outside that fact's domain.
    ValeurHorsDomaine,
    /// A minijinja expression or template does not compile.
    Syntaxe,
    /// A mandatory French text is missing or empty.
    TexteManquant,
    /// A gravity, nature, reliability or other enumerated field is outside its scale.
    HorsEchelle,
    /// A condition failed when evaluated on sample facts.
    EvaluationImpossible,
    /// A rule has no reference, or a reference names an unknown source.
    Reference,
    /// A rule identifier does not follow the `THEME-NN` form.
    IdentifiantMalForme,
    /// A value has the wrong type for its fact (a list for a yes/no fact...).
    TypeIncorrect,
    /// A fact read by a rule is set by no question of a questionnaire that reaches it.
    FaitNonDemande,
    /// A questionnaire or fact schema is inconsistent.
    Questionnaire,
    /// A condition reads a free-text fact, which cannot be enumerated.
    FaitTexteDansCondition,
    /// A scenario's expectation is not met.
    Scenario,
    /// A waiver is incomplete or names an unknown rule.
    Derogation,
    /// A condition uses a construct outside cadria's condition language
    /// (filter other than `length`, test, call, attribute, arithmetic…).
    HorsLangage,
    /// A condition compares values whose types do not fit (a list with `==`,
    /// a choice fact used as yes/no…).
    TypeCondition,
    /// A condition can never be true, or is always true, whatever the answers.
    ConditionConstante,
    /// A notion is defined but used by no rule, question or other notion.
    NotionInutilisee,
    /// A size or length limit is exceeded (file, entry, line, free text).
    Limite,
}

impl Code {
    /// The stable, printed form of the code (`CAD001`...).
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Lecture => "CAD001",
            Code::Yaml => "CAD002",
            Code::IdentifiantDuplique => "CAD003",
            Code::FaitInconnu => "CAD004",
            Code::ValeurHorsDomaine => "CAD005",
            Code::Syntaxe => "CAD006",
            Code::TexteManquant => "CAD007",
            Code::HorsEchelle => "CAD008",
            Code::EvaluationImpossible => "CAD009",
            Code::Reference => "CAD010",
            Code::IdentifiantMalForme => "CAD011",
            Code::TypeIncorrect => "CAD012",
            Code::FaitNonDemande => "CAD013",
            Code::Questionnaire => "CAD014",
            Code::FaitTexteDansCondition => "CAD015",
            Code::Scenario => "CAD016",
            Code::Derogation => "CAD017",
            Code::HorsLangage => "CAD024",
            Code::TypeCondition => "CAD025",
            Code::ConditionConstante => "CAD026",
            Code::NotionInutilisee => "CAD027",
            Code::Limite => "CAD030",
        }
    }
}

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
    /// Where.
    pub position: Position,
    /// What to do, in French.
    pub aide: Option<String>,
}

fn code_str<S: serde::Serializer>(code: &Code, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(code.as_str())
}

impl Diagnostic {
    /// A new error.
    pub fn erreur(code: Code, position: Position, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severite: Severite::Erreur,
            message: message.into(),
            position,
            aide: None,
        }
    }

    /// A new warning.
    pub fn avertissement(code: Code, position: Position, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severite: Severite::Avertissement,
            message: message.into(),
            position,
            aide: None,
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
        write!(
            f,
            "{}: {niveau}[{}]: {}",
            une_ligne(&self.position.to_string()),
            self.code.as_str(),
            une_ligne(&self.message)
        )?;
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
    fn codes_sont_uniques() {
        let tous = [
            Code::Lecture,
            Code::Yaml,
            Code::IdentifiantDuplique,
            Code::FaitInconnu,
            Code::ValeurHorsDomaine,
            Code::Syntaxe,
            Code::TexteManquant,
            Code::HorsEchelle,
            Code::EvaluationImpossible,
            Code::Reference,
            Code::IdentifiantMalForme,
            Code::TypeIncorrect,
            Code::FaitNonDemande,
            Code::Questionnaire,
            Code::FaitTexteDansCondition,
            Code::Scenario,
            Code::Derogation,
            Code::HorsLangage,
            Code::TypeCondition,
            Code::ConditionConstante,
            Code::NotionInutilisee,
            Code::Limite,
        ];
        let mut vus: Vec<&str> = tous.iter().map(|c| c.as_str()).collect();
        vus.sort();
        vus.dedup();
        assert_eq!(vus.len(), tous.len());
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
