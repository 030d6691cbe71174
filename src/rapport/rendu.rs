//! Rendering of reports through the embedded minijinja templates
//! (`templates/*.j2`): text for the terminal (colour only when asked),
//! Markdown with every value escaped, HTML (self-contained, every value
//! escaped), JSON through serde.

use crate::base::gabarits_embarques;
use crate::typographie::{accorder, francaiser, francaiser_html, libelle_theme};
use minijinja::{Environment, Error, ErrorKind, State, Value};
use serde::Serialize;

/// Format de sortie.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "interface", derive(clap::ValueEnum))]
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

/// The text of a filter's input, neutralised unless a filter of ours already
/// did it (its output is marked safe).
fn neutre(valeur: &Value) -> String {
    if valeur.is_safe() {
        valeur.to_string()
    } else {
        crate::neutralisation::une_ligne(&valeur.to_string()).into_owned()
    }
}

/// Colours `texte` (neutralised first: the only escape sequences in the
/// output are these). Only text templates call it.
fn style(couleur: Couleur) -> impl Fn(Value, String) -> Value + Send + Sync + 'static {
    move |valeur: Value, nom: String| {
        let texte = neutre(&valeur);
        let code = match nom.as_str() {
            _ if couleur == Couleur::Non => return Value::from_safe_string(texte),
            "interdit" => "1;31",
            "non_conforme" => "31",
            "a_verifier" | "vigilance" => "33",
            "conforme" | "conforme_sous_reserve" => "32",
            "titre" => "1",
            "discret" => "2",
            _ => return Value::from_safe_string(texte),
        };
        Value::from_safe_string(format!("\x1b[{code}m{texte}\x1b[0m"))
    }
}

/// Wraps `texte` to `largeur` columns, continuation lines indented by
/// `retrait` spaces; `deja` columns are already used on the first line (by a
/// label such as `  À faire  : `).
/// French typography is applied first, and lines never break at its
/// non-breaking spaces (« : », « ? », « » »).
fn plier(valeur: Value, largeur: usize, retrait: usize, deja: Option<usize>) -> Value {
    let texte = neutre(&valeur);
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
    Value::from_safe_string(out)
}

/// Pads (or cuts, with « … ») `valeur` to exactly `largeur` characters, on
/// the left when `a_droite` (numbers in a table).
fn cadrer(valeur: Value, largeur: usize, a_droite: Option<bool>) -> Value {
    let texte = neutre(&valeur);
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
    Value::from_safe_string(if a_droite == Some(true) {
        format!("{blancs}{texte}")
    } else {
        format!("{texte}{blancs}")
    })
}

/// Pads `texte` with spaces to `largeur` characters (counted as characters,
/// not bytes), for aligned columns.
fn colonne(valeur: Value, largeur: usize) -> Value {
    let texte = neutre(&valeur);
    let n = texte.chars().count();
    Value::from_safe_string(format!("{texte}{}", " ".repeat(largeur.saturating_sub(n))))
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

/// Writes one value into a report: every user string is neutralised
/// ([`crate::neutralisation`]) — made visible in text and Markdown (then
/// Markdown-escaped), dropped in HTML (then HTML-escaped). Outputs of our own
/// filters (marked safe) are already neutralised.
fn formater(
    out: &mut minijinja::Output<'_>,
    state: &mut State<'_, '_>,
    value: &Value,
) -> Result<(), Error> {
    use crate::neutralisation::{sans_controles, une_ligne};
    let ecrire = |out: &mut minijinja::Output<'_>, s: &str| {
        out.write_str(s)
            .map_err(|_| Error::new(ErrorKind::WriteFailure, "écriture impossible"))
    };
    let nom = state.name();
    if value.is_safe()
        && let Some(e) = value.as_str()
        && e.starts_with(ENCART)
        && e.ends_with(ENCART)
    {
        // Une place réservée par `encart()`, remplie après le rendu.
        return ecrire(out, e);
    }
    if nom.ends_with(".md.j2") {
        if value.is_none() || value.is_undefined() {
            return Ok(());
        }
        return ecrire(out, &echapper_markdown(&une_ligne(&value.to_string())));
    }
    if value.is_safe() || value.is_none() || value.is_undefined() || value.is_number() {
        return minijinja::escape_formatter(out, state, value);
    }
    let s = value.to_string();
    if nom.contains(".html") {
        minijinja::escape_formatter(out, state, &Value::from(sans_controles(&s)))
    } else {
        ecrire(out, &une_ligne(&s))
    }
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
    env.add_function("encart", |nom: String| {
        Value::from_safe_string(format!("{ENCART}{nom}{ENCART}"))
    });
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
    env.set_formatter(formater);
    Ok(env)
}

/// Le caractère qui entoure le nom d'une place réservée par la fonction
/// `encart("nom")` des gabarits : un rapport long (l'inventaire) laisse ainsi
/// la place de parties écrites à part, insérées au moment d'écrire. Aucune
/// valeur venue d'un fichier ne peut le contenir : la neutralisation rend
/// visible (texte, Markdown) ou retire (HTML) tout caractère de contrôle.
pub(crate) const ENCART: char = '\u{1}';

/// Les gabarits embarqués, compilés une fois pour rendre beaucoup de parties
/// (un inventaire : une ligne et une fiche par outil).
pub(crate) struct Gabarits {
    env: Environment<'static>,
}

impl Gabarits {
    /// Compile les gabarits, en couleur ou non.
    pub(crate) fn new(couleur: Couleur) -> Result<Self, Error> {
        Ok(Gabarits {
            env: environnement(couleur)?,
        })
    }

    /// Rend `donnees` avec le gabarit `nom`, typographie française comprise.
    pub(crate) fn rendre<T: Serialize>(&self, nom: &str, donnees: &T) -> Result<String, Error> {
        let t = self.env.get_template(nom)?;
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
    Gabarits::new(couleur)?.rendre(nom, donnees)
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
        assert_eq!(s.as_str(), Some("un deux\n  trois\n  quatre\n  cinq six"));
        let s = plier("un deux trois quatre".into(), 12, 2, Some(6));
        assert_eq!(s.as_str(), Some("un\n  deux trois\n  quatre"));
        // Never a line starting with « : », « ? » or « ».
        let s = plier("Quelle est la question ? « oui »".into(), 22, 0, None);
        assert_eq!(
            s.as_str(),
            Some("Quelle est la\nquestion\u{202f}? «\u{a0}oui\u{a0}»")
        );
    }

    #[test]
    fn markdown_echappe() {
        assert_eq!(
            echapper_markdown("*a* [b](c) <x>"),
            "\\*a\\* \\[b\\](c) \\<x\\>"
        );
    }
}
