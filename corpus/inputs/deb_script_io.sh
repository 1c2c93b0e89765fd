# bash features for the debian case deb_bash_io: here-docs, redirections to files, subshells,
# pipes, $(...) (run as: bash deb_script_io.sh).
s="Hello, World"

# here-docs, here-strings, redirections to files
cat > out.txt <<EOF
heredoc 1: $s
heredoc 2: $(( 6 * 7 ))
EOF
cat <<'EOF' >> out.txt
quoted: $s $(not run)
EOF
cat <<-EOF
	tab-stripped $((1 + 1))
	EOF
tr a-z A-Z <<< "here string"
{ echo to-stderr >&2; echo to-stdout; } 2> err.txt > std.txt
exec 3> fd3.txt; echo "via fd 3" >&3; exec 3>&-
echo appended >> out.txt
echo "lines in out.txt: $(wc -l < out.txt)"
ls nonexistent-file 2>/dev/null || echo "ls failed as expected"
cat out.txt err.txt std.txt fd3.txt

# subshells, pipes, $(...)
v=outer; ( v=inner; echo "subshell $v"; exit 7 ); echo "after subshell $? $v"
mkdir -p sub && ( cd sub && echo "in $(basename "$PWD")" > where.txt ) && cat sub/where.txt
seq 1 10 | while read -r n; do echo $((n * n)); done | paste -sd+ - | awk '{ print $0 }'
seq 1 100 | grep 3 | sort -r | head -3 | tr '\n' ' '; echo
false | true; echo "PIPESTATUS ${PIPESTATUS[*]}"
set -o pipefail; false | true; echo "pipefail $?"; set +o pipefail
read -r a b rest <<< "one two three four"; echo "$a|$b|$rest"
mapfile -t lines < out.txt; echo "${#lines[@]} lines, first: ${lines[0]}"
printf '%05d|%-6s|%x|%.3f|%s\n' 42 ab 255 3.14159 "$(echo nested $(echo deeper))"
trap 'echo "EXIT trap"' EXIT
exit 3
