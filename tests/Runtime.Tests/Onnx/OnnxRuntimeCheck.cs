using System.Numerics;
using DslNets.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace DslNets.Runtime.Tests.Onnx;

/// <summary>
/// Exports a network, loads the file in ONNX Runtime (an independent reader and executor of the format) and compares its
/// outputs with the network's own <c>Forward</c> on 100 seeded Gaussian inputs, run as one batch (batch × C × H × W for a
/// network whose first layer reads an image, batch × InputSize otherwise). Shared by the runtime tests
/// and the generator tests (the snapshot networks), which link this file.
/// </summary>
public static class OnnxRuntimeCheck
{
    /// <summary>The number of inputs compared.</summary>
    public const int Samples = 100;

    /// <summary>The relative tolerance: 1e-5 in float, 1e-12 in double.</summary>
    public static double Tolerance<T>() => typeof(T) == typeof(float) ? 1e-5 : 1e-12;

    /// <summary>
    /// Creates <typeparamref name="TNet"/> from <paramref name="seed"/> (Gaussian constants, biases N(0, 0.1²) so that they
    /// matter), then checks it as <see cref="AssertMatchesForward{TNet, T}"/> does; returns the largest relative error.
    /// </summary>
    public static double AssertSeededNetworkMatches<TNet, T>(string folder, int seed, bool softmax = false)
        where TNet : INetwork<TNet, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new SeededRandom(seed);
        var constants = new T[TNet.ConstantCount];
        random.FillGaussian<T>(constants);
        TNet net = TNet.Create(seed, constants);
        foreach (TensorInfo tensor in TNet.Tensors.Where(t => t.Name.EndsWith(".bias", StringComparison.Ordinal)))
            random.FillGaussian<T>(net.Parameters.AsSpan(tensor.Offset, tensor.Length), 0, 0.1);
        return AssertMatchesForward(net, folder, seed, softmax);
    }

    /// <summary>
    /// Exports <paramref name="net"/> to a file in <paramref name="folder"/>, runs it in ONNX Runtime and asserts, for each
    /// of the 100 inputs, max|onnx − forward| ≤ tolerance · scale over the sample's outputs (softmax of <c>Forward</c>,
    /// computed here in double, when <paramref name="softmax"/>), scale = max|forward| of the sample, floored at the RMS of
    /// all 100 samples' outputs. Returns the largest such relative error.
    /// </summary>
    /// <remarks>
    /// The floor: an output near zero by cancellation carries the rounding of the larger terms that cancelled, in any two
    /// summation orders (a float 2-16-16-1 output of 5e-4 differed by 5.6e-9), so its error is measured against the size
    /// of what the network outputs, not against the accident of that one small value.
    /// </remarks>
    public static double AssertMatchesForward<TNet, T>(INetwork<TNet, T> net, string folder, int seed, bool softmax = false)
        where TNet : INetwork<TNet, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = TNet.InputSize, m = TNet.OutputSize;
        string path = Path.Combine(folder, $"{typeof(TNet).Name}{(softmax ? ".softmax" : "")}.onnx");
        net.ExportOnnx(path, new OnnxExportOptions { Softmax = softmax });

        var inputs = new T[Samples * n];
        new SeededRandom(seed + 1).FillGaussian<T>(inputs);
        var expected = new double[Samples * m];
        var output = new T[m];
        for (int s = 0; s < Samples; s++)
        {
            net.Forward(inputs.AsSpan(s * n, n), output);
            for (int o = 0; o < m; o++) expected[s * m + o] = double.CreateChecked(output[o]);
            if (softmax) Softmax(expected.AsSpan(s * m, m));
        }

        using var session = new InferenceSession(path);
        Assert.Equal([OnnxExport.InputName], session.InputNames);
        Assert.Equal([OnnxExport.OutputName], session.OutputNames);
        long[] shape = InputShape<TNet>(Samples);
        Assert.Equal([-1, .. shape[1..].Select(d => (int)d)], session.InputMetadata[OnnxExport.InputName].Dimensions);
        using var input = OrtValue.CreateTensorValueFromMemory(inputs, shape);
        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> results = session.Run(runOptions, [OnnxExport.InputName], [input], [OnnxExport.OutputName]);
        Assert.Equal([Samples, (long)m], results[0].GetTensorTypeAndShape().Shape);
        ReadOnlySpan<T> actual = results[0].GetTensorDataAsSpan<T>();

        double tolerance = Tolerance<T>(), worst = 0, squares = 0;
        foreach (double v in expected) squares += v * v;
        double floor = Math.Sqrt(squares / expected.Length);
        for (int s = 0; s < Samples; s++)
        {
            double scale = floor, error = 0;
            for (int o = 0; o < m; o++)
            {
                scale = Math.Max(scale, Math.Abs(expected[s * m + o]));
                error = Math.Max(error, Math.Abs(double.CreateChecked(actual[s * m + o]) - expected[s * m + o]));
            }

            double relative = error == 0 ? 0 : error / scale;
            Assert.True(relative <= tolerance,
                $"{typeof(TNet).Name}{(softmax ? " with softmax" : "")}, sample {s}: ONNX Runtime differs from Forward by {error:E3} at output scale {scale:E3} (the batch RMS is {floor:E3}; relative {relative:E3} > {tolerance:E0}).");
            worst = Math.Max(worst, relative);
        }

        return worst;
    }

    /// <summary>
    /// The model's input shape for <paramref name="batch"/> samples: batch × C × H × W when the first layer reads an image,
    /// else batch × InputSize (the export's contract).
    /// </summary>
    public static long[] InputShape<TNet>(int batch) where TNet : INetwork<TNet> =>
        TNet.Layers[0].InputShape is ImageShape image ? [batch, image.Channels, image.Height, image.Width] : [batch, TNet.InputSize];

    private static void Softmax(Span<double> z)
    {
        double max = double.NegativeInfinity, sum = 0;
        foreach (double v in z) max = Math.Max(max, v);
        for (int i = 0; i < z.Length; i++) sum += z[i] = Math.Exp(z[i] - max);
        for (int i = 0; i < z.Length; i++) z[i] /= sum;
    }
}
