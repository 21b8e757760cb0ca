#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3; the newest that runs on node 20) from the npm
# registry into test/e2e/.work/cs, unless it is already there. Needs the Debian packages
# libkrb5-dev and ripgrep (.ci/run installs them). Everything it writes stays under .work/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="${E2E_WORK:-$here/.work}"
dest="$work/cs"
version=4.100.3
if [ -x "$dest/node_modules/.bin/code-server" ] && [ "$(node -p "require('$dest/node_modules/code-server/package.json').version" 2>/dev/null)" = "$version" ]; then
  exit 0
fi
for tool in rg; do command -v $tool >/dev/null || { echo "install-code-server: '$tool' is missing (apt-get install ripgrep libkrb5-dev)"; exit 1; }; done
tmp="$work/tmp/cs-install"
rm -rf "$tmp" "$dest" && mkdir -p "$tmp/rgpack" "$tmp/vscode-ripgrep-cache-1.15.11" "$dest"
# @vscode/ripgrep's postinstall downloads rg from the internet: seed its cache with Debian's rg instead
cp "$(command -v rg)" "$tmp/rgpack/rg"
tar czf "$tmp/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$tmp/rgpack" rg
# unsafe_perm: code-server's postinstall refuses root without it; yes: node-pty's postinstall runs
# `npx node-gyp`; nodedir=/usr: node-gyp builds against the local node headers instead of downloading them
echo "install-code-server: installing code-server@$version into $dest"
TMPDIR="$tmp" XDG_CACHE_HOME="$tmp/xdg-cache" npm_config_cache="$work/npm-cache" \
  npm_config_unsafe_perm=true npm_config_yes=true npm_config_nodedir=/usr \
  npm install --prefix "$dest" --no-audit --no-fund --no-save "code-server@$version" > "$work/cs-install.log" 2>&1 \
  || { tail -30 "$work/cs-install.log"; echo "install-code-server: npm install failed (log: $work/cs-install.log)"; exit 1; }
rm -rf "$tmp"
# (no `code-server --version` here: without --config it writes ~/.config/code-server/config.yaml)
echo "install-code-server: code-server $(node -p "require('$dest/node_modules/code-server/package.json').version") installed"
