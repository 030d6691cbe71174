//! HTML reports (`-f html`): one self-contained page, every value escaped,
//! sections in the promised order, headings in order, tables with headers.
//! The rendering in a real browser is checked by `html_navigateur.rs`.

use crate::support::cadria;
use regex::Regex;

/// The rule pack with hostile texts, over the small test fact schema.
const HOSTILE: [&str; 4] = [
    "--regles",
    "tests/fixtures/html/regles",
    "--questionnaires",
    "tests/fixtures/mini/questionnaires",
];

const MINI: [&str; 4] = [
    "--regles",
    "tests/fixtures/mini/regles",
    "--questionnaires",
    "tests/fixtures/mini/questionnaires",
];

/// `s` with the non-breaking spaces of French typography made plain, for
/// tests that look for words (the typography itself is tested apart).
fn sans_insecables(s: &str) -> String {
    s.replace(['\u{a0}', '\u{202f}'], " ")
}

fn sortie(base: &[&str], args: &[&str]) -> String {
    let a = cadria().args(base).args(args).assert();
    let out = a.get_output();
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "cadria a échoué : {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn evaluer_html(base: &[&str], fichier: &str) -> String {
    sortie(
        base,
        &["evaluer", fichier, "--date", "2026-11-28", "-f", "html"],
    )
}

/// The page from `<body>` on, the version of cadria masked.
fn corps(html: &str) -> String {
    let debut = html.find("<body>").expect("la page a un <body>");
    html[debut..].replace(env!("CARGO_PKG_VERSION"), "X.Y.Z")
}

/// Checks what every HTML page of cadria must hold.
fn verifier_page(html: &str) {
    assert!(
        html.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"),
        "début : {}",
        &html[..80.min(html.len())]
    );
    assert!(html.contains("<meta charset=\"utf-8\">"));
    assert!(html.trim_end().ends_with("</html>"));
    // Self-contained: no script, no remote asset, no external style sheet.
    for interdit in [
        "<script", "<link", "<img", "<iframe", "<object", "@import", "url(",
    ] {
        assert!(!html.contains(interdit), "la page contient `{interdit}`");
    }
    let source = Regex::new(r"<[^>]*\s(src|srcset)=").unwrap();
    assert!(!source.is_match(html), "élément chargeant une ressource");
    // Links are anchors in the page or web addresses.
    let lien = Regex::new(r#"href="([^"]*)""#).unwrap();
    for c in lien.captures_iter(html) {
        let h = &c[1];
        assert!(
            h.starts_with('#')
                || h.starts_with("https:&#x2f;&#x2f;")
                || h.starts_with("http:&#x2f;&#x2f;"),
            "lien inattendu : {h}"
        );
    }
    // Headings in order: one h1, never a level skipped on the way down.
    let titre = Regex::new(r"<h([1-6])[ >]").unwrap();
    let niveaux: Vec<u32> = titre
        .captures_iter(html)
        .map(|c| c[1].parse().unwrap())
        .collect();
    assert_eq!(niveaux.first(), Some(&1), "{niveaux:?}");
    assert_eq!(
        niveaux.iter().filter(|n| **n == 1).count(),
        1,
        "{niveaux:?}"
    );
    for paire in niveaux.windows(2) {
        assert!(
            paire[1] <= paire[0] + 1,
            "niveau de titre sauté : {niveaux:?}"
        );
    }
    // Every table has column headers.
    for (i, table) in html.split("<table>").skip(1).enumerate() {
        let table = &table[..table.find("</table>").unwrap()];
        assert!(
            table.contains("<thead><tr><th scope=\"col\">"),
            "table {i} sans en-têtes"
        );
    }
}

#[test]
fn rapport_html_instantane() {
    let html = evaluer_html(&MINI, "tests/fixtures/reponses/interdit.yaml");
    verifier_page(&html);
    insta::assert_snapshot!(corps(&html));
}

#[test]
fn rapport_html_avec_reponses_manquantes_instantane() {
    let html = evaluer_html(&MINI, "tests/fixtures/reponses/inconnu.yaml");
    verifier_page(&html);
    insta::assert_snapshot!(corps(&html));
}

#[test]
fn rapport_html_dans_l_ordre_annonce() {
    let fichier = "exemples/chatgpt-5e.yaml";
    let html = evaluer_html(&[], fichier);
    verifier_page(&html);
    let html = sans_insecables(&html);
    let json: serde_json::Value = serde_json::from_str(&sortie(
        &[],
        &["evaluer", fichier, "--date", "2026-11-28", "-f", "json"],
    ))
    .unwrap();
    let position = |motif: &str| {
        html.find(motif)
            .unwrap_or_else(|| panic!("`{motif}` absent"))
    };
    // En bref (the verdict in words), what to do, what to confirm, the
    // findings by gravity, the filing block, the appendix (advice, rules
    // that passed, answers), the stamp.
    let verdict = position(&format!(
        "Verdict : {}",
        json["verdict_libelle"].as_str().unwrap()
    ));
    let a_faire = position("id=\"a-faire\"");
    let a_confirmer = position("id=\"a-confirmer\"");
    let constats = position("id=\"constats\"");
    let classement = position("id=\"classement\"");
    let conseils = position("id=\"conseils\"");
    let sans = position("id=\"sans-constat\"");
    let reponses = position("id=\"reponses\"");
    let tampon = position("<footer class=\"tampon\">");
    assert!(verdict < a_faire && a_faire < a_confirmer && a_confirmer < constats);
    assert!(constats < classement && classement < conseils && conseils < sans);
    assert!(sans < reponses && reponses < tampon);
    // « possible » is never what a person reads.
    assert!(!html.contains(">possible<"));
    assert!(html.contains("à confirmer"));
    // Filing block: empty boxes for the DPO's opinion, the decision, the signature.
    for case in [
        "Avis du délégué",
        "Décision du chef d'établissement",
        "Signature",
    ] {
        assert!(html[classement..conseils].contains(case), "{case}");
    }
    // Answers in the questionnaire's order, « je ne sais pas » included.
    let annexe = &html[reponses..tampon];
    let rang = |q: &str| annexe.find(q).unwrap_or_else(|| panic!("{q} absent"));
    assert!(rang("Quelle est votre fonction ?") < rang("Quels élèves sont concernés ?"));
    assert!(rang("Quels élèves sont concernés ?") < rang("Qui manipulera l"));
    assert!(annexe.contains("je ne sais pas"));
    let constats_json = json["constats"].as_array().unwrap();
    assert!(!constats_json.is_empty());
    for c in constats_json {
        let id = c["regle"].as_str().unwrap();
        let ancre = position(&format!("id=\"constat-{id}\""));
        // Findings in detail by gravity; advice in the appendix.
        if c["gravite"] == "conseil" {
            assert!(conseils < ancre && ancre < sans, "{id}");
        } else {
            assert!(constats < ancre && ancre < classement, "{id}");
        }
    }
    // The stamp: tool version, rule-set version and digest, date.
    let pied = &html[tampon..];
    for attendu in [
        env!("CARGO_PKG_VERSION"),
        json["regles"]["version"].as_str().unwrap(),
        json["regles"]["empreinte"].as_str().unwrap(),
        "2026-11-28",
        "28 novembre 2026",
    ] {
        assert!(pied.contains(attendu), "tampon sans {attendu}");
    }
}

#[test]
fn valeurs_hostiles_echappees() {
    let html = evaluer_html(&HOSTILE, "tests/fixtures/html/hostile.yaml");
    verifier_page(&html);
    // Tool name, rule title, reasoning, remedy: text, never markup.
    assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt; &quot;Outil&quot; &amp; l&#x27;autre 🤖📚 OutilTresLong"));
    assert!(
        html.contains("Titre &lt;script&gt;alert(&quot;titre&quot;)&lt;&#x2f;script&gt; &amp;")
    );
    assert!(html.contains("&lt;img src=x onerror=alert(2)&gt;"));
    assert!(html.contains("&lt;a href=&quot;javascript:alert(3)&quot;&gt;ici"));
    // The title of the page too.
    assert!(html.contains("<title>cadria — &lt;script&gt;alert(1)"));
    // A link with spaces (an attribute injection) is dropped (`javascript:` ones
    // are refused by validation already); a reference without a link gets the
    // official text; an ampersand in an address is escaped.
    assert!(html.contains("<li>Autre source, Lien piégé</li>"));
    assert!(html.contains("<a href=\"https:&#x2f;&#x2f;eur-lex.europa.eu&#x2f;eli&#x2f;reg&#x2f;2016&#x2f;679&#x2f;oj\">RGPD"));
    assert!(html.contains("?pop=1&amp;print=1&amp;tmpl=component\">"));
    // The long name stays whole in the text (the style sheet wraps it).
    assert!(html.contains(&"TresLongSansEspace".repeat(14)));
    insta::assert_snapshot!(corps(&html));
}

#[test]
fn regles_en_html() {
    let liste = sortie(&HOSTILE, &["regles", "lister", "-f", "html"]);
    verifier_page(&liste);
    for id in ["HOST-01", "HOST-02", "HOST-03"] {
        assert!(liste.contains(&format!("id=\"regle-{id}\"")), "{id}");
    }
    let une = sortie(&HOSTILE, &["regles", "expliquer", "host-01", "-f", "html"]);
    verifier_page(&une);
    assert!(une.contains(
        "<code>categorie_outil == &quot;grand_public&quot; and &quot;5e&quot; in niveaux</code>"
    ));
    assert!(une.contains("<h1>Règle cadria HOST-01</h1>"));
}

#[test]
fn ecrit_dans_un_fichier() {
    let dossier = std::env::temp_dir().join(format!("cadria-html-{}", std::process::id()));
    std::fs::create_dir_all(&dossier).unwrap();
    let chemin = dossier.join("rapport.html");
    let a = cadria()
        .args(MINI)
        .args([
            "evaluer",
            "tests/fixtures/reponses/interdit.yaml",
            "-f",
            "html",
            "-o",
        ])
        .arg(&chemin)
        .assert()
        .code(1);
    assert!(a.get_output().stdout.is_empty());
    let html = std::fs::read_to_string(&chemin).unwrap();
    verifier_page(&html);
    assert!(sans_insecables(&html).contains("Verdict : Interdit"));
    std::fs::remove_dir_all(&dossier).unwrap();
}

#[test]
fn inventaire_html_echappe_et_structure() {
    let dir = std::env::temp_dir().join(format!("cadria-inv-html-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let inv = dir.join("inventaire.yaml");
    std::fs::write(
        &inv,
        "etablissement: \"École <b>&</b> \\\"Jaurès\\\"\"\noutils:\n  - outil: \"<script>alert(1)</script>\"\n    reponses: { categorie_outil: grand_public, contrat_dpa: non }\n  - outil: Outil sûr 🙂\n    reponses: { categorie_outil: institutionnel, contrat_dpa: oui }\n",
    )
    .unwrap();
    let sortie = assert_cmd::Command::cargo_bin("cadria")
        .unwrap()
        .args([
            "--regles",
            "tests/fixtures/mini/regles",
            "--questionnaires",
            "tests/fixtures/mini/questionnaires",
            "inventaire",
        ])
        .arg(&inv)
        .args(["-f", "html", "--date", "2026-11-28"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let html = String::from_utf8(sortie).unwrap();
    assert!(!html.contains("<script>"), "valeur non échappée");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"));
    assert!(html.contains("École &lt;b&gt;&amp;&lt;&#x2f;b&gt; &quot;Jaurès&quot;"));
    assert!(html.contains("Outil sûr 🙂"));
    // Summary first, then one section per tool, each with its anchored findings.
    let synthese = html.find("<h2>Synthèse</h2>").unwrap();
    let fiche = html.find("<section class=\"fiche\" id=\"o1\">").unwrap();
    assert!(synthese < fiche);
    assert!(html.contains("id=\"o1-constat-ESSAI-01\""));
    assert!(html.contains("<section class=\"fiche\" id=\"o2\">"));
    assert!(html.contains("<html lang=\"fr\">"));
}
