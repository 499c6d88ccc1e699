namespace Tessera.Kernel.Abi
{
    // Linux error numbers (include/uapi/asm-generic/errno-base.h and errno.h, x86-64).
    // System calls return -Errno on failure, exactly as Linux does.
    public enum Errno
    {
        None = 0,
        EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, ENXIO = 6, E2BIG = 7, ENOEXEC = 8,
        EBADF = 9, ECHILD = 10, EAGAIN = 11, ENOMEM = 12, EACCES = 13, EFAULT = 14, ENOTBLK = 15,
        EBUSY = 16, EEXIST = 17, EXDEV = 18, ENODEV = 19, ENOTDIR = 20, EISDIR = 21, EINVAL = 22,
        ENFILE = 23, EMFILE = 24, ENOTTY = 25, ETXTBSY = 26, EFBIG = 27, ENOSPC = 28, ESPIPE = 29,
        EROFS = 30, EMLINK = 31, EPIPE = 32, EDOM = 33, ERANGE = 34, EDEADLK = 35, ENAMETOOLONG = 36,
        ENOLCK = 37, ENOSYS = 38, ENOTEMPTY = 39, ELOOP = 40, ENOMSG = 42, ENODATA = 61, ETIME = 62,
        EOVERFLOW = 75, ELIBBAD = 80, ENOTSOCK = 88, EPROTONOSUPPORT = 93, ENOTSUP = 95, EAFNOSUPPORT = 97,
        EADDRINUSE = 98, ENOTCONN = 107, ETIMEDOUT = 110, ECONNREFUSED = 111, EALREADY = 114, EINPROGRESS = 115,
    }
}
