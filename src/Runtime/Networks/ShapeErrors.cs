namespace DslNets;

/// <summary>The errors generated code throws for wrong-sized spans; kept here so generated code stays small.</summary>
public static class ShapeErrors
{
    /// <summary>Throws when a span's length is not the one a network needs.</summary>
    public static void ThrowLength(string network, string parameter, int expected, int actual) =>
        throw new ArgumentException(
            $"{network}: expected '{parameter}' of length {expected} but got length {actual}.", parameter);

    /// <summary>Throws when a batch span's length is not a whole number of samples, or the two sides disagree.</summary>
    public static void ThrowBatch(string network, string parameter, int sampleLength, int batch, int actual) =>
        throw new ArgumentException(
            batch < 0
                ? $"{network}: expected '{parameter}' to hold whole samples of length {sampleLength} but got length {actual}, which is not a multiple of {sampleLength}."
                : $"{network}: expected '{parameter}' of length {batch}×{sampleLength} = {batch * sampleLength} for a batch of {batch} but got length {actual}.",
            parameter);
}
