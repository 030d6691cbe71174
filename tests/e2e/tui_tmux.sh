#!/usr/bin/env bash
# End-to-end test of the terminal questionnaire under tmux (80×24), as a
# person would use it: the teacher questionnaire for « ChatGPT with my 5e
# class », answered with the keyboard; the process killed in the middle and
# resumed from the start screen; the verdict panel; the report exported; the
# verdict checked in the saved draft with `cadria evaluer`. A second
# assessment of the same tool gets its own draft and export; quitting without
# saving leaves no file; an assessment is deleted from the start screen; the
# lesson-preparation case asks at most 15 questions with a counter that never
# goes up; a long paste is read at once and capped. Then: a panic inside the
# app and the signals leave the terminal restored (cooked mode, main screen)
# and the draft on disk. HOME and XDG_DATA_HOME point into the test's
# temporary folder: nothing is written to the real home.
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
EVAL="$TMP/donnees/cadria/evaluations"
DATE=2026-12-01

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
        echo "export HOME='$TMP/maison' XDG_DATA_HOME='$TMP/donnees'"
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
demarrer --date $DATE
attendre "Choisissez le questionnaire" && ok "aucune évaluation : choix du questionnaire" || echec "aucune évaluation : choix du questionnaire"
if ecran | grep -q "> 1. Questionnaire enseignant"; then ok "enseignant proposé en premier"; else echec "enseignant proposé en premier"; fi
if ecran | grep -q "Au plus [0-9]* questions, moins selon vos réponses"; then ok "promesse calculée"; else echec "promesse calculée"; fi
if ecran | grep -q "vingtaine"; then echec "promesse écrite à la main"; else ok "pas de promesse écrite à la main"; fi
touches Enter
attendre "Quel outil d'IA" && ok "première question" || echec "première question"
ecran | grep -q "Répondez aux questions" && ok "panneau : pas de compte au départ" || echec "panneau : pas de compte au départ"
repondre_jusqu_a "Qui manipulera" && ok "réponses jusqu'à « Qui manipulera »" || echec "réponses jusqu'à « Qui manipulera »"
BROUILLON="$EVAL/chatgpt-version-gratuite-$DATE.yaml"
[[ ! -e "$TRAVAIL/cadria-brouillon-enseignant.yaml" ]] && ok "rien dans le dossier courant" || echec "rien dans le dossier courant"

echo "== 2. arrêt brutal (kill -9) puis reprise depuis l'écran d'accueil"
kill -9 "$(pid_cadria)"
attendre "code=137" && ok "processus tué" || echec "processus tué"
if grep -q '"5e"' "$BROUILLON" && grep -q "ChatGPT" "$BROUILLON"; then ok "brouillon sur disque après kill -9 (nommé d'après l'outil et la date)"; else echec "brouillon sur disque après kill -9"; fi
rm -f "$BROUILLON.verrou"
demarrer --date $DATE
attendre "Nouvelle évaluation" && ok "écran d'accueil : nouvelle évaluation" || echec "écran d'accueil : nouvelle évaluation"
ecran | grep -q "ChatGPT (version gratuite)" && ok "écran d'accueil : l'évaluation en cours est listée" || echec "écran d'accueil : évaluation listée"
ecran | grep -q "en cours" && ok "écran d'accueil : en cours" || echec "écran d'accueil : en cours"
touches Down Enter
attendre "Qui manipulera" && ok "reprise à la question où l'on s'était arrêté" || echec "reprise à la question où l'on s'était arrêté"
if ecran | grep -q "4 réponses"; then ok "aucune réponse perdue"; else echec "aucune réponse perdue"; fi
repondre_jusqu_a "" && ok "questionnaire terminé (revue)" || echec "questionnaire terminé (revue)"
if ecran | grep -q "questionnaire complet"; then ok "revue : complet"; else echec "revue : complet"; fi
ecran | grep -q "│ INTERDIT" && ok "panneau : INTERDIT" || echec "panneau : INTERDIT"
ecran | grep -q "6e-5e – pas de" && ok "panneau : titre de ELEVE-NIV-02" || echec "panneau : titre de ELEVE-NIV-02"
if ecran | grep -qE "[A-Z]+-[A-Z]+-?[0-9]{2}"; then echec "panneau : aucun identifiant de règle"; else ok "panneau : aucun identifiant de règle"; fi

echo "== 3. rapport, export, verdict"
touches r
attendre "verdict : INTERDIT" && ok "rapport : INTERDIT" || echec "rapport : INTERDIT"
attendre "CE QU'IL FAUT FAIRE" && ok "rapport : « ce qu'il faut faire » à l'écran" || echec "rapport : « ce qu'il faut faire » à l'écran"
for f in t m h j; do touches "$f"; sleep 0.3; done
EXPORT="$EVAL/chatgpt-version-gratuite-$DATE"
attendre "Rapport exporté : chatgpt-version-gratuite-$DATE.json" && ok "chemin de l'export affiché" || echec "chemin de l'export affiché"
for ext in txt md html json; do
    [[ -s "$EXPORT.$ext" ]] && ok "export .$ext" || echec "export .$ext"
done
grep -q '"verdict": "interdit"' "$EXPORT.json" && ok "export JSON : interdit" || echec "export JSON : interdit"
touches q
attendre "Quitter le questionnaire ?" && ok "q demande confirmation" || echec "q demande confirmation"
ecran | grep -q "chatgpt-version-gratuite-$DATE.yaml" && ok "la confirmation nomme le fichier" || echec "la confirmation nomme le fichier"
ecran | grep -q "quitter sans enregistrer" && ok "quitter sans enregistrer proposé" || echec "quitter sans enregistrer proposé"
touches Enter
attendre "code=0" && ok "sortie propre" || echec "sortie propre"
if ecran | grep -qx "icanon"; then ok "terminal rendu (mode canonique)"; else echec "terminal rendu (mode canonique)"; fi
set +e
( cd "$TRAVAIL" && "$BIN" evaluer "$BROUILLON" --date $DATE > "$TMP/evaluer.txt" )
code=$?
set -e
if [[ $code -eq 1 ]] && grep -qE "EN BREF.{1,3}: INTERDIT" "$TMP/evaluer.txt"; then ok "cadria evaluer du brouillon : INTERDIT, comme à l'écran"; else echec "cadria evaluer du brouillon (code $code)"; fi
grep -q "ELEVE-NIV-02" "$TMP/evaluer.txt" && ok "constat ELEVE-NIV-02 (IA générative en 5e)" || echec "constat ELEVE-NIV-02"

echo "== 3b. deuxième évaluation du même outil, dans le même dossier"
demarrer --date $DATE
attendre "Nouvelle évaluation" || true
touches Enter
attendre "Choisissez le questionnaire" && ok "nouvelle évaluation : choix du questionnaire" || echec "nouvelle évaluation : choix du questionnaire"
touches Enter
attendre "Quel outil d'IA" || true
repondre_jusqu_a "" && ok "deuxième évaluation terminée" || echec "deuxième évaluation terminée"
touches r
attendre "verdict : INTERDIT" || true
touches t
attendre "Rapport exporté : chatgpt-version-gratuite-$DATE-2.txt" && ok "deuxième export sous un autre nom" || echec "deuxième export sous un autre nom"
touches q
attendre "Quitter le questionnaire ?" || true
touches e
attendre "code=0" || true
[[ -s "$EVAL/chatgpt-version-gratuite-$DATE-2.yaml" && -s "$BROUILLON" ]] && ok "deux brouillons" || echec "deux brouillons"
[[ -s "$EXPORT.txt" && -s "$EXPORT-2.txt" ]] && ok "deux exports, le premier intact" || echec "deux exports"

echo "== 3c. quitter sans enregistrer"
demarrer --date $DATE
attendre "Nouvelle évaluation" || true
touches Enter
attendre "Choisissez le questionnaire" || true
touches Enter
attendre "Quel outil d'IA" || true
touches -l "Outil jetable"; touches Enter
attendre "À quoi l'outil" || true
[[ -s "$EVAL/outil-jetable-$DATE.yaml" ]] && ok "brouillon créé dès l'outil nommé" || echec "brouillon créé dès l'outil nommé"
touches q
attendre "Quitter le questionnaire ?" || true
touches s
attendre "code=0" && ok "quitter sans enregistrer : sortie propre" || echec "quitter sans enregistrer : sortie propre"
ecran | grep -q "Quitté sans enregistrer" && ok "quitter sans enregistrer : annoncé" || echec "quitter sans enregistrer : annoncé"
[[ ! -e "$EVAL/outil-jetable-$DATE.yaml" ]] && ok "quitter sans enregistrer : aucun fichier" || echec "quitter sans enregistrer : aucun fichier"

echo "== 3d. supprimer une évaluation"
demarrer --date $DATE
attendre "Nouvelle évaluation" || true
touches Down s
attendre "Supprimer cette évaluation ?" && ok "suppression : confirmation demandée" || echec "suppression : confirmation demandée"
touches n
sleep 0.3
[[ $(ls "$EVAL"/*.yaml | wc -l) -eq 2 ]] && ok "suppression : n garde le fichier" || echec "suppression : n garde le fichier"
touches s
attendre "Supprimer cette évaluation ?" || true
touches o
attendre "Évaluation supprimée" && ok "suppression : annoncée" || echec "suppression : annoncée"
[[ $(ls "$EVAL"/*.yaml | wc -l) -eq 1 ]] && ok "suppression : un fichier de moins" || echec "suppression : un fichier de moins"
touches q
attendre "Quitter le questionnaire ?" || true
touches Enter
attendre "code=0" || true

echo "== 3e. préparation de cours au lycée (Mistral Le Chat, sans données d'élèves)"
demarrer questionnaire --profil enseignant --date $DATE --dossier "$TMP/cours"
attendre "Quel outil d'IA" || true
N=0
MAX_RESTE=1000
MONTE=0
for i in $(seq 1 40); do
    if ecran | sed -n '1p' | grep -q "revue des réponses"; then break; fi
    reste=$(ecran | sed -n '2p' | grep -oE "encore au plus [0-9]+" | grep -oE "[0-9]+" || echo 0)
    if [[ "$reste" -gt "$MAX_RESTE" ]]; then MONTE=1; fi
    MAX_RESTE=$reste
    haut=$(ecran | sed -n '1,4p')
    question=$(ecran | sed -n '3,5p' | cut -c1-48 | tr '\n' ' ')
    N=$((N + 1))
    case "$question" in
        *"Quel outil d'IA"*) touches -l "Mistral Le Chat"; touches Enter ;;
        *"À quoi l'outil"*) aller_au_choix "Préparer des cours" && touches Space Enter ;;
        *"Quel genre d'IA"*) aller_au_choix "IA générative" && touches Enter ;;
        *"Quels élèves sont concernés"*) aller_au_choix "Lycée" && touches Space Enter ;;
        *"Qui manipulera"*) aller_au_choix "Les élèves n.utilisent" && touches Enter ;;
        *"D'où vient l'outil"*) aller_au_choix "Service grand public" && touches Enter ;;
        *"L'outil fait-il l'une"*|*"Allez-vous saisir ou déposer"*) touches Enter ;;
        *"documents non publics"*|*"décider quelque chose"*) aller_au_choix "Non" && touches Enter ;;
        *"publiés au-delà"*) aller_au_choix "Non" && touches Enter ;;
        *) touches 0 Enter ;;
    esac
    attendre_changement "$haut" || break
done
echo "   questions posées : $N"
[[ $N -le 15 ]] && ok "préparation de cours : au plus 15 questions ($N)" || echec "préparation de cours : $N questions"
[[ $MONTE -eq 0 ]] && ok "préparation de cours : le compteur ne remonte jamais" || echec "préparation de cours : le compteur remonte"
touches q
attendre "Quitter le questionnaire ?" || true
touches Enter
attendre "code=0" || true

echo "== 3f. collage de 8 000 caractères dans le nom de l'outil"
demarrer questionnaire --profil enseignant --date $DATE --dossier "$TMP/collage"
attendre "Quel outil d'IA" || true
touches -l "$(head -c 8000 /dev/zero | tr '\0' 'a')"
attendre "Réponse trop longue" && ok "collage : lu d'un coup, réponse plafonnée" || echec "collage : lu d'un coup, réponse plafonnée"
touches C-c
attendre "Quitter le questionnaire ?" || true
touches s
attendre "code=0" && ok "collage : sortie propre" || echec "collage : sortie propre"

echo "== 4. panique dans l'application"
rm -f "$TRAVAIL"/dpo.yaml
PANIQUE=1 demarrer questionnaire --profil dpo --brouillon dpo.yaml
attendre "Question 1 ·" || true
repondre
touches F12
attendre "code=101" && ok "panique : le programme s'arrête" || echec "panique : le programme s'arrête"
if ecran | grep -qx "icanon"; then ok "panique : terminal rendu (mode canonique)"; else echec "panique : terminal rendu"; fi
[[ "$(tm display -p -t q '#{alternate_on}')" == "0" ]] && ok "panique : écran principal rétabli" || echec "panique : écran principal rétabli"
ecran | grep -q "panique de test" && ok "panique : message visible" || echec "panique : message visible"
[[ -s "$TRAVAIL/dpo.yaml" ]] && ok "panique : brouillon sur disque" || echec "panique : brouillon sur disque"

echo "== 5. SIGTERM"
rm -f "$TRAVAIL"/admin.yaml
demarrer questionnaire --profil administratif --brouillon admin.yaml
attendre "Question 1 ·" || true
repondre
kill -TERM "$(pid_cadria)"
attendre "code=0" && ok "SIGTERM : sortie propre" || echec "SIGTERM : sortie propre"
if ecran | grep -qx "icanon"; then ok "SIGTERM : terminal rendu"; else echec "SIGTERM : terminal rendu"; fi
ecran | grep -q "Vos réponses sont enregistrées dans admin.yaml" && ok "SIGTERM : chemin du brouillon affiché" || echec "SIGTERM : chemin du brouillon affiché"

for sig in QUIT HUP; do
  echo "== 6. SIG$sig"
  rm -f "$TRAVAIL"/admin.yaml
  demarrer questionnaire --profil administratif --brouillon admin.yaml
  attendre "Question 1 ·" || true
  repondre
  kill -$sig "$(pid_cadria)"
  attendre "code=0" && ok "SIG$sig : sortie propre" || echec "SIG$sig : sortie propre"
  if ecran | grep -qx "icanon"; then ok "SIG$sig : terminal rendu"; else echec "SIG$sig : terminal rendu"; fi
  [[ "$(tm display -p -t q '#{alternate_on}')" == "0" ]] && ok "SIG$sig : écran principal rétabli" || echec "SIG$sig : écran principal rétabli"
  [[ -s "$TRAVAIL/admin.yaml" ]] && ok "SIG$sig : brouillon sur disque" || echec "SIG$sig : brouillon sur disque"
done

[[ ! -e "$TMP/maison/.local" ]] && ok "rien écrit hors du dossier des données de test" || echec "rien écrit hors du dossier des données de test"

echo "tui_tmux: $REUSSITES passed, $ECHECS failed"
[[ $ECHECS -eq 0 ]]
