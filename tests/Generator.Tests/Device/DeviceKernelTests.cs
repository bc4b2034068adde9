using System.Numerics;
using System.Reflection;
using System.Runtime.ExceptionServices;
using DslNets.Generator.Tests.Reference;
using DslNets.Generator.Tests.SnapshotTests;
using DslNets.Gpu;

namespace DslNets.Generator.Tests.Device;

/// <summary>
/// Every snapshot network's generated device kernels, run on ILGPU's CPU accelerator, against the same network's host
/// code: forward, per-sample loss, parameter gradient (reduced on the device) and input gradient, on batches of 1, 7,
/// 64 and 1000 samples (not multiples of any group size), to 1e-12 relative in double and 1e-5 in float. A convolution
/// net whose batch would exceed <see cref="WorkBudget"/> multiply-adds skips the larger batches (the CPU accelerator
/// emulates threads slowly); one as heavy as PBB's MNIST CNN runs batches of 1 and 3.
/// </summary>
[Collection(DeviceCollection.Name)]
public sealed class DeviceKernelTests(DeviceFixture fixture)
{
    private static readonly int[] Batches = [1, 7, 64, 1000];

    /// <summary>The most multiply-adds (batch × per-sample forward) a batch larger than 7 may cost here.</summary>
    private const long WorkBudget = 64_000_000;

    public static TheoryData<string> Networks() => SnapshotNetworks.Data();

    [Theory]
    [MemberData(nameof(Networks))]
    public void DeviceKernelsEqualTheHostCode(string name)
    {
        Type network = SnapshotNetworkTypes.Find(name);
        Type element = SnapshotNetworkTypes.ElementType(network);
        MethodInfo check = typeof(DeviceKernelTests).GetMethod(nameof(Check), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(network, element);
        try
        {
            check.Invoke(null, [fixture.Device, fixture.WideGroups, element == typeof(double) ? 1e-12 : 1e-5, name.Length * 101]);
        }
        catch (TargetInvocationException invocation) when (invocation.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(invocation.InnerException).Throw();
        }
    }

    private static void Check<TNet, T>(ComputeDevice device, ComputeDevice wideGroups, double tolerance, int seed)
        where TNet : IDeviceNetwork<TNet, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string name = typeof(TNet).Name;
        var random = new SeededRandom(seed);
        var constants = new T[TNet.ConstantCount];
        random.FillGaussian<T>(constants);
        TNet net = TNet.Create(seed, constants);
        // Non-zero biases, so that a kernel that skipped them would fail.
        for (int k = 0; k < TNet.ParameterCount; k++) net.Parameters[k] += T.CreateChecked(0.05 * random.NextGaussian());
        using var onDevice = new DeviceNetwork<TNet, T>(device, net);
        // The other gradient paths: per sample always, and (where the network is fused) the fused kernel with wider groups.
        using var perSample = new DeviceNetwork<TNet, T>(device, net, new DeviceNetworkOptions { Path = GradientPath.PerSample, MaxGradientRowElements = 50L * TNet.ParameterCount });
        using var wide = new DeviceNetwork<TNet, T>(wideGroups, net);
        bool dense = TNet.Layers.All(l => l.Kind == LayerKind.Dense);
        // The layer-wise (matrix-product) path, with scratch for 50 rows so that a batch of 1000 takes many passes.
        using DeviceNetwork<TNet, T>? layerwise = dense
            ? new DeviceNetwork<TNet, T>(device, net, new DeviceNetworkOptions { Path = GradientPath.Layerwise, MaxActivationElements = 50L * 2 * TNet.Layers.Sum(l => l.Outputs) })
            : null;
        int n = TNet.InputSize, m = TNet.OutputSize;
        long work = TNet.Layers.Sum(l => l.MultiplyAdds);
        // A heavy net (seven samples over the budget) runs 1 and 3 samples: still no multiple of a group size.
        int[] batches = 7 * work > WorkBudget ? [1, 3] : Batches.Where(b => b <= 7 || b * work <= WorkBudget).ToArray();
        foreach (int batch in batches)
        {
            string at = $"{name}, batch {batch}";
            var inputs = new T[batch * n];
            random.FillGaussian<T>(inputs);
            var targets = new T[batch * m];
            for (int s = 0; s < batch; s++)
            {
                double[] target = NetworkChecks.RandomTarget(TNet.LossFunction, m, random);
                for (int k = 0; k < m; k++) targets[s * m + k] = T.CreateChecked(target[k]);
            }

            var expectedOutputs = new T[batch * m];
            net.ForwardBatch(inputs, expectedOutputs);
            var outputs = new T[batch * m];
            onDevice.ForwardBatch(inputs, outputs);
            AssertClose($"{at}: forward", expectedOutputs, outputs, tolerance);

            T expectedLoss = T.Zero;
            for (int s = 0; s < batch; s++) expectedLoss += net.ComputeLoss(inputs.AsSpan(s * n, n), targets.AsSpan(s * m, m));
            AssertClose($"{at}: loss", [expectedLoss], [onDevice.LossBatch(inputs, targets)], tolerance);

            T scale = T.CreateChecked(1.0 / batch);
            var expectedGradient = new T[TNet.ParameterCount];
            T expectedScaledLoss = net.GradientBatch(inputs, targets, expectedGradient, scale);
            var gradient = new T[TNet.ParameterCount];
            T scaledLoss = onDevice.GradientBatch(inputs, targets, gradient, scale);
            AssertClose($"{at}: parameter gradient", expectedGradient, gradient, tolerance);
            AssertClose($"{at}: scaled loss of the gradient pass", [expectedScaledLoss], [scaledLoss], tolerance);
            // The other paths on the smaller batches (the CPU accelerator runs them slowly; the default path took all four).
            var others = new List<(string, DeviceNetwork<TNet, T>)>();
            if (batch <= 64)
            {
                others.Add(("per-sample", perSample));
                others.Add(("64-thread groups", wide));
                if (layerwise is not null) others.Add(("layer-wise", layerwise));
            }

            foreach ((string path, DeviceNetwork<TNet, T> other) in others)
            {
                var otherGradient = new T[TNet.ParameterCount];
                T otherLoss = other.GradientBatch(inputs, targets, otherGradient, scale);
                AssertClose($"{at}: parameter gradient, {path} ({other.PathDescription})", expectedGradient, otherGradient, tolerance);
                AssertClose($"{at}: scaled loss, {path}", [expectedScaledLoss], [otherLoss], tolerance);
            }

            var expectedInputGradient = new T[batch * n];
            var hostGradient = new T[TNet.ParameterCount];
            net.GradientBatch(inputs, targets, hostGradient, expectedInputGradient, scale);
            var inputGradient = new T[batch * n];
            // Accumulates onto what is there, as the host does.
            var deviceGradient = (T[])expectedGradient.Clone();
            onDevice.GradientBatch(inputs, targets, deviceGradient, inputGradient, scale);
            AssertClose($"{at}: input gradient", expectedInputGradient, inputGradient, tolerance);
            if (layerwise is not null && batch <= 64)
            {
                var layerwiseInputGradient = new T[batch * n];
                layerwise.GradientBatch(inputs, targets, new T[TNet.ParameterCount], layerwiseInputGradient, scale);
                AssertClose($"{at}: input gradient, layer-wise", expectedInputGradient, layerwiseInputGradient, tolerance);
                var layerwiseOutputs = new T[batch * m];
                layerwise.ForwardBatch(inputs, layerwiseOutputs);
                AssertClose($"{at}: forward, layer-wise", expectedOutputs, layerwiseOutputs, tolerance);
            }
            for (int k = 0; k < TNet.ParameterCount; k++) expectedGradient[k] += hostGradient[k];
            AssertClose($"{at}: parameter gradient accumulated onto the caller's", expectedGradient, deviceGradient, tolerance);
            if (TNet.IsPiecewiseLinear) AssertPatternsAreTheHosts(net, onDevice, inputs, at);
        }
    }

    [Fact]
    public void SmallNetworksAreFusedAndLargeOnesSayWhyNot()
    {
        using var tiny = new DeviceNetwork<global::DslNets.Generator.Tests.Networks.TinyRegressor, double>(fixture.Device, new global::DslNets.Generator.Tests.Networks.TinyRegressor(1));
        Assert.True(tiny.IsFused, tiny.PathDescription);
        Assert.Contains("fused kernel", tiny.PathDescription);
        Assert.Equal(128, global::DslNets.Generator.Tests.Networks.TinyRegressorSingle.DeviceKernels.FusedGroupSize);
        using var mnist = new DeviceNetwork<global::DslNets.Generator.Tests.Networks.MnistMlp, float>(fixture.Device, new global::DslNets.Generator.Tests.Networks.MnistMlp(2));
        Assert.False(mnist.IsFused);
        Assert.Contains("49,152", mnist.PathDescription);
        var error = Assert.Throws<InvalidOperationException>(() =>
            new DeviceNetwork<global::DslNets.Generator.Tests.Networks.MnistMlp, float>(fixture.Device, new global::DslNets.Generator.Tests.Networks.MnistMlp(2), new DeviceNetworkOptions { Path = GradientPath.Fused }));
        Assert.Contains("bytes of shared memory", error.Message);
        Assert.Contains("49,152", error.Message);
        using var neuroTron = new DeviceNetwork<global::DslNets.Generator.Tests.Networks.NeuroTronNet, double>(fixture.Device, new global::DslNets.Generator.Tests.Networks.NeuroTronNet(3, new double[global::DslNets.Generator.Tests.Networks.NeuroTronNet.ConstantCount]));
        Assert.Contains("shared-filter", neuroTron.PathDescription);
    }

    private static void AssertPatternsAreTheHosts<TNet, T>(TNet net, DeviceNetwork<TNet, T> onDevice, T[] inputs, string at)
        where TNet : IDeviceNetwork<TNet, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = TNet.InputSize, batch = inputs.Length / n, words = onDevice.PatternWords;
        var hashes = new ulong[batch];
        var patterns = new ulong[batch * words];
        onDevice.PatternBatch(inputs, hashes, patterns);
        var hostPatterns = new ulong[batch * words];
        // The host's patterns through the geometry interface (every piecewise-linear network implements it).
        MethodInfo patternOf = typeof(DeviceKernelTests).GetMethod(nameof(HostPattern), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(typeof(TNet));
        int differing = 0;
        for (int s = 0; s < Math.Min(batch, 64); s++)
        {
            double[] input = inputs.AsSpan(s * n, n).ToArray().Select(double.CreateChecked).ToArray();
            var expected = (ulong[])patternOf.Invoke(null, [net, input])!;
            // Float networks: the host pattern is taken in double, so a pre-activation within rounding of 0 may differ.
            if (!expected.AsSpan().SequenceEqual(patterns.AsSpan(s * words, words))) differing++;
            else Assert.Equal(PatternHash.Of(expected), hashes[s]);
        }

        Assert.True(typeof(T) == typeof(double) ? differing == 0 : differing <= 1, $"{at}: {differing} device activation patterns differ from the host's.");
    }

    private static ulong[] HostPattern<TNet>(TNet net, double[] input) where TNet : DslNets.Geometry.IPiecewiseLinearNetwork<TNet> =>
        DslNets.Geometry.PiecewiseLinear.PatternOf(net, input).Words.ToArray();

    private static void AssertClose<T>(string what, T[] expected, T[] actual, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        NetworkChecks.AssertClose(what, expected.Select(double.CreateChecked).ToArray(), actual.Select(double.CreateChecked).ToArray(), tolerance);
    }
}
