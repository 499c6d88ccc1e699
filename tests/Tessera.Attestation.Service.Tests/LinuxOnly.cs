using System.Runtime.Versioning;

// The service and agent are Linux programs (Unix file modes, /proc, configfs, tmpfs).
[assembly: SupportedOSPlatform("linux")]
