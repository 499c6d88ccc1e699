namespace Tessera.Kernel.Abi
{
    // The symbolic name of an errno value, for messages on the console (our core library does
    // not name enum values).
    public static class ErrnoNames
    {
        public static string Of(Errno e) => e switch
        {
            Errno.EPERM => "EPERM", Errno.ENOENT => "ENOENT", Errno.ESRCH => "ESRCH", Errno.EINTR => "EINTR",
            Errno.EIO => "EIO", Errno.ENXIO => "ENXIO", Errno.E2BIG => "E2BIG", Errno.ENOEXEC => "ENOEXEC",
            Errno.EBADF => "EBADF", Errno.ECHILD => "ECHILD", Errno.EAGAIN => "EAGAIN", Errno.ENOMEM => "ENOMEM",
            Errno.EACCES => "EACCES", Errno.EFAULT => "EFAULT", Errno.EBUSY => "EBUSY", Errno.EEXIST => "EEXIST",
            Errno.EXDEV => "EXDEV", Errno.ENODEV => "ENODEV", Errno.ENOTDIR => "ENOTDIR", Errno.EISDIR => "EISDIR",
            Errno.EINVAL => "EINVAL", Errno.ENFILE => "ENFILE", Errno.EMFILE => "EMFILE", Errno.ENOTTY => "ENOTTY",
            Errno.ETXTBSY => "ETXTBSY", Errno.EFBIG => "EFBIG", Errno.ENOSPC => "ENOSPC", Errno.ESPIPE => "ESPIPE",
            Errno.EROFS => "EROFS", Errno.EMLINK => "EMLINK", Errno.EPIPE => "EPIPE", Errno.ERANGE => "ERANGE",
            Errno.ENAMETOOLONG => "ENAMETOOLONG", Errno.ENOSYS => "ENOSYS", Errno.ENOTEMPTY => "ENOTEMPTY",
            Errno.ELOOP => "ELOOP", Errno.ELIBBAD => "ELIBBAD", Errno.ETIMEDOUT => "ETIMEDOUT",
            _ => "errno " + ((int)e).ToString(),
        };
    }
}
