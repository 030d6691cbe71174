//! Les gabarits des documents (`templates/documents/*.md.j2`, intégrés au
//! programme) ou ceux d'une académie (`--gabarits DOSSIER`), rendus avec
//! minijinja : indéfini strict, pas de `debug`, carburant borné pour les
//! gabarits venus d'ailleurs. Toute valeur insérée est échappée pour
//! Markdown ; les blancs « [à compléter : …] » viennent du filtre `ou_blanc`.

use super::{Dossier, TypeDocument};
use minijinja::{Environment, Error, ErrorKind, State, Value};
use std::path::Path;

/// Les gabarits intégrés : (nom, source).
const INTEGRES: [(&str, &str); 5] = [
    (
        "consigne.md.j2",
        include_str!("../../templates/documents/consigne.md.j2"),
    ),
    (
        "note-familles.md.j2",
        include_str!("../../templates/documents/note-familles.md.j2"),
    ),
    (
        "fiche-registre.md.j2",
        include_str!("../../templates/documents/fiche-registre.md.j2"),
    ),
    (
        "aipd.md.j2",
        include_str!("../../templates/documents/aipd.md.j2"),
    ),
    (
        "mention.md.j2",
        include_str!("../../templates/documents/mention.md.j2"),
    ),
];

/// Carburant d'un rendu de gabarit qui n'est pas le nôtre.
const CARBURANT: u64 = 200_000;

/// Le blanc visible d'une réponse manquante.
pub fn blanc(quoi: &str) -> String {
    format!("[à compléter : {quoi}]")
}

/// Un problème de gabarit : fichier, ligne, message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErreurGabarit {
    /// Fichier (ou nom du gabarit intégré).
    pub fichier: String,
    /// Ligne (0 si inconnue).
    pub ligne: usize,
    /// Ce qui ne va pas, en français.
    pub message: String,
}

impl std::fmt::Display for ErreurGabarit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.ligne > 0 {
            write!(f, "{}:{}: {}", self.fichier, self.ligne, self.message)
        } else {
            write!(f, "{}: {}", self.fichier, self.message)
        }
    }
}

fn erreur(fichier: &str, e: &Error) -> ErreurGabarit {
    let mut message = format!(
        "gabarit invalide : {}",
        e.detail().unwrap_or(&e.to_string())
    );
    if e.kind() == ErrorKind::UndefinedError {
        message.push_str(
            " (variable inconnue : voir les champs décrits dans templates/documents/README.md)",
        );
    }
    ErreurGabarit {
        fichier: fichier.to_string(),
        ligne: e.line().unwrap_or(0),
        message,
    }
}

/// Les gabarits chargés, prêts à rendre.
pub struct Gabarits {
    env: Environment<'static>,
    /// Chemin affiché de chaque gabarit (intégré ou fichier).
    origines: Vec<(String, String)>,
}

/// Échappe les caractères qui ont un sens en Markdown : un texte saisi reste du texte.
fn echapper(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '{' | '}' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `valeur | ou_blanc("durée de conservation")` : la valeur (échappée), ou le blanc.
fn ou_blanc(v: Value, quoi: String) -> Value {
    if v.is_none() || v.is_undefined() || v.as_str().is_some_and(|s| s.trim().is_empty()) {
        Value::from_safe_string(blanc(&echapper(&quoi)))
    } else {
        Value::from_safe_string(echapper(&super::une_ligne(&v.to_string())))
    }
}

impl Gabarits {
    /// Les gabarits intégrés, remplacés un à un par ceux de `dossier` s'il est donné
    /// (un fichier `consigne.md.j2` remplace la consigne ; les autres restent).
    pub fn charger(dossier: Option<&Path>) -> Result<Gabarits, Vec<ErreurGabarit>> {
        let mut env = Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        env.remove_global("debug");
        env.set_syntax(
            minijinja::syntax::SyntaxConfig::builder()
                .trim_blocks(true)
                .lstrip_blocks(true)
                .build()
                .map_err(|e| vec![erreur("syntaxe", &e)])?,
        );
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
        env.set_formatter(
            |out: &mut minijinja::Output<'_>, _state: &mut State<'_, '_>, value: &Value| {
                if value.is_none() || value.is_undefined() {
                    return Ok(());
                }
                let s = if value.is_safe() {
                    value.to_string()
                } else {
                    echapper(&super::une_ligne(&value.to_string()))
                };
                out.write_str(&s)
                    .map_err(|_| Error::new(ErrorKind::WriteFailure, "écriture impossible"))
            },
        );
        env.add_filter("ou_blanc", ou_blanc);
        env.add_function("blanc", |quoi: String| {
            Value::from_safe_string(blanc(&echapper(&quoi)))
        });
        let mut origines = Vec::new();
        let mut erreurs = Vec::new();
        let externe = dossier.is_some();
        for (nom, source) in INTEGRES {
            let (origine, texte) = match dossier.map(|d| d.join(nom)) {
                Some(chemin) if chemin.exists() => match std::fs::read_to_string(&chemin) {
                    Ok(t) => (chemin.display().to_string(), t),
                    Err(e) => {
                        erreurs.push(ErreurGabarit {
                            fichier: chemin.display().to_string(),
                            ligne: 0,
                            message: format!("fichier illisible : {e}"),
                        });
                        continue;
                    }
                },
                _ => (
                    format!("templates/documents/{nom} (intégré)"),
                    source.to_string(),
                ),
            };
            if let Err(e) = env.add_template_owned(nom.to_string(), texte) {
                erreurs.push(erreur(&origine, &e));
            }
            origines.push((nom.to_string(), origine));
        }
        if let Some(d) = dossier {
            match std::fs::read_dir(d) {
                Ok(entrees) => {
                    for e in entrees.flatten() {
                        let nom = e.file_name().to_string_lossy().into_owned();
                        if nom.ends_with(".j2") && !INTEGRES.iter().any(|(n, _)| *n == nom) {
                            erreurs.push(ErreurGabarit {
                                fichier: e.path().display().to_string(),
                                ligne: 0,
                                message: format!(
                                    "gabarit inconnu : les noms possibles sont {}",
                                    INTEGRES.map(|(n, _)| n).join(", ")
                                ),
                            });
                        }
                    }
                }
                Err(e) => erreurs.push(ErreurGabarit {
                    fichier: d.display().to_string(),
                    ligne: 0,
                    message: format!("dossier de gabarits illisible : {e}"),
                }),
            }
        }
        if externe {
            env.set_fuel(Some(CARBURANT));
        }
        if erreurs.is_empty() {
            Ok(Gabarits { env, origines })
        } else {
            Err(erreurs)
        }
    }

    fn origine(&self, nom: &str) -> String {
        self.origines
            .iter()
            .find(|(n, _)| n == nom)
            .map_or(nom.to_string(), |(_, o)| o.clone())
    }

    /// Le document `t` en Markdown.
    pub fn rendre(&self, t: TypeDocument, dossier: &Dossier) -> Result<String, ErreurGabarit> {
        let nom = format!("{}.md.j2", t.id());
        let g = self
            .env
            .get_template(&nom)
            .map_err(|e| erreur(&self.origine(&nom), &e))?;
        let mut s = g
            .render(Value::from(minijinja::value::Serde(dossier)))
            .map_err(|e| erreur(&self.origine(&nom), &e))?;
        if !s.ends_with('\n') {
            s.push('\n');
        }
        Ok(s)
    }

    /// Vérifie que chaque gabarit se rend sans erreur sur des dossiers
    /// d'essai (réponses toutes connues, toutes inconnues).
    pub fn verifier(&self, essais: &[Dossier]) -> Vec<ErreurGabarit> {
        let mut erreurs = Vec::new();
        for t in TypeDocument::TOUS {
            for d in essais {
                if let Err(e) = self.rendre(t, d)
                    && !erreurs.contains(&e)
                {
                    erreurs.push(e);
                }
            }
        }
        erreurs
    }
}
