using DslNets.Data;
using DslNets.Runtime.Tests.Data;

namespace DslNets.Runtime.Tests.Fuzzing;

/// <summary>
/// MNIST image and label files: <see cref="Mnist"/>'s checks on top of <see cref="IdxReader"/> (magic, image size,
/// counts that agree, labels 0–9). Each input is read as images beside valid labels and as labels beside valid images.
/// </summary>
public sealed class MnistTarget : ReaderTarget
{
    private const int Count = 3;
    private static readonly byte[] ValidLabels = [0, 9, 4];
    private static readonly MnistImages<float> ValidImages = Mnist.ToImages<float>(IdxReader.Parse("valid-images", IdxBytes.Ramp(Count, 4, 4)));

    /// <inheritdoc />
    public override string Name => "mnist";

    /// <inheritdoc />
    public override Type DocumentedException => typeof(DataFormatException);

    /// <inheritdoc />
    public override IReadOnlyList<FuzzSeed> Seeds { get; } =
    [
        new("images", IdxBytes.Ramp(Count, 4, 4)),
        new("images, gzip", IdxBytes.Gzip(IdxBytes.Ramp(Count, 4, 4))),
        new("images, damaged then gzipped", IdxBytes.Ramp(Count, 4, 4), GzipAfterMutation: true),
        new("labels", IdxBytes.Build(0x08, [Count], ValidLabels)),
        new("labels, gzip", IdxBytes.Gzip(IdxBytes.Build(0x08, [Count], ValidLabels))),
        new("labels, damaged then gzipped", IdxBytes.Build(0x08, [Count], ValidLabels), GzipAfterMutation: true),
    ];

    /// <inheritdoc />
    public override string Read(byte[] input)
    {
        DataFormatException? asImages = null, asLabels = null;
        try
        {
            MnistImages<float> images = Mnist.ToImages<float>(IdxReader.Parse(InputPath, input, IdxDataType.UnsignedByte, 3, "image data"));
            Dataset<float> data = Mnist.Pair(images, InputPath, ValidLabels, "valid-labels");
            if (data.Features.Any(p => !(p >= 0 && p <= 1))) throw new FuzzFailure("accepted images with a pixel outside [0, 1]");
        }
        catch (DataFormatException error)
        {
            asImages = error;
        }

        try
        {
            byte[] labels = IdxReader.Parse(InputPath, input, IdxDataType.UnsignedByte, 1, "label data").Data;
            Dataset<float> data = Mnist.Pair(ValidImages, "valid-images", labels, InputPath);
            if (data.Labels.Any(l => l is < 0 or > 9)) throw new FuzzFailure("accepted a label outside 0–9");
        }
        catch (DataFormatException error)
        {
            asLabels = error;
        }

        return (asImages, asLabels) switch
        {
            (null, _) => "accepted as images",
            (_, null) => "accepted as labels",
            _ => throw (input.Length > 3 && input[3] == 3 ? asImages : asLabels),
        };
    }
}
