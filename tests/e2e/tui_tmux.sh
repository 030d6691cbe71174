#!/usr/bin/env bash
# End-to-end test of the terminal questionnaire under tmux (80×24), as a
# person would use it: the teacher questionnaire for « ChatGPT with my 5e
# class », answered with the keyboard; the process killed in the middle and
# resumed; the report exported; the verdict checked in the saved draft with
# `cadria evaluer`. Then: a panic inside the app and a SIGTERM both leave the
# terminal restored (cooked mode, main screen) and the draft on disk.
#
# Usage: bash tests/e2e/tui_tmux.sh   (CADRIA_BIN=path to test another binary)
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v tmux >/dev/null 2>&1; then
    echo "== installation de tmux"
    apt-get update && apt-get install -y tmux
fi

TMP=$(mktemp -d)
if [[ -z "${CADRIA_BIN:-}" ]]; then
    cargo build --locked --quiet --bin cadria
    CADRIA_BIN="${CARGO_TARGET_DIR:-target}/debug/cadria"
fi
# A private copy: a later build cannot change the binary under the test.
cp "$CADRIA_BIN" "$TMP/cadria"
BIN="$TMP/cadria"
SESSION=0
SOCK="$TMP/tmux-0.sock"
TRAVAIL="$TMP/travail"
mkdir -p "$TRAVAIL"

tm() { tmux -S "$SOCK" "$@"; }
nettoyer() {
    local s
    for s in "$TMP"/tmux-*.sock; do
        if [[ -e "$s" ]]; then tmux -S "$s" kill-server >/dev/null 2>&1 || true; fi
    done
    rm -rf "$TMP"
}
trap nettoyer EXIT

ECHECS=0
REUSSITES=0
ok() { REUSSITES=$((REUSSITES + 1)); echo "ok - $1"; }
echec() {
    ECHECS=$((ECHECS + 1))
    echo "ÉCHEC - $1"
    echo "---- écran ----"
    ecran || true
    echo "---------------"
}

ecran() { tm capture-pane -p -t q; }
touches() { tm send-keys -t q "$@"; }

# Starts `cadria ARGS...` in a fresh 80×24 session; after the program ends,
# the pane shows its exit code and whether the tty is back in cooked mode.
demarrer() {
    tm kill-server >/dev/null 2>&1 || true
    SESSION=$((SESSION + 1))
    SOCK="$TMP/tmux-$SESSION.sock"
    {
        echo "cd '$TRAVAIL'"
        echo "export RUST_BACKTRACE=0"
        if [[ -n "${PANIQUE:-}" ]]; then echo "export CADRIA_TEST_PANIQUE=1"; fi
        echo "'$BIN' $*"
        echo 'echo "code=$?"'
        echo "stty -a | grep -o -- '-\\?icanon' | head -1"
        echo "sleep 600"
    } > "$TMP/lancer.sh"
    tm new-session -d -s q -x 80 -y 24 "sh $TMP/lancer.sh"
}

# Waits until the screen contains TEXT (fixed string), at most 15 s.
attendre() {
    local i
    for i in $(seq 1 150); do
        if ecran | grep -qF -- "$1"; then return 0; fi
        sleep 0.1
    done
    return 1
}

# Waits until the first lines of the screen differ from $1, at most 15 s.
attendre_changement() {
    local i
    for i in $(seq 1 150); do
        if [[ "$(ecran | sed -n '1,4p')" != "$1" ]]; then return 0; fi
        sleep 0.1
    done
    return 1
}

pid_cadria() { pgrep -P "$(tm display -p -t q '#{pane_pid}')" -f "$BIN" | head -1; }

# Moves the cursor to the choice whose label starts with $1 (Home, then Down).
aller_au_choix() {
    local n
    n=$(ecran | cut -c1-48 | grep -oE "[0-9]+\. $1" | head -1 | cut -d. -f1)
    [[ -n "$n" ]] || return 1
    touches Home
    local k
    for ((k = 1; k < n; k++)); do touches Down; done
}

# Answers the question on screen: the answers that matter for the case,
# « je ne sais pas » (or the first choice) for the others.
repondre() {
    local haut question
    haut=$(ecran | sed -n '1,4p')
    question=$(ecran | sed -n '3,5p' | cut -c1-48 | tr '\n' ' ')
    case "$question" in
        *"Quel outil d'IA"*) touches -l "ChatGPT (version gratuite)"; touches Enter ;;
        *"Quelle est votre fonction"*) aller_au_choix "Enseignant ou" && touches Enter ;;
        *"À quoi l'outil"*) aller_au_choix "Activité d'apprentissage" && touches Space Enter ;;
        *"Quel genre d'IA"*) aller_au_choix "IA générative" && touches Enter ;;
        *"Quels élèves sont concernés"*) aller_au_choix "Cinquième" && touches Space Enter ;;
        *"Qui manipulera"*) aller_au_choix "Usage encadré" && touches Enter ;;
        *"avoir un compte"*) aller_au_choix "Compte personnel" && touches Enter ;;
        *"D'où vient l'outil"*) aller_au_choix "Service grand public" && touches Enter ;;
        *)
            if ecran | grep -q "0\. Je ne sais pas"; then
                touches 0 Enter
            elif ecran | grep -q "Votre réponse :"; then
                touches -l "sans objet"; touches Enter
            else
                touches Enter
            fi
            ;;
    esac
    attendre_changement "$haut"
}

# Answers until the review screen, or until the question matching $1 shows.
repondre_jusqu_a() {
    local i
    for i in $(seq 1 80); do
        if ecran | sed -n '1p' | grep -q "revue des réponses"; then return 0; fi
        if [[ -n "${1:-}" ]] && ecran | sed -n '3,4p' | grep -qF -- "$1"; then return 0; fi
        repondre || return 1
    done
    return 1
}

echo "== 1. questionnaire enseignant : ChatGPT avec une classe de 5e"
demarrer ""
attendre "Choisissez le questionnaire" && ok "écran d'accueil" || echec "écran d'accueil"
if ecran | grep -q "> 1. Questionnaire enseignant"; then ok "enseignant proposé en premier"; else echec "enseignant proposé en premier"; fi
touches Enter
attendre "Quel outil d'IA" && ok "première question" || echec "première question"
repondre_jusqu_a "Qui manipulera" && ok "réponses jusqu'à « Qui manipulera »" || echec "réponses jusqu'à « Qui manipulera »"
BROUILLON="$TRAVAIL/cadria-brouillon-enseignant.yaml"

echo "== 2. arrêt brutal (kill -9) puis reprise"
kill -9 "$(pid_cadria)"
attendre "code=137" && ok "processus tué" || echec "processus tué"
if grep -q '"5e"' "$BROUILLON" && grep -q "ChatGPT" "$BROUILLON"; then ok "brouillon sur disque après kill -9"; else echec "brouillon sur disque après kill -9"; fi
demarrer questionnaire --reprendre cadria-brouillon-enseignant.yaml
attendre "Qui manipulera" && ok "reprise à la question où l'on s'était arrêté" || echec "reprise à la question où l'on s'était arrêté"
if ecran | grep -q "5 réponses"; then ok "aucune réponse perdue"; else echec "aucune réponse perdue"; fi
repondre_jusqu_a "" && ok "questionnaire terminé (revue)" || echec "questionnaire terminé (revue)"
if ecran | grep -q "questionnaire complet"; then ok "revue : complet"; else echec "revue : complet"; fi

echo "== 3. rapport, export, verdict"
touches r
attendre "verdict : INTERDIT" && ok "rapport : INTERDIT" || echec "rapport : INTERDIT"
attendre "CE QU'IL FAUT FAIRE" && ok "rapport : « ce qu'il faut faire » à l'écran" || echec "rapport : « ce qu'il faut faire » à l'écran"
for f in t m h j; do touches "$f"; sleep 0.3; done
attendre "Rapport exporté : $TRAVAIL/cadria-rapport-enseignant.json" && ok "chemin de l'export affiché" || echec "chemin de l'export affiché"
for ext in txt md html json; do
    [[ -s "$TRAVAIL/cadria-rapport-enseignant.$ext" ]] && ok "export .$ext" || echec "export .$ext"
done
grep -q '"verdict": "interdit"' "$TRAVAIL/cadria-rapport-enseignant.json" && ok "export JSON : interdit" || echec "export JSON : interdit"
touches q
attendre "Quitter le questionnaire ?" && ok "q demande confirmation" || echec "q demande confirmation"
touches o
attendre "code=0" && ok "sortie propre" || echec "sortie propre"
if ecran | grep -qx "icanon"; then ok "terminal rendu (mode canonique)"; else echec "terminal rendu (mode canonique)"; fi
set +e
( cd "$TRAVAIL" && "$BIN" evaluer cadria-brouillon-enseignant.yaml > "$TMP/evaluer.txt" )
code=$?
set -e
if [[ $code -eq 1 ]] && grep -qE "EN BREF.{1,3}: INTERDIT" "$TMP/evaluer.txt"; then ok "cadria evaluer du brouillon : INTERDIT, comme à l'écran"; else echec "cadria evaluer du brouillon (code $code)"; fi
grep -q "ELEVE-NIV-02" "$TMP/evaluer.txt" && ok "constat ELEVE-NIV-02 (IA générative en 5e)" || echec "constat ELEVE-NIV-02"

echo "== 4. panique dans l'application"
rm -f "$TRAVAIL"/cadria-brouillon-dpo.yaml
PANIQUE=1 demarrer questionnaire --profil dpo
attendre "Question 1 sur" || true
repondre
touches F12
attendre "code=101" && ok "panique : le programme s'arrête" || echec "panique : le programme s'arrête"
if ecran | grep -qx "icanon"; then ok "panique : terminal rendu (mode canonique)"; else echec "panique : terminal rendu"; fi
[[ "$(tm display -p -t q '#{alternate_on}')" == "0" ]] && ok "panique : écran principal rétabli" || echec "panique : écran principal rétabli"
ecran | grep -q "panique de test" && ok "panique : message visible" || echec "panique : message visible"
[[ -s "$TRAVAIL/cadria-brouillon-dpo.yaml" ]] && ok "panique : brouillon sur disque" || echec "panique : brouillon sur disque"

echo "== 5. SIGTERM"
rm -f "$TRAVAIL"/cadria-brouillon-administratif.yaml
demarrer questionnaire --profil administratif
attendre "Question 1 sur" || true
repondre
kill -TERM "$(pid_cadria)"
attendre "code=0" && ok "SIGTERM : sortie propre" || echec "SIGTERM : sortie propre"
if ecran | grep -qx "icanon"; then ok "SIGTERM : terminal rendu"; else echec "SIGTERM : terminal rendu"; fi
ecran | grep -q "Vos réponses sont enregistrées dans cadria-brouillon-administratif.yaml" && ok "SIGTERM : chemin du brouillon affiché" || echec "SIGTERM : chemin du brouillon affiché"

for sig in QUIT HUP; do
  echo "== 6. SIG$sig"
  rm -f "$TRAVAIL"/cadria-brouillon-administratif.yaml
  demarrer questionnaire --profil administratif
  attendre "Question 1 sur" || true
  repondre
  kill -$sig "$(pid_cadria)"
  attendre "code=0" && ok "SIG$sig : sortie propre" || echec "SIG$sig : sortie propre"
  if ecran | grep -qx "icanon"; then ok "SIG$sig : terminal rendu"; else echec "SIG$sig : terminal rendu"; fi
  [[ "$(tm display -p -t q '#{alternate_on}')" == "0" ]] && ok "SIG$sig : écran principal rétabli" || echec "SIG$sig : écran principal rétabli"
  [[ -s "$TRAVAIL/cadria-brouillon-administratif.yaml" ]] && ok "SIG$sig : brouillon sur disque" || echec "SIG$sig : brouillon sur disque"
done

echo "tui_tmux: $REUSSITES passed, $ECHECS failed"
[[ $ECHECS -eq 0 ]]
