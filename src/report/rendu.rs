//! Rendering of reports through the embedded minijinja templates
//! (`templates/*.j2`): text for the terminal (colour only when asked),
//! Markdown with every value escaped, HTML (self-contained, every value
//! escaped), JSON through serde.

use super::typographie::{accorder, francaiser, francaiser_html, libelle_theme};
use crate::base::gabarits_embarques;
use minijinja::{Environment, Error, ErrorKind, State, Value};
use serde::Serialize;

/// Format de sortie.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Texte pour un terminal ou un courriel.
    Texte,
    /// Markdown.
    Markdown,
    /// HTML : une page autonome, à transmettre, classer ou imprimer.
    Html,
    /// JSON (contrat stable).
    Json,
}

/// Whether text output uses ANSI colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Couleur {
    /// Colours.
    Oui,
    /// Plain text.
    Non,
}

fn style(couleur: Couleur) -> impl Fn(String, String) -> String + Send + Sync + 'static {
    move |texte: String, nom: String| {
        if couleur == Couleur::Non {
            return texte;
        }
        let code = match nom.as_str() {
            "interdit" => "1;31",
            "non_conforme" => "31",
            "a_verifier" | "vigilance" => "33",
            "conforme" | "conforme_sous_reserve" => "32",
            "titre" => "1",
            "discret" => "2",
            _ => return texte,
        };
        format!("\x1b[{code}m{texte}\x1b[0m")
    }
}

/// Wraps `texte` to `largeur` columns, continuation lines indented by
/// `retrait` spaces; `deja` columns are already used on the first line (by a
/// label such as `  À faire  : `).
/// French typography is applied first, and lines never break at its
/// non-breaking spaces (« : », « ? », « » »).
fn plier(texte: String, largeur: usize, retrait: usize, deja: Option<usize>) -> String {
    let mut out = String::new();
    let mut ligne = 0usize;
    let mut limite = largeur.saturating_sub(deja.unwrap_or(retrait));
    let texte = francaiser(&texte);
    for mot in texte
        .split([' ', '\n', '\t', '\r'])
        .filter(|m| !m.is_empty())
    {
        let n = mot.chars().count();
        if ligne > 0 && ligne + 1 + n > limite {
            out.push('\n');
            out.push_str(&" ".repeat(retrait));
            ligne = 0;
            limite = largeur.saturating_sub(retrait);
        } else if ligne > 0 {
            out.push(' ');
            ligne += 1;
        }
        out.push_str(mot);
        ligne += n;
    }
    out
}

/// Pads (or cuts, with « … ») `valeur` to exactly `largeur` characters, on
/// the left when `a_droite` (numbers in a table).
fn cadrer(valeur: Value, largeur: usize, a_droite: Option<bool>) -> String {
    let texte = valeur.to_string();
    let n = texte.chars().count();
    let texte = if n > largeur {
        texte
            .chars()
            .take(largeur.saturating_sub(1))
            .chain(['…'])
            .collect()
    } else {
        texte
    };
    let blancs = " ".repeat(largeur.saturating_sub(texte.chars().count()));
    if a_droite == Some(true) {
        format!("{blancs}{texte}")
    } else {
        format!("{texte}{blancs}")
    }
}

/// Pads `texte` with spaces to `largeur` characters (counted as characters,
/// not bytes), for aligned columns.
fn colonne(texte: String, largeur: usize) -> String {
    let n = texte.chars().count();
    format!("{texte}{}", " ".repeat(largeur.saturating_sub(n)))
}

/// Escapes Markdown metacharacters so that user text stays text.
pub(crate) fn echapper_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '{' | '}' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn environnement(couleur: Couleur) -> Result<Environment<'static>, Error> {
    let mut env = Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()?,
    );
    // Set before the templates are added: each template takes its escaping
    // when it is compiled.
    env.set_auto_escape_callback(super::html::echappement_auto);
    for (nom, source) in gabarits_embarques() {
        env.add_template(nom, source)?;
    }
    env.add_function("lien", super::html::lien);
    env.add_filter("ids", super::html::ids);
    env.add_filter("style", style(couleur));
    env.add_filter("plier", plier);
    env.add_filter("cadrer", cadrer);
    env.add_filter("colonne", colonne);
    env.add_filter(
        "accorder",
        |n: i64, singulier: String, pluriel: Option<String>| {
            accorder(n, &singulier, pluriel.as_deref())
        },
    );
    env.add_filter("theme", |id: String| libelle_theme(&id));
    env.add_filter("en_lettres", |d: String| {
        crate::date::en_lettres(&d).unwrap_or(d)
    });
    env.set_formatter(|out, state: &mut State<'_, '_>, value: &Value| {
        if state.name().ends_with(".md.j2") {
            let s = value.to_string();
            if value.is_none() || value.is_undefined() {
                return Ok(());
            }
            write!(out, "{}", echapper_markdown(&s))
                .map_err(|_| Error::new(ErrorKind::WriteFailure, "écriture impossible"))
        } else {
            minijinja::escape_formatter(out, state, value)
        }
    });
    Ok(env)
}

/// Renders `donnees` (a report) in `format`. `gabarit` is the template stem
/// (`rapport`); inside the template, the fields of `donnees` are variables
/// and `donnees` names the whole.
pub fn rendre<T: Serialize>(
    donnees: &T,
    gabarit: &str,
    format: Format,
    couleur: Couleur,
) -> Result<String, Error> {
    let ext = match format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(donnees)
                .map_err(|e| Error::new(ErrorKind::BadSerialization, e.to_string()))?;
            s.push('\n');
            return Ok(s);
        }
        Format::Texte => "txt",
        Format::Markdown => "md",
        Format::Html => "html",
    };
    rendre_gabarit(donnees, &format!("{gabarit}.{ext}.j2"), couleur)
}

/// Renders `donnees` with the template named `nom` (`rapport.odt.xml.j2`),
/// then applies French typography: to the text only for markup (HTML,
/// XML), to everything otherwise.
pub(super) fn rendre_gabarit<T: Serialize>(
    donnees: &T,
    nom: &str,
    couleur: Couleur,
) -> Result<String, Error> {
    let env = environnement(couleur)?;
    let t = env.get_template(nom)?;
    let valeur = Value::from(minijinja::value::Serde(donnees));
    // The whole report is also reachable as `donnees`, so that templates can
    // hand it to the shared HTML macros.
    let rendu = t.render(minijinja::context! { donnees => valeur.clone(), ..valeur })?;
    // French typography, in one place for every format people read.
    Ok(if nom.contains(".html") || nom.contains(".xml") {
        francaiser_html(&rendu)
    } else {
        francaiser(&rendu)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_echappe_selon_le_nom_du_gabarit() {
        let env = environnement(Couleur::Non).unwrap();
        let valeur = minijinja::context! { v => "<b a='x'>\"&\"</b>" };
        let html = env
            .template_from_named_str("essai.html.j2", "{{ v }}")
            .unwrap();
        assert_eq!(
            html.render(&valeur).unwrap(),
            "&lt;b a=&#x27;x&#x27;&gt;&quot;&amp;&quot;&lt;&#x2f;b&gt;"
        );
        let texte = env
            .template_from_named_str("essai.txt.j2", "{{ v }}")
            .unwrap();
        assert_eq!(texte.render(&valeur).unwrap(), "<b a='x'>\"&\"</b>");
    }

    #[test]
    fn plier_respecte_la_largeur() {
        let s = plier("un deux trois quatre cinq six".into(), 12, 2, None);
        assert_eq!(s, "un deux\n  trois\n  quatre\n  cinq six");
        let s = plier("un deux trois quatre".into(), 12, 2, Some(6));
        assert_eq!(s, "un\n  deux trois\n  quatre");
        // Never a line starting with « : », « ? » or « ».
        let s = plier("Quelle est la question ? « oui »".into(), 22, 0, None);
        assert_eq!(s, "Quelle est la\nquestion\u{202f}? «\u{a0}oui\u{a0}»");
    }

    #[test]
    fn markdown_echappe() {
        assert_eq!(
            echapper_markdown("*a* [b](c) <x>"),
            "\\*a\\* \\[b\\](c) \\<x\\>"
        );
    }
}
