using System.Text;
using DslNets.Onnx;
using DslNets.Runtime.Tests.Checkpoints;
using DslNets.Runtime.Tests.Data;
using DslNets.Runtime.Tests.Geometry;
using DslNets.Runtime.Tests.Gpu;
using DslNets.Runtime.Tests.PacBayes;
using DslNets.Runtime.Tests.Tron;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;

namespace DslNets.Runtime.Tests.Onnx;

public sealed class OnnxExportTests(ITestOutputHelper output) : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    // Every layer kind (dense, tied, shared filter with matrices and with patches, before and after dense layers), every
    // activation (LeakyReLU with slopes below and above 1), both precisions, unrolled and loop paths, with and without bias.
    private static readonly Dictionary<string, Func<string, double>> Networks = new()
    {
        ["FloatEveryActivation"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<FloatEveryActivation, float>(f, 1),
        ["FloatEveryActivation+softmax"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<FloatEveryActivation, float>(f, 2, softmax: true),
        ["DoubleEveryActivation"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<DoubleEveryActivation, double>(f, 3),
        ["DoubleEveryActivation+softmax"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<DoubleEveryActivation, double>(f, 4, softmax: true),
        ["FloatWideActivations"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<FloatWideActivations, float>(f, 5),
        ["DoubleWideActivations"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<DoubleWideActivations, double>(f, 6),
        ["FloatTiedAutoencoder"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<FloatTiedAutoencoder, float>(f, 7),
        ["FloatTiedLeaky"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<FloatTiedLeaky, float>(f, 8),
        ["FloatPatchFilter"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<FloatPatchFilter, float>(f, 9),
        ["FloatMatrixFilter"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<FloatMatrixFilter, float>(f, 10),
        ["DoubleFilterInTheMiddle"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<DoubleFilterInTheMiddle, double>(f, 11),
        ["DoubleIdentityPatches"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<DoubleIdentityPatches, double>(f, 12),
        ["NeuroTron100"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<NeuroTron100, double>(f, 13),
        ["NeuroTron100Single"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<NeuroTron100Single, float>(f, 14),
        ["ConvotronPatches"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<ConvotronPatches, double>(f, 15),
        ["LeakyFilterNet"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<LeakyFilterNet, double>(f, 16),
        ["ReluGate10Single"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<ReluGate10Single, float>(f, 17),
        ["LeakyGate10"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<LeakyGate10, double>(f, 18),
        ["CheckpointNet"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<CheckpointNet, float>(f, 19),
        ["CheckpointTiedNet"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<CheckpointTiedNet, double>(f, 20),
        ["CheckpointFilterNet"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<CheckpointFilterNet, double>(f, 21),
        ["FilterSliceNet"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<FilterSliceNet, double>(f, 22),
        ["TiedSliceNet"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<TiedSliceNet, double>(f, 23),
        ["DeepRegionNet"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<DeepRegionNet, double>(f, 24),
        ["FloatPlaneNet"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<FloatPlaneNet, float>(f, 25),
        ["FilterPl"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<FilterPl, double>(f, 26),
        ["PatchPl"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<PatchPl, double>(f, 27),
        ["SmoothNet"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<SmoothNet, double>(f, 28),
        ["ThreeLayerSoftmaxNet+softmax"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<ThreeLayerSoftmaxNet, double>(f, 29, softmax: true),
        ["TiedSoftmaxNet+softmax"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<TiedSoftmaxNet, double>(f, 30, softmax: true),
        ["LeakyLogisticNet"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<LeakyLogisticNet, double>(f, 31),
        ["WidePacBayesNet+softmax"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<WidePacBayesNet, double>(f, 32, softmax: true),
        // Image layers: strides, padding, rectangular kernels, pooling at strides other than the window, residuals, dropout,
        // explicit and implied flattens, an image as the output, an image input read by a dense or flatten layer.
        ["FloatImageStrides"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<FloatImageStrides, float>(f, 33),
        ["DoubleImageStrides"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<DoubleImageStrides, double>(f, 34),
        ["FloatResidualDropout"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<FloatResidualDropout, float>(f, 35),
        ["DoubleResidualDropout"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<DoubleResidualDropout, double>(f, 36),
        ["FloatImageOutput"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<FloatImageOutput, float>(f, 37),
        ["FloatImageOutput+softmax"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<FloatImageOutput, float>(f, 38, softmax: true),
        ["DoubleImageOutput"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<DoubleImageOutput, double>(f, 39),
        ["DoubleImageOutput+softmax"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<DoubleImageOutput, double>(f, 40, softmax: true),
        ["FloatDenseOnImage"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<FloatDenseOnImage, float>(f, 41),
        ["DoubleFlattenFirst"] = f => OnnxRuntimeCheck.AssertSeededNetworkMatches<DoubleFlattenFirst, double>(f, 42),
    };

    public static TheoryData<string> NetworkNames()
    {
        var data = new TheoryData<string>();
        foreach (string name in Networks.Keys) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(NetworkNames))]
    public void OnnxRuntimeComputesWhatForwardDoes(string name)
    {
        double worst = Networks[name](_folder.Path);
        output.WriteLine($"{name}: largest relative difference {worst:E2}");
    }

    [Fact]
    public void TheBatchDimensionIsFree()
    {
        var net = new DoubleEveryActivation(seed: 40);
        string path = _folder.File("free-batch.onnx");
        net.ExportOnnx(path);
        using var session = new InferenceSession(path);
        foreach (int batch in new[] { 1, 7 })
        {
            var inputs = new double[batch * DoubleEveryActivation.InputSize];
            new SeededRandom(batch).FillGaussian<double>(inputs);
            using var input = OrtValue.CreateTensorValueFromMemory(inputs, [batch, DoubleEveryActivation.InputSize]);
            using var runOptions = new RunOptions();
            using var results = session.Run(runOptions, [OnnxExport.InputName], [input], [OnnxExport.OutputName]);
            double[] actual = results[0].GetTensorDataAsSpan<double>().ToArray();
            var expected = new double[batch * DoubleEveryActivation.OutputSize];
            net.ForwardBatch(inputs, expected);
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-12);
        }
    }

    [Fact]
    public void AnImageModelTakesBatchChannelsHeightWidthWithAFreeBatch()
    {
        var net = new DoubleImageStrides(seed: 44);
        string path = _folder.File("image.onnx");
        net.ExportOnnx(path);
        using var session = new InferenceSession(path);
        Assert.Equal([-1, 2, 9, 8], session.InputMetadata[OnnxExport.InputName].Dimensions);
        Assert.Equal([-1, DoubleImageStrides.OutputSize], session.OutputMetadata[OnnxExport.OutputName].Dimensions);
        foreach (int batch in new[] { 1, 7 })
        {
            var inputs = new double[batch * DoubleImageStrides.InputSize];
            new SeededRandom(batch).FillGaussian<double>(inputs);
            // The flat batch is the images one after another, channel by channel, row by row: the same numbers as batch × 2 × 9 × 8.
            using var input = OrtValue.CreateTensorValueFromMemory(inputs, [batch, 2, 9, 8]);
            using var runOptions = new RunOptions();
            using var results = session.Run(runOptions, [OnnxExport.InputName], [input], [OnnxExport.OutputName]);
            double[] actual = results[0].GetTensorDataAsSpan<double>().ToArray();
            var expected = new double[batch * DoubleImageStrides.OutputSize];
            net.ForwardBatch(inputs, expected);
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-12 * Math.Max(1, Math.Abs(expected[i])));
        }
    }

    [Fact]
    public void FloatImageLayersAreTheirOnnxOperatorsWithCheckpointTensors()
    {
        string path = _folder.File("strides.onnx");
        new FloatImageStrides(seed: 45).ExportOnnx(path);
        OnnxModelReader model = OnnxModelReader.Read(path);
        // Conv then its activation; the pools as such; the implied flatten before the dense readout.
        Assert.Equal(["Conv", "Relu", "Conv", "Tanh", "AveragePool", "MaxPool", "Flatten", "Gemm"], model.Operators);
        // Weights filters × channels × height × width, as checkpoints and PyTorch hold them; no bias where the layer has none.
        Assert.Equal([3, 2, 3, 3], model.Initializers["Wide.weight"]);
        Assert.Equal([3], model.Initializers["Wide.bias"]);
        Assert.Equal([4, 3, 3, 2], model.Initializers["Rect.weight"]);
        Assert.False(model.Initializers.ContainsKey("Rect.bias"));
        Assert.Equal([3, 16], model.Initializers["Out.weight"]);

        path = _folder.File("residual.onnx");
        new FloatResidualDropout(seed: 46).ExportOnnx(path);
        // Dropout is Identity; a residual is Add then its activation; the explicit flatten is Flatten.
        Assert.Equal(
            ["Identity", "Conv", "LeakyRelu", "Conv", "Sigmoid", "Conv", "Add", "Relu", "Identity", "AveragePool", "Flatten",
             "Gemm", "Relu", "Gemm", "Add", "Tanh", "Identity", "Gemm"],
            OnnxModelReader.Read(path).Operators);
    }

    [Fact]
    public void DoubleImageLayersAvoidTheOperatorsOnnxRuntimeLacksInDouble()
    {
        // ONNX Runtime has no double Conv or AveragePool: the double model gathers windows and multiplies, and keeps the
        // checkpoint's weight tensor (reshaped inside the graph).
        string path = _folder.File("strides.onnx");
        new DoubleImageStrides(seed: 47).ExportOnnx(path);
        OnnxModelReader model = OnnxModelReader.Read(path);
        Assert.DoesNotContain("Conv", model.Operators);
        Assert.DoesNotContain("AveragePool", model.Operators);
        Assert.Contains("MaxPool", model.Operators);
        Assert.Equal(2, model.Operators.Count(op => op == "MatMul"));
        Assert.Equal(2, model.Operators.Count(op => op == "Pad"));
        Assert.Equal([3, 2, 3, 3], model.Initializers["Wide.weight"]);
        Assert.Equal([4, 3, 3, 2], model.Initializers["Rect.weight"]);
        Assert.False(model.Initializers.ContainsKey("Rect.bias"));
    }

    [Fact]
    public void TheStaticAndExtensionSpellingsWriteTheSameFile()
    {
        var net = new FloatEveryActivation(seed: 41);
        string a = _folder.File("static.onnx"), b = _folder.File("extension.onnx");
        OnnxExport.Save(net, a, new OnnxExportOptions { Softmax = true });
        net.ExportOnnx(b, new OnnxExportOptions { Softmax = true });
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
    }

    [Fact]
    public void ATiedLayerReusesItsTargetsWeightTensor()
    {
        // The decoder's Gemm takes "Encoder.weight" untransposed: no second copy of the matrix is written.
        string path = _folder.File("tied.onnx");
        new FloatTiedAutoencoder(seed: 42).ExportOnnx(path);
        string text = Encoding.Latin1.GetString(File.ReadAllBytes(path));
        Assert.DoesNotContain("Decoder.weight", text);
        Assert.Contains("Decoder.bias", text);
        Assert.Equal(3, text.Split("Encoder.weight").Length - 1); // the initializer and the two Gemm inputs
        // A second copy of the 40 × 20 matrix would take the file past the parameters plus that many floats.
        Assert.True(new FileInfo(path).Length < (FloatTiedAutoencoder.ParameterCount + 40 * 20) * sizeof(float),
            $"The file has {new FileInfo(path).Length} bytes for {FloatTiedAutoencoder.ParameterCount} float parameters.");
    }

    [Fact]
    public void ASoftmaxOverOneOutputIsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new LeakyGate10(seed: 1).ExportOnnx(_folder.File("gate.onnx"), new OnnxExportOptions { Softmax = true }));
        Assert.Contains("at least 2 outputs for a softmax but LeakyGate10 has 1", error.Message);
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public void ALayerKindTheExportDoesNotKnowIsNamed()
    {
        // Every kind the DSL declares has an ONNX form, so the error is reached with a number that names no kind.
        Assert.False(Enum.IsDefined(UnknownLayerNetwork.Layers[0].Kind));
        var error = Assert.Throws<NotSupportedException>(() => new UnknownLayerNetwork().ExportOnnx(_folder.File("unknown.onnx")));
        Assert.Contains("UnknownLayerNetwork: layer 'Mystery' is of kind 8, which the ONNX export does not know", error.Message);
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    [Theory]
    [InlineData(0)]      // fails on the first write
    [InlineData(20)]     // inside the model's header
    [InlineData(3000)]   // inside the weights
    public void AnExportThatFailsHalfWayLeavesTheOldModelAndNoTemporaryFile(long failAfter)
    {
        string path = _folder.File("model.onnx");
        var old = new FloatWideActivations(seed: 1);
        old.ExportOnnx(path);
        byte[] oldBytes = File.ReadAllBytes(path);

        var error = Assert.Throws<IOException>(() =>
            OnnxExport.SaveThrough(new FloatWideActivations(seed: 2), path, null, file => new ThrowingStream(file, failAfter)));

        Assert.StartsWith("Simulated failure", error.Message);
        Assert.Equal(oldBytes, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_folder.Path));
        OnnxRuntimeCheck.AssertMatchesForward(old, _folder.Path, seed: 3);
    }

    [Fact]
    public void ASuccessfulExportReplacesTheFileAndLeavesNothingElse()
    {
        string path = _folder.File("model.onnx");
        new FloatWideActivations(seed: 1).ExportOnnx(path);
        var newer = new FloatWideActivations(seed: 2);

        // Through the test hook with a stream that never fails: the hook itself changes nothing.
        OnnxExport.SaveThrough(newer, path, null, file => new ThrowingStream(file, long.MaxValue));

        Assert.Equal([path], Directory.GetFiles(_folder.Path));
        string again = _folder.File("again.onnx");
        newer.ExportOnnx(again);
        Assert.Equal(File.ReadAllBytes(again), File.ReadAllBytes(path));
    }
}
