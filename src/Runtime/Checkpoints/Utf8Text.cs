using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace DslNets.Checkpoints;

/// <summary>Finds where bytes stop being UTF-8, so a reader can name the offending byte rather than fail later.</summary>
internal static class Utf8Text
{
    /// <summary>The offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1 when all are.</summary>
    public static int FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes)) return -1;
        int offset = 0;
        while (offset < bytes.Length)
        {
            OperationStatus status = Rune.DecodeFromUtf8(bytes[offset..], out _, out int consumed);
            if (status != OperationStatus.Done) return offset;
            offset += consumed;
        }

        return -1;
    }
}
