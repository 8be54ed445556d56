#!/usr/bin/env bash
# Translations (see README "Languages"): extract every marked string into the template,
# merge it into each language's catalogue, compile the catalogues the app loads.
#   tools/translations.sh            extract + update + compile
#   tools/translations.sh new LANG   start a catalogue for a new language
#   tools/translations.sh extract FILE   only extract, into FILE (the tests compare it)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
LOCALE=deskstretch/data/locale
POT=$LOCALE/deskstretch.pot
if [[ ${1:-} == extract ]]; then
    POT=$2
fi

if [[ ${1:-} == new ]]; then
    "$BIN/pybabel" init -i "$POT" -d "$LOCALE" -D deskstretch -l "$2"
    exit 0
fi
# Keywords: the i18n functions, and the description argument of the settings schema's specs.
"$BIN/pybabel" extract --no-wrap --add-location=file --sort-by-file \
    --project=DeskStretch --copyright-holder="The DeskStretch authors" \
    --msgid-bugs-address="https://example.invalid/deskstretch/issues" \
    -c TRANSLATORS: -k _ -k N_ -k ngettext:1,2 -k pgettext:1c,2 -k _int:5 -k _bool:2 -k KeySpec:4 \
    -o "$POT" deskstretch 2>/dev/null
[[ ${1:-} == extract ]] && exit 0
# No time stamps: a run that finds no new string changes no file.
sed -i '/^"POT-Creation-Date: /d' "$POT"
if compgen -G "$LOCALE/*/LC_MESSAGES/deskstretch.po" >/dev/null; then
    "$BIN/pybabel" update --no-wrap --no-fuzzy-matching --ignore-obsolete \
        -i "$POT" -d "$LOCALE" -D deskstretch >/dev/null 2>&1
    sed -i '/^"POT-Creation-Date: /d' "$LOCALE"/*/LC_MESSAGES/deskstretch.po
    "$BIN/pybabel" compile --use-fuzzy -d "$LOCALE" -D deskstretch --statistics
fi
