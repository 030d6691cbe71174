//! Drafts: the answers saved after each one, in the answers-file format of
//! DESIGN §3 (`outil`, `questionnaire`, `reponses`), written atomically
//! (temporary file, then rename), and read back to resume.

use super::flux::{Flux, Refus, Reponse};
use crate::base::Base;
use crate::date::Date;
use crate::diag::{self, Diagnostic};
use crate::faits::Valeur;
use crate::reponses::{Reponses, ReponsesBrutes};
use crate::yaml;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A YAML scalar: plain when it is a simple identifier, else double-quoted
/// (a JSON string is a valid YAML double-quoted scalar).
fn scalaire(s: &str) -> String {
    let simple = s.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !matches!(
            s,
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n" | "inconnu"
        );
    if simple {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
    }
}

fn valeur_yaml(r: &Reponse) -> String {
    match r {
        Reponse::Inconnu => "inconnu".to_string(),
        Reponse::Valeur(Valeur::Booleen(true)) => "oui".to_string(),
        Reponse::Valeur(Valeur::Booleen(false)) => "non".to_string(),
        Reponse::Valeur(Valeur::Texte(t)) => scalaire(t),
        Reponse::Valeur(Valeur::Liste(l)) => format!(
            "[{}]",
            l.iter().map(|v| scalaire(v)).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// The draft of `flux` as an answers file. Answers to hidden questions are
/// left out; the tool's name is written as `outil:` at the top.
pub fn vers_yaml(flux: &Flux<'_>) -> String {
    let schema = flux.base().schema();
    let indice_outil = schema.indice("outil");
    let mut out = String::new();
    out.push_str("# Brouillon du questionnaire cadria, enregistré après chaque réponse.\n");
    out.push_str("# Reprendre : cadria questionnaire --reprendre CE_FICHIER\n");
    out.push_str("# Évaluer   : cadria evaluer CE_FICHIER\n");
    let reponses = flux.reponses_retenues();
    let mut lignes = Vec::new();
    for (i, r) in &reponses {
        let Some(def) = schema.def(*i) else { continue };
        match r {
            Reponse::Valeur(Valeur::Texte(t)) if Some(*i) == indice_outil => {
                out.push_str(&format!("outil: {}\n", scalaire(t)))
            }
            _ => lignes.push(format!("  {}: {}\n", def.id, valeur_yaml(r))),
        }
    }
    out.push_str(&format!(
        "questionnaire: {}\n",
        scalaire(&flux.questionnaire().id)
    ));
    if lignes.is_empty() {
        out.push_str("reponses: {}\n");
    } else {
        out.push_str("reponses:\n");
        for l in lignes {
            out.push_str(&l);
        }
    }
    out
}

/// Writes `texte` to `chemin` atomically ([`crate::ecriture::remplacer`]):
/// a temporary file created exclusively in the same directory, flushed to
/// disk, then renamed over the target.
pub fn enregistrer(chemin: &Path, texte: &str) -> std::io::Result<()> {
    crate::ecriture::remplacer(chemin, texte)
}

/// Saves the draft of `flux` to `chemin`, after checking that it reads back
/// to the same answers: nothing the program cannot read back is ever
/// written (the previous draft is then kept).
pub fn sauver(flux: &Flux<'_>, chemin: &Path) -> std::io::Result<()> {
    let texte = vers_yaml(flux);
    let relu = lire(flux.base(), &texte, &chemin.display().to_string()).map_err(|d| {
        let premier = d.first().map(|d| d.message.clone()).unwrap_or_default();
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("le brouillon ne pourrait pas être relu ({premier}) ; l'ancien est conservé"),
        )
    })?;
    let (mut relues, mut retenues) = (relu.reponses, flux.reponses_retenues());
    relues.sort_by_key(|(i, _)| *i);
    retenues.sort_by_key(|(i, _)| *i);
    if relues != retenues {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "le brouillon relu ne redonne pas les mêmes réponses ; l'ancien est conservé",
        ));
    }
    enregistrer(chemin, &texte)
}

/// The lock of a draft: a file `BROUILLON.verrou` beside it, created
/// exclusively and holding the process id, removed when the questionnaire
/// ends. Two questionnaires on one draft would silently lose answers.
#[derive(Debug)]
pub struct Verrou(PathBuf);

impl Verrou {
    /// The lock file of `brouillon`.
    pub fn chemin(brouillon: &Path) -> PathBuf {
        let mut nom = brouillon.file_name().unwrap_or_default().to_os_string();
        nom.push(".verrou");
        brouillon.with_file_name(nom)
    }

    /// Takes the lock of `brouillon`, or says who holds it. A lock left by a
    /// process that no longer runs is taken over.
    pub fn prendre(brouillon: &Path) -> Result<Verrou, String> {
        let chemin = Verrou::chemin(brouillon);
        for _ in 0..2 {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&chemin)
            {
                Ok(mut f) => {
                    let _ = writeln!(f, "{}", std::process::id());
                    return Ok(Verrou(chemin));
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let pid = std::fs::read_to_string(&chemin).unwrap_or_default();
                    let pid = pid.trim();
                    if processus_vivant(pid) {
                        return Err(format!(
                            "{}: le brouillon est déjà ouvert par un autre questionnaire (processus {pid})\n  = aide : terminez l'autre questionnaire, ou choisissez un autre fichier avec --brouillon ; si aucun questionnaire n'est ouvert, supprimez {}",
                            brouillon.display(),
                            chemin.display()
                        ));
                    }
                    // Stale lock: the process is gone.
                    let _ = std::fs::remove_file(&chemin);
                }
                // The folder may not exist or be read-only: saving will say so.
                Err(_) => return Ok(Verrou(PathBuf::new())),
            }
        }
        Err(format!(
            "{}: verrou du brouillon impossible à prendre ({})",
            brouillon.display(),
            chemin.display()
        ))
    }
}

impl Drop for Verrou {
    fn drop(&mut self) {
        if !self.0.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.0);
        }
    }
}

/// Whether process `pid` still runs (Linux: `/proc/PID`); when it cannot be
/// told, the lock is considered held.
fn processus_vivant(pid: &str) -> bool {
    let Ok(n) = pid.parse::<u32>() else {
        return false;
    };
    if n == std::process::id() {
        return false;
    }
    if Path::new("/proc/self").exists() {
        Path::new("/proc").join(n.to_string()).exists()
    } else {
        true
    }
}

/// A draft read back.
#[derive(Debug, Clone)]
pub struct Brouillon {
    /// Questionnaire named in the file.
    pub questionnaire: Option<String>,
    /// Answers, « je ne sais pas » included, as `(fact index, answer)`.
    pub reponses: Vec<(usize, Reponse)>,
    /// Number of waivers in the file (the questionnaire does not keep them).
    pub derogations: usize,
}

/// Reads an answers file to resume it. Every problem is reported.
pub fn lire(base: &Base, texte: &str, fichier: &str) -> Result<Brouillon, Vec<Diagnostic>> {
    Reponses::lire(texte, fichier, base)?;
    let brut: ReponsesBrutes = yaml::lire(texte, fichier).map_err(|d| vec![d])?;
    let schema = base.schema();
    let mut reponses = Vec::new();
    for (cle, val) in &brut.reponses.0 {
        let (Some(i), Ok(v)) = (
            schema.indice(&cle.value),
            schema.typer(&cle.value, &val.value),
        ) else {
            continue;
        };
        reponses.push((i, v.map(Reponse::Valeur).unwrap_or(Reponse::Inconnu)));
    }
    if let (Some(o), Some(i)) = (&brut.outil, schema.indice("outil"))
        && !reponses.iter().any(|(k, _)| *k == i)
    {
        reponses.insert(0, (i, Reponse::Valeur(Valeur::Texte(o.value.clone()))));
    }
    Ok(Brouillon {
        questionnaire: brut.questionnaire.map(|q| q.value),
        reponses,
        derogations: brut.derogations.len(),
    })
}

/// A questionnaire opened, new or resumed from a draft.
pub struct Ouverture<'b> {
    /// The flow, positioned on the first question without an answer.
    pub flux: Flux<'b>,
    /// True when answers were read from the draft.
    pub repris: bool,
    /// Things the person should know (waivers not kept…).
    pub avertissements: Vec<String>,
}

/// Opens questionnaire `profil` with draft `chemin`: resumes the draft when
/// the file exists (its questionnaire wins when no profile is given), else
/// starts afresh. Errors are French sentences ready to print.
pub fn ouvrir<'b>(
    base: &'b Base,
    profil: Option<&str>,
    chemin: &Path,
    date: Date,
) -> Result<Ouverture<'b>, String> {
    let nom = chemin.display().to_string();
    let texte = match crate::limites::lire_fichier(chemin) {
        Ok(t) => Some(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(format!(
                "{nom}: erreur[CAD001]: brouillon illisible : {}\n  = aide : vérifiez les droits du fichier, ou choisissez un autre brouillon avec --brouillon FICHIER",
                crate::diag::erreur_io(&e)
            ));
        }
    };
    let Some(texte) = texte else {
        let Some(id) = profil else {
            return Err("aucun questionnaire choisi\n  = aide : précisez --profil enseignant, dpo ou administratif".to_string());
        };
        let flux = Flux::new(base, id, date).map_err(|Refus(m)| format!("erreur : {m}"))?;
        return Ok(Ouverture {
            flux,
            repris: false,
            avertissements: Vec::new(),
        });
    };
    let b = lire(base, &texte, &nom).map_err(|d| format!("{}Le brouillon {nom} contient des erreurs : corrigez-le, ou choisissez un autre fichier avec --brouillon FICHIER.", diag::rendre_texte(&d)))?;
    let id = match (&b.questionnaire, profil) {
        (Some(q), Some(p)) if q != p => {
            return Err(format!(
                "{nom}: erreur : ce brouillon est celui du questionnaire `{q}`, pas `{p}`\n  = aide : retirez --profil, ou choisissez un autre brouillon avec --brouillon FICHIER"
            ));
        }
        (Some(q), _) => q.clone(),
        (None, Some(p)) => p.to_string(),
        (None, None) => {
            return Err(format!(
                "{nom}: erreur : le fichier ne dit pas quel questionnaire il suit\n  = aide : ajoutez --profil enseignant, dpo ou administratif"
            ));
        }
    };
    let mut flux = Flux::new(base, &id, date).map_err(|Refus(m)| format!("{nom}: erreur : {m}"))?;
    flux.reprendre(b.reponses);
    let mut avertissements = Vec::new();
    if b.derogations > 0 {
        avertissements.push(format!("{nom} contient {} dérogation(s) : le questionnaire ne les conserve pas ; gardez une copie du fichier pour `cadria evaluer`.", b.derogations));
    }
    Ok(Ouverture {
        flux,
        repris: true,
        avertissements,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalaires_surs() {
        assert_eq!(scalaire("grand_public"), "grand_public");
        assert_eq!(scalaire("5e"), "\"5e\"");
        assert_eq!(scalaire("ChatGPT: « gratuit »"), "\"ChatGPT: « gratuit »\"");
        assert_eq!(scalaire("no"), "\"no\"");
        assert_eq!(scalaire("ligne\n\"deux\""), "\"ligne\\n\\\"deux\\\"\"");
    }

    #[test]
    fn ecriture_atomique_remplace_le_fichier() {
        let d = std::env::temp_dir().join(format!("cadria-brouillon-test-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        let f = d.join("b.yaml");
        enregistrer(&f, "a: 1\n").unwrap();
        enregistrer(&f, "a: 2\n").unwrap();
        assert_eq!(std::fs::read_to_string(&f).unwrap(), "a: 2\n");
        let restes: Vec<_> = std::fs::read_dir(&d)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(restes.is_empty());
        std::fs::remove_dir_all(&d).unwrap();
    }
}
