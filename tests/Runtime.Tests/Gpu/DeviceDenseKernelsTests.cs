using System.Numerics;
using DslNets.Gpu;
using DslNets.Kernels;
using DslNets.Runtime.Tests.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace DslNets.Runtime.Tests.Gpu;

/// <summary>
/// The device dense-layer steps against the CPU batch path on the same inputs: every activation, with and without
/// bias, tied and untied, batches of 1, 7 and 64, float and double, on both CPU accelerators. The products agree to
/// rounding; the activation derivative and the bias gradient use the CPU's formulas and order, so on the CPU
/// accelerators they agree bit for bit.
/// </summary>
[Collection(GemmTestAcceleratorsCollection.Name)]
public class DeviceDenseKernelsTests(GemmTestAccelerators accelerators)
{
    // Neither a multiple of any tile shape.
    private const int Inputs = 19, Outputs = 23;
    private const double LeakySlope = 0.1;
    private static readonly int[] Batches = [1, 7, 64];

    public static TheoryData<string, Activation, bool> Cases()
    {
        var data = new TheoryData<string, Activation, bool>();
        foreach (string accelerator in new[] { "default", "wide" })
        {
            foreach (Activation activation in Enum.GetValues<Activation>())
            {
                data.Add(accelerator, activation, false);
                data.Add(accelerator, activation, true);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForwardAndBackwardMatchTheCpuBatchPath(string accelerator, Activation activation, bool tied)
    {
        DeviceDenseKernels dense = accelerators.Dense(accelerator);
        long seed = 1;
        foreach (int batch in Batches)
        {
            foreach (bool bias in new[] { true, false })
            {
                string label = $"{accelerator} {activation} {(tied ? "tied" : "untied")} batch {batch} {(bias ? "bias" : "no bias")}";
                CheckLayer<double>(dense, batch, bias, tied, activation, 1e-12, seed, label + " double");
                CheckLayer<float>(dense, batch, bias, tied, activation, 1e-5, seed + 50, label + " float");
                seed += 100;
            }
        }
    }

    [Theory]
    [InlineData("default")]
    [InlineData("wide")]
    public void WithoutAccumulateTheGradientsOverwriteNaN(string accelerator)
    {
        DeviceDenseKernels dense = accelerators.Dense(accelerator);
        Accelerator device = dense.Gemm.Accelerator;
        const int Batch = 7;
        double[] delta = GemmReference.Random<double>(Batch * Outputs, 1);
        double[] x = GemmReference.Random<double>(Batch * Inputs, 2);
        var expectedW = new double[Outputs * Inputs];
        var expectedB = new double[Outputs];
        DenseKernels.WeightGradient<double>(delta, x, expectedW, Batch, Inputs, Outputs, accumulate: false);
        DenseKernels.BiasGradient<double>(delta, expectedB, Batch, Outputs, accumulate: false);

        using var dDelta = DeviceBuffers.Upload(device, delta);
        using var dX = DeviceBuffers.Upload(device, x);
        using var dW = DeviceBuffers.Upload(device, DeviceBuffers.Filled(Outputs * Inputs, double.NaN));
        using var dB = DeviceBuffers.Upload(device, DeviceBuffers.Filled(Outputs, double.NaN));
        dense.WeightGradient<double>(dDelta.View, dX.View, dW.View, Batch, Inputs, Outputs, accumulate: false);
        dense.BiasGradient<double>(dDelta.View, dB.View, Batch, Outputs, accumulate: false);
        AssertClose(expectedW, DeviceBuffers.Download(device, dW), 1e-12 * Batch, "dW overwritten");
        Assert.Equal(expectedB, DeviceBuffers.Download(device, dB));
    }

    [Fact]
    public void ReLUKeepsNaNAndClearsNegativeZeroAsTheCpuPathDoes()
    {
        DeviceDenseKernels dense = accelerators.DefaultDense;
        Accelerator device = dense.Gemm.Accelerator;
        // One input, weight 1, no bias: Y = X, so the activation sees exactly these values.
        float[] x = [float.NaN, -0f, -2f, 3f];
        float[] expected = CpuBatchPath<float>.Forward(x, [1f], [], 4, 1, 1, false, Activation.ReLU, 0f);
        using var dX = DeviceBuffers.Upload(device, x);
        using var dW = DeviceBuffers.Upload(device, new[] { 1f });
        using var dY = DeviceBuffers.Upload(device, new float[4]);
        dense.Forward<float>(dX.View, dW.View, ArrayView<float>.Empty, dY.View, 4, 1, 1, Activation.ReLU);
        float[] got = DeviceBuffers.Download(device, dY);
        Assert.True(float.IsNaN(got[0]) && float.IsNaN(expected[0]));
        for (int i = 1; i < 4; i++) Assert.Equal(BitConverter.SingleToInt32Bits(expected[i]), BitConverter.SingleToInt32Bits(got[i]));
    }

    private static void CheckLayer<T>(DeviceDenseKernels dense, int batch, bool withBias, bool tied, Activation activation, double relative, long seed, string label)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Accelerator device = dense.Gemm.Accelerator;
        T slope = T.CreateChecked(LeakySlope);
        T[] x = GemmReference.Random<T>(batch * Inputs, seed);
        T[] weights = GemmReference.Random<T>(Inputs * Outputs, seed + 1); // W (outputs×inputs) or M (inputs×outputs)
        T[] bias = withBias ? GemmReference.Random<T>(Outputs, seed + 2) : [];
        T[] delta0 = GemmReference.Random<T>(batch * Outputs, seed + 3);
        T[] weightGradient0 = GemmReference.Random<T>(Inputs * Outputs, seed + 4);
        T[] biasGradient0 = GemmReference.Random<T>(Outputs, seed + 5);

        // The CPU batch path.
        T[] activations = CpuBatchPath<T>.Forward(x, weights, bias, batch, Inputs, Outputs, tied, activation, slope);
        T[] delta = (T[])delta0.Clone();
        CpuBatchPath<T>.ActivationGradient(delta, activations, activation, slope);
        T[] weightGradient = (T[])weightGradient0.Clone();
        CpuBatchPath<T>.WeightGradient(delta, x, weightGradient, batch, Inputs, Outputs, tied);
        T[] biasGradient = (T[])biasGradient0.Clone();
        DenseKernels.BiasGradient<T>(delta, biasGradient, batch, Outputs);
        T[] inputGradient = CpuBatchPath<T>.InputGradient(delta, weights, batch, Inputs, Outputs, tied);

        // The device, from the same inputs; the backward pass starts from the CPU's activations.
        using var dX = DeviceBuffers.Upload(device, x);
        using var dWeights = DeviceBuffers.Upload(device, weights);
        using var dBias = DeviceBuffers.Upload(device, withBias ? bias : [T.Zero]);
        ArrayView<T> biasView = withBias ? dBias.View : ArrayView<T>.Empty;
        using var dY = DeviceBuffers.Upload(device, DeviceBuffers.Filled(batch * Outputs, T.NaN));
        using var dA = DeviceBuffers.Upload(device, activations);
        using var dDelta = DeviceBuffers.Upload(device, delta0);
        using var dWeightGradient = DeviceBuffers.Upload(device, weightGradient0);
        using var dBiasGradient = DeviceBuffers.Upload(device, biasGradient0);
        using var dInputGradient = DeviceBuffers.Upload(device, DeviceBuffers.Filled(batch * Inputs, T.NaN));
        if (tied)
        {
            dense.ForwardTied<T>(dX.View, dWeights.View, biasView, dY.View, batch, Inputs, Outputs, activation, LeakySlope);
            dense.ActivationGradient<T>(dDelta.View, dA.View, batch, Outputs, activation, LeakySlope);
            dense.WeightGradientTied<T>(dDelta.View, dX.View, dWeightGradient.View, batch, Inputs, Outputs);
            dense.BiasGradient<T>(dDelta.View, dBiasGradient.View, batch, Outputs);
            dense.InputGradientTied<T>(dDelta.View, dWeights.View, dInputGradient.View, batch, Inputs, Outputs);
        }
        else
        {
            dense.Forward<T>(dX.View, dWeights.View, biasView, dY.View, batch, Inputs, Outputs, activation, LeakySlope);
            dense.ActivationGradient<T>(dDelta.View, dA.View, batch, Outputs, activation, LeakySlope);
            dense.WeightGradient<T>(dDelta.View, dX.View, dWeightGradient.View, batch, Inputs, Outputs);
            dense.BiasGradient<T>(dDelta.View, dBiasGradient.View, batch, Outputs);
            dense.InputGradient<T>(dDelta.View, dWeights.View, dInputGradient.View, batch, Inputs, Outputs);
        }

        // Inputs and weights lie in [-1, 1): a product of inner dimension k is bounded by k (plus the bias or the old gradient).
        AssertClose(activations, DeviceBuffers.Download(device, dY), relative * (Inputs + 1), label + " Y");
        Assert.True(delta.SequenceEqual(DeviceBuffers.Download(device, dDelta)), $"{label}: Δ ⊙ act′ differs from the CPU's.");
        AssertClose(weightGradient, DeviceBuffers.Download(device, dWeightGradient), relative * (batch + 1), label + " dW");
        Assert.True(biasGradient.SequenceEqual(DeviceBuffers.Download(device, dBiasGradient)), $"{label}: the bias gradient differs from the CPU's.");
        AssertClose(inputGradient, DeviceBuffers.Download(device, dInputGradient), relative * Outputs, label + " dX");
    }

    private static void AssertClose<T>(T[] expected, T[] actual, double tolerance, string label)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double want = double.CreateChecked(expected[i]), got = double.CreateChecked(actual[i]);
            if (!(Math.Abs(got - want) <= tolerance))
                Assert.Fail($"{label}[{i}] = {got:R}, expected {want:R} (tolerance {tolerance:E2}).");
        }
    }
}
