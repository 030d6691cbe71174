//! YAML reading through serde-saphyr: positions, French error messages,
//! and map types that keep their keys' positions and order.

use crate::diag::{Code, Diagnostic, Fin, Lieu, Position};
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_saphyr::Spanned;
use std::fmt;

/// Parses `texte` (the contents of `fichier`) into `T`, turning any YAML or
/// structure error into a French diagnostic with its position.
///
/// The parser's budget grows with the text (files are at most
/// [`crate::limites::FICHIER_MAX`]), so that 10 000 rules in one file pass,
/// while nesting and alias expansion stay capped (YAML bombs).
pub fn lire<'de, T: Deserialize<'de>>(texte: &'de str, fichier: &str) -> Result<T, Diagnostic> {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_nodes = budget.max_nodes.max(texte.len() / 2);
    budget.max_events = budget.max_events.max(texte.len().saturating_mul(2));
    budget.max_total_scalar_bytes = budget
        .max_total_scalar_bytes
        .max(texte.len().saturating_add(1 << 20));
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    serde_saphyr::from_str_with_options(texte, options).map_err(|e| {
        let mut d = [erreur_yaml(&e, fichier)];
        crate::diag::joindre_source(&mut d, fichier, texte);
        let [d] = d;
        d
    })
}

/// Converts a serde-saphyr error into a diagnostic.
pub fn erreur_yaml(e: &serde_saphyr::Error, fichier: &str) -> Diagnostic {
    let (ligne, colonne) = e
        .location()
        .map(|l| (l.line(), l.column()))
        .unwrap_or((0, 0));
    let brut = e.to_string();
    // serde-saphyr prints "error: line L column C: message\n --> snippet": keep the message.
    let premiere = brut.lines().next().unwrap_or_default();
    let message = premiere
        .split_once(": ")
        .map(|(_, reste)| reste)
        .unwrap_or(premiere)
        .split_once(": ")
        .filter(|(tete, _)| tete.starts_with("line "))
        .map(|(_, m)| m)
        .unwrap_or(premiere);
    let longueur = e.location().map_or(0, |l| l.span().len());
    let lieu = Lieu {
        debut: Position::new(fichier, ligne, colonne),
        fin: (longueur > 0 && ligne > 0).then(|| Fin::new(ligne, colonne + longueur)),
    };
    Diagnostic::erreur(
        Code::Yaml,
        lieu,
        format!("YAML invalide : {}", traduire(message)),
    )
    .aide("corrigez la structure à cet endroit (indentation, deux-points, crochets, nom du champ) puis relancez")
}

/// Translates the most common parser messages; others are kept as given.
pub(crate) fn traduire(message: &str) -> String {
    if let Some(reste) = message.split_once("budget breached").map(|(_, r)| r) {
        let detail = reste.trim_start_matches([':', ' ']);
        return format!(
            "le fichier dépasse une limite du lecteur YAML ({detail}) : découpez-le en plusieurs fichiers, ou vérifiez qu'il ne contient pas d'alias en cascade ni d'imbrication excessive"
        );
    }
    if let Some(reste) = message.strip_prefix("unknown field ") {
        // "`reponse`, expected one of `outil`, `reponses`"
        let (champ, attendus) = reste.split_once(", expected").unwrap_or((reste, ""));
        let possibles: Vec<&str> = attendus
            .trim_start_matches(" one of")
            .split(',')
            .map(|c| c.trim().trim_matches('`'))
            .filter(|c| !c.is_empty())
            .collect();
        let suggestion =
            crate::diag::plus_proche(champ.trim_matches('`'), possibles.iter().copied())
                .map(|c| format!(" ; vouliez-vous dire `{c}` ?"))
                .unwrap_or_default();
        return format!(
            "champ inconnu {champ}{suggestion} ; champs possibles : {}",
            possibles.join(", ")
        );
    }
    if let Some(reste) = message.strip_prefix("missing field ") {
        return format!("champ obligatoire manquant {reste}");
    }
    if message.starts_with("data did not match any variant") {
        return "valeur d'un type inattendu (attendu : texte, oui/non ou liste)".to_string();
    }
    if message.contains("mapping values are not allowed") {
        return "« : » suivi d'une espace au milieu d'une valeur (la typographie française en met souvent) : mettez toute la valeur entre guillemets".to_string();
    }
    if message.contains("illegal placement of ':'") {
        return "deux-points inattendu (un crochet ou un guillemet est-il resté ouvert avant ?)"
            .to_string();
    }
    if message.starts_with("duplicate") {
        return format!("clé en double ({message})");
    }
    if let Some(reste) = message.strip_prefix("invalid type: ") {
        return format!("type invalide : {}", reste.replace("expected", "attendu"));
    }
    if let Some(reste) = message.strip_prefix("unclosed bracket ") {
        return format!("crochet ou accolade {reste} jamais refermé");
    }
    if let Some(reste) = message.strip_prefix("mismatched bracket ") {
        return format!(
            "crochets mal appariés ({})",
            reste.replace("closed by", "refermé par")
        );
    }
    if let Some(reste) = message.strip_prefix("unexpected character: ") {
        return format!("caractère inattendu : {reste}");
    }
    const TRADUCTIONS: &[(&str, &str)] = &[
        (
            "tabs disallowed",
            "tabulation interdite ici : YAML n'accepte que des espaces pour l'indentation",
        ),
        (
            "tab cannot be used as indentation",
            "tabulation interdite ici : YAML n'accepte que des espaces pour l'indentation",
        ),
        (
            "found a tab",
            "tabulation interdite ici : YAML n'accepte que des espaces pour l'indentation",
        ),
        ("unclosed quote", "guillemet jamais refermé"),
        (
            "invalid indentation",
            "indentation incorrecte : alignez ce champ sur ceux de même niveau",
        ),
        (
            "wrongly indented line",
            "indentation incorrecte dans un texte sur plusieurs lignes",
        ),
        (
            "misplaced bracket",
            "crochet ou accolade fermant sans ouvrant",
        ),
        (
            "unexpected eof",
            "fin de fichier inattendue : un crochet, une accolade ou un guillemet est-il resté ouvert ?",
        ),
        (
            "unexpected EOF",
            "fin de fichier inattendue : un crochet, une accolade ou un guillemet est-il resté ouvert ?",
        ),
        (
            "did not find expected key",
            "clé attendue : vérifiez l'indentation de cette ligne",
        ),
        (
            "expected ',' or ']'",
            "« , » ou « ] » attendu dans cette liste entre crochets",
        ),
        (
            "expected ',' or '}'",
            "« , » ou « } » attendu dans ce dictionnaire entre accolades",
        ),
        (
            "found unknown anchor",
            "alias `*…` sans ancre `&…` correspondante",
        ),
        (
            "'-' must be followed by",
            "un tiret de liste doit être suivi d'une espace",
        ),
        (
            "block sequence entries are not allowed",
            "élément de liste « - » inattendu à cet endroit : vérifiez l'indentation",
        ),
        (
            "':' must be followed by",
            "« : » doit être suivi d'une espace",
        ),
        ("simple key expected ':'", "« : » attendu après la clé"),
        (
            "comments must be separated",
            "un commentaire « # » doit être précédé d'une espace",
        ),
        (
            "multiple documents",
            "un seul document YAML est attendu (retirez les « --- » en trop)",
        ),
        ("recursion limit exceeded", "imbrication trop profonde"),
        (
            "unexpected end of plain scalar",
            "valeur interrompue : mettez-la entre guillemets",
        ),
        (
            "mapping keys are not allowed",
            "clé inattendue à cet endroit : vérifiez l'indentation",
        ),
    ];
    if let Some((_, fr)) = TRADUCTIONS.iter().find(|(en, _)| message.contains(en)) {
        return (*fr).to_string();
    }
    if message.contains("did not find expected") || message.contains("while parsing") {
        return "structure inattendue : vérifiez l'indentation et les crochets".to_string();
    }
    message.to_string()
}

/// The position where a spanned value starts.
pub fn position<T>(fichier: &str, s: &Spanned<T>) -> Position {
    Position::new(fichier, s.referenced.line(), s.referenced.column())
}

/// Where a spanned value starts and ends: the end is taken on the value's
/// first line ([`crate::diag::joindre_source`] brings it back to the end of
/// that line for a text written on several lines).
pub fn lieu<T>(fichier: &str, s: &Spanned<T>) -> Lieu {
    let debut = position(fichier, s);
    let longueur = s.referenced.span().len();
    let fin =
        (longueur > 0 && debut.ligne > 0).then(|| Fin::new(debut.ligne, debut.colonne + longueur));
    Lieu { debut, fin }
}

/// The text of a spanned value as written in `source` (a number is echoed
/// as typed, not as the parser rounded it), if the span falls in `source`.
pub fn texte_source<'a, T>(source: &'a str, s: &Spanned<T>) -> Option<&'a str> {
    let span = s.referenced.span();
    let debut = usize::try_from(span.byte_offset()?).ok()?;
    let longueur = usize::try_from(span.byte_len()?).ok()?;
    source.get(debut..debut.checked_add(longueur)?)
}

/// A YAML mapping read in document order, with every key's position.
#[derive(Debug, Clone)]
pub struct Paires<V>(pub Vec<(Spanned<String>, V)>);

impl<V> Default for Paires<V> {
    fn default() -> Self {
        Paires(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Paires<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Vis<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for Vis<V> {
            type Value = Paires<V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("une table clé: valeur")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Paires<V>, A::Error> {
                let mut v = Vec::new();
                while let Some(k) = m.next_key()? {
                    let val = m.next_value()?;
                    v.push((k, val));
                }
                Ok(Paires(v))
            }
        }
        d.deserialize_map(Vis(std::marker::PhantomData))
    }
}

/// A scalar or list as written by a person, before it is typed against the
/// fact schema.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Brut {
    /// `true` / `false`.
    Booleen(bool),
    /// An integer (never valid for a fact, but reported with its position).
    Entier(i64),
    /// A decimal number (never valid, reported).
    Decimal(f64),
    /// A number as written in the file ([`nombres_tels_qu_ecrits`]): a
    /// 39-digit integer is echoed as typed, not rounded by the parser.
    #[serde(skip)]
    Nombre(String),
    /// Any text scalar, including `oui`, `non`, `inconnu`.
    Texte(String),
    /// A list of text scalars.
    Liste(Vec<Spanned<String>>),
}

impl fmt::Display for Brut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Brut::Booleen(b) => write!(f, "{b}"),
            Brut::Entier(i) => write!(f, "{i}"),
            Brut::Decimal(x) => write!(f, "{x}"),
            Brut::Nombre(n) => write!(f, "{n}"),
            Brut::Texte(s) => write!(f, "{s}"),
            Brut::Liste(l) => {
                let v: Vec<&str> = l.iter().map(|s| s.value.as_str()).collect();
                write!(f, "[{}]", v.join(", "))
            }
        }
    }
}

/// Replaces each number of `paires` by its text as written in `source`
/// (the file the pairs were read from), so that messages echo it exactly:
/// the parser hands a 39-digit integer as a rounded decimal.
pub fn nombres_tels_qu_ecrits(paires: &mut Paires<Spanned<Brut>>, source: &str) {
    for (_, v) in &mut paires.0 {
        if matches!(v.value, Brut::Entier(_) | Brut::Decimal(_))
            && let Some(ecrit) = texte_source(source, v)
        {
            v.value = Brut::Nombre(ecrit.trim().to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        #[allow(dead_code)]
        a: Paires<Spanned<Brut>>,
    }

    #[test]
    fn champ_inconnu_en_francais_avec_position() {
        let e = lire::<Doc>("a: {}\nb: 1\n", "f.yaml").unwrap_err();
        assert_eq!(e.position, Position::new("f.yaml", 2, 1));
        assert!(e.message.contains("champ inconnu"), "{}", e.message);
    }

    #[test]
    fn gros_fichier_accepte_bombe_refusee_en_francais() {
        // Issue 11, item 20: 300 000 nodes (the default budget stopped at 250 000).
        let gros = "- a\n".repeat(300_000);
        let v: Vec<String> = lire(&gros, "g.yaml").unwrap();
        assert_eq!(v.len(), 300_000);
        let mut bombe = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (k, p) in ["b", "c", "d", "e", "f", "g", "h"].iter().enumerate() {
            let avant = if k == 0 {
                "a".to_string()
            } else {
                ["b", "c", "d", "e", "f", "g"][k - 1].to_string()
            };
            bombe.push_str(&format!(
                "{p}: &{p} [{}]\n",
                vec![format!("*{avant}"); 10].join(", ")
            ));
        }
        let e = lire::<serde::de::IgnoredAny>(&bombe, "b.yaml").unwrap_err();
        assert!(
            e.message.contains("limite du lecteur YAML"),
            "{}",
            e.message
        );
        assert!(!e.message.contains("budget"), "{}", e.message);
    }

    #[test]
    fn grand_entier_repris_tel_qu_ecrit() {
        // Issue 11, item 21: the parser rounds it (1e38); the message must not.
        let source = "a:\n  n: 123456789012345678901234567890123456789\n  d: 1.50\n  t: x\n";
        let mut d: Doc = lire(source, "f.yaml").unwrap();
        nombres_tels_qu_ecrits(&mut d.a, source);
        let vus: Vec<String> = d.a.0.iter().map(|(_, v)| v.value.to_string()).collect();
        assert_eq!(
            vus,
            ["123456789012345678901234567890123456789", "1.50", "x"]
        );
        let v = &d.a.0[0].1;
        assert_eq!(lieu("f.yaml", v).fin.map(|f| f.colonne), Some(6 + 39));
    }

    #[test]
    fn paires_gardent_ordre_et_positions() {
        let d: Doc = lire("a:\n  z: oui\n  b: [u, v]\n", "f.yaml").unwrap();
        let cles: Vec<_> =
            d.a.0
                .iter()
                .map(|(k, _)| (k.value.clone(), k.referenced.line()))
                .collect();
        assert_eq!(cles, vec![("z".to_string(), 2), ("b".to_string(), 3)]);
    }
}
