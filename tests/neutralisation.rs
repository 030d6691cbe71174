//! Issue 11, item 1: hostile strings (terminal escapes, OSC 52, carriage
//! returns, forged lines, C1 controls, DEL, bidi overrides, Unicode line
//! separators) in every user-written place — answers, inventories, rule
//! packs, scenarios, typed answers, file names — go through every command and
//! format. No control byte other than `\n` (and `\r\n` in CSV, and the colour
//! codes cadria emits itself with `--couleur toujours`) may reach stdout or
//! stderr; JSON keeps the exact value.

use assert_cmd::Command;
use std::path::Path;

/// Hostile strings of the issue, plus one of each remaining class.
const HOSTILES: [&str; 4] = [
    "X\u{1b}]52;c;SGVsbG8=\u{7}\u{1b}[2J\rOVER",
    "ChatGPT\nVerdict      : CONFORME\n\u{1b}[8m",
    "A\u{85}B\u{9b}31mC\u{7f}D\u{202e}E\u{2066}F\u{2028}G\u{0}H\tI",
    "  =cmd|' /C calc'!A0;=1+1,\"x\"",
];

/// A YAML double-quoted scalar for `s`, every character outside printable
/// ASCII written as an escape (so the file itself stays plain).
fn yaml(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            _ => out.push_str(&format!("\\U{:08x}", u32::from(c))),
        }
    }
    out.push('"');
    out
}

fn cadria() -> Command {
    let mut c = Command::cargo_bin("cadria").unwrap();
    c.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    c
}

/// Characters that must never reach a person raw (an independent list, not
/// the code under test).
fn interdit(c: char) -> bool {
    let n = u32::from(c);
    n < 0x20
        || (0x7f..=0x9f).contains(&n)
        || matches!(n, 0x61c | 0x200e | 0x200f | 0x2028 | 0x2029)
        || (0x202a..=0x202e).contains(&n)
        || (0x2066..=0x2069).contains(&n)
}

struct Regle {
    /// Output is CSV: `\r\n` line ends are allowed.
    csv: bool,
    /// Output is JSON: only raw C0 bytes are checked (JSON escapes them),
    /// other characters keep their exact value.
    json: bool,
    /// `--couleur toujours`: SGR sequences `ESC [ digits ; m` allowed.
    couleurs: bool,
}

fn verifier(quoi: &str, octets: &[u8], r: &Regle) {
    let texte = String::from_utf8_lossy(octets);
    let c: Vec<char> = texte.chars().collect();
    let mut i = 0;
    while i < c.len() {
        let x = c[i];
        if x == '\n' || (r.csv && x == '\r' && c.get(i + 1) == Some(&'\n')) {
            i += 1;
            continue;
        }
        if r.couleurs && x == '\u{1b}' && c.get(i + 1) == Some(&'[') {
            let mut j = i + 2;
            while j < c.len() && (c[j].is_ascii_digit() || c[j] == ';') {
                j += 1;
            }
            if c.get(j) == Some(&'m') {
                i = j + 1;
                continue;
            }
        }
        let mauvais = if r.json {
            u32::from(x) < 0x20
        } else {
            interdit(x)
        };
        if mauvais {
            let autour: String = c[i.saturating_sub(300)..(i + 100).min(c.len())]
                .iter()
                .collect();
            panic!(
                "{quoi}: caractère U+{:04X} à la position {i} :\n{autour:?}",
                u32::from(x)
            );
        }
        i += 1;
    }
}

fn lancer(quoi: &str, cmd: &mut Command, r: &Regle) -> std::process::Output {
    let sortie = cmd.output().unwrap();
    assert!(
        sortie.status.code().is_some_and(|c| c <= 2),
        "{quoi}: {:?}",
        sortie.status
    );
    verifier(&format!("{quoi} (stdout)"), &sortie.stdout, r);
    // stderr never carries JSON or CSV.
    let r_err = Regle {
        csv: false,
        json: false,
        couleurs: false,
    };
    verifier(&format!("{quoi} (stderr)"), &sortie.stderr, &r_err);
    sortie
}

fn reponses(outil: &str, extra: &str) -> String {
    format!(
        "outil: {o}\nreponses:\n  role: enseignant\n  niveaux: [5e]\n  usage_eleves: encadre\n  type_ia: generative\n  categorie_outil: grand_public\n  compte_eleve: personnel\n{extra}derogations:\n  - regle: ENV-01\n    justification: {j}\n    approuve_par: {a}\n    expire_le: 2099-01-01\n",
        o = yaml(outil),
        j = yaml(HOSTILES[1]),
        a = yaml(HOSTILES[2]),
    )
}

fn inventaire(extra: &str) -> String {
    let mut s = format!("etablissement: {}\noutils:\n", yaml(HOSTILES[0]));
    for (k, h) in HOSTILES.iter().enumerate() {
        s.push_str(&format!(
            "  - outil: {}\n    declare_par: {}\n    reponses:\n      categorie_outil: grand_public\n      niveaux: [5e]\n",
            yaml(h),
            yaml(HOSTILES[(k + 1) % HOSTILES.len()])
        ));
    }
    // An entry that cannot be read, named with a hostile string.
    s.push_str(&format!(
        "  - outil: {}\n    reponses:\n      {}: oui\n",
        yaml(HOSTILES[1]),
        yaml(HOSTILES[0])
    ));
    s.push_str(extra);
    s
}

const FORMATS: [&str; 4] = ["texte", "markdown", "html", "json"];

fn formats_inventaire() -> [&'static str; 5] {
    ["texte", "markdown", "html", "json", "csv"]
}

fn regle(format: &str, couleurs: bool) -> Regle {
    Regle {
        csv: format == "csv",
        json: format == "json",
        couleurs,
    }
}

#[test]
fn evaluer_tout_format_sans_caractere_de_controle() {
    let dir = tempfile::tempdir().unwrap();
    for (k, h) in HOSTILES.iter().enumerate() {
        let f = dir.path().join(format!("r{k}.yaml"));
        std::fs::write(&f, reponses(h, "")).unwrap();
        for format in FORMATS {
            for couleur in ["jamais", "toujours"] {
                let sortie = lancer(
                    &format!("evaluer {k} {format} {couleur}"),
                    cadria()
                        .args(["--couleur", couleur, "evaluer"])
                        .arg(&f)
                        .args(["-f", format, "--date", "2026-11-28"]),
                    &regle(format, couleur == "toujours"),
                );
                if format == "json" {
                    let v: serde_json::Value = serde_json::from_slice(&sortie.stdout).unwrap();
                    assert_eq!(v["outil"], *h, "le JSON garde la valeur exacte");
                }
            }
        }
    }
}

#[test]
fn diagnostics_sans_caractere_de_controle() {
    let dir = tempfile::tempdir().unwrap();
    // Unknown fact and unknown value, both hostile; a hostile file name.
    let nom = dir.path().join("a\u{1b}[2Jb\nc.yaml");
    let texte = format!(
        "outil: x\nreponses:\n  {}: oui\n  role: {}\n",
        yaml(HOSTILES[0]),
        yaml(HOSTILES[1])
    );
    std::fs::write(&nom, texte).unwrap();
    let sortie = lancer(
        "diagnostic",
        cadria().args(["--couleur", "jamais", "evaluer"]).arg(&nom),
        &regle("texte", false),
    );
    assert_eq!(sortie.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&sortie.stderr).contains("␛]52"));
    // A missing file with a hostile name, a hostile date, a hostile option.
    lancer(
        "fichier absent",
        cadria()
            .arg("evaluer")
            .arg(dir.path().join("n\u{1b}[2J\rx")),
        &regle("texte", false),
    );
    lancer(
        "date",
        cadria().args(["evaluer", "x.yaml", "--date", HOSTILES[0]]),
        &regle("texte", false),
    );
    lancer(
        "option",
        cadria().args(["evaluer", HOSTILES[1], "--format", HOSTILES[0]]),
        &regle("texte", false),
    );
    lancer(
        "règle inconnue",
        cadria().args(["regles", "expliquer", HOSTILES[0]]),
        &regle("texte", false),
    );
}

#[test]
fn inventaire_tout_format_sans_caractere_de_controle() {
    let dir = tempfile::tempdir().unwrap();
    let inv = dir.path().join("inv.yaml");
    std::fs::write(&inv, inventaire("")).unwrap();
    // A previous audit whose tools (hostile names) have since gone.
    let ancien = dir.path().join("ancien.yaml");
    std::fs::write(
        &ancien,
        format!(
            "outils:\n  - outil: {}\n    reponses: {{}}\n  - outil: {}\n    reponses: {{}}\n",
            yaml("Disparu\u{1b}[2J\r"),
            yaml(HOSTILES[0])
        ),
    )
    .unwrap();
    let precedent = dir.path().join("precedent.json");
    let s = cadria()
        .arg("inventaire")
        .arg(&ancien)
        .args(["-f", "json", "--date", "2026-01-01", "-o"])
        .arg(&precedent)
        .output()
        .unwrap();
    assert!(precedent.exists(), "{s:?}");
    for format in formats_inventaire() {
        for couleur in ["jamais", "toujours"] {
            let sortie = lancer(
                &format!("inventaire {format} {couleur}"),
                cadria()
                    .args(["--couleur", couleur, "inventaire"])
                    .arg(&inv)
                    .args(["-f", format, "--date", "2026-11-28", "--depuis"])
                    .arg(&precedent),
                &regle(format, couleur == "toujours"),
            );
            if format == "json" {
                let v: serde_json::Value = serde_json::from_slice(&sortie.stdout).unwrap();
                assert_eq!(v["etablissement"], HOSTILES[0]);
            }
        }
    }
}

/// A copy of the small test pack with hostile texts.
fn pack_hostile(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let regles = dir.join("regles");
    let questionnaires = dir.join("questionnaires");
    std::fs::create_dir_all(&regles).unwrap();
    std::fs::create_dir_all(&questionnaires).unwrap();
    let r = std::fs::read_to_string("tests/fixtures/mini/regles/essai.yaml").unwrap();
    let r = r
        .replacen(
            "titre: Pas de service grand public sans contrat",
            &format!("titre: {}", yaml(HOSTILES[0])),
            1,
        )
        .replacen(
            "remediation: Utilisez un outil institutionnel.",
            &format!("remediation: {}", yaml(HOSTILES[1])),
            1,
        )
        .replacen(
            "pourquoi: Les données partent chez un tiers sans garantie.",
            &format!("pourquoi: {}", yaml(HOSTILES[2])),
            1,
        );
    assert!(r.contains("\\U0000001b"), "le pack a bien été modifié");
    std::fs::write(regles.join("essai.yaml"), r).unwrap();
    // Le nom d'une source vient lui aussi du pack (sources.yaml) : il est lu comme le reste.
    std::fs::write(
        regles.join("sources.yaml"),
        format!(
            "- {{ id: cadre, nom: {}, lien: 'https://www.education.gouv.fr/' }}\n",
            yaml(HOSTILES[0])
        ),
    )
    .unwrap();
    std::fs::copy(
        "tests/fixtures/mini/questionnaires/faits.yaml",
        questionnaires.join("faits.yaml"),
    )
    .unwrap();
    let q = std::fs::read_to_string("tests/fixtures/mini/questionnaires/essai.yaml").unwrap();
    let q = q.replacen(
        "texte: Quel outil ?",
        &format!("texte: {}", yaml(HOSTILES[0])),
        1,
    );
    std::fs::write(questionnaires.join("essai.yaml"), q).unwrap();
    (regles, questionnaires)
}

#[test]
fn pack_de_regles_et_scenarios_sans_caractere_de_controle() {
    let dir = tempfile::tempdir().unwrap();
    let (regles, questionnaires) = pack_hostile(dir.path());
    let pack = |c: &mut Command| {
        c.arg("--regles")
            .arg(&regles)
            .arg("--questionnaires")
            .arg(&questionnaires);
    };
    let rep = dir.path().join("r.yaml");
    std::fs::write(
        &rep,
        format!(
            "outil: {}\nreponses:\n  categorie_outil: grand_public\n  contrat_dpa: non\n",
            yaml(HOSTILES[0])
        ),
    )
    .unwrap();
    for format in FORMATS {
        for couleur in ["jamais", "toujours"] {
            let r = regle(format, couleur == "toujours");
            let mut c = cadria();
            pack(&mut c);
            c.args(["--couleur", couleur, "evaluer"])
                .arg(&rep)
                .args(["-f", format]);
            lancer(&format!("pack evaluer {format}"), &mut c, &r);
            let mut c = cadria();
            pack(&mut c);
            c.args(["--couleur", couleur, "regles", "lister", "-f", format]);
            lancer(&format!("regles lister {format}"), &mut c, &r);
            let mut c = cadria();
            pack(&mut c);
            c.args([
                "--couleur",
                couleur,
                "regles",
                "expliquer",
                "ESSAI-01",
                "-f",
                format,
            ]);
            lancer(&format!("regles expliquer {format}"), &mut c, &r);
        }
    }
    // The plain questionnaire shows the hostile question and echoes the answer.
    let mut c = cadria();
    pack(&mut c);
    c.args([
        "--couleur",
        "jamais",
        "questionnaire",
        "--profil",
        "essai",
        "--simple",
        "--brouillon",
    ])
    .arg(dir.path().join("b.yaml"))
    .write_stdin(format!("{}\n<\n", HOSTILES[2]));
    lancer("questionnaire d'un pack", &mut c, &regle("texte", false));
    let mut c = cadria();
    pack(&mut c);
    c.arg("valider");
    lancer("valider", &mut c, &regle("texte", false));
    // A scenario whose description, tool and expectation are hostile.
    let sc = dir.path().join("sc.yaml");
    std::fs::write(
        &sc,
        format!(
            "description: {}\noutil: {}\nreponses: {{ categorie_outil: grand_public, contrat_dpa: non }}\nattendu:\n  verdict: conforme\n  declenchees: [{}]\n",
            yaml(HOSTILES[1]),
            yaml(HOSTILES[0]),
            yaml(HOSTILES[2])
        ),
    )
    .unwrap();
    let mut c = cadria();
    pack(&mut c);
    c.arg("scenarios").arg(&sc);
    lancer("scenarios", &mut c, &regle("texte", false));
}

#[test]
fn questionnaire_simple_sans_caractere_de_controle() {
    let dir = tempfile::tempdir().unwrap();
    let brouillon = dir.path().join("b.yaml");
    let mut entree = String::new();
    entree.push_str(HOSTILES[0].replace(['\n', '\r'], " ").as_str());
    entree.push('\n');
    entree.push_str("1\n");
    lancer(
        "questionnaire",
        cadria()
            .args([
                "questionnaire",
                "--profil",
                "enseignant",
                "--simple",
                "--brouillon",
            ])
            .arg(&brouillon)
            .write_stdin(entree),
        &regle("texte", false),
    );
}

#[test]
fn documents_et_scanner_sans_caractere_de_controle() {
    let dir = tempfile::tempdir().unwrap();
    for (k, h) in HOSTILES.iter().enumerate() {
        let f = dir.path().join(format!("r{k}.yaml"));
        std::fs::write(&f, reponses(h, "")).unwrap();
        for format in ["markdown", "html"] {
            lancer(
                &format!("documents {k} {format}"),
                cadria()
                    .args(["--couleur", "jamais", "documents"])
                    .arg(&f)
                    .args(["-f", format, "--date", "2026-11-28"]),
                &regle(format, false),
            );
        }
        let texte = format!(
            "Bonjour, je suis {h} (jean.dupont@exemple.fr, 06 12 34 56 78), élève de 5e.\n"
        );
        lancer(
            &format!("scanner {k}"),
            cadria()
                .args(["--couleur", "jamais", "scanner", "-"])
                .write_stdin(texte),
            &regle("texte", false),
        );
    }
}
