//! La typographie française de tout ce qu'une personne lit, en un seul
//! endroit : espaces insécables avant « : » (espace insécable) et avant
//! « ; ? ! » (espace fine insécable), à l'intérieur des guillemets « »,
//! accords du pluriel et libellés accentués. Chaque rendu texte, Markdown,
//! HTML et ODT passe par [`francaiser`] (ou [`francaiser_html`] pour le
//! HTML, qui ne touche qu'au texte et jamais aux balises, aux styles ni au
//! code).

/// Espace insécable (avant « : » et dans les guillemets).
pub const INSECABLE: char = '\u{a0}';
/// Espace fine insécable (avant « ; ? ! »).
pub const FINE: char = '\u{202f}';

/// Quelle espace précède `c` en français, si `c` en demande une.
fn espace_avant(c: char) -> Option<char> {
    match c {
        ':' | '»' => Some(INSECABLE),
        ';' | '?' | '!' => Some(FINE),
        _ => None,
    }
}

/// Whether `c` can follow a punctuation mark that takes a space before it:
/// white space, the end, closing marks or another punctuation mark. Keeps
/// `!=`, `a::b`, `?x` and URLs untouched.
fn fin_de_signe(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(
                    c,
                    ')' | ']' | '»' | '.' | ',' | '!' | '?' | ';' | ':' | '*' | '"' | '\'' | '<'
                )
        }
    }
}

/// Applique la typographie française à un texte : l'espace ordinaire qui
/// précède `:` `;` `?` `!` devient insécable (fine pour `; ? !`), de même que
/// celles qui suivent « et précèdent » (ajoutées quand elles manquent).
/// Idempotent ; un `\` d'échappement Markdown devant le signe est respecté.
pub fn francaiser(texte: &str) -> String {
    let car: Vec<char> = texte.chars().collect();
    let mut out = String::with_capacity(texte.len() + 8);
    let mut i = 0;
    while let Some(&c) = car.get(i) {
        let suivant = car.get(i + 1).copied();
        match c {
            ' ' => {
                // The sign after this space, past a Markdown escape.
                let (signe, apres) = match suivant {
                    Some('\\') => (car.get(i + 2).copied(), car.get(i + 3).copied()),
                    s => (s, car.get(i + 2).copied()),
                };
                match signe.and_then(espace_avant) {
                    Some(e) if signe == Some('»') || fin_de_signe(apres) => out.push(e),
                    _ => out.push(' '),
                }
            }
            '«' => {
                out.push('«');
                match suivant {
                    Some(' ') => {
                        out.push(INSECABLE);
                        i += 1;
                    }
                    Some(s) if s != INSECABLE && s != FINE && s != '\n' => out.push(INSECABLE),
                    _ => {}
                }
            }
            '»' => {
                let avant = out.chars().last();
                if avant.is_some_and(|a| !a.is_whitespace()) {
                    out.push(INSECABLE);
                }
                out.push('»');
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// [`francaiser`] pour une page HTML : seul le texte est traité, jamais
/// l'intérieur des balises (attributs) ni les éléments `<style>`,
/// `<script>` et `<code>`.
pub fn francaiser_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut reste = html;
    while !reste.is_empty() {
        let Some(debut) = reste.find('<') else {
            out.push_str(&francaiser(reste));
            break;
        };
        let (texte, balise) = reste.split_at(debut);
        out.push_str(&francaiser(texte));
        let fin = balise.find('>').map_or(balise.len(), |f| f + 1);
        let (tag, suite) = balise.split_at(fin);
        out.push_str(tag);
        reste = suite;
        let nom = tag
            .trim_start_matches('<')
            .split(|c: char| c.is_whitespace() || c == '>')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if matches!(nom.as_str(), "style" | "script" | "code") {
            let fermeture = format!("</{nom}");
            let k = reste
                .to_ascii_lowercase()
                .find(&fermeture)
                .unwrap_or(reste.len());
            out.push_str(&reste[..k]);
            reste = &reste[k..];
        }
    }
    out
}

/// `n` suivi du nom accordé : « 1 constat », « 13 constats », « aucun
/// constat » pour 0 quand `aucun` est donné. Le pluriel par défaut ajoute
/// un « s » à chaque mot qui n'en a pas (« point de vigilance » →
/// « points de vigilance » : seul le premier mot s'accorde).
pub fn accorder(n: i64, singulier: &str, pluriel: Option<&str>) -> String {
    if n <= 1 {
        return format!("{n} {singulier}");
    }
    match pluriel {
        Some(p) => format!("{n} {p}"),
        None => {
            let mut mots = singulier.splitn(2, ' ');
            let premier = mots.next().unwrap_or("");
            let suffixe = if premier.ends_with('s') || premier.ends_with('x') {
                ""
            } else {
                "s"
            };
            match mots.next() {
                Some(reste) => format!("{n} {premier}{suffixe} {reste}"),
                None => format!("{n} {premier}{suffixe}"),
            }
        }
    }
}

/// Le libellé accentué d'un thème de règle (`donnees` → « Données »).
pub fn libelle_theme(id: &str) -> String {
    match id {
        "administration" => "Administration".into(),
        "ai_act" => "Règlement européen sur l'IA".into(),
        "devoirs" => "Devoirs et évaluations".into(),
        "donnees" => "Données personnelles".into(),
        "eleves" => "Élèves".into(),
        "enseignement" => "Enseignement".into(),
        "environnement" => "Environnement".into(),
        "perimetre" => "Périmètre".into(),
        "principes" => "Principes".into(),
        "propriete_intellectuelle" => "Propriété intellectuelle".into(),
        "transparence" => "Transparence".into(),
        autre => {
            let mut c = autre.replace('_', " ").chars().collect::<Vec<_>>();
            if let Some(p) = c.first_mut() {
                *p = p.to_uppercase().next().unwrap_or(*p);
            }
            c.into_iter().collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn espaces_avant_la_ponctuation_double() {
        assert_eq!(
            francaiser("Verdict : interdit ; pourquoi ? Attention !"),
            "Verdict\u{a0}: interdit\u{202f}; pourquoi\u{202f}? Attention\u{202f}!"
        );
        // Alignment of labels is kept: only the last space changes.
        assert_eq!(francaiser("Outil    : x"), "Outil   \u{a0}: x");
    }

    #[test]
    fn guillemets_avec_espaces_insecables() {
        assert_eq!(
            francaiser("« Oui » et «non»"),
            "«\u{a0}Oui\u{a0}» et «\u{a0}non\u{a0}»"
        );
    }

    #[test]
    fn rien_d_autre_ne_change() {
        for s in [
            "a != b",
            "https://exemple.org/a?b=c",
            "std::io",
            "10:30",
            "Qui ?x",
            "fin.",
        ] {
            assert_eq!(francaiser(s), s);
        }
    }

    #[test]
    fn idempotent_et_echappement_markdown() {
        let une = francaiser("« Vraiment ? » : oui !");
        assert_eq!(francaiser(&une), une);
        assert_eq!(francaiser("Attention \\!"), "Attention\u{202f}\\!");
    }

    #[test]
    fn html_seulement_le_texte() {
        let html = "<style>a:hover { x: y ; }</style><p title=\"a : b\">Verdict : « x »</p>";
        assert_eq!(
            francaiser_html(html),
            "<style>a:hover { x: y ; }</style><p title=\"a : b\">Verdict\u{a0}: «\u{a0}x\u{a0}»</p>"
        );
    }

    #[test]
    fn pluriels() {
        assert_eq!(accorder(1, "constat", None), "1 constat");
        assert_eq!(accorder(0, "constat", None), "0 constat");
        assert_eq!(accorder(13, "constat", None), "13 constats");
        assert_eq!(
            accorder(2, "point de vigilance", None),
            "2 points de vigilance"
        );
        assert_eq!(
            accorder(3, "outil évalué", Some("outils évalués")),
            "3 outils évalués"
        );
        assert_eq!(accorder(2, "avis", None), "2 avis");
    }

    #[test]
    fn themes_accentues() {
        assert_eq!(libelle_theme("donnees"), "Données personnelles");
        assert_eq!(libelle_theme("eleves"), "Élèves");
        assert_eq!(libelle_theme("mon_theme"), "Mon theme");
    }
}
