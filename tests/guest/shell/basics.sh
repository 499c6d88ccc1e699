# busybox sh: arithmetic, loops, functions, subshells, $?, test, case, trap EXIT, exec.
# Its exact output (stdout and stderr, both the console in the guest) is in basics.expected.
# Until the VFS lands there are no pipes and no files: no $(...), no redirections to files,
# no file tests (test -d).
echo "arith $(( 6 * 7 )) $(( 17 % 5 )) $(( (1 << 10) - 1 )) $(( -7 / 2 ))"
i=0; s=0
while [ $i -lt 10 ]; do i=$((i + 1)); s=$((s + i)); done
echo "while $s"
for w in a b c; do printf '%s-' "$w"; done; echo
n=0; until [ $n -ge 3 ]; do n=$((n + 1)); done; echo "until $n"
square() { result=$(( $1 * $1 )); return 3; }
square 12; echo "function $result return $?"
count() { local c=$#; echo "count $c first $1 all $*"; }
count x "y z" w
x=outer; (x=inner; echo "subshell $x"); echo "after $x"
(exit 5); echo "status $?"
false; echo "false $?"
true; echo "true $?"
! false; echo "not $?"
test 3 -gt 2 && echo "test gt"
[ "abc" = "abc" ] && echo "test ="
[ -z "" ] && [ -n "x" ] && echo "test -z -n"
[ 2 -eq 3 ] || echo "test ||"
case "hello" in h*o) echo "case glob";; *) echo "case none";; esac
v=abcdef; echo "strip ${v#abc} ${v%def} ${#v} ${unset:-default}"
sh -c 'exit 9'; echo "child $?"
sh -c 'kill -TERM $$'; echo "killed $?"
(trap 'echo "trap exit"' EXIT; echo "in trap subshell")
sh -c 'exec sh -c "echo exec replaced; exit 4"; echo never'; echo "exec $?"
sh -c 'echo "args $# $1 $2"' zero one two
