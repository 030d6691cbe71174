//! Écriture atomique d'un fichier (brouillon, rapport `-o`) : le contenu va
//! dans un fichier temporaire du même dossier, créé exclusivement (jamais à
//! travers un lien symbolique posé d'avance, jamais par-dessus un fichier
//! existant), écrit sur le disque, puis renommé sur la cible. Un disque plein
//! ou une interruption laissent l'ancien fichier intact.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

/// Un fichier en cours d'écriture, qui ne remplace sa cible qu'à
/// [`Temporaire::valider`] ; abandonné (supprimé) sinon.
#[derive(Debug)]
pub struct Temporaire {
    fichier: Option<File>,
    chemin: PathBuf,
    cible: PathBuf,
    /// La cible n'est pas un fichier ordinaire (`/dev/null`, un tube) : on
    /// y écrit directement, sans fichier temporaire ni renommage (renommer
    /// un fichier par-dessus `/dev/null` le remplacerait pour tout le système).
    direct: bool,
}

static COMPTEUR: AtomicU32 = AtomicU32::new(0);

impl Temporaire {
    /// Crée le fichier temporaire à côté de `cible`.
    pub fn creer(cible: &Path) -> std::io::Result<Temporaire> {
        if std::fs::metadata(cible).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
            let f = OpenOptions::new().write(true).open(cible)?;
            return Ok(Temporaire {
                fichier: Some(f),
                chemin: cible.to_path_buf(),
                cible: cible.to_path_buf(),
                direct: true,
            });
        }
        let dossier = cible
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let nom = cible.file_name().ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "le chemin ne nomme pas un fichier",
            )
        })?;
        let graine = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let mut essais = 0u32;
        loop {
            let n = COMPTEUR.fetch_add(1, Ordering::Relaxed);
            let chemin = dossier.join(format!(
                ".{}.{}.{:x}.tmp",
                nom.to_string_lossy(),
                std::process::id(),
                graine.wrapping_add(n.wrapping_mul(0x9E37_79B9))
            ));
            // `create_new` : O_CREAT | O_EXCL, qui refuse aussi un lien symbolique.
            match OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&chemin)
            {
                Ok(f) => {
                    return Ok(Temporaire {
                        fichier: Some(f),
                        chemin,
                        cible: cible.to_path_buf(),
                        direct: false,
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && essais < 100 => {
                    essais += 1;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Écrit le contenu sur le disque et remplace la cible.
    pub fn valider(mut self) -> std::io::Result<()> {
        if let Some(mut f) = self.fichier.take() {
            f.flush()?;
            if self.direct {
                return Ok(());
            }
            f.sync_all()?;
        }
        std::fs::rename(&self.chemin, &self.cible)
    }
}

impl Write for Temporaire {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.fichier {
            Some(f) => f.write(buf),
            None => Err(std::io::Error::other("fichier déjà validé")),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.fichier {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for Temporaire {
    fn drop(&mut self) {
        // Après `valider`, le fichier a été renommé : rien à supprimer.
        if self.fichier.is_some() && !self.direct {
            let _ = std::fs::remove_file(&self.chemin);
        }
    }
}

/// Vrai quand `a` et `b` désignent le même fichier existant (liens
/// symboliques et liens physiques résolus).
pub fn meme_fichier(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                x.dev() == y.dev() && x.ino() == y.ino()
            }
            #[cfg(not(unix))]
            {
                let _ = (x, y);
                matches!(
                    (std::fs::canonicalize(a), std::fs::canonicalize(b)),
                    (Ok(p), Ok(q)) if p == q
                )
            }
        }
        _ => false,
    }
}

/// Remplace `chemin` par `texte`, atomiquement.
pub fn remplacer(chemin: &Path, texte: impl AsRef<[u8]>) -> std::io::Result<()> {
    let mut t = Temporaire::creer(chemin)?;
    t.write_all(texte.as_ref())?;
    t.valider()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `-o /dev/null` once renamed a regular file over `/dev/null`.
    #[cfg(unix)]
    #[test]
    fn un_peripherique_reste_un_peripherique() {
        use std::os::unix::fs::FileTypeExt;
        remplacer(Path::new("/dev/null"), "rapport").unwrap();
        let t = std::fs::metadata("/dev/null").unwrap().file_type();
        assert!(t.is_char_device(), "/dev/null n'est plus un périphérique");
        let mut t = Temporaire::creer(Path::new("/dev/null")).unwrap();
        t.write_all(b"x").unwrap();
        drop(t);
        assert!(
            std::fs::metadata("/dev/null")
                .unwrap()
                .file_type()
                .is_char_device()
        );
    }

    fn temporaires(dossier: &Path) -> usize {
        std::fs::read_dir(dossier)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".tmp")
            })
            .count()
    }

    #[test]
    fn abandon_garde_l_ancien_fichier() {
        let d = tempfile::tempdir().unwrap();
        let f = d.path().join("r.txt");
        remplacer(&f, "ancien").unwrap();
        {
            let mut t = Temporaire::creer(&f).unwrap();
            t.write_all(b"nouveau, incomplet").unwrap();
            // Abandonné sans valider (erreur en cours d'écriture).
        }
        assert_eq!(std::fs::read_to_string(&f).unwrap(), "ancien");
        assert_eq!(temporaires(d.path()), 0);
    }

    #[cfg(unix)]
    #[test]
    fn lien_symbolique_pose_d_avance_jamais_suivi() {
        // Issue 11, item 17: every name the old code could pick
        // (`.NAME.PID.tmp`) is a planted link; the new names are not
        // predictable and are created exclusively.
        let d = tempfile::tempdir().unwrap();
        let victime = d.path().join("victime.txt");
        std::fs::write(&victime, "intact").unwrap();
        let f = d.path().join("b.yaml");
        let ancien = d.path().join(format!(".b.yaml.{}.tmp", std::process::id()));
        std::os::unix::fs::symlink(&victime, &ancien).unwrap();
        for _ in 0..20 {
            remplacer(&f, "a: 1\n").unwrap();
        }
        assert_eq!(std::fs::read_to_string(&victime).unwrap(), "intact");
        assert_eq!(std::fs::read_to_string(&f).unwrap(), "a: 1\n");
    }
}
