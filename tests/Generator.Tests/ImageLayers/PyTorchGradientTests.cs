using System.Numerics;
using DslNets.Checkpoints;
using DslNets.Generator.Tests.Infrastructure;
using DslNets.Generator.Tests.Networks;

namespace DslNets.Generator.Tests.ImageLayers;

/// <summary>
/// The snapshot convolution nets against PyTorch: TestData/PyTorch/write_reference_gradients.py (run by hand with torch,
/// not by CI) wrote the outputs, losses, input gradients and parameter gradients of PyTorch modules of the same
/// architectures, for weights both sides compute from one formula and for stored inputs. The generated code's per-sample
/// Forward and Gradient and its batched GradientBatch (a batch of copies, at least 16, so the im2col path runs) must give
/// them to a relative 1e-6 in double (1e-4 for the float net).
/// </summary>
public sealed class PyTorchGradientTests
{
    private const int Stride = 37;
    private const int WholeLimit = 4096;

    [Fact]
    public void LeNet5MatchesPyTorch() => Check<LeNet5, double>(new LeNet5(1), "LeNet5", 1e-6);

    [Fact]
    public void PbbMnistCnnMatchesPyTorch() => Check<PbbMnistCnn, double>(new PbbMnistCnn(1), "PbbMnistCnn", 1e-6);

    [Fact]
    public void SmallResNetMatchesPyTorch() => Check<SmallResNet, double>(new SmallResNet(1), "SmallResNet", 1e-6);

    [Fact]
    public void PiecewiseLinearCnnMatchesPyTorch() => Check<PiecewiseLinearCnn, double>(new PiecewiseLinearCnn(1), "PiecewiseLinearCnn", 1e-6);

    [Fact]
    public void TinyConvSingleMatchesPyTorchInFloat() => Check<TinyConvSingle, float>(new TinyConvSingle(1), "TinyConvSingle", 1e-4);

    /// <summary>The formula of the script's docstring, written separately here: tensor t, element k.</summary>
    private static double FormulaValue(TensorInfo tensor, int t, int k) => tensor.Name.EndsWith(".bias", StringComparison.Ordinal)
        ? 0.1 * Math.Cos(0.513 * k + t)
        : Math.Sin(0.731 * k + 1.37 * t + 0.1) / Math.Sqrt(tensor.Length / tensor.Rows);

    private static void Check<TNet, T>(TNet net, string name, double tolerance)
        where TNet : INetwork<TNet, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        IReadOnlyList<TensorInfo> tensors = TNet.Tensors;
        Assert.Equal(TNet.ParameterCount, tensors.Sum(t => t.Length));
        T[] parameters = net.Parameters;
        for (int t = 0; t < tensors.Count; t++)
        {
            for (int k = 0; k < tensors[t].Length; k++) parameters[tensors[t].Offset + k] = T.CreateChecked(FormulaValue(tensors[t], t, k));
        }

        SafeTensorsFile file = SafeTensorsFile.Read(Path.Combine(Snapshot.ProjectFolder, "TestData", "PyTorch", name + "_gradients.safetensors"));
        T[] Read(string tensor)
        {
            var values = new T[file.Tensors.Single(e => e.Name == tensor).ElementCount];
            file.CopyTo(tensor, values.AsSpan());
            return values;
        }

        T[] inputs = Read("inputs"), targets = Read("targets"), outputs = Read("outputs"), losses = Read("losses"), inputGradients = Read("input_gradients");
        int n = losses.Length, inputSize = TNet.InputSize, outputSize = TNet.OutputSize;
        Assert.Equal(n * inputSize, inputs.Length);
        Assert.Equal(n * outputSize, outputs.Length);

        // Per sample: Forward, and Gradient with the input gradient; the parameter gradients add up over the samples.
        var output = new T[outputSize];
        var ourOutputs = new T[outputs.Length];
        var ourLosses = new T[n];
        var ourInputGradients = new T[inputs.Length];
        var parameterGradient = new T[TNet.ParameterCount];
        for (int s = 0; s < n; s++)
        {
            net.Forward(inputs.AsSpan(s * inputSize, inputSize), output);
            output.CopyTo(ourOutputs, s * outputSize);
            ourLosses[s] = net.Gradient(inputs.AsSpan(s * inputSize, inputSize), targets.AsSpan(s * outputSize, outputSize), parameterGradient,
                ourInputGradients.AsSpan(s * inputSize, inputSize), T.One);
        }

        AssertClose($"{name} outputs", outputs, ourOutputs, tolerance);
        AssertClose($"{name} losses", losses, ourLosses, tolerance);
        AssertClose($"{name} input gradients", inputGradients, ourInputGradients, tolerance);
        AssertParameterGradients(name + " (per sample)", tensors, parameterGradient, Read, file, 1, tolerance);

        // Batched: copies of the samples, at least 16, so the grouped im2col path runs; each copy adds the same gradient.
        int copies = (16 + n - 1) / n;
        T[] batchInputs = Repeat(inputs, copies), batchTargets = Repeat(targets, copies);
        var batchInputGradients = new T[batchInputs.Length];
        Array.Clear(parameterGradient);
        T batchLoss = net.GradientBatch(batchInputs, batchTargets, parameterGradient, batchInputGradients, T.One);
        AssertClose($"{name} GradientBatch loss", [T.CreateChecked(copies) * losses.Aggregate(T.Zero, (a, b) => a + b)], [batchLoss], tolerance);
        AssertClose($"{name} GradientBatch input gradients", Repeat(inputGradients, copies), batchInputGradients, tolerance);
        AssertParameterGradients(name + " (GradientBatch)", tensors, parameterGradient, Read, file, copies, tolerance);
        var batchOutputs = new T[copies * outputs.Length];
        net.ForwardBatch(batchInputs, batchOutputs);
        AssertClose($"{name} ForwardBatch", Repeat(outputs, copies), batchOutputs, tolerance);
    }

    /// <summary>Whole tensors where the file has them whole; else every 37th element and the whole gradient's sum of squares.</summary>
    private static void AssertParameterGradients<T>(string what, IReadOnlyList<TensorInfo> tensors, T[] gradient, Func<string, T[]> read, SafeTensorsFile file, int copies, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T factor = T.CreateChecked(copies);
        foreach (TensorInfo tensor in tensors)
        {
            T[] expected = read("grad." + tensor.Name).Select(v => v * factor).ToArray();
            ReadOnlySpan<T> ours = gradient.AsSpan(tensor.Offset, tensor.Length);
            if (tensor.Length <= WholeLimit)
            {
                AssertClose($"{what} ∂/∂{tensor.Name}", expected, ours.ToArray(), tolerance);
                continue;
            }

            Assert.Equal((tensor.Length + Stride - 1) / Stride, expected.Length);
            var sampled = new T[expected.Length];
            for (int i = 0; i < sampled.Length; i++) sampled[i] = ours[i * Stride];
            AssertClose($"{what} ∂/∂{tensor.Name} (every {Stride}th)", expected, sampled, tolerance);
            double squares = 0;
            foreach (T g in ours) squares += double.CreateChecked(g) * double.CreateChecked(g);
            double expectedSquares = double.CreateChecked(read("gradsq." + tensor.Name)[0]) * copies * copies;
            Assert.True(Math.Abs(squares - expectedSquares) <= tolerance * expectedSquares,
                $"{what} ‖∂/∂{tensor.Name}‖²: PyTorch {expectedSquares:R}, DslNets {squares:R}");
        }

        Assert.Contains(file.Tensors, e => e.Name.StartsWith("grad.", StringComparison.Ordinal));
        Assert.Equal(tensors.Count, file.Tensors.Count(e => e.Name.StartsWith("grad.", StringComparison.Ordinal)));
    }

    /// <summary>Relative to each entry, with a floor of a thousandth of the tensor's largest entry (cancellation leaves tiny entries only absolutely exact).</summary>
    private static void AssertClose<T>(string what, T[] expected, T[] actual, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        double largest = expected.Max(v => Math.Abs(double.CreateChecked(v)));
        for (int i = 0; i < expected.Length; i++)
        {
            double e = double.CreateChecked(expected[i]), a = double.CreateChecked(actual[i]);
            double allowed = tolerance * Math.Max(Math.Abs(e), 1e-3 * largest);
            Assert.True(Math.Abs(a - e) <= allowed, $"{what}[{i}]: PyTorch {e:R}, DslNets {a:R} (allowed difference {allowed:G3})");
        }
    }

    private static T[] Repeat<T>(T[] values, int copies) => Enumerable.Range(0, copies).SelectMany(_ => values).ToArray();
}
