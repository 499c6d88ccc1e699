using System.Runtime.CompilerServices;

// The distro tests check the image writers (cpio, later disk images) directly.
[assembly: InternalsVisibleTo("Tessera.Distro.Tests")]
