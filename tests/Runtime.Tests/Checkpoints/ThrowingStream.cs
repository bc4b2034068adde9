namespace DslNets.Runtime.Tests.Checkpoints;

/// <summary>Passes writes through to an inner stream until <c>limit</c> bytes have gone, then fails like a dying disk.</summary>
public sealed class ThrowingStream(Stream inner, long limit) : Stream
{
    private long _written;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _written;
    public override long Position { get => _written; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        int allowed = (int)Math.Min(buffer.Length, limit - _written);
        inner.Write(buffer[..allowed]);
        _written += allowed;
        if (allowed < buffer.Length) throw new IOException($"Simulated failure after {_written} bytes.");
    }

    public override void Flush() => inner.Flush();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
