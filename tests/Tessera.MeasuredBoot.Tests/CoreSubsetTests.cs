using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Tessera.MeasuredBoot.Hashing;

namespace Tessera.MeasuredBoot.Tests;

/// <summary>
/// The core library must also build against Tessera's minimal core library (kernel, TD firmware), so it may
/// only use a small set of BCL types. This reads the compiled assembly's type and member references and fails
/// on anything outside that set, so a stray LINQ call or System.IO use is caught here, not in the kernel build.
/// </summary>
public class CoreSubsetTests
{
    private static readonly HashSet<string> AllowedTypes = new()
    {
        "System.Object", "System.ValueType", "System.Enum", "System.String", "System.Array",
        "System.Boolean", "System.Byte", "System.Char", "System.Int32", "System.UInt16", "System.UInt32",
        "System.Int64", "System.UInt64", "System.IntPtr",
        "System.Span`1", "System.ReadOnlySpan`1", "System.MemoryExtensions",
        "System.Buffers.Binary.BinaryPrimitives",
        "System.Collections.Generic.List`1", "System.Collections.Generic.Dictionary`2",
        "System.Collections.Generic.Dictionary`2/Enumerator", "System.Collections.Generic.KeyValuePair`2",
        "System.RuntimeFieldHandle", "System.Attribute", "System.AttributeUsageAttribute", "System.AttributeTargets",
        "System.Runtime.CompilerServices.RuntimeHelpers",
        "System.Runtime.CompilerServices.DefaultInterpolatedStringHandler",
        "System.Runtime.CompilerServices.CompilationRelaxationsAttribute",
        "System.Runtime.CompilerServices.RuntimeCompatibilityAttribute",
        "System.Runtime.CompilerServices.CompilerGeneratedAttribute",
        "System.Runtime.CompilerServices.NullableAttribute",
        "System.Runtime.CompilerServices.NullableContextAttribute",
        "System.Runtime.CompilerServices.IsReadOnlyAttribute",
        "System.Runtime.CompilerServices.RefSafetyRulesAttribute",
        "System.Runtime.CompilerServices.ScopedRefAttribute",
        "System.Runtime.CompilerServices.IsByRefLikeAttribute",
        "System.Runtime.CompilerServices.ExtensionAttribute",
        "System.Runtime.Versioning.TargetFrameworkAttribute",
        "System.Diagnostics.DebuggableAttribute", "System.Diagnostics.DebuggableAttribute/DebuggingModes",
        "System.Reflection.AssemblyCompanyAttribute", "System.Reflection.AssemblyConfigurationAttribute",
        "System.Reflection.AssemblyFileVersionAttribute", "System.Reflection.AssemblyInformationalVersionAttribute",
        "System.Reflection.AssemblyProductAttribute", "System.Reflection.AssemblyTitleAttribute",
        "System.Reflection.AssemblyMetadataAttribute",
        "Microsoft.CodeAnalysis.EmbeddedAttribute",
        // Metadata-only attributes the compiler emits (auto-property backing fields, `in` parameters).
        "System.Diagnostics.DebuggerBrowsableAttribute", "System.Diagnostics.DebuggerBrowsableState",
        "System.Runtime.InteropServices.InAttribute",
    };

    // From MemoryExtensions only SequenceEqual is available in the minimal core library.
    private static readonly HashSet<string> AllowedMemoryExtensions = new() { "SequenceEqual" };

    [Fact]
    public void CoreAssembly_UsesOnlyTheMinimalCoreSubset()
    {
        string path = typeof(Sha384).Assembly.Location;
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        MetadataReader md = pe.GetMetadataReader();

        var violations = new List<string>();
        foreach (TypeReferenceHandle handle in md.TypeReferences)
        {
            string name = FullName(md, handle);
            if (!AllowedTypes.Contains(name))
            {
                violations.Add("type " + name);
            }
        }
        foreach (MemberReferenceHandle handle in md.MemberReferences)
        {
            MemberReference member = md.GetMemberReference(handle);
            if (member.Parent.Kind == HandleKind.TypeReference &&
                FullName(md, (TypeReferenceHandle)member.Parent) == "System.MemoryExtensions" &&
                !AllowedMemoryExtensions.Contains(md.GetString(member.Name)))
            {
                violations.Add("member MemoryExtensions." + md.GetString(member.Name));
            }
        }
        Assert.True(violations.Count == 0, "core library uses APIs outside the kernel subset:\n" + string.Join("\n", violations));
    }

    private static string FullName(MetadataReader md, TypeReferenceHandle handle)
    {
        TypeReference type = md.GetTypeReference(handle);
        string name = md.GetString(type.Name);
        if (type.ResolutionScope.Kind == HandleKind.TypeReference)
        {
            return FullName(md, (TypeReferenceHandle)type.ResolutionScope) + "/" + name;
        }
        string ns = md.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }
}
