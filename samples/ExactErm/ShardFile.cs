using DslNets.Erm;

namespace ExactErmSample;

/// <summary>Reads one part (or a whole run) written by <c>--out</c>; an unreadable file names itself, since a task killed while writing leaves one.</summary>
internal static class ShardFile
{
    public static ErmResult Read(string path)
    {
        try
        {
            return ErmResultJson.ReadFile(path);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: {e.Message} (rerun the task that writes it)", e);
        }
    }
}
