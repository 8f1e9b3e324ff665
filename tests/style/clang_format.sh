#!/usr/bin/env bash
# The C++ sources follow .clang-format (clang-format 14, Debian 12's): every .cpp/.hpp under
# common/, dhcplite/, dhcputil/ and tests/. Fails with the files that do not and the command that
# fixes them. Exit 0 formatted, 1 not, 77 when clang-format-14 is missing (a failure under CI).
set -u
src=${DHCPLITE_SOURCE_DIR:?DHCPLITE_SOURCE_DIR is not set}
tool=$(command -v clang-format-14 || command -v clang-format || true)
if [ -z "$tool" ]; then
    echo "clang_format: clang-format-14 not found (apt-get install clang-format-14)" >&2
    exit 77
fi
cd "$src" || exit 1
mapfile -t files < <(find common dhcplite dhcputil tests \( -name '*.cpp' -o -name '*.hpp' \) -type f | sort)
[ "${#files[@]}" -gt 100 ] || { echo "clang_format: only ${#files[@]} sources found under $src" >&2; exit 1; }
bad=()
for f in "${files[@]}"; do
    "$tool" --style=file --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [ "${#bad[@]}" -gt 0 ]; then
    echo "clang_format: ${#bad[@]} of ${#files[@]} files are not formatted as .clang-format says:" >&2
    printf '  %s\n' "${bad[@]}" >&2
    echo "fix: clang-format-14 -i ${bad[*]}" >&2
    exit 1
fi
echo "clang_format: ${#files[@]} files formatted as .clang-format says"
