using ILGPU;
using ILGPU.Runtime;

namespace DslNets.Gpu;

/// <summary>The host-span conveniences' device buffers, one per role, grown when a larger batch comes and reused after.</summary>
internal enum StagingSlot
{
    Inputs = 0,
    Targets = 1,
    Outputs = 2,
    InputGradient = 3,
}

/// <summary>Device buffers for copying host batches up and results down; each only grows, so repeated calls allocate nothing.</summary>
internal sealed class StagingBuffers<T> : IDisposable where T : unmanaged
{
    private readonly Accelerator _accelerator;
    private readonly string _owner;
    private readonly MemoryBuffer1D<T, Stride1D.Dense>?[] _buffers = new MemoryBuffer1D<T, Stride1D.Dense>?[4];

    public StagingBuffers(Accelerator accelerator, string owner)
    {
        _accelerator = accelerator;
        _owner = owner;
    }

    public ArrayView<T> Get(StagingSlot slot, long length)
    {
        MemoryBuffer1D<T, Stride1D.Dense>? buffer = _buffers[(int)slot];
        if (buffer is null || buffer.Length < length)
        {
            buffer?.Dispose();
            _buffers[(int)slot] = null;
            buffer = DeviceMemory.Allocate<T>(_accelerator, length, $"{_owner}'s staging buffer for {slot}");
            _buffers[(int)slot] = buffer;
        }

        return buffer.View.SubView(0, length);
    }

    public ArrayView<T> Upload(StagingSlot slot, ReadOnlySpan<T> data)
    {
        ArrayView<T> view = Get(slot, data.Length);
        view.CopyFromCPU(data);
        return view;
    }

    public void Dispose()
    {
        foreach (MemoryBuffer1D<T, Stride1D.Dense>? buffer in _buffers) buffer?.Dispose();
        Array.Clear(_buffers);
    }
}
