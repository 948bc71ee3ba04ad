#!/usr/bin/env bash
# Times `report build` and Hugo on the same 1,000 posts citing 500 runs (first build into an empty folder).
# Usage: [BENCH_DIR=/dev/shm] bench/report_vs_hugo.sh [posts] [runs]     (needs `hugo`: apt-get install -y hugo; not part of CI)
set -euo pipefail
cd "$(dirname "$0")/.."
posts=${1:-1000}
runs=${2:-500}
command -v hugo >/dev/null || { echo "hugo is not installed (apt-get install -y hugo)" >&2; exit 1; }
swift build -c release --product report >/dev/null 2>&1
report=$(swift build -c release --show-bin-path)/report

# Generate the tree inside the package's .build (ext4 under /tmp can be slow right after mass deletions),
# or in BENCH_DIR: BENCH_DIR=/dev/shm puts sources and outputs of both tools in memory, which takes the
# disk's file-creation time (the same for both tools per file) out of the comparison.
work=$(mktemp -d "${BENCH_DIR:-$PWD/.build}/report-vs-hugo.XXXXXX")
trap 'rm -rf "$work"' EXIT
kept=$("$report" benchmark --posts "$posts" --runs "$runs" --folder "$work" --keep | sed -n 's/^Kept //p')
content="$kept/Content"

# An equivalent Hugo site: same Markdown and front matter; `{{< run ID >}}` is already shortcode syntax.
hugo_site="$work/hugo"
mkdir -p "$hugo_site"/{content/posts,static/runs,layouts/_default,layouts/shortcodes,layouts/partials}
cp "$content"/posts/*.md "$hugo_site/content/posts/"
for run in "$content"/runs/*/; do
  id=$(basename "$run"); mkdir -p "$hugo_site/static/runs/$id"; cp "$run"* "$hugo_site/static/runs/$id/"
done
cat >"$hugo_site/config.toml" <<'TOML'
baseURL = "https://example.org/"
title = "LR notes"
relativeURLs = true
disableKinds = ["RSS"]
[markup.goldmark.renderer]
unsafe = false
[taxonomies]
tag = "tags"
TOML
cat >"$hugo_site/layouts/_default/baseof.html" <<'HTML'
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title></head>
<body><header><a href="{{ "index.html" | relURL }}">{{ .Site.Title }}</a></header><main>{{ block "main" . }}{{ end }}</main></body></html>
HTML
cat >"$hugo_site/layouts/_default/single.html" <<'HTML'
{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02" }}{{ range .Params.tags }} <a href="{{ "tags/" | relURL }}{{ . | urlize }}/">{{ . }}</a>{{ end }}</p>
{{ .TableOfContents }}{{ .Content }}
<ul>{{ range .Params.runs }}<li><a href="{{ "runs/" | relURL }}{{ . }}/plot.svg">{{ . }}</a></li>{{ end }}</ul></article>{{ end }}
HTML
cat >"$hugo_site/layouts/_default/list.html" <<'HTML'
{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }} {{ .Summary }}</li>{{ end }}</ul>{{ end }}
HTML
cp "$hugo_site/layouts/_default/list.html" "$hugo_site/layouts/index.html"
cat >"$hugo_site/layouts/shortcodes/run.html" <<'HTML'
{{ $id := .Get 0 }}<section id="run-{{ $id }}"><h3>{{ $id }}</h3><figure><img src="{{ "runs/" | relURL }}{{ $id }}/plot.svg" alt="Loss against learning rate for run {{ $id }}"></figure>
{{ with (printf "static/runs/%s/run.json" $id | readFile) }}{{ $run := . | unmarshal }}<table>{{ range $name, $s := $run.suggestions }}<tr><th>{{ $name }}</th><td>{{ $s.lr }}</td></tr>{{ end }}</table>{{ end }}</section>
HTML
cp "$hugo_site/layouts/shortcodes/run.html" "$hugo_site/layouts/shortcodes/group.html"
# `{{< value ID a.b.c >}}`: the dotted path walked through the run's run.json (no formatting).
cat >"$hugo_site/layouts/shortcodes/value.html" <<'HTML'
{{- $v := printf "static/runs/%s/run.json" (.Get 0) | readFile | unmarshal -}}{{- range split (.Get 1) "." -}}{{- $v = index $v . -}}{{- end -}}{{- $v -}}
HTML

# Flush the freshly generated tree first so neither tool pays for the other's disk writeback.
# File creation on this machine's ext4 is many times slower for a while after mass deletions or
# creations, and the slowdown fades over seconds. So each tool first builds once untimed, then the
# timed first builds run in the order report, hugo, hugo, report (each into a new folder, nothing
# deleted in between) so both tools meet the same conditions on average.
cpu() { sync; sleep 1; /usr/bin/time -f "%e s wall, %U s user + %S s sys" "$@" 2>&1 >/dev/null | tail -1; }
echo "$posts posts citing $runs runs ($(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
first_report() { echo "report build (first): $(cpu "$report" build --content "$content" --output "$work/site$1" --templates Templates)"; }
first_hugo() { echo "hugo (first):         $(cpu hugo --source "$hugo_site" --destination "$work/public$1" --quiet)"; }
"$report" build --content "$content" --output "$work/site0" --templates Templates >/dev/null
hugo --source "$hugo_site" --destination "$work/public0" --quiet >/dev/null
first_report 1; first_hugo 1; first_hugo 2; first_report 2
echo "report build (again): $(cpu "$report" build --content "$content" --output "$work/site1" --templates Templates)"
echo "hugo (again):         $(cpu hugo --source "$hugo_site" --destination "$work/public1" --quiet)"
echo "   report made $(find "$work/site1" -type f | wc -l) files, hugo $(find "$work/public1" -type f | wc -l)"
