//! No English reaches a person: each case the first users met (a missing
//! file, a tab in the YAML, a mistyped fact or field, clap's help labels…)
//! is fed to cadria and its output checked for English words, and for the
//! French help that replaces them (« vouliez-vous dire … ? »).

use assert_cmd::Command;

/// Words of the messages that used to come from the system, serde-saphyr
/// or clap.
const ANGLAIS: &[&str] = &[
    "No such file",
    "os error",
    "Is a directory",
    "tabs",
    "disallowed",
    "unclosed",
    "unknown field",
    "expected",
    "Possible values",
    "possible values",
    "[default",
    "[alias:",
    "[aliases",
    "invalid value",
    "Usage:",
    "Options:",
    "error:",
];

fn cadria() -> Command {
    let mut c = Command::cargo_bin("cadria").unwrap();
    c.env("NO_COLOR", "1");
    c
}

/// stdout and stderr of `cadria args`, run in `dossier`.
fn sorties(dossier: &std::path::Path, args: &[&str]) -> String {
    let o = cadria().current_dir(dossier).args(args).output().unwrap();
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
    .replace(['\u{a0}', '\u{202f}'], " ")
}

fn sans_anglais(cas: &str, texte: &str) {
    for mot in ANGLAIS {
        assert!(
            !texte.contains(mot),
            "{cas} : « {mot} » (anglais) dans :\n{texte}"
        );
    }
}

#[test]
fn erreurs_en_francais_avec_suggestions() {
    let d = tempfile::tempdir().unwrap();
    let fichiers = [
        ("tab.yaml", "outil: x\nreponses:\n\trole: enseignant\n"),
        ("guillemet.yaml", "outil: \"x\nreponses: {}\n"),
        ("crochet.yaml", "outil: x\nreponses:\n  niveaux: [5e\n"),
        ("champ.yaml", "outil: x\nreponse:\n  role: enseignant\n"),
        ("fait.yaml", "outil: x\nreponses:\n  niveux: [5e]\n"),
        ("valeur.yaml", "outil: x\nreponses:\n  role: enseignnt\n"),
        (
            "profil.yaml",
            "outil: x\nquestionnaire: enseignat\nreponses: {}\n",
        ),
    ];
    for (nom, texte) in fichiers {
        std::fs::write(d.path().join(nom), texte).unwrap();
    }
    std::fs::create_dir(d.path().join("dossier.yaml")).unwrap();
    // (case, arguments, French text expected)
    let cas: &[(&str, &[&str], &str)] = &[
        (
            "fichier absent",
            &["evaluer", "absent.yaml"],
            "fichier ou dossier introuvable",
        ),
        (
            "dossier",
            &["evaluer", "dossier.yaml"],
            "c'est un dossier, pas un fichier",
        ),
        (
            "tabulation",
            &["evaluer", "tab.yaml"],
            "tabulation interdite",
        ),
        (
            "guillemet",
            &["evaluer", "guillemet.yaml"],
            "guillemet jamais refermé",
        ),
        ("crochet", &["evaluer", "crochet.yaml"], "jamais refermé"),
        (
            "champ",
            &["evaluer", "champ.yaml"],
            "vouliez-vous dire `reponses` ?",
        ),
        (
            "fait",
            &["evaluer", "fait.yaml"],
            "vouliez-vous dire `niveaux` ?",
        ),
        (
            "valeur",
            &["evaluer", "valeur.yaml"],
            "vouliez-vous dire `enseignant` ?",
        ),
        (
            "questionnaire du fichier",
            &["evaluer", "profil.yaml"],
            "vouliez-vous dire `enseignant` ?",
        ),
        (
            "profil",
            &["--profil", "enseignat", "--simple"],
            "vouliez-vous dire `enseignant` ?",
        ),
        (
            "règle",
            &["regles", "expliquer", "DONNEES-3"],
            "vouliez-vous dire `DONNEES-03` ?",
        ),
        ("schéma sans cible", &["schema"], "cibles possibles"),
        (
            "séparateur",
            &["inventaire", "x.yaml", "-f", "csv", "--separateur", "|"],
            "le séparateur du CSV est",
        ),
        (
            "aide de l'inventaire",
            &["inventaire", "--help"],
            "Par défaut : texte",
        ),
        ("aide", &["--help"], "Sous-commandes :"),
        ("aide d'evaluer", &["evaluer", "--help"], "Options :"),
    ];
    for (nom, args, attendu) in cas {
        let texte = sorties(d.path(), args);
        assert!(
            texte.contains(attendu),
            "{nom} : « {attendu} » absent de :\n{texte}"
        );
        sans_anglais(nom, &texte);
    }
    // Every subcommand's help.
    for sous in [
        "evaluer",
        "inventaire",
        "questionnaire",
        "valider",
        "scenarios",
        "schema",
        "regles",
    ] {
        sans_anglais(sous, &sorties(d.path(), &[sous, "--help"]));
    }
}
