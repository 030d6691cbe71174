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

/// Official texts linked when a reference gives no `url` of its own, keyed
/// by `source`. Only addresses listed in the research catalogue
/// (`cadre/criteres.md` §6) belong here.
const LIENS_OFFICIELS: &[(&str, &str)] = &[
    (
        "cadre",
        "https://www.education.gouv.fr/cadre-d-usage-de-l-ia-en-education-450647",
    ),
    ("rgpd", "https://eur-lex.europa.eu/eli/reg/2016/679/oj"),
    ("ai_act", "https://eur-lex.europa.eu/eli/reg/2024/1689/oj"),
];

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

/// Whether `url` can go into an `href`: an absolute `http` or `https`
/// address without spaces or control characters (never `javascript:`).
fn url_sure(url: &str) -> bool {
    let minuscule = url.to_ascii_lowercase();
    let reste = minuscule
        .strip_prefix("https://")
        .or_else(|| minuscule.strip_prefix("http://"));
    reste.is_some_and(|r| !r.is_empty())
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// The link of a reference: its own `url` when it is a safe web address,
/// otherwise the official text of its `source` when one is known. Template
/// function `lien(source, url)`.
pub(super) fn lien(source: String, url: Option<String>) -> Option<String> {
    match url {
        Some(u) if url_sure(&u) => Some(u),
        _ => LIENS_OFFICIELS
            .iter()
            .find(|(s, _)| *s == source)
            .map(|(_, u)| (*u).to_string()),
    }
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
    fn lien_propre_ou_officiel() {
        let propre = Some(
            "https://www.cnil.fr/fr/deux-faq-utilisation-des-systemes-dia-scolaire".to_string(),
        );
        assert_eq!(lien("cnil".into(), propre.clone()), propre);
        assert_eq!(
            lien("rgpd".into(), None).as_deref(),
            Some("https://eur-lex.europa.eu/eli/reg/2016/679/oj")
        );
        assert_eq!(
            lien("ai_act".into(), None).as_deref(),
            Some("https://eur-lex.europa.eu/eli/reg/2024/1689/oj")
        );
        assert_eq!(lien("cpi".into(), None), None);
    }

    #[test]
    fn lien_dangereux_refuse() {
        for u in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,<script>",
            "//exemple.org",
            "https://",
            "https://a b",
            "https://a\u{0}b",
        ] {
            assert_eq!(lien("autre".into(), Some(u.into())), None, "{u}");
        }
        // A bad link falls back on the official text when there is one.
        assert_eq!(
            lien("rgpd".into(), Some("javascript:x".into())).as_deref(),
            Some("https://eur-lex.europa.eu/eli/reg/2016/679/oj")
        );
    }
}
