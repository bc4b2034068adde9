namespace DslNets.Checkpoints;

/// <summary>
/// A checkpoint file is malformed (bad header length, bad JSON, offsets that do not match the shapes) or does not
/// fit what it is loaded into (another network type, a missing or extra tensor, a different shape or dtype).
/// The message names the file and the mismatch.
/// </summary>
public sealed class CheckpointException : Exception
{
    /// <summary>Creates the exception with a message that names the file, the expectation and the finding.</summary>
    public CheckpointException(string message) : base(message) { }

    /// <summary>Creates the exception around the lower-level error that revealed the problem (bad JSON).</summary>
    public CheckpointException(string message, Exception innerException) : base(message, innerException) { }
}
