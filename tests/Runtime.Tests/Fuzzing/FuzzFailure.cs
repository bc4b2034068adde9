namespace DslNets.Runtime.Tests.Fuzzing;

/// <summary>A reader broke its contract on a fuzzed input: an undocumented exception, a message without the file, or too much memory.</summary>
public sealed class FuzzFailure : Exception
{
    /// <summary>Creates the failure with what broke and the case.</summary>
    public FuzzFailure(string message) : base(message) { }

    /// <summary>Creates the failure around the exception the reader threw.</summary>
    public FuzzFailure(string message, Exception innerException) : base(message, innerException) { }
}
