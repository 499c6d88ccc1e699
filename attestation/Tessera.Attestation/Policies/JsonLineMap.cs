using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Tessera.Attestation.Policies;

/// <summary>
/// Maps each JSON path of a document ("td.mrTd[1]") to its line, so policy errors can point operators at the line
/// to fix. System.Text.Json's DOM does not keep positions, so they are collected in one pass with the reader.
/// </summary>
internal sealed class JsonLineMap
{
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    private JsonLineMap()
    {
    }

    public int LineOf(string path)
    {
        // Fall back to the nearest enclosing path that is known (a missing member reports its parent's line).
        var p = path;
        while (true)
        {
            if (_lines.TryGetValue(p, out var line))
            {
                return line;
            }

            var cut = Math.Max(p.LastIndexOf('.'), p.LastIndexOf('['));
            if (cut <= 0)
            {
                return 1;
            }

            p = p[..cut];
        }
    }

    /// <summary>Builds the map; the document must already be known to be valid JSON.</summary>
    public static JsonLineMap Build(ReadOnlySpan<byte> json)
    {
        var map = new JsonLineMap();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
        var stack = new Stack<(string Path, bool IsArray, int Index)>();
        string? pendingProperty = null;
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < json.Length; i++)
        {
            if (json[i] == (byte)'\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        int Line(long offset)
        {
            var index = lineStarts.BinarySearch((int)offset);
            return (index >= 0 ? index : ~index - 1) + 1;
        }

        string NextValuePath()
        {
            if (stack.Count == 0)
            {
                return "";
            }

            var (path, isArray, index) = stack.Pop();
            if (isArray)
            {
                stack.Push((path, true, index + 1));
                return $"{path}[{index}]";
            }

            stack.Push((path, false, 0));
            return path.Length == 0 ? pendingProperty! : $"{path}.{pendingProperty}";
        }

        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    pendingProperty = reader.GetString();
                    var (parent, _, _) = stack.Peek();
                    map._lines.TryAdd(parent.Length == 0 ? pendingProperty! : $"{parent}.{pendingProperty}", Line(reader.TokenStartIndex));
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    var containerPath = NextValuePath();
                    map._lines.TryAdd(containerPath, Line(reader.TokenStartIndex));
                    stack.Push((containerPath, reader.TokenType == JsonTokenType.StartArray, 0));
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    stack.Pop();
                    break;
                default:
                    map._lines.TryAdd(NextValuePath(), Line(reader.TokenStartIndex));
                    break;
            }
        }

        return map;
    }
}
