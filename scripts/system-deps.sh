#!/usr/bin/env bash
# Installs the Debian packages kg needs when they are missing and apt-get is there.
# Safe to run again: it does nothing when everything is present.
set -euo pipefail
need=()
command -v dot >/dev/null 2>&1 || need+=(graphviz)
# rsvg-convert turns the map (SVG written by kg) into PNG and PDF
command -v rsvg-convert >/dev/null 2>&1 || need+=(librsvg2-bin)
fc-list 2>/dev/null | grep -qi "dejavu" || need+=(fonts-dejavu-core)
if [ "${KG_NEED_BROWSER:-1}" = "1" ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  # npm installs the pinned Mermaid that checks kg's Mermaid output in Chromium (tests only)
  command -v npm >/dev/null 2>&1 || need+=(npm)
fi
if [ "${KG_NEED_OFFICE:-1}" = "1" ]; then
  # tests only: the slide deck (kg export pptx) converted to PDF and its pages counted
  # (libreoffice-impress without recommends: about 1.5 minutes to install, ~300 MB)
  command -v soffice >/dev/null 2>&1 || need+=(libreoffice-impress)
  command -v pdfinfo >/dev/null 2>&1 || need+=(poppler-utils)
fi
[ ${#need[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "kg: missing ${need[*]} and no apt-get here; install them with your package manager." >&2
  exit 0
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
echo "kg: installing ${need[*]} from Debian's packages"
$SUDO apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
