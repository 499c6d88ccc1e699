using System.Text.RegularExpressions;

namespace Tessera.Attestation.Protocol;

/// <summary>
/// What a secret may be called: a policy names it, the service reads it from a file of that name and the agent
/// writes it to a file of that name, so the name must be a safe single path component.
/// </summary>
public static partial class SecretNames
{
    public const string Rule = "1 to 64 of A-Z a-z 0-9 . _ -, not starting with a dot";

    public static bool IsValid(string name) => Pattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex Pattern();
}
