using System.Text.Json;
using DslNets.Checkpoints;
using DslNets.Generator.Tests.Infrastructure;
using DslNets.Generator.Tests.Networks;
using DslNets.Generator.Tests.Reference;

namespace DslNets.Generator.Tests.ImageLayers;

/// <summary>
/// Checkpoints in PyTorch's names and layouts. TestData/PyTorch holds what write_reference_checkpoints.py wrote with torch:
/// the state_dicts of PyTorch modules of SmallResNet's and TinyConvSingle's architectures (attributes named as the C#
/// layers), inputs with the modules' eval-mode outputs, and the state_dict keys and shapes of the LeNet-5-like net and of
/// Pérez-Ortiz et al.'s CNNet4l. The generated networks load the state_dicts and give PyTorch's outputs; their own
/// checkpoints hold exactly the tensors (names, shapes, dtypes) that load_state_dict(strict=True) wants.
/// </summary>
public sealed class PyTorchCheckpointTests
{
    private static string Data(string file) => Path.Combine(Snapshot.ProjectFolder, "TestData", "PyTorch", file);

    [Fact]
    public void SmallResNetLoadsPyTorchsStateDictAndGivesItsOutputs()
    {
        var net = new SmallResNet(1);
        Checkpoint.LoadTensors(Data("SmallResNet.safetensors"), SmallResNet.Tensors, net.Parameters.AsSpan(), "SmallResNet");
        (double[] inputs, double[] expected) = InputsAndOutputs<double>("SmallResNet_io.safetensors");
        int batch = inputs.Length / SmallResNet.InputSize;
        var output = new double[SmallResNet.OutputSize];
        for (int s = 0; s < batch; s++)
        {
            net.Forward(inputs.AsSpan(s * SmallResNet.InputSize, SmallResNet.InputSize), output);
            NetworkChecks.AssertClose($"SmallResNet.Forward of PyTorch's sample {s}", expected.AsSpan(s * SmallResNet.OutputSize, SmallResNet.OutputSize), output, 1e-12);
        }

        // Four copies of the samples: a batch of 20 takes the grouped im2col path.
        double[] inputs4 = [.. inputs, .. inputs, .. inputs, .. inputs];
        var outputs4 = new double[4 * expected.Length];
        net.ForwardBatch(inputs4, outputs4);
        NetworkChecks.AssertClose("SmallResNet.ForwardBatch of 20 against PyTorch", [.. expected, .. expected, .. expected, .. expected], outputs4, 1e-12);
    }

    [Fact]
    public void TinyConvSingleLoadsPyTorchsFloatStateDictAndGivesItsOutputs()
    {
        var net = new TinyConvSingle(2);
        Checkpoint.LoadTensors(Data("TinyConvSingle.safetensors"), TinyConvSingle.Tensors, net.Parameters.AsSpan(), "TinyConvSingle");
        (float[] inputs, float[] expected) = InputsAndOutputs<float>("TinyConvSingle_io.safetensors");
        var outputs = new float[expected.Length];
        net.ForwardBatch(inputs, outputs);
        NetworkChecks.AssertClose("TinyConvSingle against PyTorch (float)", expected.Select(v => (double)v).ToArray(), outputs.Select(v => (double)v).ToArray(), 1e-5);
    }

    [Theory]
    [InlineData("LeNet5")]
    [InlineData("PbbMnistCnn")]
    public void TheTensorsAreThePyTorchStateDictsKeysAndShapes(string name)
    {
        using JsonDocument shapes = JsonDocument.Parse(File.ReadAllText(Data("state_dict_shapes.json")));
        var expected = shapes.RootElement.GetProperty(name).EnumerateObject()
            .Select(entry => $"{entry.Name} [{string.Join(", ", entry.Value.EnumerateArray().Select(d => d.GetInt32()))}]").ToArray();
        IReadOnlyList<TensorInfo> tensors = name == "LeNet5" ? LeNet5.Tensors : PbbMnistCnn.Tensors;
        string[] actual = tensors.Select(t => $"{t.Name} [{string.Join(", ", t.Shape)}]").ToArray();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void ADslNetsCheckpointHoldsThePyTorchFilesTensorsAndLoadsBack()
    {
        using var folder = new TemporaryFolder();
        var net = new SmallResNet(3);
        string path = folder.File("small-resnet.safetensors");
        Checkpoint.Save<SmallResNet, double>(net, path);
        SafeTensorsFile ours = SafeTensorsFile.Read(path), theirs = SafeTensorsFile.Read(Data("SmallResNet.safetensors"));
        static string[] Entries(SafeTensorsFile file) => file.Tensors.Select(t => $"{t.Name} {t.DType} {t.ShapeText}").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(Entries(theirs), Entries(ours));
        SmallResNet loaded = Checkpoint.Load<SmallResNet, double>(path);
        Assert.Equal(net.Parameters, loaded.Parameters);
    }

    private static (T[] Inputs, T[] Outputs) InputsAndOutputs<T>(string file) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        SafeTensorsFile io = SafeTensorsFile.Read(Data(file));
        SafeTensorEntry inputs = io.Tensors.Single(t => t.Name == "inputs"), outputs = io.Tensors.Single(t => t.Name == "outputs");
        var x = new T[inputs.ElementCount];
        var y = new T[outputs.ElementCount];
        io.CopyTo("inputs", x.AsSpan());
        io.CopyTo("outputs", y.AsSpan());
        return (x, y);
    }
}
