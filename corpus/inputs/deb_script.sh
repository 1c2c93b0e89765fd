# bash features for the debian case deb_bash_script (run as: bash deb_script.sh ARGS...):
# functions, arrays, loops, expansions. deb_script_io.sh has the redirections and pipes.
echo "args: $# [$*]"
for a in "$@"; do printf '<%s>' "$a"; done; echo

# functions, recursion, locals, return status
fact() { local n=$1; if (( n <= 1 )); then echo 1; else echo $(( n * $(fact $((n - 1))) )); fi; }
echo "fact 8 = $(fact 8)"
scope() { local v=local; g=set-in-function; return 5; }
v=global; scope; echo "status $? v=$v g=$g"

# arrays and associative arrays
arr=(zero one "two words" three)
echo "${#arr[@]} | ${arr[2]} | ${arr[*]:1:2} | ${!arr[*]}"
arr+=(four); unset 'arr[0]'; echo "${arr[*]} (${#arr[@]})"
declare -A color=([apple]=red [banana]=yellow [kiwi]=green)
for k in $(printf '%s\n' "${!color[@]}" | sort); do echo "$k=${color[$k]}"; done

# loops
i=0; while (( i < 6 )); do (( i++ )); [[ $i == 3 ]] && continue; printf '%d ' "$i"; done; echo
for ((j = 10; j > 0; j -= 3)); do printf '%d,' "$j"; done; echo
until [[ ${#s} -ge 5 ]]; do s+=x; done; echo "$s"

# parameter expansion, case, [[ ]]
s="Hello, World"
echo "${s,,} | ${s^^} | ${s/World/bash} | ${s:7} | ${#s} | ${s%,*} | ${s#*, }"
case "$s" in H*d) echo matched ;; *) echo nope ;; esac
[[ "abc123" =~ ^([a-z]+)([0-9]+)$ ]] && echo "regex ${BASH_REMATCH[1]} ${BASH_REMATCH[2]}"
exit 3
