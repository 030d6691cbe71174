//! Ce que partagent les tests d'intégration.

use assert_cmd::Command;

/// Le binaire `cadria`, sans couleurs (sorties comparables d'un terminal à
/// l'autre), le dossier des données de l'utilisateur détourné vers un
/// dossier temporaire : un test n'écrit jamais dans le vrai dossier personnel.
pub fn cadria() -> Command {
    let mut c = Command::cargo_bin("cadria").unwrap();
    let maison = std::env::temp_dir().join(format!("cadria-tests-maison-{}", std::process::id()));
    c.env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env("HOME", &maison)
        .env("XDG_DATA_HOME", maison.join("donnees"));
    c
}

/// Une date écrite `AAAA-MM-JJ` (valide : les tests n'en écrivent pas d'autres).
pub fn date(s: &str) -> cadria::date::Date {
    cadria::date::Date::depuis(s).expect("date de test valide")
}

/// Le programme désigné par la variable `variable`, sinon le premier de `noms`
/// trouvé dans le PATH (navigateur, LibreOffice…).
pub fn programme(variable: &str, noms: &[&str]) -> Option<std::path::PathBuf> {
    if let Some(c) = std::env::var_os(variable) {
        return Some(std::path::PathBuf::from(c));
    }
    let chemin = std::env::var_os("PATH")?;
    noms.iter()
        .flat_map(|nom| std::env::split_paths(&chemin).map(move |d| d.join(nom)))
        .find(|p| p.is_file())
}

/// Le nombre de pages d'un PDF.
pub fn pages_pdf(pdf: &[u8]) -> usize {
    regex::bytes::Regex::new(r"/Type\s*/Page\b")
        .unwrap()
        .find_iter(pdf)
        .count()
}
