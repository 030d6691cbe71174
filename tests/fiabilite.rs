//! Issue 11: faults and hostile input at the command line — drafts that
//! must read back, closed stderr, empty rule packs, `-o` over an input,
//! empty answers files, over-long texts, Markdown line breaks.

use crate::support::cadria;
use std::io::Read;
use std::path::Path;
use std::process::Stdio;

fn texte(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

/// Item 3: a tool name typed with a character YAML cannot read back (C0,
/// C1, DEL, non-characters, bidi, Unicode line separators, escape) still
/// gives a draft that `evaluer` and `--reprendre` read.
#[test]
fn brouillon_toujours_relisible() {
    let dir = tempfile::tempdir().unwrap();
    for (k, c) in [
        '\u{1}', '\u{1b}', '\u{7f}', '\u{85}', '\u{92}', '\u{9b}', '\u{fffe}', '\u{ffff}',
        '\u{fdd0}', '\u{202e}', '\u{2028}', '\u{2029}', '\u{feff}',
    ]
    .iter()
    .enumerate()
    {
        let b = dir.path().join(format!("b{k}.yaml"));
        let a = cadria()
            .args([
                "questionnaire",
                "--profil",
                "enseignant",
                "--simple",
                "--brouillon",
            ])
            .arg(&b)
            .write_stdin(format!("Tool{c}s\n1\n"))
            .assert()
            .success();
        let err = texte(&a.get_output().stderr);
        assert!(err.contains("enregistrées"), "{err}");
        let e = cadria().arg("evaluer").arg(&b).output().unwrap();
        assert_ne!(
            e.status.code(),
            Some(2),
            "U+{:04X} : {}\n{}",
            u32::from(*c),
            texte(&e.stderr),
            std::fs::read_to_string(&b).unwrap_or_default()
        );
        cadria()
            .args(["questionnaire", "--simple", "--reprendre"])
            .arg(&b)
            .write_stdin("")
            .assert()
            .success();
    }
}

/// Item 7: a tool name of 5 MB is refused with a diagnostic, in an answers
/// file, an inventory entry and the questionnaire.
#[test]
fn texte_libre_plafonne() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("long.yaml");
    std::fs::write(
        &f,
        format!("outil: {}\nreponses: {{}}\n", "x".repeat(5_000_000)),
    )
    .unwrap();
    let a = cadria().arg("evaluer").arg(&f).assert().code(2);
    let err = texte(&a.get_output().stderr);
    assert!(
        err.contains("CAD030") && err.contains("1000 au plus"),
        "{}",
        &err[..err.len().min(500)]
    );
    assert!(a.get_output().stdout.is_empty());
    let b = dir.path().join("b.yaml");
    let a = cadria()
        .args([
            "questionnaire",
            "--profil",
            "enseignant",
            "--simple",
            "--brouillon",
        ])
        .arg(&b)
        .write_stdin(format!("{}\n", "y".repeat(2_000)))
        .assert()
        .success();
    assert!(texte(&a.get_output().stdout).contains("réponse trop longue (2000 caractères)"));
}

/// Item 8: a rule pack that loads no rule is an error, never « conforme ».
#[test]
fn pack_sans_regle_refuse() {
    let dir = tempfile::tempdir().unwrap();
    let a = cadria()
        .arg("--regles")
        .arg(dir.path())
        .args(["evaluer", "exemples/chatgpt-5e.yaml"])
        .assert()
        .code(2);
    assert!(a.get_output().stdout.is_empty());
    assert!(texte(&a.get_output().stderr).contains("aucune règle chargée"));
    let a = cadria()
        .arg("--regles")
        .arg(dir.path())
        .arg("valider")
        .assert()
        .code(2);
    assert!(!texte(&a.get_output().stdout).contains("Aucun problème"));
    cadria()
        .arg("--regles")
        .arg(dir.path())
        .args(["inventaire", "exemples/inventaire.yaml"])
        .assert()
        .code(2);
}

/// Item 19: an empty or comment-only answers file is an input error.
#[test]
fn fichier_de_reponses_vide_refuse() {
    let dir = tempfile::tempdir().unwrap();
    for (k, t) in ["", "\n\n", "# rien\n# encore rien\n", "---\n"]
        .iter()
        .enumerate()
    {
        let f = dir.path().join(format!("v{k}.yaml"));
        std::fs::write(&f, t).unwrap();
        let a = cadria().arg("evaluer").arg(&f).assert().code(2);
        assert!(texte(&a.get_output().stderr).contains("est vide"));
    }
}

fn lier(cible: &Path, lien: &Path) {
    #[cfg(unix)]
    std::os::unix::fs::symlink(cible, lien).unwrap();
    #[cfg(not(unix))]
    std::fs::copy(cible, lien).unwrap();
}

/// Item 9: `-o` naming an input (directly or through a link) is refused and
/// the input is intact.
#[test]
fn sortie_sur_une_entree_refusee() {
    let dir = tempfile::tempdir().unwrap();
    let inv = dir.path().join("inv.yaml");
    std::fs::copy("exemples/inventaire.yaml", &inv).unwrap();
    let avant = std::fs::read(&inv).unwrap();
    let lien = dir.path().join("lien.yaml");
    lier(&inv, &lien);
    for o in [&inv, &lien] {
        let a = cadria()
            .arg("inventaire")
            .arg(&inv)
            .arg("-o")
            .arg(o)
            .assert()
            .code(2);
        assert!(texte(&a.get_output().stderr).contains("aussi un fichier lu"));
        assert_eq!(std::fs::read(&inv).unwrap(), avant);
    }
    let rep = dir.path().join("r.yaml");
    std::fs::copy("exemples/chatgpt-5e.yaml", &rep).unwrap();
    let avant = std::fs::read(&rep).unwrap();
    cadria()
        .arg("evaluer")
        .arg(&rep)
        .arg("-o")
        .arg(&rep)
        .assert()
        .code(2);
    assert_eq!(std::fs::read(&rep).unwrap(), avant);
    // --depuis is an input too.
    let json = dir.path().join("a.json");
    cadria()
        .arg("inventaire")
        .arg(&inv)
        .args(["-f", "json", "-o"])
        .arg(&json)
        .assert()
        .code(1);
    let avant = std::fs::read(&json).unwrap();
    cadria()
        .arg("inventaire")
        .arg(&inv)
        .arg("--depuis")
        .arg(&json)
        .arg("-o")
        .arg(&json)
        .assert()
        .code(2);
    assert_eq!(std::fs::read(&json).unwrap(), avant);
}

/// Item 9: when the report cannot be written whole (here the inventory
/// stops being readable in the middle: bytes that are not UTF-8), the old
/// `-o` file is kept and no temporary file is left.
#[test]
fn sortie_atomique() {
    let dir = tempfile::tempdir().unwrap();
    let o = dir.path().join("rapport.json");
    std::fs::write(&o, "ancien rapport").unwrap();
    let inv = dir.path().join("inv.yaml");
    let mut octets = std::fs::read("exemples/inventaire.yaml").unwrap();
    octets.extend_from_slice(b"  - outil: \"\xff\xfe\"\n    reponses: {}\n");
    std::fs::write(&inv, octets).unwrap();
    for format in ["json", "csv", "texte"] {
        cadria()
            .arg("inventaire")
            .arg(&inv)
            .args(["-f", format, "-o"])
            .arg(&o)
            .assert()
            .code(2);
    }
    assert_eq!(std::fs::read_to_string(&o).unwrap(), "ancien rapport");
    let restes: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(restes.is_empty(), "{restes:?}");
}

/// Item 4: a closed stderr never makes the program panic (exit 101).
#[test]
fn sortie_d_erreur_fermee_sans_panique() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("beaucoup.yaml");
    let mut t = String::from("outil: x\nreponses:\n");
    for k in 0..3_000 {
        t.push_str(&format!("  inconnu_{k}: oui\n"));
    }
    std::fs::write(&f, t).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("cadria");
    let cas: Vec<Vec<std::ffi::OsString>> = vec![
        vec!["evaluer".into(), f.clone().into()],
        vec!["evaluer".into(), dir.path().join("absent.yaml").into()],
        vec![
            "evaluer".into(),
            "exemples/chatgpt-5e.yaml".into(),
            "-o".into(),
            dir.path().join("r.txt").into(),
        ],
        vec!["inventaire".into(), f.clone().into()],
    ];
    for args in cas {
        let mut enfant = std::process::Command::new(&bin)
            .args(&args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Read one byte then close the pipe, like `2>&1 | head -c1`.
        let mut err = enfant.stderr.take().unwrap();
        let mut un = [0u8; 1];
        let _ = err.read(&mut un);
        drop(err);
        let code = enfant.wait().unwrap().code();
        assert_ne!(code, Some(101), "{args:?}");
        assert!(code.is_some(), "{args:?}");
    }
}

/// Item 12: a line break in a user string cannot forge a Markdown line (a
/// title, a table row, a verdict).
#[test]
fn markdown_sans_ligne_forgee() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("r.yaml");
    std::fs::write(
        &f,
        "outil: \"ChatGPT\\n**Verdict : CONFORME**\\n| a | b |\"\nreponses: {}\n",
    )
    .unwrap();
    let a = cadria()
        .arg("evaluer")
        .arg(&f)
        .args(["-f", "markdown"])
        .assert();
    let md = texte(&a.get_output().stdout);
    // Whatever the escaping, the forged text stays on the tool's line.
    for l in md.lines() {
        if l.contains("Verdict : CONFORME") || l.contains("a \\| b") {
            assert!(l.contains("ChatGPT"), "ligne forgée : {l}\n{md}");
        }
    }
    let inv = dir.path().join("inv.yaml");
    std::fs::write(
        &inv,
        "etablissement: \"Lycée\\n# Faux titre\"\noutils:\n  - outil: \"A\\n| forgé | x |\"\n    reponses: {}\n",
    )
    .unwrap();
    let a = cadria()
        .arg("inventaire")
        .arg(&inv)
        .args(["-f", "markdown"])
        .assert();
    let md = texte(&a.get_output().stdout);
    for l in md.lines() {
        if l.contains("Faux titre") {
            assert!(l.contains("Lycée"), "ligne forgée : {l}\n{md}");
        }
        if l.contains("forgé") {
            assert!(l.contains('A'), "ligne forgée : {l}\n{md}");
        }
    }
}

fn inventaire_json(chemin: &Path, extra: &[&str]) -> (serde_json::Value, Option<i32>, String) {
    let out = cadria()
        .arg("inventaire")
        .arg(chemin)
        .args(["-f", "json", "--date", "2026-11-28"])
        .args(extra)
        .output()
        .unwrap();
    let v = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (v, out.status.code(), texte(&out.stderr))
}

fn noms(v: &serde_json::Value) -> Vec<String> {
    v["evaluations"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| e["outil"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

const INTERDIT: &str = "    reponses: { role: enseignant, niveaux: [5e], usage_eleves: encadre, type_ia: generative, categorie_outil: grand_public, compte_eleve: personnel }\n";

/// Item 2: a line at column 0 in the middle of 1 000 entries no longer
/// swallows the rest silently: the gate fails (exit 2) and says where.
#[test]
fn inventaire_rien_d_avale_en_silence() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("mille.yaml");
    let mut t = String::from("outils:\n");
    for k in 0..1000 {
        if k == 499 {
            t.push_str("reponses: {}\n");
        }
        t.push_str(&format!("  - outil: Outil {k}\n"));
        if k == 800 {
            t.push_str(INTERDIT);
        } else {
            t.push_str("    reponses: { role: enseignant }\n");
        }
    }
    std::fs::write(&f, &t).unwrap();
    let (v, code, err) = inventaire_json(&f, &["--echec-a", "interdit"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(!v["erreurs"].as_array().unwrap().is_empty());
    assert!(err.contains("mille.yaml:"), "{err}");
    // A tab, a `---`, a duplicate `outils:` in the middle: never exit 0.
    for intrus in ["\treponses: {}\n", "---\n", "outils:\n"] {
        let mut t = String::from("outils:\n");
        for k in 0..20 {
            if k == 10 {
                t.push_str(intrus);
            }
            t.push_str(&format!("  - outil: Outil {k}\n"));
            t.push_str(if k == 15 {
                INTERDIT
            } else {
                "    reponses: { role: enseignant }\n"
            });
        }
        std::fs::write(&f, &t).unwrap();
        let (v, code, err) = inventaire_json(&f, &["--echec-a", "interdit"]);
        assert_ne!(code, Some(0), "{intrus:?}: {err}");
        let n = noms(&v).len() + v["erreurs"].as_array().map(Vec::len).unwrap_or(0);
        assert!(n >= 10, "{intrus:?}: {n}");
    }
}

/// Item 2: valid YAML is split as a YAML reader splits it.
#[test]
fn inventaire_yaml_valide_lu_en_entier() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("flux.yaml");
    std::fs::write(
        &f,
        "- {outil: A,\nreponses: {role: enseignant}}\n- outil: B\n  reponses: {role: enseignant}\n-    outil: C\n     reponses:\n       role: enseignant\n- &d {outil: D, reponses: {role: enseignant}}\n- *d\n",
    )
    .unwrap();
    let (v, code, err) = inventaire_json(&f, &[]);
    assert_eq!(noms(&v), ["A", "B", "C", "D", "D"], "{err}");
    assert_ne!(code, Some(2), "{err}");
    // Item 18: a syntax error among flow entries names where it stopped.
    let mut t = String::from("outils: [\n");
    for k in 0..1000 {
        if k == 600 {
            t.push_str("  {outil: Cassé, reponses: {role: [}},\n");
        }
        t.push_str(&format!(
            "  {{outil: O{k}, reponses: {{role: enseignant}}}},\n"
        ));
    }
    t.push_str("]\n");
    std::fs::write(&f, t).unwrap();
    let (v, code, err) = inventaire_json(&f, &[]);
    assert_eq!(code, Some(2));
    assert_eq!(
        noms(&v).len(),
        600,
        "les entrées avant l'erreur sont évaluées"
    );
    let e = &v["erreurs"][0];
    assert_eq!(e["entree"], 601, "{e}");
    assert_eq!(e["position"]["ligne"], 602, "{e}");
    assert!(err.contains("flux.yaml:602:"), "{err}");
}

/// Item 6: endless inputs are refused with a French message instead of
/// filling the memory.
#[cfg(unix)]
#[test]
fn flux_sans_fin_bornes() {
    let a = cadria().args(["evaluer", "/dev/zero"]).assert().code(2);
    assert!(texte(&a.get_output().stderr).contains("16 Mio"));
    let a = cadria()
        .args(["inventaire", "/dev/zero"])
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(2);
    assert!(texte(&a.get_output().stderr).contains("YAML invalide"));
    let dir = tempfile::tempdir().unwrap();
    // One endless line (a huge flow-style inventory): stopped at 1 Mi characters.
    let long = dir.path().join("long.yaml");
    std::fs::write(
        &long,
        format!("outils: [{{outil: \"{}", "a".repeat(3 << 20)),
    )
    .unwrap();
    let a = cadria().arg("inventaire").arg(&long).assert().code(2);
    assert!(texte(&a.get_output().stderr).contains("ligne de plus de"));
    let sortie = std::process::Command::new(assert_cmd::cargo::cargo_bin("cadria"))
        .args([
            "questionnaire",
            "--profil",
            "enseignant",
            "--simple",
            "--brouillon",
        ])
        .arg(dir.path().join("b.yaml"))
        .stdin(std::fs::File::open("/dev/zero").unwrap())
        .output()
        .unwrap();
    assert_eq!(sortie.status.code(), Some(2));
    assert!(texte(&sortie.stderr).contains("64 Kio"));
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.yaml")).unwrap();
    let a = cadria()
        .arg("scenarios")
        .arg(dir.path())
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .failure();
    assert!(texte(&a.get_output().stderr).contains("16 Mio"));
}

/// Item 11: when the draft cannot be written, leaving never says « Vos
/// réponses sont enregistrées »: it says what failed, saves elsewhere and
/// exits 2.
#[test]
fn echec_d_enregistrement_jamais_annonce_comme_reussi() {
    let dir = tempfile::tempdir().unwrap();
    let b = dir.path().join("absent").join("b.yaml");
    let a = cadria()
        .env("TMPDIR", dir.path())
        .args([
            "questionnaire",
            "--profil",
            "enseignant",
            "--simple",
            "--brouillon",
        ])
        .arg(&b)
        .write_stdin("Outil\n1\n")
        .assert()
        .code(2);
    let err = texte(&a.get_output().stderr);
    assert!(!err.contains("Vos réponses sont enregistrées"), "{err}");
    assert!(err.contains("n'ont pas pu être enregistrées"), "{err}");
    let secours: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    assert_eq!(secours.len(), 1, "{err}");
    let t = std::fs::read_to_string(&secours[0]).unwrap();
    assert!(
        t.contains("outil: \"Outil\"") && t.contains("finalites: [preparation_cours]"),
        "{t}"
    );
}

/// Item 10: a second questionnaire on a draft in use is refused and says
/// who holds it; a lock left by a process that is gone is taken over.
#[test]
fn brouillon_verrouille() {
    let dir = tempfile::tempdir().unwrap();
    let b = dir.path().join("b.yaml");
    let verrou = dir.path().join("b.yaml.verrou");
    // This test process is alive: its id in the lock means « held ».
    std::fs::write(&verrou, format!("{}\n", std::process::id())).unwrap();
    let a = cadria()
        .args([
            "questionnaire",
            "--profil",
            "enseignant",
            "--simple",
            "--brouillon",
        ])
        .arg(&b)
        .write_stdin("Outil\n1\n")
        .assert()
        .code(2);
    let err = texte(&a.get_output().stderr);
    assert!(
        err.contains("déjà ouvert") && err.contains(&std::process::id().to_string()),
        "{err}"
    );
    assert!(!b.exists());
    // A stale lock (no such process).
    std::fs::write(&verrou, "4000000000\n").unwrap();
    cadria()
        .args([
            "questionnaire",
            "--profil",
            "enseignant",
            "--simple",
            "--brouillon",
        ])
        .arg(&b)
        .write_stdin("Outil\n1\n")
        .assert()
        .success();
    assert!(b.exists());
    assert!(!verrou.exists(), "le verrou est rendu à la fin");
}
