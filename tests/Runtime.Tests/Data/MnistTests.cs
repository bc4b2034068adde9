using System.IO.Compression;
using System.Security.Cryptography;
using DslNets.Data;
using Xunit.Abstractions;

namespace DslNets.Runtime.Tests.Data;

public sealed class MnistTests(ITestOutputHelper output) : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>A miniature MNIST folder: 5 training and 3 test images of 2×3 pixels, mixing raw and gzip files.</summary>
    private void WriteMiniature(int testLabels = 3)
    {
        File.WriteAllBytes(_folder.File(Mnist.TrainingImagesFile + ".gz"), IdxBytes.Gzip(IdxBytes.Ramp(5, 2, 3)));
        File.WriteAllBytes(_folder.File(Mnist.TrainingLabelsFile), IdxBytes.Build(0x08, [5], [5, 0, 4, 1, 9]));
        File.WriteAllBytes(_folder.File(Mnist.TestImagesFile), IdxBytes.Ramp(3, 2, 3));
        File.WriteAllBytes(_folder.File(Mnist.TestLabelsFile + ".gz"), IdxBytes.Gzip(IdxBytes.Build(0x08, [testLabels], new byte[] { 7, 2, 1, 0 }[..testLabels])));
    }

    [Fact]
    public void LoadFindsTheFourFilesWithOrWithoutGz()
    {
        WriteMiniature();

        MnistData<float> data = Mnist.Load<float>(_folder.Path);

        Assert.Equal(5, data.Training.Count);
        Assert.Equal(3, data.Test.Count);
        Assert.Equal(6, data.Training.FeatureCount);
        Assert.Equal(10, data.Training.ClassCount);
        Assert.Equal([5, 0, 4, 1, 9], data.Training.Labels);
        Assert.Equal([7, 2, 1], data.Test.Labels);
        byte[] ramp = IdxBytes.RampPayload(30);
        for (int i = 0; i < ramp.Length; i++) Assert.Equal(ramp[i] / 255f, data.Training.Features[i]);
    }

    [Fact]
    public void ImagesAndLabelsMustAgreeInCount()
    {
        WriteMiniature(testLabels: 4);

        var error = Assert.Throws<DataFormatException>(() => Mnist.Load<double>(_folder.Path));

        Assert.Contains(Mnist.TestImagesFile, error.Message);
        Assert.Contains("3 images", error.Message);
        Assert.Contains(Mnist.TestLabelsFile + ".gz holds 4 labels", error.Message);
    }

    [Fact]
    public void AMissingFileIsNamedWithBothSpellings()
    {
        WriteMiniature();
        File.Delete(_folder.File(Mnist.TestImagesFile));

        var error = Assert.Throws<FileNotFoundException>(() => Mnist.Load<float>(_folder.Path));

        Assert.Contains($"'{Mnist.TestImagesFile}' or '{Mnist.TestImagesFile}.gz'", error.Message);
    }

    [Fact]
    public void ALabelAboveNineIsRejected()
    {
        string images = _folder.File("i");
        string labels = _folder.File("l");
        File.WriteAllBytes(images, IdxBytes.Ramp(2, 1, 1));
        File.WriteAllBytes(labels, IdxBytes.Build(0x08, [2], [3, 10]));

        var error = Assert.Throws<DataFormatException>(() => Mnist.LoadPart<float>(images, labels));

        Assert.Contains("expected labels 0 to 9 but label 1 is 10", error.Message);
    }

    /// <summary>The md5 sums of the uncompressed files, as ../shared/data/README.md lists them.</summary>
    public static TheoryData<string, string> Md5Sums => new()
    {
        { "train-images-idx3-ubyte", "6bbc9ace898e44ae57da46a324031adb" },
        { "train-labels-idx1-ubyte", "a25bea736e30d166cdddb491f175f624" },
        { "t10k-images-idx3-ubyte", "2646ac647ad5339dbf082846283269ea" },
        { "t10k-labels-idx1-ubyte", "27ae3e4e09519cfbb04c329615203637" },
    };

    [Theory]
    [MemberData(nameof(Md5Sums))]
    public void SharedMnistFilesHaveTheirPublishedMd5(string name, string md5)
    {
        if (SharedMnist() is not { } folder) return;
        // The shared copy is gzip; scripts/fetch-mnist.sh leaves the files raw.
        string raw = Path.Combine(folder, name);
        using Stream data = File.Exists(raw) ? File.OpenRead(raw) : new GZipStream(File.OpenRead(raw + ".gz"), CompressionMode.Decompress);

        Assert.Equal(md5, Convert.ToHexStringLower(MD5.HashData(data)));
    }

    [Fact]
    public void SharedMnistLoadsWithItsKnownCounts()
    {
        if (SharedMnist() is not { } folder) return;

        MnistData<float> data = Mnist.Load<float>(folder);

        Assert.Equal((60_000, 784, 10), (data.Training.Count, data.Training.FeatureCount, data.Training.ClassCount));
        Assert.Equal((10_000, 784), (data.Test.Count, data.Test.FeatureCount));
        Assert.Equal(0f, data.Training.Features.Min());
        Assert.Equal(1f, data.Training.Features.Max());
        // The first training digits of MNIST are 5, 0, 4, 1, 9; the first test digits 7, 2, 1, 0.
        Assert.Equal([5, 0, 4, 1, 9], data.Training.Labels[..5]);
        Assert.Equal([7, 2, 1, 0], data.Test.Labels[..4]);
        Assert.All(data.Training.ClassCounts(), count => Assert.InRange(count, 5_000, 7_000));
    }

    private string? SharedMnist()
    {
        string? shared = RepositoryPaths.SharedData;
        if (shared is null || !Directory.Exists(Path.Combine(shared, "mnist")))
        {
            output.WriteLine($"NOTE: no shared MNIST beside the repository ({Path.Combine(RepositoryPaths.Root, "..", "shared", "data", "mnist")}) and DSLNETS_SHARED_DATA unset; this check did not run.");
            return null;
        }

        return Path.Combine(shared, "mnist");
    }
}
