namespace Tessera.Kernel.Fs.Vfs
{
    // The result of resolving all but the last component of a path: the directory, the last
    // name, its kind, and whether the path ended in a slash.
    public struct ParentLookup
    {
        public PathLocation Directory;
        public string Name;
        public LastComponent Kind;
        public bool TrailingSlash;
    }
}
