//! CSV output of an inventory: one row per tool and finding (a tool without
//! finding gets one row), for a spreadsheet or the register of processing
//! activities. Fields are quoted as RFC 4180 says, and a cell that a
//! spreadsheet would take for a formula (starting with = + - @, a tab or a
//! carriage return) is neutralised with a leading apostrophe. The separator
//! is `,` or `;` (`--separateur`: a spreadsheet set up in French expects `;`
//! and, to read UTF-8, a byte order mark, written first).

use crate::base::Base;
use crate::inventaire::{ErreurEntree, Evaluee, ordre_constats};
use crate::moteur::Certitude;
use std::io::Write;

/// Column names, in order.
pub const COLONNES: [&str; 13] = [
    "outil",
    "declare_par",
    "verdict",
    "regle",
    "titre",
    "gravite",
    "certitude",
    "inconnus",
    "derogation",
    "derogation_expire_le",
    "remediation",
    "sources",
    "erreur",
];

/// One cell, neutralised then quoted. Control characters and line breaks
/// become visible ([`crate::neutralisation::une_ligne`]); a cell that a
/// spreadsheet would take for a formula once its leading blanks are trimmed
/// (`=`, `+`, `-`, `@`) gets a leading apostrophe; a cell holding either
/// separator (`,` or the `;` of French spreadsheets), a quote or leading or
/// trailing blanks is quoted.
pub fn cellule(brut: &str) -> String {
    let mut s = String::new();
    pousser_cellule(&mut s, brut);
    s
}

/// [`cellule`], written at the end of `s`.
fn pousser_cellule(s: &mut String, brut: &str) {
    let visible = crate::neutralisation::une_ligne(brut);
    let formule = visible.trim_start().starts_with(['=', '+', '-', '@']);
    // Leading blanks no longer lead once the apostrophe is in front.
    let guillemets = visible.contains([',', ';', '"'])
        || visible.trim_end() != visible
        || (!formule && visible.trim_start() != visible);
    if guillemets {
        s.push('"');
    }
    if formule {
        s.push('\'');
    }
    if guillemets {
        for (k, morceau) in visible.split('"').enumerate() {
            if k > 0 {
                s.push_str("\"\"");
            }
            s.push_str(morceau);
        }
        s.push('"');
    } else {
        s.push_str(&visible);
    }
}

fn ligne(w: &mut impl Write, sep: char, cellules: &[&str]) -> std::io::Result<()> {
    let mut s = String::with_capacity(512);
    for (k, c) in cellules.iter().enumerate() {
        if k > 0 {
            s.push(sep);
        }
        pousser_cellule(&mut s, c);
    }
    s.push_str("\r\n");
    w.write_all(s.as_bytes())
}

/// Writes the header row (after a UTF-8 byte order mark when `sep` is `;`).
pub fn entete(w: &mut impl Write, sep: char) -> std::io::Result<()> {
    if sep == ';' {
        w.write_all("\u{feff}".as_bytes())?;
    }
    ligne(w, sep, &COLONNES)
}

/// The cells of each rule, quoted once for the whole inventory: `regle`,
/// `titre` and `gravite`, then `remediation` and `sources`.
pub struct CellulesRegles {
    sep: char,
    regles: Vec<(String, String)>,
}

impl CellulesRegles {
    /// The cells of every rule of `base`, for separator `sep`.
    pub fn new(base: &Base, sep: char) -> CellulesRegles {
        let regles = base
            .regles()
            .iter()
            .map(|regle| {
                let sources: Vec<String> = regle
                    .references
                    .iter()
                    .map(|x| format!("{} {}", base.contenu().nom_source(&x.source), x.reference))
                    .collect();
                let mut debut = String::new();
                for (k, c) in [regle.id.as_str(), &regle.titre, regle.gravite.id()]
                    .into_iter()
                    .enumerate()
                {
                    if k > 0 {
                        debut.push(sep);
                    }
                    pousser_cellule(&mut debut, c);
                }
                let mut fin = String::new();
                pousser_cellule(&mut fin, &regle.remediation);
                fin.push(sep);
                pousser_cellule(&mut fin, &sources.join(" ; "));
                (debut, fin)
            })
            .collect();
        CellulesRegles { sep, regles }
    }

    /// Writes the rows of one tool, its findings worst first.
    pub fn outil(&self, w: &mut impl Write, base: &Base, e: &Evaluee) -> std::io::Result<()> {
        let sep = self.sep;
        let r = &e.reponses;
        let ev = &e.evaluation;
        let declare = r.declare_par.as_deref().unwrap_or_default();
        let verdict = ev.verdict().id();
        let mut tete = String::new();
        for (k, c) in [r.outil.as_str(), declare, verdict].into_iter().enumerate() {
            if k > 0 {
                tete.push(sep);
            }
            pousser_cellule(&mut tete, c);
        }
        let mut s = String::with_capacity(1024);
        if ev.constats().is_empty() {
            s.push_str(&tete);
            for _ in 3..COLONNES.len() {
                s.push(sep);
            }
            s.push_str("\r\n");
            return w.write_all(s.as_bytes());
        }
        let schema = base.schema();
        for k in ordre_constats(base, ev) {
            let c = &ev.constats()[k];
            let Some((debut, fin)) = self.regles.get(c.regle) else {
                continue;
            };
            let certitude = match c.certitude {
                Certitude::Certain => "certain",
                Certitude::Possible => "possible",
            };
            let inconnus: Vec<&str> = c
                .inconnus
                .iter()
                .filter_map(|i| schema.def(*i).map(|d| d.id.as_str()))
                .collect();
            let bilan = ev.derogations.du_constat(k);
            let (derogation, expire) = match bilan {
                Some(d) => (
                    format!("{} (approuvée par {})", d.justification, d.approuve_par),
                    d.expire_le.to_string(),
                ),
                None => (String::new(), String::new()),
            };
            s.clear();
            s.push_str(&tete);
            s.push(sep);
            s.push_str(debut);
            for cellule in [certitude, &inconnus.join(" "), &derogation, &expire] {
                s.push(sep);
                pousser_cellule(&mut s, cellule);
            }
            s.push(sep);
            s.push_str(fin);
            s.push(sep);
            s.push_str("\r\n");
            w.write_all(s.as_bytes())?;
        }
        Ok(())
    }
}

/// Writes one row for an entry that could not be read.
pub fn erreur(w: &mut impl Write, sep: char, e: &ErreurEntree) -> std::io::Result<()> {
    let outil = e.outil.clone().unwrap_or_else(|| match e.entree {
        Some(n) => format!("entrée n° {n}"),
        None => "en-tête de l'inventaire".to_string(),
    });
    let messages: Vec<String> = e
        .diagnostics
        .iter()
        .map(|d| format!("{} : {}", d.position, d.message))
        .collect();
    ligne(
        w,
        sep,
        &[
            &outil,
            "",
            "erreur",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            &messages.join(" ; "),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echappement_et_formules() {
        assert_eq!(cellule("simple"), "simple");
        assert_eq!(cellule("a, b"), "\"a, b\"");
        assert_eq!(cellule("il dit \"oui\""), "\"il dit \"\"oui\"\"\"");
        assert_eq!(cellule("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cellule("+33 1"), "'+33 1");
        assert_eq!(cellule("-2"), "'-2");
        assert_eq!(cellule("@SOMME(A1)"), "'@SOMME(A1)");
        assert_eq!(cellule("ligne\nsuivante"), "ligne␊suivante");
        assert_eq!(cellule("a ; b"), "\"a ; b\"");
    }

    #[test]
    fn point_virgule_avec_marque_d_ordre() {
        let mut v = Vec::new();
        entete(&mut v, ';').unwrap();
        let t = String::from_utf8(v).unwrap();
        assert!(t.starts_with("\u{feff}outil;declare_par;verdict;"), "{t}");
        let mut v = Vec::new();
        entete(&mut v, ',').unwrap();
        assert!(v.starts_with(b"outil,declare_par,verdict,"));
    }

    #[test]
    fn point_virgule_et_formule_apres_blancs() {
        // Issue 11, item 12: a French spreadsheet splits on `;`, and trims
        // the blanks before `=`.
        assert_eq!(cellule("a;=1+1"), "\"a;=1+1\"");
        assert_eq!(cellule("  =cmd|' /C calc'!A0"), "'  =cmd|' /C calc'!A0");
        assert_eq!(cellule(" a "), "\" a \"");
        assert_eq!(cellule("\t=1"), "␉=1");
        assert_eq!(cellule("\r\n-2"), "␍␊-2");
        assert_eq!(cellule("x\u{1b}[2J"), "x␛[2J");
    }
}
