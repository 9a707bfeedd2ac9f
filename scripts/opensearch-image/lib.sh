# shellcheck shell=bash
# Functions for build-opensearch-image.sh, sourced after versions.env. The
# caller sets $cache (cache directory) and $recipe_dir (this directory). Each
# step logs what it does; downloads are cached.

log() { echo "build-opensearch-image: $*" >&2; }
step() { log "[$((SECONDS))s] $*"; }

# Installs what the build needs on the host when missing: curl, unzip and
# debootstrap (flock is util-linux, always there). Nothing is compiled.
ensure_build_tools() {
  local missing=()
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v unzip >/dev/null 2>&1 || missing+=(unzip)
  command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
  [ "${#missing[@]}" -eq 0 ] && return 0
  step "installing ${missing[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
    apt-get -o DPkg::Lock::Timeout=300 update -qq >/dev/null
    apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# fetch_maven group:artifact:version[:ext] -> prints the cached file path.
# Files are verified against the .sha1 that Maven Central publishes.
fetch_maven() {
  local coord="$1" g a v ext
  IFS=: read -r g a v ext <<<"$coord"
  ext="${ext:-jar}"
  local rel="${g//.//}/$a/$v/$a-$v.$ext"
  local dest="$cache/maven/$rel"
  if [ ! -s "$dest" ]; then
    step "downloading $g:$a:$v:$ext"
    mkdir -p "$(dirname "$dest")"
    curl -fsSL --retry 5 --retry-delay 2 -o "$dest.part" "$MAVEN_REPO_URL/$rel"
    local want have
    want="$(curl -fsSL --retry 5 "$MAVEN_REPO_URL/$rel.sha1" | cut -c1-40)"
    have="$(sha1sum "$dest.part" | cut -c1-40)"
    if [ "$want" != "$have" ]; then
      log "checksum mismatch for $coord (want $want, got $have)"; rm -f "$dest.part"; return 1
    fi
    mv "$dest.part" "$dest"
  fi
  echo "$dest"
}

# try_fetch_maven group:artifact:version[:ext] -> prints the cached file path,
# or returns 1 after logging one line when Central does not serve it (404).
# For optional pieces; other failures (network, checksum) still fail the build.
try_fetch_maven() {
  local coord="$1" g a v ext
  IFS=: read -r g a v ext <<<"$coord"
  ext="${ext:-jar}"
  local rel="${g//.//}/$a/$v/$a-$v.$ext"
  local dest="$cache/maven/$rel"
  if [ ! -s "$dest" ]; then
    local code
    code="$(curl -sSL --retry 3 -o /dev/null -w '%{http_code}' -I "$MAVEN_REPO_URL/$rel")"
    if [ "$code" = "404" ]; then
      log "$coord: not on Maven Central (HTTP 404); continuing without it"
      return 1
    fi
  fi
  fetch_maven "$coord"
}

# alerting_plugin_zip <output dir> -> copies the Alerting plugin zip there and
# prints where it came from ("maven" or "file:<sha256>"), or prints "none".
# Sources, in order: $DAC_ALERTING_PLUGIN_ZIP (a zip someone downloaded from
# the vendor), then Maven Central (404 for every alerting coordinate so far;
# see docs/opensearch-image.md). The recipe never builds Alerting.
alerting_plugin_zip() {
  local out="$1" zip
  if [ -n "${DAC_ALERTING_PLUGIN_ZIP:-}" ]; then
    [ -s "$DAC_ALERTING_PLUGIN_ZIP" ] || { log "DAC_ALERTING_PLUGIN_ZIP=$DAC_ALERTING_PLUGIN_ZIP is not a file"; return 1; }
    unzip -p "$DAC_ALERTING_PLUGIN_ZIP" plugin-descriptor.properties | grep -qx "opensearch.version=$OPENSEARCH_VERSION" \
      || { log "$DAC_ALERTING_PLUGIN_ZIP is not a plugin for OpenSearch $OPENSEARCH_VERSION"; return 1; }
    cp "$DAC_ALERTING_PLUGIN_ZIP" "$out/opensearch-alerting.zip"
    echo "file:$(sha256sum "$DAC_ALERTING_PLUGIN_ZIP" | cut -c1-16)"
  elif zip="$(try_fetch_maven org.opensearch.plugin:alerting:"$ALERTING_VERSION":zip)"; then
    cp "$zip" "$out/opensearch-alerting.zip"
    echo maven
  else
    echo none
  fi
}

# pom_runtime_deps <pom file> -> "group:artifact:version" per compile/runtime
# dependency. Gradle-written POMs put one tag per line, which is all we parse.
pom_runtime_deps() {
  awk '
    /<dependency>/ { g=""; a=""; v=""; s="compile"; inside=1; excl=0; next }
    /<\/dependency>/ { if (inside && (s=="compile" || s=="runtime")) print g ":" a ":" v; inside=0; next }
    /<exclusions>/ { excl=1 }
    /<\/exclusions>/ { excl=0; next }
    excl { next }
    inside && /<groupId>/ { gsub(/.*<groupId>|<\/groupId>.*/, ""); g=$0 }
    inside && /<artifactId>/ { gsub(/.*<artifactId>|<\/artifactId>.*/, ""); a=$0 }
    inside && /<version>/ { gsub(/.*<version>|<\/version>.*/, ""); v=$0 }
    inside && /<scope>/ { gsub(/.*<scope>|<\/scope>.*/, ""); s=$0 }
  ' "$1"
}

# write_descriptor <dir> <name> <classname> <description> <version> <extended>
# The fields PluginInfo reads in OpenSearch 2.x; java.version 11 is what the
# OpenSearch 2.x build writes for its own modules.
write_descriptor() {
  cat >"$1/plugin-descriptor.properties" <<EOF
description=$4
version=$5
name=$2
classname=$3
java.version=11
opensearch.version=$OPENSEARCH_VERSION
custom.foldername=
extended.plugins=$6
has.native.controller=false
EOF
}

# write_policy <dir> <permission line>...
write_policy() {
  local dir="$1"; shift
  { echo "grant {"; printf '  %s\n' "$@"; echo "};"; } >"$dir/plugin-security.policy"
}

# assemble_module <dir> <g:a:v of the module jar> <name> <classname> <description>
# Core modules are not published as zips; the jar's POM lists the libraries
# that the module folder must hold next to it.
assemble_module() {
  local dir="$1" coord="$2" name="$3" classname="$4" description="$5"
  step "assembling module $name from $coord"
  mkdir -p "$dir"
  local file pom dep
  file="$(fetch_maven "$coord")"
  cp "$file" "$dir/"
  pom="$(fetch_maven "$coord:pom")"
  for dep in $(pom_runtime_deps "$pom"); do
    file="$(fetch_maven "$dep")"
    cp "$file" "$dir/"
  done
  write_descriptor "$dir" "$name" "$classname" "$description" "$OPENSEARCH_VERSION" ""
}

# build_base_image <cache dir>: Debian minbase + OpenJDK 17 JRE as an image,
# via debootstrap and docker import. The rootfs tarball is kept so that a
# wiped Docker store costs 3 s, not 30.
build_base_image() {
  local cache="$1"
  if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then return 0; fi
  local tarball="$cache/rootfs-${BASE_IMAGE//[:\/]/-}.tar"
  if [ ! -s "$tarball" ]; then
    local rootfs="$cache/rootfs"
    rm -rf "$rootfs"
    step "debootstrap $DEBIAN_SUITE (minbase + openjdk-17-jre-headless)"
    debootstrap --variant=minbase --include=openjdk-17-jre-headless \
      "$DEBIAN_SUITE" "$rootfs" "$DEBIAN_MIRROR" >"$cache/debootstrap.log" 2>&1 \
      || { tail -n 30 "$cache/debootstrap.log" >&2; return 1; }
    # Keep the image lean: nothing here is needed at run time.
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
      "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* \
      "$rootfs"/usr/share/locale/* "$rootfs"/var/log/*.log
    tar -C "$rootfs" --numeric-owner --exclude='./proc/*' --exclude='./sys/*' --exclude='./dev/*' \
      -cf "$tarball.part" .
    mv "$tarball.part" "$tarball"
    rm -rf "$rootfs"
  fi
  step "docker import $BASE_IMAGE"
  docker import -c 'CMD ["/bin/bash"]' "$tarball" "$BASE_IMAGE" >/dev/null
}
