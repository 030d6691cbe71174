//! Display conditions of questions evaluated with unknown facts: a question
//! is shown when its condition could be true for some value of the facts
//! that are not answered yet (or answered « je ne sais pas »).

use crate::engine::{FaitsPrepares, domaine_enumere};
use crate::facts::{Faits, Schema};
use minijinja::Expression;
use minijinja::value::Value;

/// Beyond this number of combinations, list facts are enumerated through
/// representative subsets (as the engine does).
const COMBINAISONS_EXACTES: usize = 4096;
/// Beyond this number even with representatives, the question is shown.
const COMBINAISONS_MAX: usize = 50_000;

fn produit(domaines: &[Vec<Value>]) -> usize {
    domaines
        .iter()
        .fold(1usize, |acc, d| acc.saturating_mul(d.len().max(1)))
}

/// Whether `expr`, which reads the facts `lus`, is true for at least one
/// value of the unknown ones. A condition that cannot be evaluated counts as
/// possibly true: a question is never hidden by an error.
pub(crate) fn peut_etre_vraie(
    expr: &Expression<'_, '_>,
    lus: &[usize],
    schema: &Schema,
    faits: &Faits,
    date: &str,
) -> bool {
    let prepares = FaitsPrepares::new(schema, faits, date);
    let vraie = |surcharges: Vec<(usize, Value)>| match expr.eval(prepares.contexte(surcharges)) {
        Ok(v) if v.is_undefined() => true,
        Ok(v) => v.is_true(),
        Err(_) => true,
    };
    let inconnus: Vec<usize> = lus
        .iter()
        .copied()
        .filter(|i| faits.get(*i).is_none())
        .collect();
    if inconnus.is_empty() {
        return vraie(Vec::new());
    }
    let mut domaines: Vec<Vec<Value>> = inconnus
        .iter()
        .map(|i| domaine_enumere(schema, *i, false))
        .collect();
    if produit(&domaines) > COMBINAISONS_EXACTES {
        domaines = inconnus
            .iter()
            .map(|i| domaine_enumere(schema, *i, true))
            .collect();
    }
    let total = produit(&domaines);
    if total > COMBINAISONS_MAX || domaines.iter().any(|d| d.is_empty()) {
        return true;
    }
    let mut chiffres = vec![0usize; domaines.len()];
    for _ in 0..total {
        let surcharges = inconnus
            .iter()
            .zip(&chiffres)
            .zip(&domaines)
            .filter_map(|((i, c), d)| d.get(*c).map(|v| (*i, v.clone())))
            .collect();
        if vraie(surcharges) {
            return true;
        }
        for (c, d) in chiffres.iter_mut().zip(&domaines) {
            *c += 1;
            if *c < d.len() {
                break;
            }
            *c = 0;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Valeur;
    use crate::facts::tests::schema;
    use minijinja::Environment;

    #[test]
    fn inconnu_evalue_pour_chaque_valeur() {
        let s = schema();
        let env = Environment::new();
        let e = env
            .compile_expression(r#"categorie_outil == "institutionnel" and "4e" in niveaux"#)
            .unwrap();
        let lus = [1, 2];
        let mut f = Faits::inconnus(&s);
        assert!(peut_etre_vraie(&e, &lus, &s, &f, "2026-01-01"));
        f.set(1, Some(Valeur::Texte("grand_public".into())));
        assert!(!peut_etre_vraie(&e, &lus, &s, &f, "2026-01-01"));
        f.set(1, Some(Valeur::Texte("institutionnel".into())));
        f.set(2, Some(Valeur::Liste(vec!["5e".into()])));
        assert!(!peut_etre_vraie(&e, &lus, &s, &f, "2026-01-01"));
        f.set(2, None);
        assert!(peut_etre_vraie(&e, &lus, &s, &f, "2026-01-01"));
    }
}
