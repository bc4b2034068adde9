using System.Buffers.Binary;
using System.Text;

namespace DslNets.Runtime.Tests.Fuzzing;

/// <summary>
/// One damage done to a file. Positions and values are raw numbers that <see cref="ApplyTo"/> folds into the file's
/// length and the tables below, so every mutation applies to every file and CsCheck can shrink them as plain numbers.
/// </summary>
/// <param name="Kind">What is done.</param>
/// <param name="Position">Where (taken modulo the length).</param>
/// <param name="Length">How many bytes a run spans (1 to 64).</param>
/// <param name="Choice">Which bit, table entry or value.</param>
public readonly record struct Mutation(MutationKind Kind, int Position, int Length, int Choice)
{
    private static readonly byte[] TroublesomeBytes = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0xC3, 0xED, 0xF8, (byte)'"', (byte)'{', (byte)'}', (byte)',', (byte)'[', (byte)']', (byte)'\\', (byte)'-', (byte)'9', (byte)'e', (byte)'.', (byte)'\n', (byte)'\r'];

    private static readonly uint[] Int32Values = [0, 1, 2, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x7FFFFFFE, 40000, 65536, 0x00000803, 0x00000801, 0x0000FFFF, 0x01000000];

    private static readonly ulong[] Int64Values = [0, 1, 7, 8, 1UL << 63, ulong.MaxValue, long.MaxValue, 100_000_000, 100_000_001, 1UL << 32, 0xFFFFFFFF];

    private static readonly byte[][] InvalidUtf8 =
    [
        [0x80], [0xBF], [0xC3], [0xC3, 0x28], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFE], [0xFF],
    ];

    private static readonly string[] Tokens =
    [
        "NaN", "Infinity", "-Infinity", "\"NaN\"", "\"Infinity\"", "nan", "inf", "\u221E", "1e999", "-1e999", "-1", "0", "-0", "1.5", "2147483648", "-2147483649",
        "4294967295", "9223372036854775808", "18446744073709551616", "99999999999999999999999", "null", "true", "[]", "{}", "\"\"", "\"\\ud800\"", "\"\\udc00\\ud800\"",
        "\"\\u0000\"", "\"F16\"", "\"F64\"", "\"F32\"", "1,2", "",
    ];

    /// <summary>The damaged copy of <paramref name="input"/>.</summary>
    public byte[] ApplyTo(byte[] input)
    {
        int n = input.Length;
        int at = n == 0 ? 0 : (int)((uint)Position % (uint)n);
        int run = Math.Clamp(Length, 1, 64);
        int choice = Math.Abs(Choice);
        switch (Kind)
        {
            case MutationKind.FlipBit when n > 0:
            {
                byte[] copy = (byte[])input.Clone();
                copy[at] ^= (byte)(1 << (choice % 8));
                return copy;
            }

            case MutationKind.ReplaceByte when n > 0:
            {
                byte[] copy = (byte[])input.Clone();
                copy[at] = TroublesomeBytes[choice % TroublesomeBytes.Length];
                return copy;
            }

            case MutationKind.Truncate:
                return input[..at];
            case MutationKind.DeleteRun:
                return [.. input[..at], .. input[Math.Min(n, at + run)..]];
            case MutationKind.DuplicateRun:
                return [.. input[..Math.Min(n, at + run)], .. input[at..]];
            case MutationKind.HeaderInt32BigEndian when n >= 4:
            {
                // Fields sit at multiples of 4 near the start (IDX: magic, then the dimensions).
                int field = Math.Min(4 * (at % 9), n - 4);
                byte[] copy = (byte[])input.Clone();
                BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(field), Int32Values[choice % Int32Values.Length]);
                return copy;
            }

            case MutationKind.HeaderInt64LittleEndian when n >= 8:
            {
                byte[] copy = (byte[])input.Clone();
                ulong value = Int64Values[choice % Int64Values.Length];
                // Half the time near the true value, so that lengths just off by a little are tried too.
                if (choice % 2 == 1) value = BinaryPrimitives.ReadUInt64LittleEndian(copy) + (ulong)(choice % 17) - 8;
                BinaryPrimitives.WriteUInt64LittleEndian(copy, value);
                return copy;
            }

            case MutationKind.InsertInvalidUtf8:
                return [.. input[..at], .. InvalidUtf8[choice % InvalidUtf8.Length], .. input[at..]];
            case MutationKind.ReplaceToken:
                return ReplaceToken(input, at, Tokens[choice % Tokens.Length]);
            case MutationKind.DuplicateKey:
                return DuplicateMember(input, at);
            default:
                return (byte[])input.Clone();
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Kind}@{Position}(length {Length}, choice {Choice})";

    /// <summary>Replaces the word (letters, digits, '.', '+', '-') around <paramref name="at"/> with <paramref name="token"/>.</summary>
    private static byte[] ReplaceToken(byte[] input, int at, string token)
    {
        int start = at, end = at;
        while (start > 0 && IsWordByte(input[start - 1])) start--;
        while (end < input.Length && IsWordByte(input[end])) end++;
        return [.. input[..start], .. Encoding.UTF8.GetBytes(token), .. input[end..]];
    }

    /// <summary>From the first quote at or after <paramref name="at"/> to the next comma: repeated, so its key appears twice.</summary>
    private static byte[] DuplicateMember(byte[] input, int at)
    {
        int quote = Array.IndexOf(input, (byte)'"', at);
        if (quote < 0) return (byte[])input.Clone();
        int comma = Array.IndexOf(input, (byte)',', quote);
        if (comma < 0) return (byte[])input.Clone();
        return [.. input[..quote], .. input[quote..(comma + 1)], .. input[quote..]];
    }

    private static bool IsWordByte(byte b) => b is (>= (byte)'0' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (byte)'.' or (byte)'+' or (byte)'-';
}
