//! Un petit générateur déterministe pour les tests (congruence linéaire) :
//! les mêmes données tirées « au hasard » à chaque exécution.

/// L'état du générateur ; la graine est la valeur de départ.
pub(crate) struct Alea(pub u64);

impl Alea {
    /// Un entier dans `0..k` (0 quand `k` vaut 0).
    pub(crate) fn n(&mut self, k: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % k.max(1)
    }

    /// Un indice dans `0..k`.
    pub(crate) fn indice(&mut self, k: usize) -> usize {
        usize::try_from(self.n(k as u64)).unwrap_or(0)
    }

    /// Un élément de `v` (vide si `v` l'est).
    pub(crate) fn choix<'a>(&mut self, v: &[&'a str]) -> &'a str {
        let i = self.indice(v.len());
        v.get(i).copied().unwrap_or("")
    }
}
