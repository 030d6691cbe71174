//! HTML reports in a real browser: headless Chromium renders each kind of
//! report, saves a screenshot (wide and narrow) and an A4 PDF, and dumps the
//! DOM. Checked: the PDF exists with a plausible page count, the DOM holds
//! the verdict and every finding id and no element from the data, and the
//! page never scrolls sideways (wide, narrow, and with hostile values).
//!
//! Without a Chromium binary the test says so and does nothing, so that
//! `cargo test` works anywhere; `CADRIA_EXIGER_NAVIGATEUR=1` (set by the CI)
//! makes a missing browser a failure. `CADRIA_CHROMIUM` names the binary.
//! Screenshots and PDFs are kept under `target/tmp/html_navigateur/`.

use regex::Regex;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Beyond this, a Chromium run is stuck (it normally takes about a second).
const DELAI_CHROMIUM: Duration = Duration::from_secs(120);

/// Shown on stderr even when the test harness captures output.
fn annoncer(message: &str) {
    let _ = writeln!(std::io::stderr(), "html_navigateur : {message}");
}

fn trouver_chromium() -> Option<PathBuf> {
    crate::support::programme(
        "CADRIA_CHROMIUM",
        &[
            "chromium",
            "chromium-browser",
            "google-chrome",
            "google-chrome-stable",
        ],
    )
}

struct Navigateur {
    binaire: PathBuf,
    dossier: PathBuf,
    runs: usize,
}

impl Navigateur {
    /// Runs Chromium headless on `page` with `options`; returns stdout.
    fn lancer(&mut self, page: &Path, options: &[String]) -> String {
        self.runs += 1;
        // A new empty profile for every run.
        let profil = self.dossier.join(format!("profil-{}", self.runs));
        let _ = std::fs::remove_dir_all(&profil);
        std::fs::create_dir_all(&profil).unwrap();
        let sortie = self.dossier.join(format!("chromium-{}.out", self.runs));
        let erreurs = self.dossier.join(format!("chromium-{}.err", self.runs));
        let mut enfant = Command::new(&self.binaire)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
            ])
            .arg(format!("--user-data-dir={}", profil.display()))
            .args(options)
            .arg(format!("file://{}", page.display()))
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&sortie).unwrap())
            .stderr(std::fs::File::create(&erreurs).unwrap())
            .spawn()
            .unwrap_or_else(|e| panic!("lancement de {} impossible : {e}", self.binaire.display()));
        let debut = Instant::now();
        let statut = loop {
            if let Some(s) = enfant.try_wait().unwrap() {
                break s;
            }
            if debut.elapsed() > DELAI_CHROMIUM {
                let _ = enfant.kill();
                let _ = enfant.wait();
                panic!("chromium bloqué sur {} ({options:?})", page.display());
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        let _ = std::fs::remove_dir_all(&profil);
        assert!(
            statut.success(),
            "chromium a échoué ({statut}) sur {} : {}",
            page.display(),
            std::fs::read_to_string(&erreurs).unwrap_or_default()
        );
        std::fs::read_to_string(&sortie)
            .unwrap_or_else(|e| panic!("sortie de chromium illisible ({}) : {e}", sortie.display()))
    }

    /// Whether the page scrolls sideways at `largeur` CSS pixels. Headless
    /// Chromium will not make a window narrower than 500 pixels, so the page
    /// goes into an `<iframe srcdoc>` of that width inside a measuring page
    /// (the report itself has no script); the measure lands in the dumped DOM.
    /// Returns a description of the problem, or an empty string.
    fn deborde(&mut self, page: &Path, largeur: u32) -> String {
        let html = std::fs::read_to_string(page).unwrap();
        let srcdoc = html.replace('&', "&amp;").replace('"', "&quot;");
        let mesure = format!(
            r#"<!DOCTYPE html><html><body style="margin:0">
<iframe id="f" style="border:0" width="{largeur}" height="900" srcdoc="{srcdoc}"></iframe>
<script>
const f = document.getElementById("f");
f.addEventListener("load", () => {{
  const w = f.contentWindow, d = f.contentDocument;
  const larges = [...d.querySelectorAll("body *")]
    .filter(e => e.getBoundingClientRect().right > w.innerWidth + 1 && !e.closest(".table-defile"))
    .slice(0, 5).map(e => e.tagName.toLowerCase() + "." + e.className).join(" ");
  document.body.setAttribute("data-mesure", `largeur=${{w.innerWidth}} defilement=${{d.documentElement.scrollWidth}} debordent=[${{larges}}]`);
}});
</script></body></html>"#
        );
        let copie = page.with_extension(format!("mesure-{largeur}.html"));
        std::fs::write(&copie, mesure).unwrap();
        let fenetre = format!("--window-size={},1000", largeur.max(500) + 100);
        let dom = self.lancer(&copie, &[fenetre, "--dump-dom".into()]);
        let re =
            Regex::new(r#"data-mesure="largeur=(\d+) defilement=(\d+) debordent=\[([^\]]*)\]""#)
                .unwrap();
        let c = re
            .captures(&dom)
            .unwrap_or_else(|| panic!("mesure absente du DOM de {}", copie.display()));
        let (vue, defilement): (u32, u32) = (c[1].parse().unwrap(), c[2].parse().unwrap());
        assert_eq!(vue, largeur, "le cadre n'a pas la largeur demandée");
        if defilement > vue || !c[3].is_empty() {
            format!(
                "{} à {largeur} px : largeur du document {defilement}, éléments qui débordent : {}",
                page.display(),
                &c[3]
            )
        } else {
            String::new()
        }
    }
}

/// Number of pages of a PDF written by Chromium (page objects, not the
/// page tree).
fn cadria(args: &[&str]) -> String {
    let sortie = Command::new(env!("CARGO_BIN_EXE_cadria"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        sortie.status.code().is_some_and(|c| c <= 1),
        "cadria {args:?} : {}",
        String::from_utf8_lossy(&sortie.stderr)
    );
    String::from_utf8(sortie.stdout).unwrap()
}

/// One kind of report to render.
struct Cas {
    nom: &'static str,
    /// cadria arguments before `-f FORMAT`.
    args: &'static [&'static str],
    /// Plausible number of A4 pages.
    pages: std::ops::RangeInclusive<usize>,
    /// Texts the page must show (sections, filing block).
    contient: &'static [&'static str],
}

/// The sections of an assessment report, in every HTML report.
const SECTIONS: &[&str] = &[
    "En bref — Verdict : ",
    "<h2 id=\"a-faire\">Ce qu'il faut faire</h2>",
    "<h2 id=\"classement\">Classement et décision</h2>",
    "Avis du délégué à la protection des données (DPO)",
    "Décision du chef d'établissement",
    "Signature",
];

const CAS: &[Cas] = &[
    // A real assessment with the built-in rules: many findings.
    Cas {
        nom: "evaluation",
        args: &[
            "evaluer",
            "exemples/chatgpt-5e.yaml",
            "--date",
            "2026-11-28",
        ],
        pages: 4..=14,
        contient: SECTIONS,
    },
    // The one-page summary of the same assessment, with the filing block filled in.
    Cas {
        nom: "resume",
        args: &[
            "evaluer",
            "exemples/chatgpt-5e.yaml",
            "--date",
            "2026-12-01",
            "--resume",
            "--etablissement",
            "Collège Jean Moulin, Rennes",
            "--demandeur",
            "Mme Durand",
            "--fonction",
            "professeure de lettres",
        ],
        pages: 1..=1,
        contient: &[
            "En bref — Verdict : Interdit",
            "<h2 id=\"a-faire\">Ce qu'il faut faire</h2>",
            "<h2 id=\"a-confirmer\">À confirmer</h2>",
            "Collège Jean Moulin, Rennes",
            "Mme Durand, professeure de lettres",
            "1er décembre 2026",
            "Décision du chef d'établissement",
        ],
    },
    // Hostile values: markup, quotes, ampersands, emoji, a very long name.
    Cas {
        nom: "hostile",
        args: &[
            "--regles",
            "tests/fixtures/html/regles",
            "--questionnaires",
            "tests/fixtures/mini/questionnaires",
            "evaluer",
            "tests/fixtures/html/hostile.yaml",
            "--date",
            "2026-11-28",
        ],
        pages: 1..=6,
        contient: SECTIONS,
    },
    // An inventory: summary table, per-rule view, one section per tool.
    Cas {
        nom: "inventaire",
        args: &[
            "inventaire",
            "exemples/inventaire.yaml",
            "--date",
            "2026-11-28",
        ],
        pages: 2..=12,
        contient: &[],
    },
];

#[test]
fn rapports_dans_un_vrai_navigateur() {
    let Some(binaire) = trouver_chromium() else {
        let manque = "aucun navigateur Chromium trouvé (chromium, chromium-browser, google-chrome dans le PATH, ou CADRIA_CHROMIUM)";
        assert!(
            std::env::var_os("CADRIA_EXIGER_NAVIGATEUR").is_none(),
            "{manque}, alors que CADRIA_EXIGER_NAVIGATEUR est défini : installez `chromium`"
        );
        annoncer(&format!(
            "{manque} : test ignoré. Installez `chromium` pour le lancer."
        ));
        return;
    };
    let dossier = Path::new(env!("CARGO_TARGET_TMPDIR")).join("html_navigateur");
    let _ = std::fs::remove_dir_all(&dossier);
    std::fs::create_dir_all(&dossier).unwrap();
    let mut nav = Navigateur {
        binaire,
        dossier: dossier.clone(),
        runs: 0,
    };
    let balise = Regex::new(r"<(script|img|iframe|object)\b").unwrap();
    let lien = Regex::new(r#"<a\b[^>]*href="javascript"#).unwrap();
    let mut debordements = Vec::new();
    for cas in CAS {
        let page = dossier.join(format!("{}.html", cas.nom));
        let mut args = cas.args.to_vec();
        let json: serde_json::Value =
            serde_json::from_str(&cadria(&[args.as_slice(), &["-f", "json"]].concat())).unwrap();
        args.extend(["-f", "html", "-o", page.to_str().unwrap(), "-q"]);
        cadria(&args);

        // Screenshots, wide and narrow, to look at.
        for (suffixe, taille) in [("large", "1280,2000"), ("etroit", "360,2000")] {
            let png = dossier.join(format!("{}-{suffixe}.png", cas.nom));
            nav.lancer(
                &page,
                &[
                    format!("--window-size={taille}"),
                    format!("--screenshot={}", png.display()),
                ],
            );
            let octets =
                std::fs::read(&png).unwrap_or_else(|e| panic!("{} absent : {e}", png.display()));
            assert!(
                octets.starts_with(b"\x89PNG\r\n\x1a\n"),
                "{} n'est pas un PNG",
                png.display()
            );
        }

        // A4 PDF, as printed.
        let pdf = dossier.join(format!("{}.pdf", cas.nom));
        nav.lancer(
            &page,
            &[
                "--no-pdf-header-footer".into(),
                format!("--print-to-pdf={}", pdf.display()),
            ],
        );
        let octets =
            std::fs::read(&pdf).unwrap_or_else(|e| panic!("{} absent : {e}", pdf.display()));
        assert!(
            octets.starts_with(b"%PDF-"),
            "{} n'est pas un PDF",
            pdf.display()
        );
        let pages = crate::support::pages_pdf(&octets);
        assert!(
            cas.pages.contains(&pages),
            "{} : {pages} pages, attendu {:?}",
            pdf.display(),
            cas.pages
        );

        // The DOM as the browser built it.
        let dom = nav.lancer(&page, &["--dump-dom".into()]);
        // Words looked for below, without the non-breaking spaces of typography.
        // (Chromium serialises U+00A0 as `&nbsp;`.)
        let dom_mots = dom
            .replace("&nbsp;", " ")
            .replace(['\u{a0}', '\u{202f}'], " ");
        // One assessment, or an inventory whose tools are anchored `oN-`.
        let evaluations: Vec<(String, &serde_json::Value)> = match json["evaluations"].as_array() {
            Some(liste) => liste
                .iter()
                .enumerate()
                .map(|(i, e)| (format!("o{}-", i + 1), e))
                .collect(),
            None => vec![(String::new(), &json)],
        };
        assert!(!evaluations.is_empty());
        for attendu in cas.contient {
            assert!(
                dom_mots.contains(attendu),
                "{} : « {attendu} » absent du DOM",
                cas.nom
            );
        }
        for (prefixe, e) in &evaluations {
            // Schema 1 (one report) says it in words; schema 2 (an
            // inventory) gives the verdict's id only.
            let verdict = match e["verdict_libelle"].as_str() {
                Some(v) => v,
                None => cadria::moteur::Verdict::TOUS
                    .into_iter()
                    .find(|v| e["verdict"] == v.id())
                    .map(|v| v.libelle())
                    .unwrap(),
            };
            assert!(
                dom_mots.contains(&format!("Verdict : {verdict}")),
                "{} : verdict absent du DOM",
                cas.nom
            );
            // The summary names what to do, not each finding.
            let constats = if cas.nom == "resume" {
                &[][..]
            } else {
                e["constats"].as_array().unwrap().as_slice()
            };
            for c in constats {
                let id = c["regle"].as_str().unwrap();
                assert!(
                    dom.contains(&format!("id=\"{prefixe}constat-{id}\"")),
                    "{} : constat {prefixe}{id} absent du DOM",
                    cas.nom
                );
            }
        }
        let constats: usize = evaluations
            .iter()
            .map(|(_, e)| e["constats"].as_array().map_or(0, Vec::len))
            .sum();
        assert!(constats > 0);
        // Nothing from the data became an element.
        // (In the serialised DOM, text never holds a raw `<`: any match is an element.)
        assert!(
            !balise.is_match(&dom),
            "{} : élément venu des données dans le DOM",
            cas.nom
        );
        assert!(
            !lien.is_match(&dom),
            "{} : lien javascript: dans le DOM",
            cas.nom
        );
        assert!(dom.contains("<html lang=\"fr\">"));

        // The layout holds: no sideways scrolling, wide or narrow.
        for largeur in [1280, 360] {
            debordements.push(nav.deborde(&page, largeur));
        }
        annoncer(&format!(
            "{} : {pages} pages A4, {} constats ; fichiers dans {}",
            cas.nom,
            constats,
            dossier.display()
        ));
    }
    debordements.retain(|d| !d.is_empty());
    assert!(
        debordements.is_empty(),
        "mise en page cassée :\n{}",
        debordements.join("\n")
    );
}
