//! Le dossier des évaluations : où sont rangés brouillons et rapports
//! exportés, comment ils sont nommés (d'après l'outil et la date, jamais un
//! nom déjà pris) et la liste des évaluations qu'il contient.
//!
//! Le dossier par défaut est celui des données de l'utilisateur, calculé
//! ici à partir des variables d'environnement plutôt qu'avec le crate `dirs`
//! ou `directories` : trois cas suffisent, une dépendance de moins, et les
//! tests le dirigent en posant `XDG_DATA_HOME` ou `HOME`.
//! - Linux et autres Unix : `$XDG_DATA_HOME/cadria/evaluations`, sinon
//!   `$HOME/.local/share/cadria/evaluations` (spécification XDG) ;
//! - macOS : `$HOME/Library/Application Support/cadria/evaluations` ;
//! - Windows : `%APPDATA%\cadria\evaluations`.

use super::brouillon;
use super::flux::Flux;
use crate::base::Base;
use crate::date::Date;
use crate::evaluation::Evaluation;
use crate::moteur::{Moteur, Verdict};
use std::path::{Path, PathBuf};

/// Le dossier des évaluations par défaut (voir le module) ; `None` quand
/// aucune des variables attendues n'est définie.
pub fn dossier_par_defaut() -> Option<PathBuf> {
    let var = |n: &str| {
        std::env::var_os(n)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    let racine = if cfg!(windows) {
        var("APPDATA")
    } else if cfg!(target_os = "macos") {
        var("HOME").map(|h| h.join("Library").join("Application Support"))
    } else {
        var("XDG_DATA_HOME").or_else(|| var("HOME").map(|h| h.join(".local").join("share")))
    }?;
    Some(racine.join("cadria").join("evaluations"))
}

/// Le nom de fichier tiré du nom d'un outil : minuscules ASCII, accents
/// retirés, tout autre signe devient un tiret ; 40 caractères au plus ;
/// « outil » quand il ne reste rien.
pub fn nom_de_fichier(outil: &str) -> String {
    let mut s = String::new();
    for c in outil.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => 'a',
            'ç' => 'c',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' | 'ì' => 'i',
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ÿ' | 'ý' => 'y',
            'ñ' => 'n',
            'œ' => {
                s.push('o');
                'e'
            }
            'æ' => {
                s.push('a');
                'e'
            }
            c if c.is_ascii_alphanumeric() => c,
            _ => '-',
        };
        if c == '-' && (s.is_empty() || s.ends_with('-')) {
            continue;
        }
        s.push(c);
        if s.len() >= 40 {
            break;
        }
    }
    let s = s.trim_end_matches('-').to_string();
    if s.is_empty() { "outil".to_string() } else { s }
}

/// Un chemin libre dans `dossier` pour l'évaluation de `outil` à `date` :
/// `chatgpt-2026-12-01.yaml`, sinon `chatgpt-2026-12-01-2.yaml`, etc. Un
/// nom est pris quand le brouillon ou l'un de ses rapports exportés existe.
pub fn chemin_libre(dossier: &Path, outil: &str, date: Date) -> PathBuf {
    let base = format!("{}-{date}", nom_de_fichier(outil));
    let pris = |nom: &str| {
        ["yaml", "txt", "md", "json", "html"]
            .iter()
            .any(|ext| dossier.join(format!("{nom}.{ext}")).exists())
    };
    let mut nom = base.clone();
    let mut n = 1;
    while pris(&nom) {
        n += 1;
        nom = format!("{base}-{n}");
    }
    dossier.join(format!("{nom}.yaml"))
}

/// Une évaluation du dossier, telle que l'écran d'accueil la présente.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fiche {
    /// Le brouillon.
    pub chemin: PathBuf,
    /// Le nom de l'outil (neutralisé pour l'écran).
    pub outil: String,
    /// Le titre du questionnaire suivi.
    pub profil: String,
    /// La date tirée du nom du fichier (`AAAA-MM-JJ`), sinon vide.
    pub date: String,
    /// Vrai quand chaque question posée a une réponse.
    pub terminee: bool,
    /// Le verdict des réponses données.
    pub verdict: Option<Verdict>,
}

/// Les évaluations du dossier : chaque brouillon `*.yaml` lisible, de la
/// plus récente à la plus ancienne (date de modification). Un fichier
/// illisible est passé (il n'est pas de cadria, ou il est abîmé : l'écran
/// n'a pas à le réparer).
pub fn lister(base: &Base, moteur: &Moteur<'_>, dossier: &Path, date: Date) -> Vec<Fiche> {
    let Ok(entrees) = std::fs::read_dir(dossier) else {
        return Vec::new();
    };
    let mut fichiers: Vec<(std::time::SystemTime, PathBuf)> = entrees
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml") && p.is_file())
        .map(|p| {
            let t = std::fs::metadata(&p)
                .and_then(|m| m.modified())
                .unwrap_or(std::time::UNIX_EPOCH);
            (t, p)
        })
        .collect();
    fichiers.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    fichiers
        .into_iter()
        .filter_map(|(_, p)| fiche(base, moteur, &p, date))
        .collect()
}

fn fiche(base: &Base, moteur: &Moteur<'_>, chemin: &Path, date: Date) -> Option<Fiche> {
    let o = brouillon::ouvrir(base, None, chemin, date).ok()?;
    let f: &Flux<'_> = &o.flux;
    let verdict = Evaluation::calculer(moteur, f.faits(), &[], date)
        .ok()
        .map(|e| e.verdict());
    let nom = chemin.file_stem()?.to_string_lossy().to_string();
    let date_nom = nom
        .char_indices()
        .filter(|(i, _)| nom.len() >= i + 10)
        .map(|(i, _)| &nom[i..i + 10])
        .find(|s| Date::depuis(s).is_some())
        .unwrap_or_default()
        .to_string();
    Some(Fiche {
        chemin: chemin.to_path_buf(),
        outil: crate::neutralisation::une_ligne(&f.outil()).into_owned(),
        profil: f.questionnaire().titre.clone(),
        date: date_nom,
        terminee: f.terminee(),
        verdict,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noms_tires_de_l_outil() {
        assert_eq!(nom_de_fichier("ChatGPT"), "chatgpt");
        assert_eq!(
            nom_de_fichier("ChatGPT (version gratuite)"),
            "chatgpt-version-gratuite"
        );
        assert_eq!(nom_de_fichier("Éduc'IA « lycée »"), "educ-ia-lycee");
        assert_eq!(nom_de_fichier("../../etc/passwd"), "etc-passwd");
        assert_eq!(nom_de_fichier("  ?? "), "outil");
        assert!(nom_de_fichier(&"x".repeat(500)).len() <= 40);
    }

    #[test]
    fn un_nom_pris_n_est_jamais_repris() {
        let d = tempfile::tempdir().unwrap();
        let date = Date::depuis("2026-12-01").unwrap();
        let p = chemin_libre(d.path(), "ChatGPT", date);
        assert_eq!(p, d.path().join("chatgpt-2026-12-01.yaml"));
        std::fs::write(&p, "x").unwrap();
        let p2 = chemin_libre(d.path(), "ChatGPT", date);
        assert_eq!(p2, d.path().join("chatgpt-2026-12-01-2.yaml"));
        // An export alone also takes the name.
        std::fs::write(d.path().join("chatgpt-2026-12-01-2.txt"), "x").unwrap();
        assert_eq!(
            chemin_libre(d.path(), "ChatGPT", date),
            d.path().join("chatgpt-2026-12-01-3.yaml")
        );
    }
}
