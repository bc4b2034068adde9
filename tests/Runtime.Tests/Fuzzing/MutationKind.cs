namespace DslNets.Runtime.Tests.Fuzzing;

/// <summary>The ways a valid file is damaged: what corrupt downloads, bad disks and careless editors do, and what attackers try.</summary>
public enum MutationKind
{
    /// <summary>One bit flipped.</summary>
    FlipBit,

    /// <summary>A byte replaced by one of a table of troublesome bytes (0x00, 0xFF, quotes, braces, invalid UTF-8 leads).</summary>
    ReplaceByte,

    /// <summary>The file cut short.</summary>
    Truncate,

    /// <summary>A run of bytes removed.</summary>
    DeleteRun,

    /// <summary>A run of bytes repeated in place.</summary>
    DuplicateRun,

    /// <summary>A 32-bit big-endian field (IDX dimensions) overwritten with a huge, negative or boundary value.</summary>
    HeaderInt32BigEndian,

    /// <summary>A 64-bit little-endian field (the safetensors header length) overwritten with a huge or boundary value.</summary>
    HeaderInt64LittleEndian,

    /// <summary>A sequence that is not UTF-8 (lone continuation, overlong form, encoded surrogate, beyond U+10FFFF) inserted.</summary>
    InsertInvalidUtf8,

    /// <summary>A text token (number, word) replaced by NaN, ∞, an overflowing number, an escaped lone surrogate, ...</summary>
    ReplaceToken,

    /// <summary>A JSON member ("key": value,) repeated, so that a key appears twice.</summary>
    DuplicateKey,
}
