using DslNets.Generator.Tests.Networks;
using DslNets.Gpu;
using ILGPU;
using ILGPU.Runtime;

namespace DslNets.Generator.Tests.Device;

/// <summary>Bad input to the device network gives an ArgumentException (or a device exception) naming what was expected and what came.</summary>
[Collection(DeviceCollection.Name)]
public sealed class DeviceNetworkErrorTests(DeviceFixture fixture)
{
    [Fact]
    public void ABatchThatIsNotWholeSamplesNamesBothSizes()
    {
        using var net = new DeviceNetwork<TinyRegressor, double>(fixture.Device, new TinyRegressor(1));
        var error = Assert.Throws<ArgumentException>(() => net.ForwardBatch(new double[7], new double[3]));
        Assert.Contains("length 7", error.Message);
        Assert.Contains("multiple of 2", error.Message);
        error = Assert.Throws<ArgumentException>(() => net.GradientBatch(new double[6], new double[2], new double[TinyRegressor.ParameterCount], 1.0));
        Assert.Contains("3×1 = 3", error.Message);
        Assert.Contains("got length 2", error.Message);
        error = Assert.Throws<ArgumentException>(() => net.GradientBatch(new double[6], new double[3], new double[5], 1.0));
        Assert.Contains($"length {TinyRegressor.ParameterCount}", error.Message);
        Assert.Contains("got length 5", error.Message);
        error = Assert.Throws<ArgumentException>(() => net.GradientBatch(new double[6], new double[3], new double[TinyRegressor.ParameterCount], new double[4], 1.0));
        Assert.Contains("inputGradient", error.Message);
        Assert.Contains("3×2 = 6", error.Message);
    }

    [Fact]
    public void DeviceViewsOfTheWrongLengthAreRejected()
    {
        using var net = new DeviceNetwork<TinyRegressor, double>(fixture.Device, new TinyRegressor(2));
        using MemoryBuffer1D<double, Stride1D.Dense> x = fixture.Device.Accelerator.Allocate1D<double>(9);
        using MemoryBuffer1D<double, Stride1D.Dense> y = fixture.Device.Accelerator.Allocate1D<double>(4);
        var error = Assert.Throws<ArgumentException>(() => net.Forward(x.View, y.View));
        Assert.Contains("length 9", error.Message);
        error = Assert.Throws<ArgumentException>(() => net.Forward(((ArrayView<double>)x.View).SubView(0, 8), ((ArrayView<double>)y.View).SubView(0, 3)));
        Assert.Contains("4×1 = 4", error.Message);
    }

    [Fact]
    public void PatternsOfANetworkThatIsNotPiecewiseLinearAreRefused()
    {
        using var net = new DeviceNetwork<SmoothClassifier, double>(fixture.Device, new SmoothClassifier(3));
        var error = Assert.Throws<InvalidOperationException>(() => net.PatternBatch(new double[5], new ulong[1], Span<ulong>.Empty));
        Assert.Contains("not piecewise linear", error.Message);
    }

    [Fact]
    public void AnAllocationTheDeviceCannotHoldNamesWhatAndHowLarge()
    {
        var error = Assert.Throws<DeviceOutOfMemoryException>(() => DeviceMemory.Allocate<double>(fixture.Device.Accelerator, 1L << 58, "a test buffer"));
        Assert.Contains("a test buffer", error.Message);
        Assert.Contains(fixture.Device.Name, error.Message);
        Assert.Equal((1L << 58) * 8, error.RequestedBytes);
        Assert.Contains(((1L << 58) * 8).ToString("N0", System.Globalization.CultureInfo.InvariantCulture), error.Message);
    }

    [Fact]
    public void AFailedDeviceAllocationIsReportedAsOutOfMemory()
    {
        // Within ILGPU's reported size (the CPU accelerator reports long.MaxValue) but beyond this machine's memory.
        var error = Assert.Throws<DeviceOutOfMemoryException>(() => DeviceMemory.Allocate<double>(fixture.Device.Accelerator, 1L << 50, "the training set"));
        Assert.Contains("the training set", error.Message);
        Assert.NotNull(error.InnerException);
    }
}
