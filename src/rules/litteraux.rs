//! Checks the string literals that a condition compares with a fact against
//! that fact's domain, so that `categorie_outil == "grand_publique"` is caught
//! when the rule is loaded rather than silently never firing.

use crate::facts::{Schema, TypeFait};

#[derive(Debug, Clone, PartialEq)]
enum Jeton {
    Ident(String),
    Chaine(String),
    Op(String),
}

/// Splits an expression into identifiers, string literals and operators.
fn decouper(expr: &str) -> Vec<Jeton> {
    let mut out = Vec::new();
    let mut chars = expr.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if c == '"' || c == '\'' {
            let mut s = String::new();
            let mut echappe = false;
            for (_, d) in chars.by_ref() {
                if echappe {
                    s.push(d);
                    echappe = false;
                } else if d == '\\' {
                    echappe = true;
                } else if d == c {
                    break;
                } else {
                    s.push(d);
                }
            }
            out.push(Jeton::Chaine(s));
        } else if c.is_alphanumeric() || c == '_' {
            let mut s = String::from(c);
            while let Some(&(_, d)) = chars.peek() {
                if d.is_alphanumeric() || d == '_' {
                    s.push(d);
                    chars.next();
                } else {
                    break;
                }
            }
            out.push(Jeton::Ident(s));
        } else {
            let mut s = String::from(c);
            if let Some(&(_, d)) = chars.peek()
                && matches!((c, d), ('=', '=') | ('!', '=') | ('<', '=') | ('>', '='))
            {
                s.push(d);
                chars.next();
            }
            out.push(Jeton::Op(s));
        }
    }
    out
}

/// A literal compared with a fact (outside its domain when reported by
/// [`hors_domaine`]).
#[derive(Debug, PartialEq)]
pub(crate) struct HorsDomaine {
    /// The fact.
    pub fait: String,
    /// The literal.
    pub valeur: String,
}

/// Returns every literal compared with a `choix` or `liste` fact that is not in
/// the fact's domain.
pub(super) fn hors_domaine(expr: &str, schema: &Schema) -> Vec<HorsDomaine> {
    comparaisons(expr, schema)
        .into_iter()
        .filter(|h| schema.fait(&h.fait).is_some_and(|d| !d.accepte(&h.valeur)))
        .collect()
}

/// Every (fact, literal) pair the expression compares. Recognised forms: `f == "v"`, `"v" == f`, `f != "v"`,
/// `"v" in f`, `"v" not in f`, `f in ["a", "b"]`, `f not in [...]`,
/// `f | select("in", ["a", "b"])`.
pub(crate) fn comparaisons(expr: &str, schema: &Schema) -> Vec<HorsDomaine> {
    let j = decouper(expr);
    let mut out = Vec::new();
    let fait_a_domaine = |k: usize| -> Option<&str> {
        match j.get(k) {
            Some(Jeton::Ident(n)) => {
                // An identifier after `.` or `|` is an attribute or a filter.
                if k > 0 && matches!(j.get(k - 1), Some(Jeton::Op(o)) if o == "." || o == "|") {
                    return None;
                }
                schema
                    .fait(n)
                    .filter(|d| matches!(d.type_fait, TypeFait::Choix | TypeFait::Liste))
                    .map(|d| d.id.as_str())
            }
            _ => None,
        }
    };
    let mut verifier = |fait: &str, valeur: &str| {
        let paire = HorsDomaine {
            fait: fait.to_string(),
            valeur: valeur.to_string(),
        };
        if !out.contains(&paire) {
            out.push(paire);
        }
    };
    for k in 0..j.len() {
        let op_egal = |m: usize| matches!(j.get(m), Some(Jeton::Op(o)) if o == "==" || o == "!=");
        // f == "v"
        if let (Some(f), true, Some(Jeton::Chaine(v))) =
            (fait_a_domaine(k), op_egal(k + 1), j.get(k + 2))
        {
            verifier(f, v);
        }
        // "v" == f
        if let (Some(Jeton::Chaine(v)), true, Some(f)) =
            (j.get(k), op_egal(k + 1), fait_a_domaine(k + 2))
        {
            verifier(f, v);
        }
        // "v" in f / "v" not in f
        if let Some(Jeton::Chaine(v)) = j.get(k) {
            let apres_not = matches!(j.get(k + 1), Some(Jeton::Ident(n)) if n == "not");
            let m = if apres_not { k + 2 } else { k + 1 };
            if matches!(j.get(m), Some(Jeton::Ident(n)) if n == "in")
                && let Some(f) = fait_a_domaine(m + 1)
            {
                verifier(f, v);
            }
        }
        // f in [..] / f not in [..]
        if let Some(f) = fait_a_domaine(k) {
            let apres_not = matches!(j.get(k + 1), Some(Jeton::Ident(n)) if n == "not");
            let m = if apres_not { k + 2 } else { k + 1 };
            let mut debut_liste = None;
            if matches!(j.get(m), Some(Jeton::Ident(n)) if n == "in")
                && matches!(j.get(m + 1), Some(Jeton::Op(o)) if o == "[")
            {
                debut_liste = Some(m + 2);
            }
            // f | select("in", [..])
            if matches!(j.get(k + 1), Some(Jeton::Op(o)) if o == "|")
                && matches!(j.get(k + 2), Some(Jeton::Ident(n)) if n == "select" || n == "reject")
                && matches!(j.get(k + 3), Some(Jeton::Op(o)) if o == "(")
                && matches!(j.get(k + 4), Some(Jeton::Chaine(t)) if t == "in")
                && matches!(j.get(k + 5), Some(Jeton::Op(o)) if o == ",")
                && matches!(j.get(k + 6), Some(Jeton::Op(o)) if o == "[")
            {
                debut_liste = Some(k + 7);
            }
            if let Some(mut m) = debut_liste {
                while let Some(jeton) = j.get(m) {
                    match jeton {
                        Jeton::Chaine(v) => verifier(f, v),
                        Jeton::Op(o) if o == "]" => break,
                        _ => {}
                    }
                    m += 1;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::tests::schema;

    fn hors(expr: &str) -> Vec<String> {
        hors_domaine(expr, &schema())
            .into_iter()
            .map(|h| format!("{}={}", h.fait, h.valeur))
            .collect()
    }

    #[test]
    fn egalite_dans_les_deux_sens() {
        assert_eq!(
            hors(r#"categorie_outil == "grand_publique""#),
            vec!["categorie_outil=grand_publique"]
        );
        assert_eq!(
            hors(r#"'grand_publik' != categorie_outil"#),
            vec!["categorie_outil=grand_publik"]
        );
        assert!(hors(r#"categorie_outil == "grand_public""#).is_empty());
    }

    #[test]
    fn appartenance() {
        assert_eq!(
            hors(r#""6e" in niveaux and "5e" not in niveaux"#),
            vec!["niveaux=6e"]
        );
        assert_eq!(
            hors(r#"categorie_outil not in ["institutionnel", "sous_contra"]"#),
            vec!["categorie_outil=sous_contra"]
        );
        assert_eq!(
            hors(r#"niveaux | select("in", ["5e", "3e"]) | list | length > 0"#),
            vec!["niveaux=3e"]
        );
    }

    #[test]
    fn attributs_et_filtres_ignores() {
        assert!(hors(r#"x.categorie_outil == "zzz""#).is_empty());
    }
}
