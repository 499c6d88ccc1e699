# Runs file-system operations (one per line on stdin) against the host's Linux kernel in
# the current directory and prints each result: "0", a value, or the errno name. The C#
# twin (LinuxCrossCheckTests) runs the same lines against our VFS; the outputs must match.
import ctypes, errno, os, sys

LIBC = ctypes.CDLL(None, use_errno=True)
AT_FDCWD = -100

def renameat2(old, new, flags):
    if LIBC.renameat2(AT_FDCWD, old.encode(), AT_FDCWD, new.encode(), flags) != 0:
        e = ctypes.get_errno()
        raise OSError(e, os.strerror(e))

FLAGS = {"RDONLY": os.O_RDONLY, "WRONLY": os.O_WRONLY, "RDWR": os.O_RDWR, "CREAT": os.O_CREAT,
         "EXCL": os.O_EXCL, "TRUNC": os.O_TRUNC, "APPEND": os.O_APPEND, "DIRECTORY": os.O_DIRECTORY,
         "NOFOLLOW": os.O_NOFOLLOW}

def flags(text):
    value = 0
    for name in text.split("|"):
        value |= FLAGS[name]
    return value

def describe(st):
    kind = {0o040000: "dir", 0o100000: "file", 0o120000: "link", 0o010000: "fifo"}.get(st.st_mode & 0o170000, "other")
    size = 0 if kind == "dir" else st.st_size
    return "%s %o %d" % (kind, st.st_mode & 0o7777, size)

os.chdir(sys.argv[1])
os.umask(0o22)
for line in sys.stdin:
    parts = line.split()
    if not parts:
        continue
    op, a = parts[0], parts[1:]
    result = "0"
    try:
        if op == "mkdir": os.mkdir(a[0], int(a[1], 8))
        elif op == "rmdir": os.rmdir(a[0])
        elif op == "open": os.close(os.open(a[0], flags(a[1]), 0o644)); result = "fd"
        elif op == "unlink": os.unlink(a[0])
        elif op == "link": os.link(a[0], a[1], follow_symlinks=False)
        elif op == "symlink": os.symlink(a[0], a[1])
        elif op == "rename": os.rename(a[0], a[1])
        elif op == "stat": result = describe(os.stat(a[0]))
        elif op == "lstat": result = describe(os.lstat(a[0]))
        elif op == "readlink": result = os.readlink(a[0])
        elif op == "truncate": os.truncate(a[0], int(a[1]))
        elif op == "chmod": os.chmod(a[0], int(a[1], 8))
        elif op == "mkfifo": os.mkfifo(a[0], int(a[1], 8))
        elif op == "chown": os.chown(a[0], int(a[1]), int(a[2]))
        elif op == "rename2": renameat2(a[0], a[1], int(a[2]))
        elif op == "write":
            fd = os.open(a[0], os.O_WRONLY | os.O_APPEND)
            result = str(os.write(fd, a[1].encode()))
            os.close(fd)
        else: result = "unknown op"
    except OSError as e:
        result = errno.errorcode[e.errno]
    print(line.strip(), "->", result)
