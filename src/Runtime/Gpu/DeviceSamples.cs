using ILGPU;
using ILGPU.Runtime;

namespace DslNets.Gpu;

/// <summary>
/// A labelled data set on a device: inputs (count × InputWidth) and targets (count × TargetWidth), uploaded once, so
/// device trainers gather their mini-batches by index on the device instead of uploading each batch.
/// </summary>
public sealed class DeviceSamples : IDisposable
{
    private readonly MemoryBuffer1D<double, Stride1D.Dense> _inputs, _targets;

    private DeviceSamples(ComputeDevice device, MemoryBuffer1D<double, Stride1D.Dense> inputs, MemoryBuffer1D<double, Stride1D.Dense> targets,
        int count, int inputWidth, int targetWidth)
    {
        Device = device;
        _inputs = inputs;
        _targets = targets;
        Count = count;
        InputWidth = inputWidth;
        TargetWidth = targetWidth;
    }

    /// <summary>Uploads <paramref name="inputs"/> and <paramref name="targets"/> (row-major, one row per sample).</summary>
    /// <param name="device">Where the samples go.</param>
    /// <param name="inputs">count × <paramref name="inputWidth"/> numbers.</param>
    /// <param name="inputWidth">Numbers per input row (≥ 1).</param>
    /// <param name="targets">count × <paramref name="targetWidth"/> numbers.</param>
    /// <param name="targetWidth">Numbers per target row (≥ 1).</param>
    /// <exception cref="ArgumentException">The lengths do not make whole rows of one count; the message names both.</exception>
    /// <exception cref="DeviceOutOfMemoryException">The device cannot hold them.</exception>
    public static DeviceSamples Upload(ComputeDevice device, ReadOnlySpan<double> inputs, int inputWidth, ReadOnlySpan<double> targets, int targetWidth)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetWidth, 1);
        int count = inputs.Length / inputWidth;
        if (inputs.Length != (long)count * inputWidth)
            throw new ArgumentException($"Expected inputs of whole rows of {inputWidth} numbers but got {inputs.Length} numbers.", nameof(inputs));
        if (targets.Length != (long)count * targetWidth)
            throw new ArgumentException($"Expected targets of {count}×{targetWidth} = {(long)count * targetWidth} numbers for {count} inputs but got {targets.Length}.", nameof(targets));
        MemoryBuffer1D<double, Stride1D.Dense> x = DeviceMemory.Allocate<double>(device.Accelerator, inputs.Length, $"{count:N0} input rows");
        try
        {
            MemoryBuffer1D<double, Stride1D.Dense> y = DeviceMemory.Allocate<double>(device.Accelerator, targets.Length, $"{count:N0} target rows");
            ((ArrayView<double>)x.View).SubView(0, inputs.Length).CopyFromCPU(inputs);
            ((ArrayView<double>)y.View).SubView(0, targets.Length).CopyFromCPU(targets);
            return new DeviceSamples(device, x, y, count, inputWidth, targetWidth);
        }
        catch
        {
            x.Dispose();
            throw;
        }
    }

    /// <summary>The device that holds them.</summary>
    public ComputeDevice Device { get; }

    /// <summary>The number of samples.</summary>
    public int Count { get; }

    /// <summary>Numbers per input row.</summary>
    public int InputWidth { get; }

    /// <summary>Numbers per target row.</summary>
    public int TargetWidth { get; }

    /// <summary>The inputs, count × <see cref="InputWidth"/>.</summary>
    public ArrayView<double> Inputs => _inputs.View.SubView(0, (long)Count * InputWidth);

    /// <summary>The targets, count × <see cref="TargetWidth"/>.</summary>
    public ArrayView<double> Targets => _targets.View.SubView(0, (long)Count * TargetWidth);

    /// <summary>Frees the device memory.</summary>
    public void Dispose()
    {
        _inputs.Dispose();
        _targets.Dispose();
    }
}
