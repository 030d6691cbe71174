//! Limites de taille des entrées : aucun fichier, flux ou ligne ne peut
//! remplir la mémoire (`cadria evaluer /dev/zero`, un lien vers `/dev/zero`
//! parmi des scénarios, une saisie sans fin de ligne). Chaque dépassement
//! donne un message en français.

use std::io::{BufRead, Read};
use std::path::Path;

/// Plus gros fichier lu d'un bloc (fichier de réponses, règles,
/// questionnaire, scénario, brouillon) : 16 Mio.
pub const FICHIER_MAX: u64 = 16 << 20;

/// Plus longue ligne lue au clavier en mode ligne à ligne : 64 Kio.
pub const LIGNE_SAISIE_MAX: usize = 64 << 10;

fn trop_gros(max: u64) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::FileTooLarge,
        format!(
            "fichier de plus de {} Mio : ce n'est pas un fichier de cadria (ou il faut le découper)",
            max >> 20
        ),
    )
}

/// Lit au plus [`FICHIER_MAX`] octets de `source`, en UTF-8.
pub fn lire_borne(source: impl Read) -> std::io::Result<String> {
    let mut octets = Vec::new();
    source.take(FICHIER_MAX + 1).read_to_end(&mut octets)?;
    if octets.len() as u64 > FICHIER_MAX {
        return Err(trop_gros(FICHIER_MAX));
    }
    String::from_utf8(octets).map_err(|_| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "le fichier n'est pas un texte UTF-8",
        )
    })
}

/// Lit le fichier `chemin` (au plus [`FICHIER_MAX`] octets).
pub fn lire_fichier(chemin: &Path) -> std::io::Result<String> {
    lire_borne(std::fs::File::open(chemin)?)
}

/// Lit une ligne d'au plus [`LIGNE_SAISIE_MAX`] octets (`None` à la fin de
/// l'entrée) ; au-delà, une erreur.
pub fn lire_ligne(entree: &mut impl BufRead) -> std::io::Result<Option<String>> {
    let mut octets = Vec::new();
    let n = entree
        .by_ref()
        .take(LIGNE_SAISIE_MAX as u64 + 1)
        .read_until(b'\n', &mut octets)?;
    if n == 0 {
        return Ok(None);
    }
    if octets.len() > LIGNE_SAISIE_MAX && !octets.ends_with(b"\n") {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "ligne de plus de {} Kio sur l'entrée standard : lecture arrêtée",
                LIGNE_SAISIE_MAX >> 10
            ),
        ));
    }
    Ok(Some(String::from_utf8_lossy(&octets).into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flux_sans_fin_refuse() {
        let zeros = std::io::repeat(0);
        let e = lire_borne(zeros).unwrap_err();
        assert!(e.to_string().contains("16 Mio"), "{e}");
        let mut sans_fin = std::io::BufReader::new(std::io::repeat(b'a'));
        let e = lire_ligne(&mut sans_fin).unwrap_err();
        assert!(e.to_string().contains("64 Kio"), "{e}");
        let mut deux = "un\ndeux".as_bytes();
        assert_eq!(lire_ligne(&mut deux).unwrap().as_deref(), Some("un\n"));
        assert_eq!(lire_ligne(&mut deux).unwrap().as_deref(), Some("deux"));
        assert_eq!(lire_ligne(&mut deux).unwrap(), None);
    }
}
