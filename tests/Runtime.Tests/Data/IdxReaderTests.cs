using System.Buffers.Binary;
using DslNets.Data;

namespace DslNets.Runtime.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Write(string name, byte[] bytes)
    {
        string path = _folder.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadsRawAndGzipImagesAlike(bool compressed)
    {
        byte[] raw = IdxBytes.Ramp(3, 2, 4);
        string path = Write(compressed ? "images.gz" : "images", compressed ? IdxBytes.Gzip(raw) : raw);

        IdxFile file = IdxReader.Read(path);

        Assert.Equal(IdxDataType.UnsignedByte, file.DataType);
        Assert.Equal([3, 2, 4], file.Dimensions);
        Assert.Equal(24, file.ElementCount);
        Assert.Equal(IdxBytes.RampPayload(24), file.Data);
    }

    [Fact]
    public void MnistImagesAreScaledToTheUnitInterval()
    {
        byte[] payload = [0, 1, 128, 254, 255, 17];
        string path = Write("img.gz", IdxBytes.Gzip(IdxBytes.Build(0x08, [1, 2, 3], payload)));

        MnistImages<double> asDouble = Mnist.LoadImages<double>(path);
        MnistImages<float> asFloat = Mnist.LoadImages<float>(path);

        Assert.Equal((1, 2, 3), (asDouble.Count, asDouble.Rows, asDouble.Columns));
        for (int i = 0; i < payload.Length; i++)
        {
            Assert.Equal(payload[i] / 255.0, asDouble.Pixels[i]);
            Assert.Equal((float)payload[i] / 255f, asFloat.Pixels[i]);
        }

        Assert.Equal(0.0, asDouble.Pixels.Min());
        Assert.Equal(1.0, asDouble.Pixels.Max());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ATruncatedPayloadNamesTheFileAndBothLengths(bool compressed)
    {
        byte[] raw = IdxBytes.Ramp(3, 2, 2);
        byte[] truncated = raw[..(16 + 7)];
        string path = Write(compressed ? "train-images-idx3-ubyte.gz" : "train-images-idx3-ubyte", compressed ? IdxBytes.Gzip(truncated) : truncated);

        var error = Assert.Throws<DataFormatException>(() => Mnist.LoadImages<float>(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("expected 12 bytes of image data (3×2×2)", error.Message);
        Assert.Contains("ends after 7", error.Message);
    }

    [Fact]
    public void ATruncatedGzipStreamIsReportedAsShort()
    {
        byte[] gzip = IdxBytes.Gzip(IdxBytes.Ramp(50, 20, 20));
        string path = Write("cut.gz", gzip[..(gzip.Length / 2)]);

        var error = Assert.Throws<DataFormatException>(() => IdxReader.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("expected 20000 bytes of data (50×20×20)", error.Message);
    }

    [Fact]
    public void ACorruptDeflateStreamIsADataFormatError()
    {
        byte[] gzip = IdxBytes.Gzip(IdxBytes.Ramp(4, 4));
        // The first deflate byte after the 10-byte gzip header: block type 11 is reserved, so decoding must fail.
        gzip[10] = 0xFF;
        string path = Write("corrupt.gz", gzip);

        var error = Assert.Throws<DataFormatException>(() => IdxReader.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("gzip", error.Message);
        Assert.IsType<InvalidDataException>(error.InnerException);
    }

    [Fact]
    public void ATruncatedHeaderNamesWhatIsMissing()
    {
        string dims = Write("dims", IdxBytes.Ramp(3, 2, 2)[..10]);
        string magic = Write("magic", [0, 0, 8]);

        var dimsError = Assert.Throws<DataFormatException>(() => IdxReader.Read(dims));
        var magicError = Assert.Throws<DataFormatException>(() => IdxReader.Read(magic));

        Assert.Contains("expected 3 big-endian 32-bit dimensions", dimsError.Message);
        Assert.Contains("ends after 6 of them", dimsError.Message);
        Assert.Contains("expected a 4-byte IDX magic number", magicError.Message);
        Assert.Contains("ends after 3 bytes", magicError.Message);
    }

    [Fact]
    public void ALabelFileIsNotAcceptedAsImages()
    {
        string path = Write("labels", IdxBytes.Ramp(5));

        var error = Assert.Throws<DataFormatException>(() => Mnist.LoadImages<float>(path));

        Assert.Contains("expected the IDX magic number 0x00000803 but found 0x00000801", error.Message);
        Assert.Contains("1 dimensions, not 3", error.Message);
    }

    [Fact]
    public void ACorruptMagicNumberIsNamed()
    {
        byte[] bytes = IdxBytes.Ramp(5);
        bytes[0] = 0x12;
        string notIdx = Write("a", bytes);
        bytes = IdxBytes.Ramp(5);
        bytes[2] = 0x07;
        string badType = Write("b", bytes);
        bytes = IdxBytes.Ramp(5);
        bytes[3] = 0;
        string rankZero = Write("c", bytes);

        Assert.Contains("found 0x12000801 (its first two bytes are not zero)", Assert.Throws<DataFormatException>(() => IdxReader.Read(notIdx)).Message);
        Assert.Contains("type byte 0x07 is not an IDX element type", Assert.Throws<DataFormatException>(() => IdxReader.Read(badType)).Message);
        Assert.Contains("its rank is 0", Assert.Throws<DataFormatException>(() => IdxReader.Read(rankZero)).Message);
    }

    [Fact]
    public void APayloadLongerThanTheDimensionsIsRejected()
    {
        // The header says 2×2×2 images (8 bytes) but 12 follow: the dimensions are wrong.
        string path = Write("long.gz", IdxBytes.Gzip(IdxBytes.Build(0x08, [2, 2, 2], IdxBytes.RampPayload(12))));

        var error = Assert.Throws<DataFormatException>(() => Mnist.LoadImages<double>(path));

        Assert.Contains("expected 8 bytes of image data (2×2×2)", error.Message);
        Assert.Contains("found 4 more bytes", error.Message);
    }

    [Fact]
    public void AnImpossiblyLargeHeaderIsRejectedBeforeAllocating()
    {
        string path = Write("huge", IdxBytes.Build(0x08, [int.MaxValue, int.MaxValue, int.MaxValue], []));
        string wide = Write("wide", IdxBytes.Build(0x0E, [1 << 28], []));

        var error = Assert.Throws<DataFormatException>(() => IdxReader.Read(path));
        var wideError = Assert.Throws<DataFormatException>(() => IdxReader.Read(wide));

        Assert.Contains("more than one array can hold", error.Message);
        Assert.Contains("call for 2147483648 bytes of data", wideError.Message);
    }

    [Fact]
    public void AZeroDimensionMeansAnEmptyPayload()
    {
        string path = Write("empty", IdxBytes.Build(0x08, [int.MaxValue, int.MaxValue, 0], []));

        IdxFile file = IdxReader.Read(path);

        Assert.Equal([int.MaxValue, int.MaxValue, 0], file.Dimensions);
        Assert.Empty(file.Data);
    }

    [Fact]
    public void DecodesEveryElementType()
    {
        short[] shorts = [-32768, -1, 0, 1, 32767, 1234];
        int[] ints = [int.MinValue, -5, 0, 7, int.MaxValue, 42];
        float[] singles = [-1.5f, 0.1f, 3.0e38f, -0f, 1e-40f, 2f];
        double[] doubles = [-1.5, 0.1, 1e300, double.Epsilon, -7, 2];
        sbyte[] signed = [-128, -1, 0, 1, 127, 5];

        var shortBytes = new byte[12];
        var intBytes = new byte[24];
        var singleBytes = new byte[24];
        var doubleBytes = new byte[48];
        for (int i = 0; i < 6; i++)
        {
            BinaryPrimitives.WriteInt16BigEndian(shortBytes.AsSpan(2 * i), shorts[i]);
            BinaryPrimitives.WriteInt32BigEndian(intBytes.AsSpan(4 * i), ints[i]);
            BinaryPrimitives.WriteSingleBigEndian(singleBytes.AsSpan(4 * i), singles[i]);
            BinaryPrimitives.WriteDoubleBigEndian(doubleBytes.AsSpan(8 * i), doubles[i]);
        }

        Assert.Equal(shorts.Select(v => (double)v), IdxReader.Read(Write("s", IdxBytes.Build(0x0B, [2, 3], shortBytes))).ToDoubles());
        Assert.Equal(ints.Select(v => (double)v), IdxReader.Read(Write("i", IdxBytes.Build(0x0C, [6], intBytes))).ToDoubles());
        Assert.Equal(singles.Select(v => (double)v), IdxReader.Read(Write("f", IdxBytes.Build(0x0D, [3, 2], singleBytes))).ToDoubles());
        Assert.Equal(doubles, IdxReader.Read(Write("d.gz", IdxBytes.Gzip(IdxBytes.Build(0x0E, [1, 6], doubleBytes)))).ToDoubles());
        Assert.Equal(signed.Select(v => (double)v), IdxReader.Read(Write("b", IdxBytes.Build(0x09, [6], signed.Select(v => (byte)v).ToArray()))).ToDoubles());
        Assert.Equal(IdxDataType.Single, IdxReader.Read(Write("f2", IdxBytes.Build(0x0D, [3, 2], singleBytes))).DataType);
    }

    [Fact]
    public void AMissingFileIsNamed()
    {
        string path = _folder.File("nothing-here");

        var error = Assert.Throws<FileNotFoundException>(() => IdxReader.Read(path));

        Assert.Contains(path, error.Message);
    }
}
