//! Le catalogue des codes de diagnostic : chaque code a un numéro stable,
//! un titre, une description en français et un exemple
//! (`cadria valider --expliquer CAD005`, comme `rustc --explain`).

use serde::Serialize;

/// Déclare l'énumération [`Code`] et, pour chaque code, son numéro, son
/// titre, sa description et son exemple : une seule liste, rien à tenir à
/// jour en double.
macro_rules! catalogue {
    ($(
        $(#[doc = $doc:literal])*
        $variante:ident = $numero:literal {
            titre: $titre:literal,
            description: $description:literal,
            exemple: $exemple:literal $(,)?
        }
    )*) => {
        /// Codes de diagnostic stables. Un numéro ne change jamais et n'est
        /// jamais réattribué : les personnes et les tests s'y fient (un code
        /// retiré figure dans [`RETIRES`]).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        pub enum Code {
            $($(#[doc = $doc])* $variante,)*
        }

        impl Code {
            /// Tous les codes, dans l'ordre de leur déclaration.
            pub const TOUS: &'static [Code] = &[$(Code::$variante),*];

            /// La forme imprimée et stable du code (`CAD001`…).
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variante => $numero,)* }
            }

            /// Ce que le code signale, en quelques mots.
            pub fn titre(self) -> &'static str {
                match self { $(Code::$variante => $titre,)* }
            }

            /// Ce que le code veut dire et ce qu'il faut faire, en français.
            pub fn description(self) -> &'static str {
                match self { $(Code::$variante => $description,)* }
            }

            /// Un extrait de fichier (ou une commande) qui produit ce code.
            pub fn exemple(self) -> &'static str {
                match self { $(Code::$variante => $exemple,)* }
            }
        }
    };
}

catalogue! {
    /// Le fichier n'a pas pu être lu du tout.
    Lecture = "CAD001" {
        titre: "fichier illisible",
        description: "Un fichier donné à cadria (réponses, inventaire, règles, questionnaires, scénarios, brouillon) n'a pas pu être lu : il n'existe pas, les droits manquent, ce n'est pas un texte UTF-8, il dépasse la taille permise ou le dossier ne contient aucun fichier attendu. Vérifiez le chemin, les droits et l'encodage du fichier.",
        exemple: "cadria evaluer reponses-inexistantes.yaml\n\nreponses-inexistantes.yaml: erreur[CAD001]: fichier illisible : fichier ou dossier introuvable",
    }
    /// Syntaxe YAML ou structure incorrecte (champ inconnu, mauvais type…).
    Yaml = "CAD002" {
        titre: "YAML invalide",
        description: "Le fichier n'est pas du YAML valide, ou sa structure ne correspond pas à ce qui est attendu : indentation, deux-points, guillemet ou crochet resté ouvert, champ inconnu, liste à la place d'un texte. La position indique où le lecteur s'est arrêté ; l'erreur est souvent juste avant.",
        exemple: "- id: DONNEES-01\n  titre: \"Données personnelles\n\nle guillemet ouvert n'est jamais refermé : erreur[CAD002]",
    }
    /// Deux éléments portent le même identifiant.
    IdentifiantDuplique = "CAD003" {
        titre: "identifiant en double",
        description: "Deux règles, deux faits, deux notions, deux questions ou deux valeurs d'un même fait portent le même identifiant. Un identifiant désigne une seule chose et ne se réutilise jamais : renommez le nouvel élément.",
        exemple: "- id: DONNEES-01\n  …\n- id: DONNEES-01   # erreur[CAD003] : la règle DONNEES-01 est déjà définie",
    }
    /// Une condition ou une réponse nomme un fait que le schéma ne déclare pas.
    FaitInconnu = "CAD004" {
        titre: "fait inconnu",
        description: "Une condition, une question ou un fichier de réponses nomme un fait que le schéma des faits (questionnaires/faits*.yaml) ne déclare pas. C'est le plus souvent une faute de frappe : l'aide propose le fait le plus proche.",
        exemple: "quand: categorie_outl == \"grand_public\"   # erreur[CAD004] : vouliez-vous dire `categorie_outil` ?",
    }
    /// Une valeur comparée à un fait ou donnée en réponse est hors du domaine du fait.
    ValeurHorsDomaine = "CAD005" {
        titre: "valeur hors du domaine du fait",
        description: "Une valeur écrite pour un fait de type choix ou liste (dans une condition, une question ou un fichier de réponses) n'est pas l'une des valeurs que le schéma déclare pour ce fait. Une telle comparaison ne serait jamais vraie, ou la réponse ne pourrait pas être évaluée. Écrivez l'une des valeurs listées dans l'aide, ou `inconnu` pour « je ne sais pas ».",
        exemple: "reponses:\n  categorie_outil: grand_publique   # erreur[CAD005] : vouliez-vous dire `grand_public` ?",
    }
    /// Une expression ou un gabarit minijinja ne se compile pas.
    Syntaxe = "CAD006" {
        titre: "expression ou gabarit invalide",
        description: "Une condition `quand`, un raisonnement ou un gabarit de document n'est pas une expression ou un gabarit valide : parenthèse ou guillemet non refermé, {{ }} mal formé, variable inconnue dans un gabarit. Corrigez l'expression à la position indiquée.",
        exemple: "quand: role == \"enseignant\" and   # erreur[CAD006] : l'expression s'arrête au milieu",
    }
    /// Un texte français obligatoire est absent ou vide.
    TexteManquant = "CAD007" {
        titre: "texte français manquant",
        description: "Un texte que les personnes liront (titre, raisonnement, remédiation, pourquoi, exemples, libellé, texte de question) est absent ou vide. Chaque règle et chaque question doit pouvoir s'expliquer en français : écrivez ce texte.",
        exemple: "- id: DONNEES-01\n  titre: \"\"   # erreur[CAD007] : la règle DONNEES-01 a un champ `titre` vide",
    }
    /// Une gravité, une nature, une fiabilité ou un autre champ énuméré est hors de son échelle.
    HorsEchelle = "CAD008" {
        titre: "valeur hors échelle",
        description: "Un champ qui n'accepte qu'une liste fermée de valeurs (gravité, nature, fiabilité d'une règle, type d'un fait, répondant, verdict attendu d'un scénario) contient autre chose. L'aide donne les valeurs possibles.",
        exemple: "gravite: tres_grave   # erreur[CAD008] : valeurs possibles : interdit, non_conforme, vigilance, conseil",
    }
    /// Une condition n'a pas pu être évaluée sur des réponses d'essai.
    EvaluationImpossible = "CAD009" {
        titre: "évaluation impossible",
        description: "Les règles n'ont pas pu être évaluées sur les réponses d'un scénario (condition qui échoue à l'exécution). Lancez `cadria valider` sur ces règles : une condition valide s'évalue toujours.",
        exemple: "cadria scenarios tests/scenarios   # erreur[CAD009] : évaluation impossible",
    }
    /// Une règle ne cite aucune source, ou cite une source inconnue.
    Reference = "CAD010" {
        titre: "référence absente ou inconnue",
        description: "Chaque règle cite au moins une source (cadre d'usage, RGPD, loi Informatique et Libertés, AI Act…) avec l'article ou la page, et un lien web s'il y en a un. Ce code signale une règle sans `references`, une source qui n'est pas au catalogue, une référence sans article ni page ou un lien qui n'est pas une adresse web.",
        exemple: "references:\n  - { source: wikipedia, ref: \"IA\" }   # erreur[CAD010] : source `wikipedia` inconnue",
    }
    /// Un identifiant de règle ne suit pas la forme `THEME-NN`.
    IdentifiantMalForme = "CAD011" {
        titre: "identifiant mal formé",
        description: "Un identifiant de règle suit la forme THEME-NN du catalogue (DONNEES-01, ELEVE-NIV-03) ; un identifiant de notion s'écrit en minuscules avec des soulignés. Renommez l'élément.",
        exemple: "- id: donnees1   # erreur[CAD011] : utilisez la forme THEME-NN, par exemple DONNEES-01",
    }
    /// Une valeur n'a pas le type de son fait (une liste pour un fait oui/non…).
    TypeIncorrect = "CAD012" {
        titre: "type de valeur incorrect",
        description: "Une réponse n'a pas la forme que son fait attend : une liste pour un fait à choix unique, une valeur seule pour un fait à choix multiples (écrivez-la entre crochets), une liste pour un texte.",
        exemple: "reponses:\n  niveaux: 5e   # erreur[CAD012] : le fait `niveaux` attend une liste, par exemple [5e]",
    }
    /// Un fait lu par une règle n'est posé par aucune question d'un questionnaire qui l'atteint.
    FaitNonDemande = "CAD013" {
        titre: "fait jamais demandé",
        description: "Une règle lit un fait qu'aucune question du questionnaire de son public ne pose : la règle resterait toujours indécise pour ce public. Ajoutez la question, ou restreignez les `publics` de la règle.",
        exemple: "publics: [enseignant]\nquand: contrat_dpa == false   # erreur[CAD013] si le questionnaire enseignant ne demande pas contrat_dpa",
    }
    /// Une condition lit un fait à texte libre, qui ne peut pas être énuméré.
    FaitTexteDansCondition = "CAD015" {
        titre: "fait texte dans une condition",
        description: "Une condition compare un fait à réponse libre (le nom de l'outil…) : ses valeurs ne sont pas connues d'avance, cadria ne peut pas raisonner dessus exactement. Déclarez un fait à choix, ou retirez la comparaison.",
        exemple: "quand: outil == \"ChatGPT\"   # erreur[CAD015]",
    }
    /// Un scénario n'obtient pas le résultat attendu.
    Scenario = "CAD016" {
        titre: "scénario en échec",
        description: "Un fichier de scénario (réponses + verdict et règles attendus) n'obtient pas ce qu'il attend : verdict différent, règle attendue qui ne se déclenche pas, règle absente qui se déclenche, ou règle attendue inconnue. Corrigez la règle ou le scénario.",
        exemple: "attendu:\n  verdict: interdit   # erreur[CAD016] : verdict obtenu : conforme",
    }
    /// Une dérogation est incomplète ou vise une règle inconnue.
    Derogation = "CAD017" {
        titre: "dérogation invalide",
        description: "Une dérogation d'un fichier de réponses ou d'un inventaire vise une règle inconnue, ou il lui manque sa justification, son signataire ou sa date d'échéance valide.",
        exemple: "derogations:\n  - { regle: DONNEES-99, justification: \"…\" }   # erreur[CAD017] : règle inconnue",
    }
    /// Un questionnaire nommé (public d'une règle, questionnaire d'un fichier de réponses) n'existe pas.
    QuestionnaireInconnu = "CAD018" {
        titre: "questionnaire inconnu",
        description: "Les `publics` d'une règle ou le champ `questionnaire` d'un fichier de réponses nomment un questionnaire qui n'est pas chargé (enseignant, dpo, administratif pour la base intégrée). Corrigez le nom ou ajoutez le questionnaire.",
        exemple: "publics: [enseignants]   # erreur[CAD018] : questionnaires chargés : enseignant, dpo, administratif",
    }
    /// Un fait à choix ou à liste ne déclare aucune valeur.
    DomaineManquant = "CAD019" {
        titre: "valeurs du fait manquantes",
        description: "Un fait de type `choix` ou `liste` doit déclarer ses `valeurs` possibles, chacune avec un libellé : sans elles, aucune réponse ne serait acceptée.",
        exemple: "- id: hebergement\n  type: choix\n  libelle: Hébergement   # erreur[CAD019] : pas de `valeurs`",
    }
    /// Un fait qui n'est ni un choix ni une liste déclare des valeurs.
    DomaineSuperflu = "CAD020" {
        titre: "valeurs déclarées pour un fait sans domaine",
        description: "Un fait `booleen` ou `texte` déclare des `valeurs` : elles ne serviraient à rien et laissent croire à un choix. Retirez `valeurs` ou changez le type du fait en `choix` ou `liste`.",
        exemple: "- id: contrat_dpa\n  type: booleen\n  valeurs: [{ id: oui, libelle: Oui }]   # erreur[CAD020]",
    }
    /// Une section de questionnaire ne contient aucune question valide.
    SectionVide = "CAD021" {
        titre: "section de questionnaire vide",
        description: "Une section d'un questionnaire ne contient aucune question valide (toutes ont une erreur, ou la liste est vide) : la personne verrait un titre sans rien à répondre. Ajoutez des questions ou retirez la section.",
        exemple: "sections:\n  - id: donnees\n    titre: Données\n    questions: []   # erreur[CAD021]",
    }
    /// Un critère du cadre n'a ni règle qui l'encode ni statut qui dise pourquoi.
    CritereSansStatut = "CAD022" {
        titre: "critère sans règle ni statut",
        description: "La matrice de couverture (`cadria regles couverture`) relie chaque critère du cadre à des règles. Un critère sans règle doit dire pourquoi, par `statut: non_encode` ou `statut: jugement_humain` et une `raison`.",
        exemple: "- id: C-12\n  texte: \"…\"   # erreur[CAD022] : ni règle ni statut",
    }
    /// Une option ou une valeur de la ligne de commande est invalide.
    LigneDeCommande = "CAD023" {
        titre: "ligne de commande invalide",
        description: "Une option de la ligne de commande est invalide ou incompatible avec une autre (date mal écrite, identifiant de règle ou code inconnu, fichier de sortie qui serait aussi un fichier lu, format impossible à afficher dans un terminal). Rien n'a été lu ni écrit ; l'aide dit quoi écrire à la place.",
        exemple: "cadria evaluer reponses.yaml --date 01/09/2026\n\nerreur[CAD023]: date `01/09/2026` invalide\n  = aide : écrivez la date sous la forme AAAA-MM-JJ",
    }
    /// Une condition emploie une construction hors du langage des conditions.
    HorsLangage = "CAD024" {
        titre: "construction hors du langage des conditions",
        description: "Une condition emploie ce que le langage des conditions de cadria n'accepte pas : filtre autre que `length`, test, appel de fonction, attribut, arithmétique. Les conditions comparent des faits à des valeurs avec == != in `not in` and or not.",
        exemple: "quand: niveaux | first == \"5e\"   # erreur[CAD024] : filtre `first` hors du langage",
    }
    /// Une condition compare des valeurs de types incompatibles.
    TypeCondition = "CAD025" {
        titre: "types incompatibles dans une condition",
        description: "Une condition compare des valeurs dont les types ne vont pas ensemble : une liste avec ==, un fait à choix employé comme oui/non, un nombre avec un texte. Écrivez `\"5e\" in niveaux` pour une liste, `fait == \"valeur\"` pour un choix.",
        exemple: "quand: niveaux == \"5e\"   # erreur[CAD025] : écrivez \"5e\" in niveaux",
    }
    /// Une condition n'est jamais vraie, ou toujours vraie.
    ConditionConstante = "CAD026" {
        titre: "condition constante",
        description: "Quelles que soient les réponses, cette condition est toujours fausse (la règle ne se déclencherait jamais, la question ne serait jamais posée) ou toujours vraie. C'est souvent une contradiction (`a == \"x\" and a == \"y\"`).",
        exemple: "quand: role == \"enseignant\" and role == \"dpo\"   # avertissement[CAD026] : jamais vraie",
    }
    /// Une notion est définie mais employée nulle part.
    NotionInutilisee = "CAD027" {
        titre: "notion inutilisée",
        description: "Une notion (condition nommée de notions.yaml) n'est employée par aucune règle, question ni autre notion. Employez-la ou retirez-la.",
        exemple: "- id: eleves_mineurs\n  quand: …   # avertissement[CAD027] : employée nulle part",
    }
    /// Une écriture ou une entrée-sortie a échoué pendant l'exécution.
    EntreeSortie = "CAD028" {
        titre: "écriture impossible",
        description: "cadria n'a pas pu écrire un résultat (fichier de sortie, dossier, sortie standard) ou se servir du terminal : dossier absent ou protégé, disque plein, terminal inutilisable. Rien de partiel n'est laissé à la place du fichier visé. Vérifiez le chemin et les droits, ou relancez le questionnaire avec --simple.",
        exemple: "cadria evaluer reponses.yaml -o /dossier-absent/rapport.md\n\n/dossier-absent/rapport.md: erreur[CAD028]: écriture impossible : fichier ou dossier introuvable",
    }
    /// Une erreur interne de cadria (mise en forme d'un rapport…).
    Interne = "CAD029" {
        titre: "erreur interne",
        description: "cadria n'a pas pu mettre en forme un résultat alors que les fichiers lus sont valides. Ce n'est pas une erreur de votre part : signalez-la avec la commande lancée et, si possible, les fichiers.",
        exemple: "erreur[CAD029]: mise en forme du rapport impossible : …",
    }
    /// Une limite de taille ou de longueur est dépassée.
    Limite = "CAD030" {
        titre: "limite dépassée",
        description: "Un fichier, une entrée, une ligne ou un texte libre dépasse la taille que cadria accepte (voir les limites dans le README). Raccourcissez-le ou découpez le fichier.",
        exemple: "outil: \"…(20 000 caractères)…\"   # erreur[CAD030] : texte trop long",
    }
    /// Un champ obligatoire est absent.
    ChampManquant = "CAD031" {
        titre: "champ obligatoire manquant",
        description: "Un champ obligatoire d'une règle, d'un fait, d'une question ou d'une référence est absent (par exemple `fiabilite` ou `gravite` d'une règle). cadria continue la validation et signale les autres problèmes du même fichier ; ajoutez le champ.",
        exemple: "- id: DONNEES-01\n  gravite: interdit\n  # pas de `fiabilite:`   → erreur[CAD031] : la règle DONNEES-01 n'a pas de champ `fiabilite`",
    }
}

/// Les codes retirés : leur numéro n'est jamais réattribué, et
/// `--expliquer` dit ce qui les remplace.
pub const RETIRES: &[(&str, &str)] = &[(
    "CAD014",
    "Code retiré : il réunissait six problèmes sans rapport entre eux. Il est remplacé par CAD018 (questionnaire inconnu), CAD019 (valeurs du fait manquantes), CAD020 (valeurs déclarées pour un fait sans domaine), CAD021 (section de questionnaire vide) et CAD022 (critère sans règle ni statut).",
)];

impl Code {
    /// Le code dont la forme imprimée est `texte` (`CAD005`, `cad5`, `5`).
    pub fn depuis(texte: &str) -> Option<Code> {
        let chiffres = numero(texte)?;
        Code::TOUS
            .iter()
            .copied()
            .find(|c| c.as_str() == format!("CAD{chiffres:03}"))
    }

    /// La fiche du code, pour `cadria valider --expliquer` : titre,
    /// description et exemple.
    pub fn explication(self) -> String {
        let exemple: String = self
            .exemple()
            .lines()
            .map(|l| format!("    {l}\n"))
            .collect();
        format!(
            "{} — {}\n\n{}\n\nExemple :\n\n{exemple}",
            self.as_str(),
            self.titre(),
            self.description()
        )
    }
}

/// Le numéro d'un code écrit `CAD005`, `cad5` ou `5`.
fn numero(texte: &str) -> Option<u32> {
    let t = texte.trim();
    let t = t
        .get(..3)
        .filter(|p| p.eq_ignore_ascii_case("cad"))
        .map_or(t, |_| &t[3..]);
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit()) || t.len() > 4 {
        return None;
    }
    t.parse().ok()
}

/// L'explication d'un code retiré (`CAD014`), s'il l'est.
pub fn retire(texte: &str) -> Option<String> {
    let n = numero(texte)?;
    RETIRES
        .iter()
        .find(|(c, _)| *c == format!("CAD{n:03}"))
        .map(|(c, texte)| format!("{c} — code retiré\n\n{texte}\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeros_uniques_et_jamais_reattribues() {
        let mut vus: Vec<&str> = Code::TOUS.iter().map(|c| c.as_str()).collect();
        vus.extend(RETIRES.iter().map(|(c, _)| *c));
        let n = vus.len();
        vus.sort();
        vus.dedup();
        assert_eq!(vus.len(), n, "un numéro sert deux fois");
    }

    #[test]
    fn chaque_code_est_documente() {
        for c in Code::TOUS {
            assert!(!c.titre().is_empty(), "{c:?}");
            assert!(c.description().len() > 40, "{c:?}");
            assert!(!c.exemple().is_empty(), "{c:?}");
        }
    }

    #[test]
    fn lecture_des_codes() {
        assert_eq!(Code::depuis("CAD005"), Some(Code::ValeurHorsDomaine));
        assert_eq!(Code::depuis("cad5"), Some(Code::ValeurHorsDomaine));
        assert_eq!(Code::depuis(" 31 "), Some(Code::ChampManquant));
        assert_eq!(Code::depuis("CAD014"), None);
        assert_eq!(Code::depuis("CADé"), None);
        assert_eq!(Code::depuis("é"), None);
        assert!(retire("CAD014").is_some_and(|t| t.contains("CAD018")));
        assert!(retire("CAD005").is_none());
    }
}
