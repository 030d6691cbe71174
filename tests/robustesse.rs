//! Never panic on data from a file: thousands of deterministic mutations of
//! real answers files and inventories (bytes dropped, duplicated, swapped,
//! replaced by YAML metacharacters) go through the answers reader, the
//! engine, the reports and the inventory reader. Each must end in a report or
//! a diagnostic, never a panic.

use cadria::base::{Base, Sources};
use cadria::engine::Moteur;
use cadria::inventory::Audit;
use cadria::reponses::Reponses;
use cadria::report::{Couleur, Format, Rapport, rendre_rapport};

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

const PIEGES: [&str; 16] = [
    ":", "- ", "[", "]", "{", "}", "&a ", "*a", "!!str ", "\t", "\n", "'", "\"", "#", "|",
    "inconnu",
];

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
                    let eval = moteur.evaluer(&r.faits, "2026-11-28").unwrap();
                    let rapport = Rapport::construire(&moteur, &r, &eval, "2026-11-28").unwrap();
                    for f in [Format::Texte, Format::Markdown, Format::Json, Format::Html] {
                        for resume in [false, true] {
                            rendre_rapport(&rapport, &base, &r, f, Couleur::Non, resume).unwrap();
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
        let Ok(mut audit) =
            Audit::ouvrir(&moteur, texte.as_bytes(), "abime.yaml", "2026-11-28", None)
        else {
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
