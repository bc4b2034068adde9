using DslNets.Generator.Tests.Networks;

namespace DslNets.Generator.Tests.ImageLayers;

/// <summary>
/// One sample's Forward, ComputeLoss and Gradient (with the input gradient, and with a dropout draw) allocate nothing on
/// the convolution nets: LeNet5 and SmallResNet keep their activations on the stack, PbbMnistCnn (too many for the stack)
/// in a buffer each thread allocates on its first call.
/// </summary>
public sealed class SampleAllocationTests
{
    [Fact]
    public void LeNet5AllocatesNothingPerSample() => AssertNoAllocation(new LeNet5(1), calls: 20);

    [Fact]
    public void BatchedTrainingStepsAllocateNothingAfterTheFirst()
    {
        // LeNet5 takes its batches sample by sample on both cores, PbbMnistCnn through the grouped path.
        var lenet = new LeNet5(6);
        var inputs = new double[64 * LeNet5.InputSize];
        var targets = new double[64 * LeNet5.OutputSize];
        new SeededRandom(7).FillGaussian<double>(inputs);
        for (int s = 0; s < 64; s++) targets[s * LeNet5.OutputSize + s % 10] = 1;
        var gradient = new double[LeNet5.ParameterCount];
        AssertNone(() => lenet.GradientBatch(inputs, targets, gradient, 1.0 / 64), 5, "LeNet5.GradientBatch of 64");
        var pbb = new PbbMnistCnn(8);
        var pbbGradient = new double[PbbMnistCnn.ParameterCount];
        AssertNone(() => pbb.GradientBatch(inputs.AsSpan(0, 16 * PbbMnistCnn.InputSize), targets.AsSpan(0, 16 * PbbMnistCnn.OutputSize), pbbGradient, 1.0 / 16), 2,
            "PbbMnistCnn.GradientBatch of 16");
    }

    [Fact]
    public void PbbMnistCnnAllocatesNothingPerSampleAfterItsFirstCall() => AssertNoAllocation(new PbbMnistCnn(2), calls: 2);

    [Fact]
    public void SmallResNetAllocatesNothingPerSampleWithOrWithoutDropout()
    {
        var net = new SmallResNet(3);
        AssertNoAllocation(net, calls: 50);
        var input = new double[SmallResNet.InputSize];
        var target = new double[SmallResNet.OutputSize];
        var gradient = new double[SmallResNet.ParameterCount];
        target[1] = 1;
        long step = 0;
        AssertNone(() => net.Gradient(input, target, gradient, 1.0, new DropoutDraw(1, step++)), 50, "SmallResNet.Gradient with a dropout draw");
    }

    [Fact]
    public void TinyConvSingleAllocatesNothingPerSample()
    {
        var net = new TinyConvSingle(4);
        var input = new float[TinyConvSingle.InputSize];
        var output = new float[TinyConvSingle.OutputSize];
        var gradient = new float[TinyConvSingle.ParameterCount];
        var inputGradient = new float[TinyConvSingle.InputSize];
        AssertNone(() =>
        {
            net.Forward(input, output);
            net.Gradient(input, output, gradient, inputGradient, 1f);
        }, 100, "TinyConvSingle.Forward and Gradient");
    }

    private static void AssertNoAllocation<TNet>(TNet net, int calls) where TNet : INetwork<TNet, double>
    {
        var input = new double[TNet.InputSize];
        new SeededRandom(5).FillGaussian<double>(input);
        var output = new double[TNet.OutputSize];
        var target = new double[TNet.OutputSize];
        target[0] = 1;
        var gradient = new double[TNet.ParameterCount];
        var inputGradient = new double[TNet.InputSize];
        AssertNone(() =>
        {
            net.Forward(input, output);
            net.ComputeLoss(input, target);
            net.Gradient(input, target, gradient, inputGradient, 1.0);
        }, calls, $"{typeof(TNet).Name}.Forward, ComputeLoss and Gradient");
    }

    /// <summary>
    /// Fails unless one of three windows of <paramref name="calls"/> calls allocates nothing: a per-call allocation shows in
    /// every window; the first call's per-thread buffer and the runtime's one-off work (tiered compilation) do not.
    /// </summary>
    private static void AssertNone(Action action, int calls, string what)
    {
        action();
        var windows = new List<long>();
        for (int window = 0; window < 3 && (windows.Count == 0 || windows[^1] != 0); window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < calls; i++) action();
            windows.Add(GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.True(windows[^1] == 0, $"{what}: bytes allocated by {calls} calls, per window: {string.Join(", ", windows)}.");
    }
}
