//! What HTML reports need beyond the templates themselves: which templates
//! are escaped for HTML, and the links to official texts (only `http(s)`
//! links ever reach an `href`).

use minijinja::AutoEscape;
use minijinja::value::Value;
use std::sync::LazyLock;

/// A rule id inside a sentence (`DONNEES-03`, `ELEVE-NIV-02-INTEGREE`).
static ID_REGLE: LazyLock<regex::Regex> = LazyLock::new(|| {
    #[expect(
        clippy::expect_used,
        reason = "expression constante, lue à chaque test des rapports HTML"
    )]
    regex::Regex::new(r"\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+\b").expect("expression valide")
});

/// Filter `ids`: the text escaped for HTML, each rule id in it wrapped in
/// `<span class="id-regle">` so that a line never breaks inside an id.
pub(super) fn ids(texte: String) -> Value {
    let propre = crate::neutralisation::sans_controles(&texte);
    let echappe = minijinja::HtmlEscape(&propre).to_string();
    Value::from_safe_string(
        ID_REGLE
            .replace_all(&echappe, r#"<span class="id-regle">$0</span>"#)
            .into_owned(),
    )
}

/// Auto-escaping by template name: every template whose name contains
/// `.html` (`rapport.html.j2`, `_base.html.j2`) or `.xml` (the ODT's
/// `rapport.odt.xml.j2`: XML reads HTML's escapes the same way) escapes
/// every value; the others (text, Markdown) are handled by the formatter.
pub(super) fn echappement_auto(nom: &str) -> AutoEscape {
    if nom.contains(".html") || nom.contains(".xml") {
        AutoEscape::Html
    } else {
        AutoEscape::None
    }
}

/// Le lien d'une référence, s'il peut aller dans un `href` (jamais
/// `javascript:`) ; le lien officiel de la source est déjà dans `url` quand la
/// règle n'en donne pas. Fonction de gabarit `lien(url)`.
pub(super) fn lien(url: Option<String>) -> Option<String> {
    url.filter(|u| crate::contenu::lien_sur(u))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echappement_selon_le_nom() {
        assert_eq!(echappement_auto("rapport.html.j2"), AutoEscape::Html);
        assert_eq!(echappement_auto("_base.html.j2"), AutoEscape::Html);
        assert_eq!(echappement_auto("inventaire.html.j2"), AutoEscape::Html);
        assert_eq!(echappement_auto("rapport.odt.xml.j2"), AutoEscape::Html);
        assert_eq!(echappement_auto("rapport.md.j2"), AutoEscape::None);
        assert_eq!(echappement_auto("rapport.txt.j2"), AutoEscape::None);
    }

    #[test]
    fn identifiants_insecables_et_texte_echappe() {
        assert_eq!(
            ids("« <b> » (ELEVE-NIV-02) et GEN-03.".into()).to_string(),
            "« &lt;b&gt; » (<span class=\"id-regle\">ELEVE-NIV-02</span>) et <span class=\"id-regle\">GEN-03</span>."
        );
    }

    #[test]
    fn lien_dangereux_refuse() {
        let propre = "https://www.cnil.fr/fr/deux-faq-utilisation-des-systemes-dia-scolaire";
        assert_eq!(lien(Some(propre.into())).as_deref(), Some(propre));
        for u in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,<script>",
            "//exemple.org",
            "https://",
            "https://a b",
            "https://a\u{0}b",
        ] {
            assert_eq!(lien(Some(u.into())), None, "{u}");
        }
        assert_eq!(lien(None), None);
    }
}
