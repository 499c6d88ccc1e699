using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml;
using System.Xml.Linq;

namespace Tessera.Kernel.Tests.UnsafeRule
{
    // Finds MSBuild files that turn unsafe code on. Setting the property to false, or
    // testing it in a condition (as kernel/Directory.Build.targets does), is fine.
    public static class AllowUnsafeBlocksScanner
    {
        public static IReadOnlyList<UnsafeCodeFinding> Scan(string file, string xml)
        {
            XDocument document;
            try
            {
                document = XDocument.Parse(xml, LoadOptions.SetLineInfo);
            }
            catch (XmlException e)
            {
                // An unreadable build file cannot be shown to be safe.
                return new[] { new UnsafeCodeFinding(file, e.LineNumber, "not well-formed XML: " + e.Message) };
            }
            return document.Descendants()
                .Where(e => e.Name.LocalName.Equals("AllowUnsafeBlocks", StringComparison.OrdinalIgnoreCase) &&
                            e.Value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase))
                .Select(e => new UnsafeCodeFinding(file, ((IXmlLineInfo)e).LineNumber, "sets AllowUnsafeBlocks to true"))
                .ToList();
        }
    }
}
