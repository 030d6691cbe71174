//! La ligne source sous un diagnostic, soulignée de `^` à l'endroit du
//! problème :
//!
//! ```text
//! regles/r.yaml:4:12: erreur[CAD008]: gravité `grave` inconnue pour la règle DONNEES-01
//!   |
//! 4 |   gravite: grave
//!   |            ^^^^^
//!   = aide : valeurs possibles : interdit, non_conforme, vigilance, conseil
//! ```
//!
//! Le texte du fichier est montré neutralisé (caractères de contrôle rendus
//! visibles) ; une ligne très longue est coupée autour du problème.

use super::{Diagnostic, Fin};

/// Caractères montrés avant le début du problème, au plus, sur une ligne longue.
const AVANT_MAX: usize = 40;
/// Caractères soulignés, au plus.
const SOULIGNE_MAX: usize = 80;
/// Une ligne plus courte est montrée entière.
const LIGNE_MAX: usize = 120;

/// Joint à chaque diagnostic de `fichier` qui n'en a pas encore la ligne
/// source où il commence, prise dans `texte` (le contenu de ce fichier), et
/// complète sa fin : quand elle est inconnue, le mot (ou le texte entre
/// guillemets, ou la liste entre crochets) qui commence à sa position ; une
/// fin au-delà de la ligne est ramenée au bout de la ligne.
pub fn joindre_source(diags: &mut [Diagnostic], fichier: &str, texte: &str) {
    let concernes = |d: &Diagnostic| {
        d.extrait.is_none() && d.position.ligne > 0 && d.position.fichier == fichier
    };
    if !diags.iter().any(concernes) {
        return;
    }
    let lignes: Vec<&str> = texte.split('\n').collect();
    for d in diags.iter_mut().filter(|d| concernes(d)) {
        let Some(ligne) = usize::try_from(d.position.ligne - 1)
            .ok()
            .and_then(|i| lignes.get(i))
        else {
            continue;
        };
        let ligne = ligne.strip_suffix('\r').unwrap_or(ligne);
        let car: Vec<char> = ligne.chars().collect();
        let debut = usize::try_from(d.position.colonne.max(1) - 1).unwrap_or(usize::MAX);
        let debut = debut.min(car.len());
        let fin_ligne = car.len();
        let fin = match d.fin {
            Some(f) if u64::from(f.ligne) == d.position.ligne => {
                usize::try_from(f.colonne.max(1) - 1).map_or(fin_ligne, |c| c.min(fin_ligne))
            }
            Some(_) => fin_ligne,
            None => debut + longueur_jeton(car.get(debut..).unwrap_or_default()),
        };
        let fin = fin.max(debut);
        d.fin = Some(Fin::new(d.position.ligne, fin as u64 + 1));
        d.extrait = Some(ligne.into());
    }
}

/// La longueur du jeton qui commence `reste` : un texte entre guillemets
/// (guillemets compris), une liste ou une table entre crochets ou
/// accolades, sinon un mot (jusqu'à une espace, une virgule, un crochet
/// fermant ou deux-points).
fn longueur_jeton(reste: &[char]) -> usize {
    let Some(&premier) = reste.first() else {
        return 0;
    };
    match premier {
        '"' | '\'' => reste
            .iter()
            .skip(1)
            .position(|c| *c == premier)
            .map_or(reste.len(), |p| p + 2),
        '[' | '{' => {
            let fermant = if premier == '[' { ']' } else { '}' };
            let mut profondeur = 0usize;
            for (i, c) in reste.iter().enumerate() {
                if *c == premier {
                    profondeur += 1;
                } else if *c == fermant {
                    profondeur = profondeur.saturating_sub(1);
                    if profondeur == 0 {
                        return i + 1;
                    }
                }
            }
            reste.len()
        }
        _ => reste
            .iter()
            .position(|c| c.is_whitespace() || matches!(c, ',' | ']' | '}' | ':' | '#'))
            .unwrap_or(reste.len()),
    }
}

/// Les lignes qui montrent la source soulignée sous un diagnostic, si sa
/// ligne source est jointe.
pub(super) fn souligner(d: &Diagnostic) -> Option<String> {
    let ligne = d.extrait.as_deref()?;
    let une_ligne = crate::neutralisation::une_ligne;
    let car: Vec<char> = ligne.chars().collect();
    let debut = usize::try_from(d.position.colonne.max(1) - 1)
        .unwrap_or(usize::MAX)
        .min(car.len());
    let fin = d
        .fin
        .filter(|f| u64::from(f.ligne) == d.position.ligne)
        .and_then(|f| usize::try_from(f.colonne.max(1) - 1).ok())
        .unwrap_or(car.len())
        .clamp(debut, car.len());
    let texte = |r: &[char]| une_ligne(&r.iter().collect::<String>()).into_owned();
    // Une ligne longue est coupée : quelques caractères avant, le problème, la suite si elle tient.
    let (coupe_avant, avant) = if car.len() > LIGNE_MAX && debut > AVANT_MAX {
        (true, &car[debut - AVANT_MAX..debut])
    } else {
        (false, &car[..debut])
    };
    let fin_montree = fin.min(debut + SOULIGNE_MAX);
    let apres_max = if car.len() > LIGNE_MAX {
        (debut + SOULIGNE_MAX + 20).min(car.len()).max(fin_montree)
    } else {
        car.len()
    };
    let avant = format!("{}{}", if coupe_avant { "…" } else { "" }, texte(avant));
    let milieu = texte(&car[debut..fin_montree]);
    let apres = format!(
        "{}{}",
        texte(&car[fin_montree..apres_max]),
        if apres_max < car.len() { "…" } else { "" }
    );
    let numero = d.position.ligne.to_string();
    let marge = " ".repeat(numero.len());
    Some(format!(
        "{marge} |\n{numero} | {}{milieu}{}\n{marge} | {}{}",
        avant,
        apres.trim_end(),
        " ".repeat(avant.chars().count()),
        "^".repeat(milieu.chars().count().max(1))
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Code, Position};

    fn diag(ligne: u64, colonne: u64) -> Diagnostic {
        Diagnostic::erreur(
            Code::HorsEchelle,
            Position::new("r.yaml", ligne, colonne),
            "m",
        )
    }

    #[test]
    fn souligne_le_mot_en_cause() {
        let mut d = [diag(2, 12)];
        joindre_source(&mut d, "r.yaml", "- id: X-01\n  gravite: grave # oui\n");
        assert_eq!(
            d[0].to_string(),
            "r.yaml:2:12: erreur[CAD008]: m\n  |\n2 |   gravite: grave # oui\n  |            ^^^^^"
        );
        assert_eq!(
            d[0].fin,
            Some(Fin {
                ligne: 2,
                colonne: 17
            })
        );
    }

    #[test]
    fn guillemets_crochets_et_fin_connue() {
        let texte = "a: \"x y\"\nb: [u, [v]]\nc: tout le reste\n";
        let mut d = [diag(1, 4), diag(2, 4), diag(3, 4)];
        d[2].fin = Some(Fin {
            ligne: 3,
            colonne: 99,
        });
        joindre_source(&mut d, "r.yaml", texte);
        let fins: Vec<u32> = d.iter().map(|d| d.fin.map_or(0, |f| f.colonne)).collect();
        assert_eq!(fins, [9, 12, 17]);
    }

    #[test]
    fn autre_fichier_ou_ligne_absente_sans_extrait() {
        let mut d = [diag(9, 1), diag(1, 1)];
        d[1].position.fichier = "autre.yaml".into();
        joindre_source(&mut d, "r.yaml", "a: b\n");
        assert!(d.iter().all(|d| d.extrait.is_none()));
    }

    #[test]
    fn controles_neutralises_et_ligne_longue_coupee() {
        let mut d = [diag(1, 4)];
        joindre_source(&mut d, "r.yaml", "a: \u{1b}[31m\n");
        let t = d[0].to_string();
        assert!(!t.contains('\u{1b}'), "{t}");
        let longue = format!("a: {}xyz {}", "b".repeat(200), "c".repeat(300));
        let mut d = [diag(1, 204)];
        joindre_source(&mut d, "r.yaml", &longue);
        let t = d[0].to_string();
        assert!(t.contains("…") && t.contains("xyz") && t.len() < 400, "{t}");
        let souligne = t.lines().last().unwrap_or_default();
        let source = t.lines().nth(2).unwrap_or_default();
        let col = souligne.chars().position(|c| c == '^').unwrap_or_default();
        let sous: String = source.chars().skip(col).take(3).collect();
        assert_eq!(sous, "xyz", "{t}");
    }

    #[test]
    fn colonne_hors_ligne_ne_panique_pas() {
        let mut d = [diag(1, 500)];
        joindre_source(&mut d, "r.yaml", "é\n");
        assert!(d[0].to_string().ends_with('^'));
    }
}
