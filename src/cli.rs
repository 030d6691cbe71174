//! Command-line definitions (clap derive), help in French, English aliases.

use crate::rapport::Format;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// cadria : l'usage d'un outil d'IA à l'école est-il conforme au cadre
/// d'usage de l'IA en éducation (juin 2025), au RGPD et au règlement européen
/// sur l'IA ? Règle par règle, avec les sources.
#[derive(Debug, Parser)]
#[command(name = "cadria", version, about, long_about = None, disable_help_subcommand = true)]
pub struct Cli {
    /// Options communes.
    #[command(flatten)]
    pub communes: Communes,
    /// Options du questionnaire, quand `cadria` est lancé sans sous-commande.
    #[command(flatten, next_help_heading = "Questionnaire (sans sous-commande)")]
    pub questionnaire: ArgsQuestionnaire,
    /// Sous-commande (par défaut : le questionnaire).
    #[command(subcommand)]
    pub commande: Option<Commande>,
}

/// Options valables pour toutes les sous-commandes.
#[derive(Debug, Args)]
pub struct Communes {
    /// Dossier de règles à utiliser à la place des règles intégrées.
    #[arg(long, global = true, value_name = "DOSSIER")]
    pub regles: Option<PathBuf>,
    /// Dossier de questionnaires (et du schéma des faits) à utiliser à la place des intégrés.
    #[arg(long, global = true, value_name = "DOSSIER")]
    pub questionnaires: Option<PathBuf>,
    /// Couleurs : auto (seulement vers un terminal, sauf si NO_COLOR est
    /// défini), toujours ou jamais. Par défaut : auto.
    #[arg(
        long,
        global = true,
        value_enum,
        default_value = "auto",
        hide_possible_values = true,
        hide_default_value = true
    )]
    pub couleur: ChoixCouleur,
    /// N'affiche que l'essentiel (pas de résumé sur la sortie d'erreur).
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

/// When to use colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChoixCouleur {
    /// Seulement vers un terminal, et si NO_COLOR n'est pas défini.
    Auto,
    /// Toujours.
    Toujours,
    /// Jamais.
    Jamais,
}

/// Failure threshold for exit code 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Seuil {
    /// Échec seulement si un usage est interdit.
    Interdit,
    /// Échec si un usage est non conforme ou interdit (par défaut).
    NonConforme,
    /// Échec aussi quand des réponses manquent pour conclure.
    AVerifier,
    /// Échec dès qu'un point de vigilance est relevé.
    Vigilance,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Commande {
    /// Évalue un fichier de réponses et affiche le rapport raisonné.
    #[command(visible_alias = "assess")]
    Evaluer(ArgsEvaluer),
    /// Liste, explique ou couvre les règles.
    #[command(visible_alias = "rules", subcommand)]
    Regles(CommandeRegles),
    /// Vérifie les fichiers de règles, de faits et de questionnaires.
    #[command(visible_alias = "validate")]
    Valider(ArgsValider),
    /// Questionnaire interactif (plein écran, ou ligne à ligne avec --simple).
    #[command(visible_alias = "check")]
    Questionnaire(ArgsQuestionnaire),
    /// Rejoue des scénarios (réponses + verdict attendu) contre les règles.
    #[command(visible_alias = "scenarios-check")]
    Scenarios(ArgsScenarios),
    /// Audite un inventaire : tous les outils d'IA déclarés d'un établissement ou d'une académie.
    #[command(visible_alias = "batch")]
    Inventaire(ArgsInventaire),
    /// Affiche le schéma JSON d'un fichier de réponses ou d'un inventaire (pour l'éditeur).
    Schema(ArgsSchema),
    /// Repère les données personnelles d'un texte avant de le coller dans un
    /// outil d'IA ; écrit une copie pseudonymisée.
    #[command(visible_alias = "scan")]
    Scanner(ArgsScanner),
    /// Écrit les documents que demandent les constats : consigne, note aux
    /// familles, fiche registre, pré-analyse d'impact, mention de transparence.
    Documents(ArgsDocuments),
}

/// Format des documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatDocuments {
    /// Markdown (par défaut), à ouvrir ou coller dans un traitement de texte.
    Markdown,
    /// HTML : une page autonome, à imprimer.
    Html,
    /// Export JSON de la pré-analyse pour le logiciel PIA de la CNIL (avec --type aipd).
    Pia,
}

/// `cadria documents`.
#[derive(Debug, Args)]
pub struct ArgsDocuments {
    /// Fichier de réponses (YAML), ou - pour l'entrée standard.
    pub fichier: PathBuf,
    /// Document à écrire (répétable) : consigne, note-familles,
    /// fiche-registre, aipd, mention. Par défaut : tous ceux que demandent les constats.
    #[arg(
        long = "type",
        value_enum,
        value_name = "DOCUMENT",
        hide_possible_values = true
    )]
    pub types: Vec<crate::documents::TypeDocument>,
    /// Format : markdown, html ou pia. Par défaut : markdown.
    #[arg(
        short,
        long,
        value_enum,
        default_value = "markdown",
        hide_possible_values = true,
        hide_default_value = true
    )]
    pub format: FormatDocuments,
    /// Écrit un fichier par document dans ce dossier (créé au besoin) au lieu
    /// de la sortie standard ; la pré-analyse y ajoute aipd.pia.json.
    #[arg(short = 'o', long, value_name = "DOSSIER")]
    pub sortie: Option<PathBuf>,
    /// FICHIER est un inventaire : les documents de l'outil de ce nom.
    #[arg(long, value_name = "NOM")]
    pub outil: Option<String>,
    /// Dossier de gabarits d'une académie (consigne.md.j2…) qui remplacent
    /// les gabarits intégrés du même nom.
    #[arg(long, value_name = "DOSSIER")]
    pub gabarits: Option<PathBuf>,
    /// Date de l'évaluation (AAAA-MM-JJ), par défaut aujourd'hui.
    #[arg(long, value_name = "AAAA-MM-JJ")]
    pub date: Option<crate::date::Date>,
}

/// Format de sortie de `cadria scanner`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatScanner {
    /// Une ligne par trouvaille (fichier:ligne:colonne), puis la synthèse.
    Texte,
    /// JSON, pour un programme.
    Json,
}

/// `cadria scanner`.
#[derive(Debug, Args)]
pub struct ArgsScanner {
    /// Texte à analyser, ou - pour l'entrée standard (par défaut).
    pub fichier: Option<PathBuf>,
    /// Format : texte ou json. Par défaut : texte.
    #[arg(
        short,
        long,
        value_enum,
        default_value = "texte",
        hide_possible_values = true,
        hide_default_value = true
    )]
    pub format: FormatScanner,
    /// Écrit le résultat dans ce fichier au lieu de la sortie standard.
    #[arg(short = 'o', long, value_name = "FICHIER")]
    pub sortie: Option<PathBuf>,
    /// Écrit une copie du texte où chaque donnée repérée est remplacée,
    /// toujours de la même façon (« [ÉLÈVE 1] », « [COURRIEL 1] »…).
    #[arg(long, value_name = "COPIE")]
    pub pseudonymiser: Option<PathBuf>,
    /// Écrit la table des remplacements (CSV) dans ce fichier ; elle permet de
    /// ré-identifier les personnes : gardez-la pour vous.
    #[arg(long, value_name = "FICHIER", requires = "pseudonymiser")]
    pub table: Option<PathBuf>,
}

/// Output format of `cadria inventaire`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatInventaire {
    /// Tableau puis détails, pour un terminal ou un courriel.
    Texte,
    /// Markdown.
    Markdown,
    /// JSON (contrat stable : evaluations, synthese, erreurs).
    Json,
    /// CSV : une ligne par outil et par constat (tableur, registre des traitements).
    Csv,
    /// HTML : une page autonome, à imprimer ou classer.
    Html,
    /// SARIF 2.1.0 : un résultat par constat, situé à l'entrée de l'outil
    /// (analyse de code en intégration continue).
    Sarif,
}

/// `cadria inventaire`.
#[derive(Debug, Args)]
pub struct ArgsInventaire {
    /// Inventaire (YAML), ou - pour l'entrée standard.
    pub fichier: PathBuf,
    /// Format : texte (tableau puis détails), markdown, html (une page à
    /// imprimer ou classer), json (contrat stable, schéma 2), csv (une ligne
    /// par outil et par constat, pour un tableur) ou sarif (analyse de code
    /// en intégration continue). Par défaut : texte.
    #[arg(
        short,
        long,
        value_enum,
        default_value = "texte",
        hide_possible_values = true,
        hide_default_value = true
    )]
    pub format: FormatInventaire,
    /// Séparateur du CSV : `,` (par défaut) ou `;` pour un tableur réglé en
    /// français (le fichier commence alors par une marque d'ordre UTF-8).
    #[arg(long, value_name = "CARACTÈRE", default_value = ",", hide_default_value = true, value_parser = separateur)]
    pub separateur: char,
    /// Écrit le résultat dans ce fichier au lieu de la sortie standard.
    #[arg(short = 'o', long, value_name = "FICHIER")]
    pub sortie: Option<PathBuf>,
    /// Seuil d'échec : code de sortie 1 si au moins un outil l'atteint.
    /// interdit, non-conforme (par défaut), a-verifier (des réponses
    /// manquent) ou vigilance.
    #[arg(
        long,
        value_enum,
        default_value = "non-conforme",
        value_name = "GRAVITE",
        hide_possible_values = true,
        hide_default_value = true
    )]
    pub echec_a: Seuil,
    /// Date de l'audit (AAAA-MM-JJ), par défaut aujourd'hui : elle décide des
    /// obligations applicables et des dérogations expirées.
    #[arg(long, value_name = "AAAA-MM-JJ")]
    pub date: Option<crate::date::Date>,
    /// Inventaire précédent (sortie `-f json`) : signale les nouveautés, ce qui est
    /// résolu et les dérogations qui expirent dans les 30 jours.
    #[arg(long, value_name = "ANCIEN.json")]
    pub depuis: Option<PathBuf>,
    /// Écrit, au lieu de l'audit, les lignes du registre des traitements
    /// (CSV, rubriques de l'article 30 du RGPD) : une par outil.
    #[arg(long, conflicts_with_all = ["format", "depuis"])]
    pub registre: bool,
}

/// `--separateur`: `,` or `;`.
fn separateur(s: &str) -> Result<char, String> {
    match s {
        "," => Ok(','),
        ";" => Ok(';'),
        _ => Err("le séparateur du CSV est `,` ou `;`".to_string()),
    }
}

/// Which file type `cadria schema` describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CibleSchema {
    /// Un fichier de réponses (`cadria evaluer`).
    Reponses,
    /// Un inventaire (`cadria inventaire`).
    Inventaire,
    /// Un fichier de règles (`rules/*.yaml`, jeu de règles d'académie).
    Regles,
    /// Un questionnaire (`questionnaires/*.yaml`).
    Questionnaire,
    /// Le rapport JSON de `cadria evaluer -f json` (schéma 1).
    Rapport,
    /// L'audit JSON de `cadria inventaire -f json` (schéma 2).
    Audit,
}

/// `cadria schema`.
#[derive(Debug, Args)]
pub struct ArgsSchema {
    /// Type de fichier décrit : reponses, inventaire, regles, questionnaire,
    /// rapport ou audit (sans argument : la liste).
    #[arg(value_enum, hide_possible_values = true)]
    pub cible: Option<CibleSchema>,
    /// Écrit le schéma dans ce fichier au lieu de la sortie standard.
    #[arg(short = 'o', long, value_name = "FICHIER")]
    pub sortie: Option<PathBuf>,
}

/// `-f FORMAT` of the commands that print a report.
#[derive(Debug, Args)]
pub struct ChoixFormat {
    /// Format : texte, markdown, html ou json. Par défaut : texte.
    #[arg(
        short,
        long,
        value_enum,
        default_value = "texte",
        hide_possible_values = true,
        hide_default_value = true
    )]
    pub format: Format,
}

/// `cadria valider -f`: diagnostics as text or JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatDiagnostics {
    /// Texte, pour une personne.
    Texte,
    /// JSON, pour un programme.
    Json,
}

/// Output format of `cadria evaluer`: the report formats, and ODT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatEvaluation {
    /// Texte pour un terminal ou un courriel.
    Texte,
    /// Markdown.
    Markdown,
    /// HTML : une page autonome, à transmettre, classer ou imprimer.
    Html,
    /// JSON (contrat stable).
    Json,
    /// OpenDocument texte, à compléter et signer dans LibreOffice ou Word.
    Odt,
    /// SARIF 2.1.0 : un résultat par constat (analyse de code en intégration continue).
    Sarif,
}

impl FormatEvaluation {
    /// The report format, `None` for ODT and SARIF (not a report template).
    pub fn texte(self) -> Option<Format> {
        match self {
            FormatEvaluation::Texte => Some(Format::Texte),
            FormatEvaluation::Markdown => Some(Format::Markdown),
            FormatEvaluation::Html => Some(Format::Html),
            FormatEvaluation::Json => Some(Format::Json),
            FormatEvaluation::Odt | FormatEvaluation::Sarif => None,
        }
    }
}

/// `cadria evaluer`.
#[derive(Debug, Args)]
pub struct ArgsEvaluer {
    /// Fichier de réponses (YAML), ou - pour l'entrée standard.
    pub fichier: PathBuf,
    /// Format : texte, markdown, html, json, odt (document à compléter et
    /// signer ; avec -o) ou sarif (analyse de code). Par défaut : texte.
    #[arg(
        short,
        long,
        value_enum,
        default_value = "texte",
        hide_possible_values = true,
        hide_default_value = true
    )]
    pub format: FormatEvaluation,
    /// Écrit le rapport dans ce fichier au lieu de la sortie standard.
    #[arg(short = 'o', long, value_name = "FICHIER")]
    pub sortie: Option<PathBuf>,
    /// Seuil d'échec : code de sortie 1 si le verdict l'atteint. interdit,
    /// non-conforme (par défaut), a-verifier (des réponses manquent) ou
    /// vigilance.
    #[arg(
        long,
        value_enum,
        default_value = "non-conforme",
        hide_possible_values = true,
        hide_default_value = true
    )]
    pub echec_a: Seuil,
    /// Date de l'évaluation (AAAA-MM-JJ), par défaut aujourd'hui ; elle
    /// décide des obligations déjà applicables (règlement sur l'IA).
    #[arg(long, value_name = "AAAA-MM-JJ")]
    pub date: Option<crate::date::Date>,
    /// Résumé d'une page à imprimer : en bref, ce qu'il faut faire, ce qui
    /// reste à confirmer.
    #[arg(long)]
    pub resume: bool,
    /// Établissement, pour le bloc de classement (sinon celui du fichier).
    #[arg(long, value_name = "NOM", help_heading = "Bloc de classement")]
    pub etablissement: Option<String>,
    /// Nom de la personne qui demande l'évaluation (sinon celui du fichier).
    #[arg(long, value_name = "NOM", help_heading = "Bloc de classement")]
    pub demandeur: Option<String>,
    /// Fonction de cette personne (professeure de lettres, CPE...).
    #[arg(long, value_name = "FONCTION", help_heading = "Bloc de classement")]
    pub fonction: Option<String>,
}

/// `cadria questionnaire` (et `cadria` sans sous-commande).
#[derive(Debug, Args, Default)]
pub struct ArgsQuestionnaire {
    /// Questionnaire à suivre : enseignant, dpo ou administratif (sinon,
    /// choix à l'écran d'accueil).
    #[arg(long, value_name = "PROFIL")]
    pub profil: Option<String>,
    /// Reprend un brouillon (ou un fichier de réponses) là où il s'est arrêté.
    #[arg(long, value_name = "FICHIER")]
    pub reprendre: Option<PathBuf>,
    /// Mode ligne à ligne, sans plein écran (lecteur d'écran, scripts) ;
    /// automatique quand l'entrée ou la sortie n'est pas un terminal ou si TERM=dumb.
    #[arg(long)]
    pub simple: bool,
    /// Fichier où les réponses sont enregistrées après chacune (par défaut
    /// OUTIL-DATE.yaml dans le dossier des évaluations, ou le fichier repris).
    #[arg(long, value_name = "FICHIER")]
    pub brouillon: Option<PathBuf>,
    /// Dossier des évaluations (brouillons et rapports exportés) ; par défaut
    /// celui des données de l'utilisateur ($XDG_DATA_HOME/cadria/evaluations,
    /// sinon ~/.local/share/cadria/evaluations).
    #[arg(long, value_name = "DOSSIER")]
    pub dossier: Option<PathBuf>,
    /// Catalogue de fiches d'outils (YAML) : quand l'outil nommé y figure, les
    /// réponses que fixe sa fiche sont préremplies, avec leur source.
    #[arg(long, value_name = "FICHIER")]
    pub catalogue: Option<PathBuf>,
    /// Thème à fort contraste (blanc et jaune sur noir).
    #[arg(long)]
    pub contraste: bool,
    /// Date de l'évaluation (AAAA-MM-JJ), par défaut aujourd'hui.
    #[arg(long, value_name = "AAAA-MM-JJ")]
    pub date: Option<crate::date::Date>,
}

impl ArgsQuestionnaire {
    /// True when no questionnaire option was given.
    pub fn est_vide(&self) -> bool {
        self.profil.is_none()
            && self.reprendre.is_none()
            && !self.simple
            && self.brouillon.is_none()
            && self.dossier.is_none()
            && self.catalogue.is_none()
            && !self.contraste
            && self.date.is_none()
    }
}

/// `cadria regles`.
#[derive(Debug, Subcommand)]
pub enum CommandeRegles {
    /// Liste toutes les règles.
    #[command(visible_alias = "list")]
    Lister {
        /// Format de sortie (`-f`).
        #[command(flatten)]
        rendu: ChoixFormat,
    },
    /// Explique une règle : ce qu'elle vérifie, pourquoi, exemples, sources.
    #[command(visible_alias = "explain")]
    Expliquer {
        /// Identifiant de la règle (ex. DONNEES-03).
        id: String,
        /// Format de sortie (`-f`).
        #[command(flatten)]
        rendu: ChoixFormat,
    },
    /// Matrice de couverture : chaque critère du cadre, ses règles, ses scénarios, son statut.
    #[command(visible_alias = "coverage")]
    Couverture {
        /// Format de sortie (`-f`).
        #[command(flatten)]
        rendu: ChoixFormat,
        /// Dossier de scénarios à compter (par défaut tests/scenarios s'il existe).
        #[arg(long, value_name = "DOSSIER")]
        scenarios: Option<PathBuf>,
    },
}

/// `cadria valider`.
#[derive(Debug, Args)]
pub struct ArgsValider {
    /// Format des diagnostics : texte ou json. Par défaut : texte.
    #[arg(
        short,
        long,
        value_enum,
        default_value = "texte",
        hide_possible_values = true,
        hide_default_value = true
    )]
    pub format: FormatDiagnostics,
    /// Vérifie aussi ce dossier de gabarits de documents (`cadria documents --gabarits`).
    #[arg(long, value_name = "DOSSIER")]
    pub gabarits: Option<PathBuf>,
    /// Explique un code de diagnostic (ce qu'il signale, que faire, un exemple), par exemple CAD005.
    #[arg(long, value_name = "CODE")]
    pub expliquer: Option<String>,
}

/// `cadria scenarios`.
#[derive(Debug, Args)]
pub struct ArgsScenarios {
    /// Dossier de scénarios (parcouru récursivement) ou fichier.
    pub chemin: PathBuf,
}

/// The command definition with French headings and help flags, applied to
/// every subcommand (clap's own texts are English).
pub fn commande() -> clap::Command {
    franciser(<Cli as clap::CommandFactory>::command())
}

fn franciser(c: clap::Command) -> clap::Command {
    let racine = c.get_name() == "cadria";
    let c = c
        .help_template("{about-with-newline}\nUsage : {usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("Sous-commandes")
        .subcommand_value_name("SOUS-COMMANDE")
        .disable_help_flag(true)
        .next_help_heading("Aide")
        .arg(
            clap::Arg::new("aide")
                .short('h')
                .long("help")
                .action(clap::ArgAction::Help)
                .help("Affiche cette aide"),
        );
    let c = if racine {
        c.disable_version_flag(true).arg(
            clap::Arg::new("version")
                .short('V')
                .long("version")
                .action(clap::ArgAction::Version)
                .help("Affiche la version"),
        )
    } else {
        c
    };
    c.mut_subcommands(franciser)
}

/// The help as clap wrote it, in French: clap's own labels (« Possible
/// values », « [default: …] », « [aliases: …] ») translated, a space before
/// the colon of headings, and French typography throughout.
pub fn aide_en_francais(aide: &str) -> String {
    let mut out = String::with_capacity(aide.len() + 64);
    for ligne in aide.lines() {
        let l = ligne
            .replace("Possible values:", "Valeurs possibles :")
            .replace("[possible values: ", "[valeurs possibles : ")
            .replace("[default: ", "[par défaut : ")
            .replace("[aliases: ", "[alias : ")
            .replace("[alias: ", "[alias : ");
        // A possible value (`- texte:    Tableau…`): a space before the colon,
        // taken from the alignment.
        let l = match l
            .trim_start()
            .strip_prefix("- ")
            .and_then(|v| v.split_once(": "))
        {
            Some((valeur, reste)) if !valeur.contains(' ') => {
                let retrait = &l[..l.len() - l.trim_start().len()];
                format!(
                    "{retrait}- {valeur} : {}",
                    reste.strip_prefix(' ').unwrap_or(reste)
                )
            }
            _ => l,
        };
        // A heading (« Options: ») starts the line and ends with a colon.
        let l = match l.strip_suffix(':') {
            Some(titre)
                if !titre.starts_with(' ') && !titre.ends_with(' ') && !titre.is_empty() =>
            {
                format!("{titre} :")
            }
            _ => l,
        };
        out.push_str(&l);
        out.push('\n');
    }
    crate::typographie::francaiser(&out)
}

/// French wording of a command-line error (clap's own is English).
pub fn message_erreur(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let texte = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        _ => String::new(),
    };
    let mut m = match e.kind() {
        ErrorKind::MissingRequiredArgument => format!(
            "argument obligatoire manquant : {}",
            texte(ContextKind::InvalidArg)
        ),
        ErrorKind::InvalidSubcommand => format!(
            "sous-commande inconnue : {}",
            texte(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::UnknownArgument => {
            format!("option inconnue : {}", texte(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidValue => format!(
            "valeur `{}` impossible pour {}",
            texte(ContextKind::InvalidValue),
            texte(ContextKind::InvalidArg)
        ),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "sous-commande manquante".to_string()
        }
        ErrorKind::ArgumentConflict => {
            let options = [texte(ContextKind::InvalidArg), texte(ContextKind::PriorArg)]
                .into_iter()
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join(", ");
            if options.is_empty() {
                "ces options ne vont pas ensemble ; les options du questionnaire (--profil, --reprendre, --simple...) se donnent à `cadria` seul ou à `cadria questionnaire`".to_string()
            } else {
                format!(
                    "options incompatibles : {options} (les options du questionnaire se donnent à `cadria` seul ou à `cadria questionnaire`, pas avec une autre sous-commande)"
                )
            }
        }
        ErrorKind::ValueValidation => {
            let raison = std::error::Error::source(e)
                .map(|s| format!(" : {s}"))
                .unwrap_or_default();
            format!(
                "valeur `{}` impossible pour {}{raison}",
                texte(ContextKind::InvalidValue),
                texte(ContextKind::InvalidArg)
            )
        }
        ErrorKind::TooManyValues => {
            format!("trop de valeurs pour {}", texte(ContextKind::InvalidArg))
        }
        _ => "ligne de commande invalide".to_string(),
    };
    let valides = texte(ContextKind::ValidValue);
    if !valides.is_empty() {
        m.push_str(&format!("\n  = valeurs possibles : {valides}"));
    }
    let suggestion = [
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedArg,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .map(texte)
    .find(|s| !s.is_empty());
    if let Some(s) = suggestion {
        m.push_str(&format!("\n  = vouliez-vous dire : {s} ?"));
    }
    format!(
        "erreur[{}]: {m}\n  = aide : `cadria --help` (ou `cadria SOUS-COMMANDE --help`) décrit l'usage\n",
        crate::diag::Code::LigneDeCommande.as_str()
    )
}
