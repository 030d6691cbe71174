//! Neutralisation des textes venus de l'utilisateur avant qu'une personne
//! les lise : un nom d'outil, un `etablissement`, une justification, un texte
//! de pack de règles ou une valeur citée dans un diagnostic ne doivent jamais
//! piloter un terminal (séquences d'échappement, presse-papiers OSC 52,
//! effacement d'écran), forger une ligne (retour chariot, saut de ligne dans
//! un champ d'une ligne) ni retourner l'affichage (contrôles bidirectionnels).
//!
//! Trois fonctions, une par besoin :
//! - [`une_ligne`] : champ d'une ligne (texte, Markdown, CSV, terminal) ;
//!   tout caractère dangereux, sauts de ligne compris, devient visible ;
//! - [`texte`] : texte sur plusieurs lignes (messages sur la sortie d'erreur) ;
//!   les sauts de ligne `\n` sont gardés, le reste devient visible ;
//! - [`sans_controles`] : HTML, qui échappe déjà `<`, `&`… ; les caractères
//!   dangereux y sont supprimés.
//!
//! Le JSON garde la valeur exacte et n'appelle rien ici.

use std::borrow::Cow;

/// Vrai pour un caractère qui ne doit jamais atteindre une personne tel
/// quel : contrôles C0 (dont tabulation, retour chariot et saut de ligne),
/// DEL, contrôles C1, marques et forçages bidirectionnels, séparateurs de
/// ligne et de paragraphe Unicode, non-caractères (U+FFFE, U+FFFF,
/// U+FDD0–U+FDEF…) que YAML refuse de relire.
pub fn dangereux(c: char) -> bool {
    let n = u32::from(c);
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{FDD0}'..='\u{FDEF}'
        )
        || n & 0xFFFE == 0xFFFE
}

/// Vrai pour un octet qui peut commencer l'encodage UTF-8 d'un caractère
/// [`dangereux`] : contrôles ASCII et DEL, `C2` (contrôles C1), `D8`
/// (U+061C), `E2` (U+200E… U+2069), `EF` (U+FDD0…, U+FFFE), `F0`–`F4`
/// (non-caractères des plans supérieurs). Les autres (lettres accentuées,
/// `«` compris : `C2 AB` est examiné puis gardé) ne sont jamais décodés.
fn suspect(b: u8) -> bool {
    b < 0x20 || b == 0x7F || matches!(b, 0xC2 | 0xD8 | 0xE2 | 0xEF | 0xF0..=0xF4)
}

/// La forme visible d'un caractère dangereux : l'image de contrôle Unicode
/// pour C0 et DEL (`␛`, `␊`, `␡`), `\u{…}` pour les autres.
fn visible(c: char, out: &mut String) {
    let n = u32::from(c);
    match n {
        0..=0x1F => out.push(char::from_u32(0x2400 + n).unwrap_or('\u{FFFD}')),
        0x7F => out.push('\u{2421}'),
        _ => out.push_str(&format!("\\u{{{n:x}}}")),
    }
}

fn remplacer(
    s: &str,
    garder: impl Fn(char) -> bool,
    rendre: impl Fn(char, &mut String),
) -> Cow<'_, str> {
    if !s
        .bytes()
        .enumerate()
        .filter(|(_, b)| suspect(*b))
        .any(|(i, _)| {
            s.get(i..)
                .and_then(|reste| reste.chars().next())
                .is_some_and(|c| dangereux(c) && !garder(c))
        })
    {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if dangereux(c) && !garder(c) {
            rendre(c, &mut out);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Un champ d'une ligne : chaque caractère dangereux, `\n` compris, est
/// remplacé par sa forme visible (`X␛]52;c;…␇`).
pub fn une_ligne(s: &str) -> Cow<'_, str> {
    remplacer(s, |_| false, visible)
}

/// Un texte sur plusieurs lignes : les `\n` restent, tout autre caractère
/// dangereux (retour chariot compris) devient visible.
pub fn texte(s: &str) -> Cow<'_, str> {
    remplacer(s, |c| c == '\n', visible)
}

/// Pour le HTML : les caractères dangereux sont supprimés, sauf les sauts
/// de ligne, inoffensifs dans une page ; une tabulation devient une espace.
pub fn sans_controles(s: &str) -> Cow<'_, str> {
    remplacer(
        s,
        |c| c == '\n',
        |c, out| {
            if c == '\t' {
                out.push(' ');
            }
        },
    )
}

/// Un texte tapé au clavier ou collé (réponse libre du questionnaire) :
/// les caractères dangereux sont retirés (une tabulation ou un saut de ligne
/// devient une espace), pour que le brouillon se relise toujours.
pub fn saisie(s: &str) -> Cow<'_, str> {
    remplacer(
        s,
        |_| false,
        |c, out| {
            if c.is_whitespace() {
                out.push(' ');
            }
        },
    )
}

/// Une sortie (le terminal du mode ligne à ligne) où tout ce qui est écrit
/// passe par [`texte`] : questions d'un questionnaire, réponses rappelées,
/// messages.
#[derive(Debug)]
pub struct SortieNeutre<W>(pub W);

impl<W: std::io::Write> std::io::Write for SortieNeutre<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let s = String::from_utf8_lossy(buf);
        self.0.write_all(texte(&s).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every dangerous character starts with a suspect byte, so the byte
    /// prefilter of `remplacer` never lets one through.
    #[test]
    fn tout_caractere_dangereux_commence_par_un_octet_suspect() {
        let mut tampon = [0u8; 4];
        let mut dangereux_vus = 0;
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if dangereux(c) {
                dangereux_vus += 1;
                let premier = c.encode_utf8(&mut tampon).as_bytes()[0];
                assert!(suspect(premier), "{c:?} commence par {premier:#x}");
                assert!(!une_ligne(&format!("a{c}é")).contains(c), "{c:?}");
            }
        }
        assert!(dangereux_vus > 100);
    }

    #[test]
    fn sequences_de_terminal_rendues_visibles() {
        let s = "X\u{1b}]52;c;SGVsbG8=\u{7}\u{1b}[2J\rOVER";
        assert_eq!(une_ligne(s), "X␛]52;c;SGVsbG8=␇␛[2J␍OVER");
        assert_eq!(
            une_ligne("ChatGPT\nVerdict : CONFORME\n\u{1b}[8m"),
            "ChatGPT␊Verdict : CONFORME␊␛[8m"
        );
    }

    #[test]
    fn chaque_classe_de_caracteres() {
        assert_eq!(une_ligne("a\u{7f}b"), "a␡b");
        assert_eq!(une_ligne("a\u{92}b"), "a\\u{92}b");
        assert_eq!(une_ligne("a\u{202e}b"), "a\\u{202e}b");
        assert_eq!(une_ligne("a\u{2066}b"), "a\\u{2066}b");
        assert_eq!(une_ligne("a\u{2028}b"), "a\\u{2028}b");
        assert_eq!(une_ligne("a\u{fffe}b"), "a\\u{fffe}b");
        assert_eq!(une_ligne("a\u{1fffe}b"), "a\\u{1fffe}b");
        assert_eq!(une_ligne("a\u{fdd0}b"), "a\\u{fdd0}b");
        assert_eq!(une_ligne("a\tb"), "a␉b");
        // Accents, espaces insécables, emoji : intacts, sans copie.
        let propre = "Collège « Jean Moulin » — café\u{a0}: 🤖";
        assert!(matches!(une_ligne(propre), Cow::Borrowed(_)));
    }

    #[test]
    fn texte_garde_les_sauts_de_ligne() {
        assert_eq!(texte("a\nb\r\u{1b}[2J"), "a\nb␍␛[2J");
    }

    #[test]
    fn html_supprime() {
        assert_eq!(sans_controles("a\u{1b}[2Jb\u{202e}c\nd\te"), "a[2Jbc\nd e");
    }

    #[test]
    fn saisie_retire() {
        assert_eq!(saisie("Tool\u{92}s\u{7f}\u{fffe}\u{202e}"), "Tools");
        assert_eq!(saisie("a\tb\u{2028}c\u{1b}[2J"), "a b c[2J");
    }

    #[test]
    fn idempotent() {
        let s = "a\u{1b}\u{92}\n\u{fffe}";
        let une = une_ligne(s).into_owned();
        assert_eq!(une_ligne(&une), une);
        assert!(!une.chars().any(dangereux));
    }
}
