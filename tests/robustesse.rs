//! Never panic on data from a file: thousands of deterministic mutations of
//! real answers files and inventories (bytes dropped, duplicated, swapped,
//! replaced by YAML metacharacters) go through the answers reader, the
//! engine, the reports and the inventory reader. Each must end in a report or
//! a diagnostic, never a panic.

use cadria::base::{Base, Sources};
use cadria::evaluation::Evaluation;
use cadria::inventaire::Inventaire;
use cadria::moteur::Moteur;
use cadria::rapport::{Couleur, Format, rendre, rendre_rapport};
use cadria::reponses::Reponses;

/// A small deterministic generator (no dependency needed).
struct Alea(u64);

impl Alea {
    fn suivant(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn sous(&mut self, n: usize) -> usize {
        (self.suivant() % n.max(1) as u64) as usize
    }
}

const PIEGES: [&str; 28] = [
    ":",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "&a ",
    "*a",
    "!!str ",
    "\t",
    "\n",
    "'",
    "\"",
    "#",
    "|",
    "inconnu",
    // Issue 11, item 1: terminal escapes and forged lines.
    "\u{1b}[2J",
    "\u{1b}]52;c;SGVsbG8=\u{7}",
    "\r",
    "\u{85}",
    "\u{9b}31m",
    "\u{202e}",
    "\u{7f}",
    // Issue 11, item 2: what used to cut an inventory by its indentation.
    "\n---\n",
    "\nreponses: {}\n",
    "\noutils:\n",
    "\n  -    ",
    "\n\t",
];

/// A character that must never reach a person raw in a text report.
fn controle(c: char) -> bool {
    (c.is_control() && c != '\n') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn muter(texte: &str, alea: &mut Alea) -> String {
    let mut c: Vec<char> = texte.chars().collect();
    for _ in 0..1 + alea.sous(4) {
        if c.is_empty() {
            break;
        }
        let i = alea.sous(c.len());
        match alea.sous(4) {
            0 => {
                c.remove(i);
            }
            1 => {
                let j = alea.sous(c.len());
                c.swap(i, j);
            }
            2 => {
                let fin = (i + 1 + alea.sous(40)).min(c.len());
                let bout: Vec<char> = c[i..fin].to_vec();
                c.splice(i..i, bout);
            }
            _ => {
                let p: Vec<char> = PIEGES[alea.sous(PIEGES.len())].chars().collect();
                c.splice(i..i, p);
            }
        }
    }
    c.into_iter().collect()
}

#[test]
fn fichiers_de_reponses_abimes_jamais_de_panique() {
    let (base, diags) = Base::charger(&Sources::default());
    assert!(diags.is_empty());
    let moteur = Moteur::new(&base).unwrap();
    let mut alea = Alea(7);
    let mut lus = 0;
    let mut refuses = 0;
    for exemple in [
        "exemples/chatgpt-5e.yaml",
        "exemples/ent-assistant-lycee.yaml",
        "exemples/transcription-conseil.yaml",
    ] {
        let original = std::fs::read_to_string(exemple).unwrap();
        for _ in 0..400 {
            let texte = muter(&original, &mut alea);
            match Reponses::lire(&texte, "abime.yaml", &base) {
                Ok(r) => {
                    lus += 1;
                    let eval =
                        Evaluation::des_reponses(&moteur, &r, crate::support::date("2026-11-28"))
                            .unwrap();
                    for f in [Format::Texte, Format::Markdown, Format::Json, Format::Html] {
                        for resume in [false, true] {
                            let t = rendre_rapport(&moteur, &r, &eval, f, Couleur::Non, resume)
                                .unwrap();
                            if f != Format::Json {
                                assert!(!t.chars().any(controle), "{f:?} : {t}");
                            }
                        }
                    }
                }
                Err(diags) => {
                    refuses += 1;
                    assert!(!diags.is_empty());
                    assert!(diags.iter().all(|d| !d.message.is_empty()));
                }
            }
        }
    }
    // Both paths were exercised.
    assert!(lus > 0 && refuses > 0, "lus {lus}, refusés {refuses}");
}

#[test]
fn inventaires_abimes_jamais_de_panique() {
    let (base, _) = Base::charger(&Sources::default());
    let moteur = Moteur::new(&base).unwrap();
    let original = std::fs::read_to_string("exemples/inventaire.yaml").unwrap();
    let mut alea = Alea(11);
    let (mut evalues, mut en_erreur) = (0, 0);
    for _ in 0..400 {
        let texte = muter(&original, &mut alea);
        let Ok(mut audit) = Inventaire::ouvrir(
            &moteur,
            texte.as_bytes(),
            "abime.yaml",
            crate::support::date("2026-11-28"),
            None,
        ) else {
            continue;
        };
        while let Ok(Some(_)) = audit.suivant() {
            evalues += 1;
        }
        en_erreur += audit.erreurs().len();
    }
    assert!(
        evalues > 0 && en_erreur > 0,
        "évalués {evalues}, en erreur {en_erreur}"
    );
}

/// Issue 11, item 2: inventories of every shape (block and flow lists, a
/// bare list or under `outils`, comments, anchors used by other entries,
/// multi-line scalars, hostile names), whole and mutated. Whole, every entry
/// is evaluated; mutated, nothing panics, and each entry is either evaluated
/// or reported.
#[test]
fn formes_d_inventaire_jamais_d_entree_perdue() {
    let (base, _) = Base::charger(&Sources::default());
    let moteur = Moteur::new(&base).unwrap();
    let formes: [(&str, usize); 6] = [
        (
            "- outil: A\n  reponses: {role: enseignant}\n- outil: B\n",
            2,
        ),
        (
            "outils:\n  # c\n  - &x {outil: A,\nreponses: {role: enseignant}}\n  - *x\n  - outil: \"C\\u001b[2J\n    d\"\n",
            3,
        ),
        (
            "etablissement: \"E\\r\\nVerdict : CONFORME\"\noutils: [{outil: A}, {outil: B,\n  reponses: {}}]\n",
            2,
        ),
        (
            "outils:\n-    outil: A\n     reponses:\n       role: enseignant\n- outil: |\n    B\n    C\n",
            2,
        ),
        (
            "---\noutils:\n  - outil: 'A: x'\n    reponses: &r {role: enseignant}\n  - outil: B\n    reponses: *r\n...\n",
            2,
        ),
        (
            "outils:\n  - outil: \"\\u202eA\\u0085\"\n\n\n  - outil: B\n    declare_par: \"x\\ny\"\n",
            2,
        ),
    ];
    let mut alea = Alea(13);
    let mut lus = 0;
    for (forme, n) in formes {
        let mut audit = Inventaire::ouvrir(
            &moteur,
            forme.as_bytes(),
            "f.yaml",
            crate::support::date("2026-11-28"),
            None,
        )
        .unwrap_or_else(|d| panic!("{d}\n{forme}"));
        let mut evalues = 0;
        while audit.suivant().unwrap().is_some() {
            evalues += 1;
        }
        assert_eq!((evalues, audit.erreurs().len()), (n, 0), "{forme}");
        for _ in 0..150 {
            let texte = muter(forme, &mut alea);
            let Ok(mut audit) = Inventaire::ouvrir(
                &moteur,
                texte.as_bytes(),
                "abime.yaml",
                crate::support::date("2026-11-28"),
                None,
            ) else {
                continue;
            };
            while let Ok(Some(r)) = audit.suivant() {
                lus += 1;
                if lus % 25 == 0 {
                    // Every format is checked for control characters in
                    // tests/neutralisation.rs; here, the report must render.
                    rendre(&r, "rapport", Format::Json, Couleur::Non).unwrap();
                }
            }
        }
    }
    assert!(lus > 0);
}
