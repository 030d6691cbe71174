//! Command-line definitions (clap derive), help in French, English aliases.

use crate::report::Format;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// cadria : l'usage d'un outil d'IA à l'école est-il conforme au cadre
/// d'usage de l'IA en éducation (juin 2025), au RGPD et au règlement européen
/// sur l'IA ? Règle par règle, avec les sources.
#[derive(Debug, Parser)]
#[command(name = "cadria", version, about, long_about = None, disable_help_subcommand = true)]
#[command(help_template = "{about}\n\nUsage : {usage}\n\n{all-args}")]
pub struct Cli {
    /// Options communes.
    #[command(flatten)]
    pub communes: Communes,
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
    /// Couleurs dans le terminal (NO_COLOR est respecté en mode auto).
    #[arg(long, global = true, value_enum, default_value = "auto")]
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
    /// Rejoue des scénarios (réponses + verdict attendu) contre les règles.
    #[command(visible_alias = "scenarios-check")]
    Scenarios(ArgsScenarios),
    /// Audite un inventaire : tous les outils d'IA déclarés d'un établissement ou d'une académie.
    #[command(visible_alias = "batch")]
    Inventaire(ArgsInventaire),
    /// Affiche le schéma JSON d'un fichier de réponses ou d'un inventaire (pour l'éditeur).
    Schema(ArgsSchema),
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
}

/// `cadria inventaire`.
#[derive(Debug, Args)]
pub struct ArgsInventaire {
    /// Inventaire (YAML), ou - pour l'entrée standard.
    pub fichier: PathBuf,
    /// Format de sortie.
    #[arg(short, long, value_enum, default_value = "texte")]
    pub format: FormatInventaire,
    /// Écrit le résultat dans ce fichier au lieu de la sortie standard.
    #[arg(short = 'o', long, value_name = "FICHIER")]
    pub sortie: Option<PathBuf>,
    /// Seuil d'échec : code de sortie 1 si au moins un outil l'atteint.
    #[arg(long, value_enum, default_value = "non-conforme", value_name = "GRAVITE")]
    pub echec_a: Seuil,
    /// Date de l'audit (AAAA-MM-JJ), par défaut aujourd'hui : elle décide des
    /// obligations applicables et des dérogations expirées.
    #[arg(long, value_name = "AAAA-MM-JJ")]
    pub date: Option<String>,
    /// Audit précédent (sortie `-f json`) : signale les nouveautés, ce qui est
    /// résolu et les dérogations qui expirent dans les 30 jours.
    #[arg(long, value_name = "ANCIEN.json")]
    pub depuis: Option<PathBuf>,
}

/// Which file type `cadria schema` describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CibleSchema {
    /// Un fichier de réponses (`cadria evaluer`).
    Reponses,
    /// Un inventaire (`cadria inventaire`).
    Inventaire,
}

/// `cadria schema`.
#[derive(Debug, Args)]
pub struct ArgsSchema {
    /// Type de fichier décrit.
    #[arg(value_enum)]
    pub cible: CibleSchema,
    /// Écrit le schéma dans ce fichier au lieu de la sortie standard.
    #[arg(short = 'o', long, value_name = "FICHIER")]
    pub sortie: Option<PathBuf>,
}

/// `cadria evaluer`.
#[derive(Debug, Args)]
pub struct ArgsEvaluer {
    /// Fichier de réponses (YAML), ou - pour l'entrée standard.
    pub fichier: PathBuf,
    /// Format du rapport.
    #[arg(short, long, value_enum, default_value = "texte")]
    pub format: Format,
    /// Écrit le rapport dans ce fichier au lieu de la sortie standard.
    #[arg(short = 'o', long, value_name = "FICHIER")]
    pub sortie: Option<PathBuf>,
    /// Seuil d'échec : code de sortie 1 si le verdict l'atteint.
    #[arg(long, value_enum, default_value = "non-conforme")]
    pub echec_a: Seuil,
    /// Date de l'évaluation (AAAA-MM-JJ), par défaut aujourd'hui ; elle
    /// décide des obligations déjà applicables (règlement sur l'IA).
    #[arg(long, value_name = "AAAA-MM-JJ")]
    pub date: Option<String>,
}

/// `cadria regles`.
#[derive(Debug, Subcommand)]
pub enum CommandeRegles {
    /// Liste toutes les règles.
    #[command(visible_alias = "list")]
    Lister {
        /// Format de sortie.
        #[arg(short, long, value_enum, default_value = "texte")]
        format: Format,
    },
    /// Explique une règle : ce qu'elle vérifie, pourquoi, exemples, sources.
    #[command(visible_alias = "explain")]
    Expliquer {
        /// Identifiant de la règle (ex. DONNEES-03).
        id: String,
        /// Format de sortie.
        #[arg(short, long, value_enum, default_value = "texte")]
        format: Format,
    },
}

/// `cadria valider`.
#[derive(Debug, Args)]
pub struct ArgsValider {
    /// Format des diagnostics.
    #[arg(short, long, value_enum, default_value = "texte")]
    pub format: Format,
}

/// `cadria scenarios`.
#[derive(Debug, Args)]
pub struct ArgsScenarios {
    /// Dossier de scénarios (parcouru récursivement) ou fichier.
    pub chemin: PathBuf,
}
