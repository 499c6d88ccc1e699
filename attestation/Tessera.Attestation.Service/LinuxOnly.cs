using System.Runtime.Versioning;

// The verifier writes keys with Unix file modes and runs where Tessera is built: Linux.
[assembly: SupportedOSPlatform("linux")]
