//! Passage d'un document Markdown (le sous-ensemble qu'écrivent les gabarits
//! `templates/documents/`) à une page HTML autonome : titres, paragraphes,
//! listes, tableaux, citations, filets, gras. Tout le texte est échappé ;
//! les échappements Markdown (`\*`) redeviennent le caractère lui-même.

/// Échappe `c` pour HTML.
fn pousser(out: &mut String, c: char) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&#x27;"),
        _ => out.push(c),
    }
}

/// Une ligne de texte : échappements Markdown, `**gras**`, reste échappé.
fn en_ligne(s: &str) -> String {
    let mut out = String::new();
    let mut gras = false;
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        match c {
            '\\' if it.peek().is_some_and(|n| n.is_ascii_punctuation()) => {
                if let Some(n) = it.next() {
                    pousser(&mut out, n);
                }
            }
            '*' if it.peek() == Some(&'*') => {
                it.next();
                out.push_str(if gras { "</strong>" } else { "<strong>" });
                gras = !gras;
            }
            _ => pousser(&mut out, c),
        }
    }
    if gras {
        out.push_str("</strong>");
    }
    out
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum Bloc {
    Aucun,
    Paragraphe,
    Liste,
    Tableau,
    Citation,
}

fn fermer(out: &mut String, bloc: Bloc) {
    out.push_str(match bloc {
        Bloc::Aucun => "",
        Bloc::Paragraphe => "</p>\n",
        Bloc::Liste => "</ul>\n",
        Bloc::Tableau => "</table>\n",
        Bloc::Citation => "</blockquote>\n",
    });
}

/// Le corps HTML d'un texte Markdown.
pub fn corps(md: &str) -> String {
    let mut out = String::new();
    let mut bloc = Bloc::Aucun;
    let mut entete = false;
    for ligne in md.lines() {
        let l = ligne.trim_end();
        let (nouveau, rendu) = if l.is_empty() {
            (Bloc::Aucun, String::new())
        } else if let Some(n) = (1..=4).find(|n| l.starts_with(&format!("{} ", "#".repeat(*n)))) {
            (
                Bloc::Aucun,
                format!("<h{n}>{}</h{n}>\n", en_ligne(&l[n + 1..])),
            )
        } else if l == "---" {
            (Bloc::Aucun, "<hr>\n".to_string())
        } else if let Some(r) = l.strip_prefix("- ") {
            (Bloc::Liste, format!("<li>{}</li>\n", en_ligne(r)))
        } else if let Some(r) = l
            .strip_prefix("> ")
            .or(l.strip_prefix('>').filter(|r| r.is_empty()))
        {
            (Bloc::Citation, format!("<p>{}</p>\n", en_ligne(r)))
        } else if l.starts_with('|') {
            let cellules: Vec<&str> = l.trim_matches('|').split(" | ").map(str::trim).collect();
            if l.chars().all(|x| matches!(x, '|' | '-' | ':' | ' ')) {
                entete = false;
                (Bloc::Tableau, String::new())
            } else {
                let balise = if bloc != Bloc::Tableau || entete {
                    "th"
                } else {
                    "td"
                };
                let mut r = String::from("<tr>");
                for c in cellules {
                    r.push_str(&format!("<{balise}>{}</{balise}>", en_ligne(c)));
                }
                r.push_str("</tr>\n");
                (Bloc::Tableau, r)
            }
        } else {
            (Bloc::Paragraphe, en_ligne(l))
        };
        if nouveau != bloc || nouveau == Bloc::Aucun {
            fermer(&mut out, bloc);
            match nouveau {
                Bloc::Paragraphe => out.push_str("<p>"),
                Bloc::Liste => out.push_str("<ul>\n"),
                Bloc::Tableau => {
                    out.push_str("<table>\n");
                    entete = true;
                }
                Bloc::Citation => out.push_str("<blockquote>\n"),
                Bloc::Aucun => {}
            }
        } else if nouveau == Bloc::Paragraphe {
            out.push('\n');
        }
        out.push_str(&rendu);
        bloc = nouveau;
    }
    fermer(&mut out, bloc);
    out
}

/// Une page HTML autonome (styles intégrés, impression soignée) pour `titre` et `md`.
pub fn page(titre: &str, md: &str) -> String {
    let mut t = String::new();
    for c in titre.chars() {
        pousser(&mut t, c);
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n<title>{t}</title>\n<style>\nbody {{ font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1b1b1b; }}\ntable {{ border-collapse: collapse; width: 100%; }}\nth, td {{ border: 1px solid #999; padding: .3rem .5rem; text-align: left; vertical-align: top; }}\nblockquote {{ border-left: 4px solid #b34000; margin: 1rem 0; padding: .2rem 1rem; background: #fff4ec; }}\nhr {{ break-after: page; border: 0; border-top: 1px dashed #999; margin: 2rem 0; }}\n</style>\n</head>\n<body>\n{}</body>\n</html>\n",
        corps(md)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocs_et_echappement() {
        let md = "# Titre\n\nUn **mot** et \\*pas gras\\* <b>\n- a\n- b\n\n| x | y |\n|---|---|\n| 1 | 2 |\n> attention\n";
        assert_eq!(
            corps(md),
            "<h1>Titre</h1>\n<p>Un <strong>mot</strong> et *pas gras* &lt;b&gt;</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<table>\n<tr><th>x</th><th>y</th></tr>\n<tr><td>1</td><td>2</td></tr>\n</table>\n<blockquote>\n<p>attention</p>\n</blockquote>\n"
        );
    }
}
