using ILGPU;
using ILGPU.Runtime;

namespace DslNets.Gpu;

/// <summary>
/// The device buffer that the Tron kernels write ‖w − θ*‖ into, and the host-side rules of a recording: a run of T
/// iterations recorded every K fills ⌊T/K⌋ + 1 numbers (before the first iteration, then after every K-th), read back
/// once when the run ends.
/// </summary>
internal sealed class DistanceRecording : IDisposable
{
    private readonly Accelerator _accelerator;
    private MemoryBuffer1D<double, Stride1D.Dense> _buffer;

    public DistanceRecording(Accelerator accelerator)
    {
        _accelerator = accelerator;
        _buffer = DeviceMemory.Allocate<double>(accelerator, 1, "the recorded distances");
    }

    /// <summary>How many numbers a run of <paramref name="iterations"/> recorded every <paramref name="recordEvery"/> fills.</summary>
    public static int Length(int iterations, int recordEvery) => iterations / recordEvery + 1;

    /// <summary>
    /// Checks a run's arguments and returns K for the kernel (0 when <paramref name="distances"/> is empty: no
    /// recording), with a device buffer large enough.
    /// </summary>
    public int Prepare(string owner, int iterations, Span<double> distances, int recordEvery, bool hasTarget)
    {
        if (iterations < 0) throw new ArgumentOutOfRangeException(nameof(iterations), iterations, $"{owner}: expected a number of iterations ≥ 0.");
        if (recordEvery < 1) throw new ArgumentOutOfRangeException(nameof(recordEvery), recordEvery, $"{owner}: expected recordEvery ≥ 1.");
        if (distances.IsEmpty) return 0;
        int expected = Length(iterations, recordEvery);
        if (distances.Length != expected)
            throw new ArgumentException(
                $"{owner}: expected distances of length ⌊iterations/recordEvery⌋ + 1 = ⌊{iterations}/{recordEvery}⌋ + 1 = {expected} (or empty); got {distances.Length}.",
                nameof(distances));
        if (!hasTarget)
            throw new InvalidOperationException($"{owner}: recording ‖w − θ*‖ needs θ*: call SetTarget (or SetTeacher) first.");
        if (_buffer.Length < expected)
        {
            _buffer.Dispose();
            _buffer = DeviceMemory.Allocate<double>(_accelerator, expected, "the recorded distances");
        }
        return recordEvery;
    }

    /// <summary>The device view the kernel writes.</summary>
    public ArrayView<double> View => _buffer.View;

    /// <summary>Waits for the run and copies its distances back.</summary>
    public void Read(Span<double> distances)
    {
        if (distances.IsEmpty) return;
        _accelerator.Synchronize();
        _buffer.View.BaseView.SubView(0, distances.Length).CopyToCPU(distances);
    }

    public void Dispose() => _buffer.Dispose();
}
