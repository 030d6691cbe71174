//! Les énumérations du vocabulaire (gravité, nature, fiabilité, verdict, état
//! d'une dérogation…) : chaque valeur a une forme de fichier (`id`, celle des
//! fichiers YAML et du JSON) et un libellé français. Une seule macro les
//! déclare, pour que l'`id`, la lecture (`depuis`), la sérialisation et
//! l'affichage ne puissent pas diverger.

/// Déclare une énumération du vocabulaire.
///
/// ```text
/// vocabulaire! {
///     /// Documentation du type.
///     #[derive(PartialOrd, Ord)]
///     pub enum Gravite : TOUTES = [Interdit, NonConforme, Vigilance, Conseil] {
///         /// Documentation de la valeur.
///         Conseil => "conseil", "Conseil",
///         …
///     }
/// }
/// ```
///
/// Produit l'énumération (avec `Debug, Clone, Copy, PartialEq, Eq, Hash`,
/// `Serialize` et `Deserialize` sous la forme de fichier), la liste ordonnée
/// nommée après les deux-points, `id()`, `libelle()`, `depuis(id)` et
/// `Display` (la forme de fichier).
macro_rules! vocabulaire {
    (
        $(#[$meta:meta])*
        pub enum $nom:ident : $liste:ident = [$($ordre:ident),+ $(,)?] {
            $(
                $(#[$doc:meta])*
                $variante:ident => $id:literal, $libelle:literal
            ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $nom {
            $(
                $(#[$doc])*
                #[serde(rename = $id)]
                $variante,
            )+
        }

        impl $nom {
            /// Toutes les valeurs, dans l'ordre où on les présente.
            pub const $liste: [$nom; [$(stringify!($ordre)),+].len()] = [$($nom::$ordre),+];

            /// Forme de fichier (YAML, JSON).
            pub fn id(self) -> &'static str {
                match self {
                    $($nom::$variante => $id,)+
                }
            }

            /// Libellé français.
            pub fn libelle(self) -> &'static str {
                match self {
                    $($nom::$variante => $libelle,)+
                }
            }

            /// Lit la forme de fichier.
            pub fn depuis(id: &str) -> Option<$nom> {
                match id {
                    $($id => Some($nom::$variante),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $nom {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.id())
            }
        }
    };
}

pub(crate) use vocabulaire;

#[cfg(test)]
mod tests {
    vocabulaire! {
        /// Un essai.
        #[derive(PartialOrd, Ord)]
        pub enum Essai : TOUS = [Deux, Un] {
            /// Le premier.
            Un => "un", "Premier",
            /// Le second.
            Deux => "deux_mots", "Second",
        }
    }

    #[test]
    fn id_libelle_lecture_serde_et_affichage_concordent() {
        assert_eq!(Essai::TOUS, [Essai::Deux, Essai::Un]);
        for e in Essai::TOUS {
            assert_eq!(Essai::depuis(e.id()), Some(e));
            assert_eq!(e.to_string(), e.id());
            let json = serde_json::to_string(&e).unwrap();
            assert_eq!(json, format!("\"{}\"", e.id()));
            let relu: Essai = serde_json::from_str(&json).unwrap();
            assert_eq!(relu, e);
        }
        assert_eq!(Essai::Deux.libelle(), "Second");
        assert_eq!(Essai::depuis("Deux"), None);
        assert!(Essai::Un < Essai::Deux);
    }
}
