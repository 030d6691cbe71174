//! The editable report (`cadria evaluer -f odt`) opened by LibreOffice
//! headless: converted to PDF (page count) and to text (sections, filing
//! block, every finding), for the full report and the one-page summary.
//!
//! Without LibreOffice the test says so and does nothing, so that `cargo
//! test` works anywhere; `CADRIA_EXIGER_LIBREOFFICE=1` (set by the CI) makes
//! a missing LibreOffice a failure. `CADRIA_LIBREOFFICE` names the binary.
//! Documents and PDFs are kept under `target/tmp/odt_libreoffice/`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Beyond this, a conversion is stuck (it normally takes a few seconds).
const DELAI: Duration = Duration::from_secs(180);

fn annoncer(message: &str) {
    let _ = writeln!(std::io::stderr(), "odt_libreoffice : {message}");
}

fn trouver_libreoffice() -> Option<PathBuf> {
    crate::support::programme("CADRIA_LIBREOFFICE", &["libreoffice", "soffice"])
}

/// Converts `document` to `filtre` (`pdf`, `txt:Text`) in `dossier`; returns
/// the path of the result. A first start of LibreOffice on a new profile may
/// end without converting: then it is asked once more.
fn convertir(binaire: &Path, dossier: &Path, document: &Path, filtre: &str, ext: &str) -> PathBuf {
    let profil = dossier.join("profil");
    let sortie = dossier.join(
        document
            .with_extension(ext)
            .file_name()
            .expect("nom de fichier"),
    );
    let _ = std::fs::remove_file(&sortie);
    for _ in 0..2 {
        let mut enfant = Command::new(binaire)
            .arg(format!("-env:UserInstallation=file://{}", profil.display()))
            .args([
                "--headless",
                "--norestore",
                "--convert-to",
                filtre,
                "--outdir",
            ])
            .arg(dossier)
            .arg(document)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("lancement de {} impossible : {e}", binaire.display()));
        let debut = Instant::now();
        let statut = loop {
            if let Some(s) = enfant.try_wait().unwrap() {
                break s;
            }
            if debut.elapsed() > DELAI {
                let _ = enfant.kill();
                let _ = enfant.wait();
                panic!("LibreOffice bloqué sur {}", document.display());
            }
            std::thread::sleep(Duration::from_millis(100));
        };
        assert!(
            statut.success(),
            "LibreOffice a échoué ({statut}) sur {}",
            document.display()
        );
        if sortie.is_file() {
            return sortie;
        }
    }
    panic!(
        "LibreOffice n'a pas converti {} en {filtre} : le document est-il lisible ?",
        document.display()
    );
}

fn cadria(args: &[&str]) -> Vec<u8> {
    let sortie = Command::new(env!("CARGO_BIN_EXE_cadria"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        sortie.status.code().is_some_and(|c| c <= 1),
        "cadria {args:?} : {}",
        String::from_utf8_lossy(&sortie.stderr)
    );
    sortie.stdout
}

#[test]
fn odt_ouvert_par_libreoffice() {
    let Some(binaire) = trouver_libreoffice() else {
        let manque =
            "LibreOffice introuvable (libreoffice ou soffice dans le PATH, ou CADRIA_LIBREOFFICE)";
        assert!(
            std::env::var_os("CADRIA_EXIGER_LIBREOFFICE").is_none(),
            "{manque}, alors que CADRIA_EXIGER_LIBREOFFICE est défini : installez `libreoffice-writer`"
        );
        annoncer(&format!(
            "{manque} : test ignoré. Installez `libreoffice-writer` pour le lancer."
        ));
        return;
    };
    let dossier = Path::new(env!("CARGO_TARGET_TMPDIR")).join("odt_libreoffice");
    let _ = std::fs::remove_dir_all(&dossier);
    std::fs::create_dir_all(&dossier).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&cadria(&[
        "evaluer",
        "exemples/chatgpt-5e.yaml",
        "--date",
        "2026-12-01",
        "-f",
        "json",
    ]))
    .unwrap();
    let ids: Vec<&str> = json["constats"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["regle"].as_str().unwrap())
        .collect();
    assert!(!ids.is_empty());
    // (name, extra options, plausible pages, whether every finding is detailed)
    for (nom, options, pages, detail) in [
        ("complet", &[][..], 3..=12, true),
        ("resume", &["--resume"][..], 1..=1, false),
    ] {
        let odt = dossier.join(format!("{nom}.odt"));
        let mut args = vec![
            "evaluer",
            "exemples/chatgpt-5e.yaml",
            "--date",
            "2026-12-01",
            "--etablissement",
            "Collège Jean Moulin, Rennes",
            "--demandeur",
            "Mme Durand",
            "-f",
            "odt",
            "-q",
            "-o",
            odt.to_str().unwrap(),
        ];
        args.extend(options);
        cadria(&args);
        let octets = std::fs::read(&odt).unwrap();
        assert!(
            octets.starts_with(b"PK\x03\x04"),
            "{nom} : pas une archive zip"
        );

        let pdf = convertir(&binaire, &dossier, &odt, "pdf", "pdf");
        let n = crate::support::pages_pdf(&std::fs::read(&pdf).unwrap());
        assert!(
            pages.contains(&n),
            "{nom} : {n} pages A4, attendu {pages:?}"
        );

        let txt = convertir(&binaire, &dossier, &odt, "txt:Text", "txt");
        let texte = std::fs::read_to_string(&txt)
            .unwrap()
            .replace(['\u{a0}', '\u{202f}'], " ");
        for attendu in [
            "En bref — Verdict : Interdit",
            "Ce qu'il faut faire",
            "Classement et décision",
            "Avis du délégué à la protection des données (DPO)",
            "Décision du chef d'établissement",
            "Signature",
            "Collège Jean Moulin, Rennes",
            "Mme Durand",
            "1er décembre 2026",
            "DONNEES-03",
            "ELEVE-NIV-02",
        ] {
            assert!(
                texte.contains(attendu),
                "{nom} : « {attendu} » absent :\n{texte}"
            );
        }
        if detail {
            for id in &ids {
                assert!(texte.contains(id), "{nom} : constat {id} absent");
            }
            assert!(texte.contains("Réponses données"));
        }
        annoncer(&format!(
            "{nom} : {n} pages A4 ; fichiers dans {}",
            dossier.display()
        ));
    }
}
