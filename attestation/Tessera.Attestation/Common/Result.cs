using System;
using System.Diagnostics.CodeAnalysis;

namespace Tessera.Attestation.Common;

/// <summary>
/// The outcome of an operation on untrusted input: either a value or a precise error message.
/// Public APIs return this instead of throwing, so callers never see exceptions for bad input.
/// </summary>
public readonly struct Result<T>
{
    private readonly T? _value;

    private Result(T? value, string? error)
    {
        _value = value;
        Error = error;
    }

    /// <summary>Why the operation failed; null on success.</summary>
    public string? Error { get; }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    /// <summary>The value; throws only on programmer error (reading a failed result).</summary>
    public T Value => IsSuccess ? _value! : throw new InvalidOperationException("Result has no value: " + Error);

    public static Result<T> Ok(T value) => new(value, null);

    public static Result<T> Fail(string error) => new(default, error);

    public static implicit operator Result<T>(T value) => Ok(value);
}
