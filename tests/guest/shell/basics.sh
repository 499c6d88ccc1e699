# busybox sh: arithmetic, loops, functions, subshells, $?, test, trap EXIT, exec.
# Its exact output (stdout and stderr, both the console in the guest) is in basics.expected;
# no redirection to files: there are none until the VFS lands.
echo "arith $(( 6 * 7 )) $(( 17 % 5 )) $(( (1 << 10) - 1 ))"
i=0; s=0
while [ $i -lt 10 ]; do i=$((i + 1)); s=$((s + i)); done
echo "while $s"
for w in a b c; do printf '%s-' "$w"; done; echo
square() { echo $(( $1 * $1 )); return 3; }
echo "function $(square 12)"
r=$(square 2); echo "return $? $r"
x=outer; (x=inner; echo "subshell $x"); echo "after $x"
(exit 5); echo "status $?"
false; echo "false $?"
true; echo "true $?"
test 3 -gt 2 && echo "test gt"
[ "abc" = "abc" ] && echo "test ="
[ -z "" ] && [ -n "x" ] && echo "test -z -n"
[ -d /tests ] && [ -x /bin/sh ] && echo "test -d -x"
case "hello" in h*o) echo "case glob";; *) echo "case none";; esac
v=$(echo nested $(echo deep)); echo "$v"
sh -c 'exit 9'; echo "child $?"
sh -c 'kill -TERM $$'; echo "killed $?"
(trap 'echo "trap exit"' EXIT; echo "in trap subshell")
sh -c 'exec sh -c "echo exec replaced; exit 4"; echo never'; echo "exec $?"
echo "pid differs $( [ "$(sh -c 'echo $$')" != "$$" ] && echo yes || echo no)"
