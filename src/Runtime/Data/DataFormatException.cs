namespace DslNets.Data;

/// <summary>
/// A data file (IDX or CSV) is truncated, corrupt or disagrees with itself. The message names the file, what was
/// expected and what was found.
/// </summary>
public sealed class DataFormatException : Exception
{
    /// <summary>Creates the exception with a message that names the file, the expectation and the finding.</summary>
    public DataFormatException(string message) : base(message) { }

    /// <summary>Creates the exception around the lower-level error that revealed the problem (a corrupt gzip stream).</summary>
    public DataFormatException(string message, Exception innerException) : base(message, innerException) { }
}
