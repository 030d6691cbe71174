//! Splits an inventory into its entries while reading it line by line, so a
//! large inventory is never held in memory whole and a broken entry does not
//! hide the others: each entry's text is parsed on its own.
//!
//! Recognised layouts (block style, what people and editors write):
//!
//! ```yaml
//! - outil: A          # a bare list of answers documents
//!   reponses: {...}
//! ```
//! ```yaml
//! etablissement: ...  # or a mapping whose `outils` key holds the list
//! outils:
//!   - outil: A
//! ```
//!
//! Anything else (a flow list `outils: [...]`, a list that does not start on
//! its own line) is reported as [`Ouverture::Entier`]: the caller parses the
//! whole document at once.

use std::io::BufRead;

/// One entry of the list: its first line (1-based) and its text, from its
/// dash to the line before the next entry (indentation kept, so columns
/// are those of the file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Morceau {
    /// Line of the entry's dash.
    pub ligne: u64,
    /// The entry's lines.
    pub texte: String,
}

/// How the document is laid out.
pub enum Ouverture<R> {
    /// A block list: entries come one by one from the splitter.
    Bloc(Decoupage<R>),
    /// Not a block list: the whole text, to parse at once.
    Entier(String),
}

/// Reads entries one at a time.
pub struct Decoupage<R> {
    lecteur: R,
    /// Text outside the list, with empty lines in place of the list so that
    /// positions stay those of the file.
    entete: String,
    /// The document is a bare list (no mapping around it).
    liste_nue: bool,
    /// Column of the entries' dashes.
    retrait: usize,
    /// Number of the last line read.
    numero: u64,
    /// The entry being accumulated.
    courant: Option<Morceau>,
    /// Lines of the list not yet mirrored as empty lines in `entete`.
    lignes_liste: u64,
    /// The list has ended (a line outside it was read).
    fini: bool,
    /// Something other than blanks and comments follows the list.
    suite: bool,
    tampon: String,
}

/// What a line is, for splitting.
struct Ligne<'a> {
    retrait: usize,
    contenu: &'a str,
}

impl<'a> Ligne<'a> {
    fn lire(brut: &'a str) -> Ligne<'a> {
        let sans_fin = brut.trim_end_matches(['\n', '\r']);
        let contenu = sans_fin.trim_start_matches(' ');
        Ligne {
            retrait: sans_fin.len() - contenu.len(),
            contenu: contenu.trim_end(),
        }
    }

    /// Neither blank nor a comment.
    fn significative(&self) -> bool {
        !self.contenu.is_empty() && !self.contenu.starts_with('#')
    }

    /// Starts a block sequence entry (`-` then a space or the end of line).
    fn tiret(&self) -> bool {
        self.contenu == "-" || self.contenu.starts_with("- ") || self.contenu.starts_with("-\t")
    }

    /// Document markers `---` / `...`.
    fn marqueur(&self) -> bool {
        self.retrait == 0 && (self.contenu.starts_with("---") || self.contenu.starts_with("..."))
    }

    /// For `outils:` at the top level, what follows the colon (comment removed).
    fn cle_outils(&self) -> Option<&'a str> {
        if self.retrait != 0 {
            return None;
        }
        let reste = self.contenu.strip_prefix("outils")?.trim_start();
        let apres = reste.strip_prefix(':')?;
        let apres = apres.split_once(" #").map(|(v, _)| v).unwrap_or(apres);
        Some(apres.trim())
    }
}

fn lire_ligne<R: BufRead>(lecteur: &mut R, tampon: &mut String) -> std::io::Result<bool> {
    tampon.clear();
    Ok(lecteur.read_line(tampon)? > 0)
}

/// Reads the beginning of the document up to the first entry and tells how it
/// is laid out.
pub fn ouvrir<R: BufRead>(mut lecteur: R) -> std::io::Result<Ouverture<R>> {
    let mut entete = String::new();
    let mut tampon = String::new();
    let mut numero = 0u64;
    // 0: before anything; 1: in a mapping; 2: after `outils:`, waiting for its first dash.
    let mut phase = 0u8;
    while lire_ligne(&mut lecteur, &mut tampon)? {
        numero += 1;
        if numero == 1 && tampon.starts_with('\u{feff}') {
            tampon.replace_range(0..'\u{feff}'.len_utf8(), "");
        }
        let l = Ligne::lire(&tampon);
        if !l.significative()
            || (phase == 0 && l.marqueur() && l.contenu.trim_start_matches('-').trim().is_empty())
        {
            entete.push_str(&tampon);
            continue;
        }
        let debut_liste = l.tiret() && (phase == 0 || phase == 2);
        if debut_liste {
            let retrait = l.retrait;
            let courant = Some(Morceau {
                ligne: numero,
                texte: tampon.clone(),
            });
            return Ok(Ouverture::Bloc(Decoupage {
                lecteur,
                entete,
                liste_nue: phase == 0,
                retrait,
                numero,
                courant,
                lignes_liste: 1,
                fini: false,
                suite: false,
                tampon,
            }));
        }
        if phase == 0 && (l.contenu.starts_with('[') || l.contenu.starts_with('-')) {
            break;
        }
        match l.cle_outils() {
            Some("") => phase = 2,
            Some(_) => break,
            None => phase = 1,
        }
        entete.push_str(&tampon);
    }
    // Not a block list (or no list at all): hand the whole text back.
    entete.push_str(&tampon);
    lecteur.read_to_string(&mut entete)?;
    Ok(Ouverture::Entier(entete))
}

impl<R: BufRead> Decoupage<R> {
    /// True when the document is a bare list.
    pub fn liste_nue(&self) -> bool {
        self.liste_nue
    }

    /// The text before the list (the `etablissement` mapping), as read so far.
    pub fn entete(&self) -> &str {
        &self.entete
    }

    /// True when something other than blanks and comments followed the list
    /// (then [`Decoupage::entete`] holds it too, at its own lines).
    pub fn suite(&self) -> bool {
        self.suite
    }

    /// The next entry, or `None` at the end of the list.
    pub fn suivant(&mut self) -> std::io::Result<Option<Morceau>> {
        if self.fini {
            return Ok(self.courant.take());
        }
        loop {
            if !lire_ligne(&mut self.lecteur, &mut self.tampon)? {
                self.fini = true;
                return Ok(self.courant.take());
            }
            self.numero += 1;
            let l = Ligne::lire(&self.tampon);
            if !l.significative() || l.retrait > self.retrait {
                self.lignes_liste += 1;
                match &mut self.courant {
                    Some(m) => m.texte.push_str(&self.tampon),
                    None => {
                        self.courant = Some(Morceau {
                            ligne: self.numero,
                            texte: self.tampon.clone(),
                        })
                    }
                }
                continue;
            }
            if l.retrait == self.retrait && l.tiret() {
                self.lignes_liste += 1;
                let nouveau = Morceau {
                    ligne: self.numero,
                    texte: self.tampon.clone(),
                };
                return Ok(self.courant.replace(nouveau));
            }
            // A line outside the list: the rest of the document is not entries.
            self.fini = true;
            self.suite = true;
            self.entete.extend(std::iter::repeat_n(
                '\n',
                usize::try_from(self.lignes_liste).unwrap_or(0),
            ));
            self.entete.push_str(&self.tampon);
            self.lecteur.read_to_string(&mut self.entete)?;
            return Ok(self.courant.take());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn morceaux(texte: &str) -> (Vec<Morceau>, String, bool) {
        match ouvrir(texte.as_bytes()).unwrap() {
            Ouverture::Bloc(mut d) => {
                let mut v = Vec::new();
                while let Some(m) = d.suivant().unwrap() {
                    v.push(m);
                }
                (v, d.entete().to_string(), d.liste_nue())
            }
            Ouverture::Entier(t) => panic!("attendu une liste en bloc, reçu {t}"),
        }
    }

    #[test]
    fn liste_nue() {
        let (m, _, nue) = morceaux("# inventaire\n- outil: A\n  reponses: {}\n\n- outil: B\n");
        assert!(nue);
        assert_eq!(m.len(), 2);
        assert_eq!((m[0].ligne, m[1].ligne), (2, 5));
        assert_eq!(m[0].texte, "- outil: A\n  reponses: {}\n\n");
    }

    #[test]
    fn liste_sous_outils_avec_suite() {
        let t = "etablissement: Collège\noutils:\n  - outil: A\n    derogations:\n    - regle: X\n  - outil: B\nautre: 1\n";
        let (m, entete, nue) = morceaux(t);
        assert!(!nue);
        assert_eq!(m.len(), 2);
        assert_eq!(m[1].texte, "  - outil: B\n");
        assert_eq!(
            entete,
            "etablissement: Collège\noutils:\n\n\n\n\nautre: 1\n"
        );
    }

    #[test]
    fn liste_au_meme_retrait_que_la_cle() {
        let (m, _, _) = morceaux("outils:\n- outil: A\n- outil: B\n");
        assert_eq!(m.len(), 2);
    }

    #[test]
    fn liste_en_ligne_relue_en_entier() {
        assert!(matches!(
            ouvrir("outils: [{outil: A}]\n".as_bytes()).unwrap(),
            Ouverture::Entier(_)
        ));
        assert!(matches!(
            ouvrir("[{outil: A}]\n".as_bytes()).unwrap(),
            Ouverture::Entier(_)
        ));
        assert!(matches!(
            ouvrir("outil: A\nreponses: {}\n".as_bytes()).unwrap(),
            Ouverture::Entier(_)
        ));
    }
}
