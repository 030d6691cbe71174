//! Lecture d'un texte ligne à ligne, sans le charger en entier : UTF-8, ou
//! Windows-1252 en repli (signalé), fins de ligne `\n` ou `\r\n` conservées ;
//! une entrée binaire (octet nul) est refusée.

use std::io::BufRead;

/// Au-delà, une ligne est découpée en morceaux (la mémoire reste bornée).
const MORCEAU_MAX: u64 = 1 << 20;

/// Une ligne (ou un morceau d'une ligne très longue).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ligne {
    /// Numéro de ligne, à partir de 1.
    pub numero: usize,
    /// Colonne (en caractères, à partir de 0) où commence ce morceau.
    pub decalage: usize,
    /// Le texte, sans fin de ligne.
    pub texte: String,
    /// La fin de ligne telle qu'elle était (`\n`, `\r\n` ou rien).
    pub fin: &'static str,
    /// Le texte n'était pas en UTF-8 et a été lu en Windows-1252.
    pub recodee: bool,
}

/// Ce qui empêche de lire le texte.
#[derive(Debug)]
pub enum ErreurLecture {
    /// Erreur d'entrée-sortie.
    Io(std::io::Error),
    /// Octet nul : ce n'est pas un texte.
    Binaire {
        /// Ligne où il apparaît.
        ligne: usize,
    },
}

impl std::fmt::Display for ErreurLecture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ErreurLecture::Io(e) => write!(f, "lecture impossible : {e}"),
            ErreurLecture::Binaire { ligne } => write!(
                f,
                "ligne {ligne} : le fichier contient un octet nul, ce n'est pas un texte (document de traitement de texte, PDF, image ?)"
            ),
        }
    }
}

/// Itérateur sur les lignes d'un flux.
pub struct Lignes<R> {
    lecteur: R,
    tampon: Vec<u8>,
    /// Octets d'un caractère coupé par la limite de morceau, repris au suivant.
    reste: Vec<u8>,
    numero: usize,
    decalage: usize,
    suite: bool,
    fini: bool,
}

impl<R: BufRead> Lignes<R> {
    /// Lit `lecteur` ligne à ligne.
    pub fn new(lecteur: R) -> Self {
        Lignes {
            lecteur,
            tampon: Vec::new(),
            reste: Vec::new(),
            numero: 0,
            decalage: 0,
            suite: false,
            fini: false,
        }
    }
}

impl<R: BufRead> Iterator for Lignes<R> {
    type Item = Result<Ligne, ErreurLecture>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.fini {
            return None;
        }
        self.tampon.clear();
        self.tampon.append(&mut self.reste);
        let repris = self.tampon.len();
        let mut borne = std::io::Read::take(&mut self.lecteur, MORCEAU_MAX);
        let lus = match borne.read_until(b'\n', &mut self.tampon) {
            Ok(n) => n,
            Err(e) => {
                self.fini = true;
                return Some(Err(ErreurLecture::Io(e)));
            }
        };
        if lus == 0 && repris == 0 {
            self.fini = true;
            return None;
        }
        if self.suite {
            // Morceau suivant d'une ligne trop longue : même numéro.
        } else {
            self.numero += 1;
            self.decalage = 0;
        }
        if self.tampon.contains(&0) {
            self.fini = true;
            return Some(Err(ErreurLecture::Binaire { ligne: self.numero }));
        }
        let mut fin = "";
        if self.tampon.last() == Some(&b'\n') {
            self.tampon.pop();
            fin = "\n";
            if self.tampon.last() == Some(&b'\r') {
                self.tampon.pop();
                fin = "\r\n";
            }
        }
        // Un morceau sans fin de ligne qui a atteint la limite : la ligne continue.
        let coupe = fin.is_empty() && lus as u64 == MORCEAU_MAX;
        if lus == 0 {
            // Fin du flux juste après un caractère coupé : ses octets restent seuls.
            self.fini = true;
        }
        let (texte, recodee) = match std::str::from_utf8(&self.tampon) {
            Ok(s) => (s.to_string(), false),
            Err(e) if coupe && e.error_len().is_none() => {
                // Caractère coupé par la limite : la partie valide maintenant,
                // les octets du caractère avec le morceau suivant.
                let ok = e.valid_up_to();
                self.reste = self.tampon.split_off(ok);
                (String::from_utf8_lossy(&self.tampon).into_owned(), false)
            }
            Err(_) => (windows_1252(&self.tampon), true),
        };
        let ligne = Ligne {
            numero: self.numero,
            decalage: self.decalage,
            fin,
            recodee,
            texte,
        };
        self.suite = coupe;
        self.decalage += ligne.texte.chars().count();
        Some(Ok(ligne))
    }
}

/// Les octets 0x80 à 0x9F de Windows-1252 (les autres valent leur code Latin-1).
const CP1252: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

fn windows_1252(octets: &[u8]) -> String {
    octets
        .iter()
        .map(|&b| match b {
            0x80..=0x9f => CP1252[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lire(octets: &[u8]) -> Vec<Result<Ligne, ErreurLecture>> {
        Lignes::new(octets).collect()
    }

    #[test]
    fn fins_de_ligne_conservees() {
        let l: Vec<Ligne> = lire(b"un\r\ndeux\ntrois")
            .into_iter()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(l.len(), 3);
        assert_eq!((l[0].texte.as_str(), l[0].fin), ("un", "\r\n"));
        assert_eq!((l[1].texte.as_str(), l[1].fin), ("deux", "\n"));
        assert_eq!(
            (l[2].texte.as_str(), l[2].fin, l[2].numero),
            ("trois", "", 3)
        );
    }

    #[test]
    fn latin1_relu_en_windows_1252() {
        let l = lire(b"L\xe9a \x80\n").remove(0).unwrap();
        assert_eq!(l.texte, "Léa €");
        assert!(l.recodee);
    }

    #[test]
    fn ligne_tres_longue_en_morceaux() {
        // Un « a » puis des « é » (2 octets) : la limite coupe un caractère en deux.
        let mut texte = String::from("a");
        texte.push_str(&"é".repeat(MORCEAU_MAX as usize));
        texte.push_str("\r\nfin\n");
        let l: Vec<Ligne> = lire(texte.as_bytes())
            .into_iter()
            .map(|r| r.unwrap())
            .collect();
        assert!(l.len() >= 3);
        assert!(l[..l.len() - 1].iter().all(|x| x.numero == 1));
        let premiere: String = l[..l.len() - 1].iter().map(|x| x.texte.as_str()).collect();
        let attendu = texte.split("\r\n").next().unwrap();
        assert!(
            premiere == attendu,
            "perdu : {} octets au lieu de {}",
            premiere.len(),
            attendu.len()
        );
        assert_eq!(l[l.len() - 2].fin, "\r\n");
        assert_eq!(
            (l[l.len() - 1].texte.as_str(), l[l.len() - 1].numero),
            ("fin", 2)
        );
        assert_eq!(l[1].decalage, l[0].texte.chars().count());
    }

    #[test]
    fn binaire_refuse_sans_panique() {
        let r = lire(b"texte\n\x89PNG\x00\x00\xff");
        assert!(matches!(
            r.last(),
            Some(Err(ErreurLecture::Binaire { ligne: 2 }))
        ));
    }
}
